package excel

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
)

// Limits against hostile or absurd files (zip bombs, giant sheets).
const (
	maxFileSize = 512 << 20
	maxColumns  = 512 // columns read per row; a graduates list has about 50
)

// unzipSizeLimit bounds what an .xlsx may expand to: a real list of
// 200,000 graduates is about 150 MB once unzipped.
var unzipSizeLimit int64 = 2 << 30

// sheetReader streams the rows of one sheet.
type sheetReader interface {
	Next() bool
	Cells() ([]string, error)
	Close() error
}

// Workbook is an opened spreadsheet file: an .xlsx/.xlsm workbook or a
// CSV file (one sheet).
type Workbook struct {
	path     string
	sheets   []string
	date1904 bool
	xl       *excelize.File
	csvRows  [][]string // CSV files are small enough to hold: one sheet
}

// OpenOptions tune the opening of a workbook.
type OpenOptions struct {
	// TmpDir is where the spreadsheet library may unpack large sheets:
	// a private folder, since they hold personal data ("" = the system's).
	TmpDir string
}

// Open opens an .xlsx/.xlsm or .csv file, refusing other formats with a
// French explanation.
func Open(path string, opt OpenOptions) (*Workbook, error) {
	if err := core.CheckInputFile(path, maxFileSize, "c'est trop pour une liste de diplômés ; découpez-la en plusieurs fichiers"); err != nil {
		return nil, err
	}
	head := make([]byte, 8)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("impossible de lire %s : %s", path, core.SystemMessage(err))
	}
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(path))
	isZip := bytes.HasPrefix(head, []byte("PK\x03\x04"))
	isOLE := bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0})
	switch {
	case ext == ".csv" || ext == ".txt":
		return openCSV(path)
	case ext == ".xls" || (isOLE && ext != ".xlsx" && ext != ".xlsm"):
		return nil, fmt.Errorf("%s est au format Excel 97-2003 (.xls), que Certidépôt ne lit pas : ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx", filepath.Base(path))
	case isOLE:
		return nil, fmt.Errorf("%s est protégé par un mot de passe : ouvrez-le dans Excel, retirez la protection (Fichier → Informations → Protéger le classeur) et enregistrez-le", filepath.Base(path))
	case ext == ".ods":
		return nil, fmt.Errorf("%s est au format OpenDocument (.ods) : enregistrez-le au format .xlsx ou .csv", filepath.Base(path))
	case !isZip:
		return nil, fmt.Errorf("%s n'est pas un classeur Excel (.xlsx) lisible : vérifiez le fichier, ou enregistrez-le à nouveau depuis Excel", filepath.Base(path))
	}
	xl, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: min(unzipSizeLimit, 64<<20), TmpDir: opt.TmpDir})
	if err != nil {
		msg := err.Error()
		switch {
		case strings.Contains(msg, "unzip size exceeds"):
			return nil, fmt.Errorf("%s se décompresse en un volume démesuré : fichier refusé par sécurité", filepath.Base(path))
		case strings.Contains(msg, "password") || strings.Contains(msg, "encrypt"):
			return nil, fmt.Errorf("%s est protégé par un mot de passe : retirez la protection dans Excel et enregistrez-le", filepath.Base(path))
		}
		return nil, fmt.Errorf("%s est endommagé ou n'est pas un classeur Excel lisible : enregistrez-le à nouveau depuis Excel (Fichier → Enregistrer sous → Classeur Excel .xlsx)", filepath.Base(path))
	}
	wb := &Workbook{path: path, xl: xl, sheets: xl.GetSheetList()}
	if props, err := xl.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.date1904 = *props.Date1904
	}
	return wb, nil
}

// Close releases the workbook and its temporary files.
func (wb *Workbook) Close() error {
	if wb.xl != nil {
		return wb.xl.Close()
	}
	return nil
}

// rows returns a streaming reader of one sheet's raw cell values.
func (wb *Workbook) rows(sheet string) (sheetReader, error) {
	if wb.xl == nil {
		return &sliceRows{rows: wb.csvRows, i: -1}, nil
	}
	r, err := wb.xl.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("feuille « %s » illisible : le classeur est endommagé ; enregistrez-le à nouveau depuis Excel", sheet)
	}
	return &xlRows{r: r}, nil
}

type xlRows struct{ r *excelize.Rows }

func (x *xlRows) Next() bool { return x.r.Next() }
func (x *xlRows) Cells() ([]string, error) {
	cells, err := x.r.Columns(excelize.Options{RawCellValue: true})
	if len(cells) > maxColumns {
		cells = cells[:maxColumns]
	}
	return cells, err
}
func (x *xlRows) Close() error { return x.r.Close() }

type sliceRows struct {
	rows [][]string
	i    int
}

func (s *sliceRows) Next() bool               { s.i++; return s.i < len(s.rows) }
func (s *sliceRows) Cells() ([]string, error) { return s.rows[s.i], nil }
func (s *sliceRows) Close() error             { return nil }

// openCSV reads a CSV file separated by ";" or ",", in UTF-8 or
// Windows-1252 (what Excel writes in France).
func openCSV(path string) (*Workbook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("impossible de lire %s : %s", path, core.SystemMessage(err))
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		b = decodeWindows1252(b)
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, fmt.Errorf("%s n'est pas un fichier texte CSV (caractères binaires) : vérifiez le fichier", filepath.Base(path))
	}
	firstLine, _, _ := bytes.Cut(b, []byte("\n"))
	sep := ';'
	if bytes.Count(firstLine, []byte(",")) > bytes.Count(firstLine, []byte(";")) {
		sep = ','
	}
	r := csv.NewReader(bufio.NewReaderSize(bytes.NewReader(b), 64<<10))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("%s, ligne %d : CSV illisible (guillemets mal fermés ?) : corrigez la ligne, ou enregistrez le fichier à nouveau depuis Excel", filepath.Base(path), line)
		}
		if len(rec) > maxColumns {
			rec = rec[:maxColumns]
		}
		rows = append(rows, rec)
	}
	return &Workbook{path: path, sheets: []string{"CSV"}, csvRows: rows}, nil
}

var cp1252High = [32]rune{'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ'}

func decodeWindows1252(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		r := rune(c)
		if c >= 0x80 && c < 0xA0 {
			r = cp1252High[c-0x80]
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// serialDate converts an Excel serial date ("45418" or "45418.5").
func serialDate(raw string, date1904 bool) (string, bool) {
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || v < 1 || v > 80000 {
		return "", false
	}
	t, err := excelize.ExcelDateToTime(v, date1904)
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// Sheets lists the workbook's sheets ("CSV" for a CSV file).
func (wb *Workbook) Sheets() []string { return wb.sheets }
