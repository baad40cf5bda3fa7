package excel

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
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

// sheetReader streams the rows of one sheet. Cells gives each cell's
// value: text as typed, numbers in full, and the cells Excel shows as
// dates as AAAA-MM-JJ (see dateStyles); Hidden tells whether the current
// row is hidden or filtered out in Excel.
type sheetReader interface {
	Next() bool
	Cells() ([]string, error)
	Hidden() bool
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
	// facts are what the scan at opening found in each sheet (.xlsx).
	facts  map[string]*sheetFacts
	places PlaceCodes
	// encoding is the character set a CSV file was read in ("UTF-8",
	// "UTF-16" or "Windows-1252"); mixedEncoding is set when a
	// Windows-1252 file also holds UTF-8 sequences, whose accented letters
	// then read wrong (« Ã© »): a notice must say so.
	encoding      string
	mixedEncoding bool
}

// sheetFacts are a sheet's layout facts that excelize's row reader does
// not give reliably, found by one pass over its XML at opening.
type sheetFacts struct {
	hidden     bool  // the sheet itself is hidden in Excel
	hiddenCols []int // 0-based indexes of hidden columns
	hiddenRows []int // 1-based rows hidden or filtered out that hold a value, in order
	filtered   bool  // an Excel filter is applied to the sheet
	dataRows   int   // rows holding at least one value
	// dateCells are the numeric cells formatted as dates: 0-based column →
	// bit set of 1-based rows.
	dateCells map[int][]uint64
	merges    []merge // blocks of merged cells over several rows, by top row
}

// isDate reports whether the cell at (0-based col, 1-based row) is a
// number formatted as a date.
func (f *sheetFacts) isDate(col, row int) bool {
	b := f.dateCells[col]
	return row/64 < len(b) && b[row/64]&(1<<(row%64)) != 0
}

// OpenOptions tune the opening of a workbook.
type OpenOptions struct {
	// TmpDir is where the spreadsheet library may unpack large sheets:
	// a private folder, since they hold personal data ("" = the system's).
	TmpDir string
	// Places tells INSEE codes from postal codes, to recognise a column of
	// birthplace codes by its values (nil: such columns are not guessed).
	Places PlaceCodes
}

// PlaceCodes is what the reading needs of the geographic reference
// (core/geo provides it).
type PlaceCodes interface {
	IsCommune(code string) bool    // an INSEE code of a commune, now or before
	IsPostalCode(code string) bool // a postal code
}

// openWorkbook is Open with the default options.
func openWorkbook(path string) (*Workbook, error) { return Open(path, OpenOptions{}) }

// Open opens an .xlsx/.xlsm or .csv file, refusing other formats with a
// French explanation.
func Open(path string, opt OpenOptions) (*Workbook, error) {
	if err := core.CheckInputFile(path, maxFileSize, "c'est trop pour une liste de diplômés ; découpez-la en plusieurs fichiers"); err != nil {
		return nil, err
	}
	head := make([]byte, 8)
	f, err := os.Open(path)
	if err != nil {
		return nil, core.ReadError(path, err)
	}
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(path))
	isZip := bytes.HasPrefix(head, []byte("PK\x03\x04"))
	isOLE := bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0})
	switch {
	case ext == ".csv" || ext == ".txt":
		wb, err := openCSV(path)
		if wb != nil {
			wb.places = opt.Places
		}
		return wb, err
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
		return nil, damaged(path, inFrench(err))
	}
	wb := &Workbook{path: path, xl: xl, sheets: xl.GetSheetList(), places: opt.Places}
	if props, err := xl.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.date1904 = *props.Date1904
	}
	dates, err := dateStyles(xl)
	if err != nil {
		xl.Close()
		return nil, damaged(path, "styles illisibles")
	}
	if wb.facts, err = scanWorkbook(path, dates); err != nil {
		xl.Close()
		return nil, damaged(path, err.Error()) // said in French by the scan
	}
	for _, s := range wb.sheets {
		if wb.facts[s] == nil {
			xl.Close()
			return nil, damaged(path, "feuille « "+s+" » introuvable")
		}
	}
	return wb, nil
}

// damaged is the refusal of a workbook that cannot be read whole: nothing
// of it is imported.
func damaged(path, detail string) error {
	detail = strings.TrimSuffix(detail, ".")
	return fmt.Errorf("%s est endommagé (%s) : rien n'a été importé ; ouvrez-le dans Excel ou LibreOffice, enregistrez-le à nouveau au format .xlsx, puis réimportez-le", filepath.Base(path), detail)
}

func (wb *Workbook) Close() error {
	if wb.xl != nil {
		return wb.xl.Close()
	}
	return nil
}

// rows returns a streaming reader of one sheet's cell values.
func (wb *Workbook) rows(sheet string) (sheetReader, error) {
	if wb.xl == nil {
		return &sliceRows{rows: wb.csvRows, i: -1}, nil
	}
	r, err := wb.xl.Rows(sheet)
	if err != nil {
		return nil, damaged(wb.path, fmt.Sprintf("feuille « %s » illisible", sheet))
	}
	x := &xlRows{r: r, facts: wb.facts[sheet], date1904: wb.date1904}
	if x.facts == nil {
		x.facts = &sheetFacts{}
	}
	x.hidden = x.facts.hiddenRows
	x.merges = x.facts.merges
	return x, nil
}

// sheetFacts returns what the opening scan found in a sheet (nothing for
// a CSV file).
func (wb *Workbook) sheetFacts(sheet string) sheetFacts {
	if f := wb.facts[sheet]; f != nil {
		return *f
	}
	return sheetFacts{}
}

type xlRows struct {
	r        *excelize.Rows
	facts    *sheetFacts
	date1904 bool
	row      int   // 1-based number of the current row
	hidden   []int // hidden rows holding a value, in order; consumed as rows pass
	// merges not reached yet, and those over the current row with the
	// value of their top-left cell.
	merges []merge
	active []activeMerge
}

type activeMerge struct {
	merge
	value string
}

func (x *xlRows) Next() bool { x.row++; return x.r.Next() }

// Cells reads raw values, which excelize gives fast (its own rendering of
// date formats costs some 20 µs a cell), and turns the serial numbers of
// the cells formatted as dates into AAAA-MM-JJ itself.
func (x *xlRows) Cells() ([]string, error) {
	cells, err := x.r.Columns(excelize.Options{RawCellValue: true})
	if len(cells) > maxColumns {
		cells = cells[:maxColumns]
	}
	for c := range x.facts.dateCells {
		if c < len(cells) && cells[c] != "" && x.facts.isDate(c, x.row) {
			if iso, ok := excelDate(cells[c], x.date1904); ok {
				cells[c] = iso
			}
		}
	}
	if len(x.merges) > 0 || len(x.active) > 0 {
		cells = x.fillMerged(cells)
	}
	return cells, err
}

// fillMerged gives the rows under the top of a merged block the value
// Excel shows there.
func (x *xlRows) fillMerged(cells []string) []string {
	kept := x.active[:0]
	for _, m := range x.active {
		if m.bottom >= x.row {
			kept = append(kept, m)
		}
	}
	x.active = kept
	for len(x.merges) > 0 && x.merges[0].top <= x.row {
		m := activeMerge{merge: x.merges[0]}
		x.merges = x.merges[1:]
		if m.top == x.row && m.left < len(cells) {
			m.value = cells[m.left]
		}
		if m.value != "" && m.bottom > x.row {
			x.active = append(x.active, m)
		}
	}
	for _, m := range x.active {
		if m.top == x.row {
			continue
		}
		for len(cells) <= m.right {
			cells = append(cells, "")
		}
		for c := m.left; c <= m.right; c++ {
			if cells[c] == "" {
				cells[c] = m.value
			}
		}
	}
	return cells
}

// Hidden uses the rows found hidden by the opening scan: excelize's
// GetRowOpts loses the flag of a row that follows absent rows.
func (x *xlRows) Hidden() bool {
	for len(x.hidden) > 0 && x.hidden[0] < x.row {
		x.hidden = x.hidden[1:]
	}
	return len(x.hidden) > 0 && x.hidden[0] == x.row
}
func (x *xlRows) Close() error { return x.r.Close() }

type sliceRows struct {
	rows [][]string
	i    int
}

func (s *sliceRows) Next() bool               { s.i++; return s.i < len(s.rows) }
func (s *sliceRows) Cells() ([]string, error) { return s.rows[s.i], nil }
func (s *sliceRows) Hidden() bool             { return false }
func (s *sliceRows) Close() error             { return nil }

// dateStyles tells, for each cell style of the workbook, whether it
// shows a number as a date. So a cell is a date because Excel shows one,
// never because a number could be a serial: 1990 typed in a date column
// stays 1990 (an error to correct), not 12/06/1905.
func dateStyles(xl *excelize.File) ([]bool, error) {
	if _, err := xl.GetStyle(0); err != nil && !strings.Contains(err.Error(), "invalid style ID") {
		return nil, err // GetStyle reads the style table: its error is the table's
	}
	ss := xl.Styles
	if ss == nil || ss.CellXfs == nil {
		return nil, nil
	}
	custom := map[int]string{}
	if ss.NumFmts != nil {
		for _, nf := range ss.NumFmts.NumFmt {
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			custom[nf.NumFmtID] = code
		}
	}
	out := make([]bool, len(ss.CellXfs.Xf))
	for i, xf := range ss.CellXfs.Xf {
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		if code, ok := custom[id]; ok {
			out[i] = isDateFormat(code)
		} else {
			out[i] = isBuiltinDate(id)
		}
	}
	return out, nil
}

// excelDate converts the serial number of a cell formatted as a date
// ("45418", or "45418.5" with a time) into AAAA-MM-JJ.
func excelDate(raw string, date1904 bool) (string, bool) {
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || v < 1 || v > 2958465 { // 9999-12-31
		return "", false
	}
	t, err := excelize.ExcelDateToTime(v, date1904)
	if err != nil {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// isBuiltinDate reports the built-in number formats showing a date (not
// only a time): 14-17, 22, and the East Asian date formats.
func isBuiltinDate(id int) bool {
	return id >= 14 && id <= 17 || id == 22 || id >= 27 && id <= 31 || id == 36 || id >= 50 && id <= 58
}

// isDateFormat reports whether a custom number format shows a date: it
// has a day or a year part outside quoted text, escapes and brackets
// (« jj/mm/aaaa » is saved as dd/mm/yyyy; « [$-40C]d mmmm yyyy »).
func isDateFormat(code string) bool {
	code = strings.ReplaceAll(strings.ToLower(code), "general", "")
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				return false
			}
		case '\\', '_', '*':
			i++
		case '[':
			if j := strings.IndexByte(code[i:], ']'); j >= 0 {
				i += j
			}
		case 'd', 'y', 'e':
			return true
		}
	}
	return false
}

// openCSV reads a CSV file separated by ";", "," or tabulations, in
// UTF-8, UTF-16 (Excel's « texte Unicode ») or Windows-1252 (what Excel
// writes in France); see decodeText.
func openCSV(path string) (*Workbook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, core.ReadError(path, err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%s est vide (%d octet(s)) : ce n'est pas la liste enregistrée ; enregistrez-la à nouveau depuis Excel", filepath.Base(path), len(b))
	}
	b, encoding, mixed := decodeText(b)
	if bytes.IndexByte(b, '\n') < 0 && bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n")) // old Mac line ends
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, fmt.Errorf("%s n'est pas un fichier texte CSV (caractères binaires) : vérifiez le fichier", filepath.Base(path))
	}
	firstLine, _, _ := bytes.Cut(b, []byte("\n"))
	sep := ';'
	if bytes.Count(firstLine, []byte(",")) > bytes.Count(firstLine, []byte(";")) {
		sep = ','
	}
	if n := bytes.Count(firstLine, []byte("\t")); n > bytes.Count(firstLine, []byte(string(sep))) {
		sep = '\t'
	}
	r := csv.NewReader(bufio.NewReaderSize(bytes.NewReader(b), 64<<10))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	extra := 0 // lines taken by cells written on several lines, so far
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("%s, ligne %d : CSV illisible (guillemets mal fermés ?) : corrigez la ligne, ou enregistrez le fichier à nouveau depuis Excel", filepath.Base(path), line)
		}
		// Rows are numbered as Excel shows the file: the blank lines the
		// reader skips count, a cell written on several lines is one row.
		first, _ := r.FieldPos(0)
		for len(rows) < first-1-extra {
			rows = append(rows, nil)
		}
		for i, cell := range rec {
			if !strings.Contains(cell, "\n") {
				continue
			}
			if swallowed(cell, sep) {
				return nil, fmt.Errorf("%s, ligne %d, colonne %s : un guillemet ouvert dans cette cellule n'est jamais refermé, et les lignes suivantes du fichier s'y retrouvent : ajoutez le guillemet fermant (ou enlevez le guillemet ouvrant), puis importez à nouveau", filepath.Base(path), first-extra, columnLetter(i))
			}
			extra += strings.Count(cell, "\n")
		}
		if len(rec) > maxColumns {
			rec = rec[:maxColumns]
		}
		rows = append(rows, rec)
	}
	return &Workbook{path: path, sheets: []string{"CSV"}, csvRows: rows, encoding: encoding, mixedEncoding: mixed}, nil
}

// swallowed reports whether a cell written on several lines holds whole
// rows of the file: a quote opened and never closed takes every line up
// to the next quote, or to the end, into one cell. A real cell on several
// lines (an address) does not hold lines with separators in them.
func swallowed(cell string, sep rune) bool {
	_, rest, _ := strings.Cut(cell, "\n")
	for _, line := range strings.Split(rest, "\n") {
		if strings.Count(line, string(sep)) >= 2 {
			return true
		}
	}
	return false
}

// decodeText decodes a text file as a whole, never line by line: UTF-8
// when it has a UTF-8 byte order mark or is valid UTF-8 from start to end,
// UTF-16 with a UTF-16 byte order mark, Windows-1252 otherwise. mixed
// reports a Windows-1252 file that also holds valid UTF-8 sequences of
// accented letters, as happens when two files were pasted together: those
// letters then read wrong (« Ã© ») and the user must be told.
func decodeText(b []byte) (text []byte, encoding string, mixed bool) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return b[3:], "UTF-8", false
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		return decodeUTF16(b[2:], b[0] == 0xff), "UTF-16", false
	case utf8.Valid(b):
		return b, "UTF-8", false
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if n > 1 && r != utf8.RuneError {
			mixed = true
			break
		}
		i += n
	}
	return decodeWindows1252(b), "Windows-1252", mixed
}

func decodeUTF16(b []byte, littleEndian bool) []byte {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if littleEndian {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		} else {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
	}
	out := make([]byte, 0, len(b))
	for _, r := range utf16.Decode(u) {
		out = utf8.AppendRune(out, r)
	}
	return out
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

// serialDate once read a number in a date column as an Excel serial date.
// The row reader now gives the cells Excel shows as dates as AAAA-MM-JJ
// (see dateStyles), so a number reaching the importer is a number the
// user sees and typed (1990, 45418): never a date. It says so to its
// remaining callers, which can drop it.
func serialDate(raw string, date1904 bool) (string, bool) {
	return "", false
}

// scanWorkbook reads the parts of an .xlsx that the import reads (sheets,
// shared strings, styles) once, before anything is imported: a part that
// is truncated, badly formed or whose compressed data is damaged makes
// the whole workbook refused (excelize's row reader
// would stop silently at the damage, and only half the list would come
// in). On the way it collects each sheet's facts, by sheet name; dates
// tells which cell styles show dates.
func scanWorkbook(file string, dates []bool) (map[string]*sheetFacts, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, errors.New(inFrench(err))
	}
	defer zr.Close()
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	wbPath := "xl/workbook.xml"
	rels, err := readRels(parts, "_rels/.rels", "")
	if err != nil {
		return nil, err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wbPath = r.Target
		}
	}
	sheets, err := readSheetList(parts, wbPath)
	if err != nil {
		return nil, err
	}
	wbRels, err := readRels(parts, path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels"), path.Dir(wbPath))
	if err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range wbRels {
		target[r.ID] = r.Target
	}
	facts := map[string]*sheetFacts{}
	sheetOf := map[string]string{} // part → sheet name
	for _, s := range sheets {
		sheetOf[strings.ToLower(target[s.rid])] = s.name
		facts[s.name] = &sheetFacts{hidden: s.state == "hidden" || s.state == "veryHidden"}
	}
	for name, f := range parts {
		// The parts the row reader uses; the others (drawings, custom XML
		// of a document library, which may be in UTF-16…) are not read.
		_, isSheet := sheetOf[name]
		if !isSheet && !strings.HasSuffix(name, "sharedstrings.xml") && !strings.HasSuffix(name, "styles.xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("partie %s illisible : %s", f.Name, inFrench(err))
		}
		sheet := sheetOf[name]
		var sf *sheetFacts
		if isSheet {
			sf = facts[sheet]
		}
		err = scanXML(rc, sf, dates)
		rc.Close()
		switch {
		case err != nil && isSheet:
			return nil, fmt.Errorf("feuille « %s » illisible : %v", sheet, err)
		case err != nil:
			return nil, fmt.Errorf("partie %s illisible : %v", f.Name, err)
		}
	}
	return facts, nil
}

// inFrench says what archive and compression errors mean.
func inFrench(err error) string {
	switch {
	case errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrFormat), errors.Is(err, io.ErrUnexpectedEOF):
		return "archive incomplète ou abîmée"
	case strings.Contains(err.Error(), "flate"), strings.Contains(err.Error(), "zip"):
		return "données compressées abîmées"
	}
	if t := core.XMLSyntaxText(err); t != "" {
		return "contenu illisible, " + t
	}
	return core.SystemMessage(err)
}

type rel struct{ ID, Type, Target string }

// readRels reads a relationships part; targets are made relative to the
// archive's root (dir is the folder of the part they belong to).
func readRels(parts map[string]*zip.File, name, dir string) ([]rel, error) {
	var doc struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readSmallXML(parts, name, &doc); err != nil {
		return nil, err
	}
	out := make([]rel, 0, len(doc.Rels))
	for _, r := range doc.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		out = append(out, rel{r.ID, r.Type, t})
	}
	return out, nil
}

type sheetEntry struct{ name, rid, state string }

func readSheetList(parts map[string]*zip.File, name string) ([]sheetEntry, error) {
	var doc struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			State string     `xml:"state,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readSmallXML(parts, name, &doc); err != nil {
		return nil, err
	}
	var out []sheetEntry
	for _, s := range doc.Sheets {
		e := sheetEntry{name: s.Name, state: s.State}
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && a.Name.Space != "" {
				e.rid = a.Value
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// readSmallXML decodes a small part (workbook, relationships), bounded
// against hostile files.
func readSmallXML(parts map[string]*zip.File, name string, v any) error {
	f := parts[strings.ToLower(name)]
	if f == nil {
		return fmt.Errorf("partie %s absente", name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("partie %s illisible : %s", name, inFrench(err))
	}
	defer rc.Close()
	if err := xml.NewDecoder(io.LimitReader(rc, 16<<20)).Decode(v); err != nil {
		return fmt.Errorf("partie %s illisible : %s", name, inFrench(err))
	}
	return nil
}

// scanXML checks that a part is well-formed XML to its end (elements
// closed in order, one root, valid characters and entities, compressed
// data intact) and, for a sheet (sf not nil), notes its hidden columns,
// its hidden or filtered-out rows holding a value, its filter, its rows
// holding a value and its numeric cells whose style shows a date. It is a
// small lexer rather than encoding/xml, which allocates for every token:
// a 200,000-row sheet is read at some 100 MB/s.
func scanXML(r io.Reader, sf *sheetFacts, dates []bool) error {
	lx := &xmlLexer{br: bufio.NewReaderSize(r, 64<<10), checkChars: true}
	if bom, _ := lx.br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		lx.br.Discard(3)
	}
	var st nameStack
	roots, row, col := 0, 0, -1
	rowHidden, rowValue := false, false
	fail := func(msg string) error {
		if row > 0 {
			return fmt.Errorf("XML invalide vers la ligne %d du tableur : %s", row, msg)
		}
		return errors.New("XML invalide : " + msg)
	}
	for {
		text, err := lx.readTo('<')
		atEOF := errors.Is(err, io.EOF)
		if err != nil && !atEOF {
			return errors.New(inFrench(err))
		}
		if !atEOF {
			text = text[:len(text)-1]
		}
		if msg := lx.checkText(text); msg != "" {
			return fail(msg)
		}
		if st.depth() == 0 && len(bytes.TrimSpace(text)) > 0 {
			return fail("texte hors de l'élément racine")
		}
		if atEOF {
			break
		}
		kind, tag, err := lx.readMarkup()
		if err != nil {
			var own lexError
			if errors.As(err, &own) {
				return fail(err.Error())
			}
			return fail(inFrench(err)) // the archive's own fault

		}
		switch kind {
		case markupOther:
			continue
		case markupEnd:
			name := trimRightSpace(tag)
			if st.depth() == 0 || !bytes.Equal(st.top(), name) {
				return fail("une balise de fin ne correspond à aucune balise ouverte")
			}
			st.pop()
			if sf != nil && rowValue && bytes.Equal(localName(name), []byte("row")) {
				sf.dataRows++
				if rowHidden {
					sf.hiddenRows = append(sf.hiddenRows, row)
				}
				rowValue = false
			}
			continue
		}
		name, attrs, ok := splitTag(tag)
		if !ok {
			return fail("balise mal formée")
		}
		if st.depth() == 0 {
			roots++
			if roots > 1 {
				return fail("plusieurs éléments racine")
			}
		}
		var a tagAttrs
		for len(attrs) > 0 {
			var key, val []byte
			if key, val, attrs, ok = nextAttr(attrs); !ok || lx.checkText(val) != "" {
				return fail("un attribut de balise est illisible")
			}
			if key != nil && sf != nil {
				a.note(localName(key), val)
			}
		}
		if sf != nil {
			switch string(localName(name)) {
			case "row":
				row++
				if n, ok := atoi(a.r); ok && n > 0 {
					row = n
				}
				rowHidden, rowValue, col = isTrue(a.hidden), false, -1
			case "c":
				col++
				if c, ok := cellColumn(a.r); ok {
					col = c
				}
				style, _ := atoi(a.s)
				if (len(a.t) == 0 || string(a.t) == "n") && style > 0 && style < len(dates) && dates[style] && col < maxColumns && row > 0 {
					sf.markDate(col, row)
				}
			case "v", "is", "f":
				rowValue = rowValue || st.depth() > 0 && bytes.Equal(localName(st.top()), []byte("c"))
			case "col":
				if isTrue(a.hidden) {
					lo, _ := atoi(a.min)
					hi, _ := atoi(a.max)
					for c := max(lo, 1); c <= min(hi, maxColumns); c++ {
						sf.hiddenCols = append(sf.hiddenCols, c-1)
					}
				}
			case "mergeCell":
				if m, ok := parseMerge(a.ref); ok && len(sf.merges) < maxMerges {
					sf.merges = append(sf.merges, m)
				}
			case "filterColumn":
				sf.filtered = sf.filtered || st.depth() > 0 && bytes.Equal(localName(st.top()), []byte("autoFilter"))
			}
		}
		if kind == markupStart {
			st.push(name)
		}
	}
	if st.depth() > 0 || roots != 1 {
		return fail("fichier tronqué")
	}
	if sf != nil {
		slices.Sort(sf.hiddenCols)
		sf.hiddenCols = slices.Compact(sf.hiddenCols)
		slices.SortFunc(sf.merges, func(a, b merge) int { return a.top - b.top })
	}
	return nil
}

// merge is a block of merged cells spanning several rows: Excel shows its
// top-left value over the whole block, so every row of it has that value
// (a certification written once for the rows of its graduates).
type merge struct {
	top, bottom int // 1-based rows
	left, right int // 0-based columns
}

// maxMerges bounds the merged blocks kept for a sheet.
const maxMerges = 100_000

// parseMerge reads a mergeCell reference (« G2:H5 »); only blocks over
// several rows matter.
func parseMerge(ref []byte) (merge, bool) {
	a, b, ok := bytes.Cut(ref, []byte(":"))
	if !ok {
		return merge{}, false
	}
	l, okL := cellColumn(a)
	r, okR := cellColumn(b)
	t, okT := atoi(bytes.TrimLeft(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
	bo, okB := atoi(bytes.TrimLeft(b, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
	if !okL || !okR || !okT || !okB || bo <= t || r < l || t < 1 || l >= maxColumns {
		return merge{}, false
	}
	return merge{top: t, bottom: bo, left: l, right: min(r, maxColumns-1)}, true
}

// nameStack holds the names of the open elements in one buffer.
type nameStack struct {
	buf  []byte
	ends []int
}

func (s *nameStack) depth() int { return len(s.ends) }
func (s *nameStack) push(n []byte) {
	s.buf = append(s.buf, n...)
	s.ends = append(s.ends, len(s.buf))
}
func (s *nameStack) top() []byte {
	start := 0
	if len(s.ends) > 1 {
		start = s.ends[len(s.ends)-2]
	}
	return s.buf[start:s.ends[len(s.ends)-1]]
}
func (s *nameStack) pop() {
	s.ends = s.ends[:len(s.ends)-1]
	if len(s.ends) == 0 {
		s.buf = s.buf[:0]
	} else {
		s.buf = s.buf[:s.ends[len(s.ends)-1]]
	}
}

// tagAttrs are the attributes the sheet facts need.
type tagAttrs struct{ r, s, t, hidden, min, max, ref []byte }

func (a *tagAttrs) note(key, val []byte) {
	switch string(key) {
	case "r":
		a.r = val
	case "s":
		a.s = val
	case "t":
		a.t = val
	case "hidden":
		a.hidden = val
	case "min":
		a.min = val
	case "max":
		a.max = val
	case "ref":
		a.ref = val
	}
}

// nextAttr reads one « name="value" » from a tag's attribute text; key
// is nil when only spaces were left.
func nextAttr(a []byte) (key, val, rest []byte, ok bool) {
	a = trimLeftSpace(a)
	if len(a) == 0 {
		return nil, nil, nil, true
	}
	eq := bytes.IndexByte(a, '=')
	if eq <= 0 {
		return nil, nil, nil, false
	}
	key = trimRightSpace(a[:eq])
	a = trimLeftSpace(a[eq+1:])
	if !validName(key) || len(a) == 0 || a[0] != '"' && a[0] != '\'' {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(a[1:], a[0])
	if end < 0 {
		return nil, nil, nil, false
	}
	val, rest = a[1:end+1], a[end+2:]
	if bytes.IndexByte(val, '<') >= 0 || len(rest) > 0 && !isSpace(rest[0]) {
		return nil, nil, nil, false
	}
	return key, val, rest, true
}

// xmlLexer reads markup from a stream without allocating per token.
type xmlLexer struct {
	br         *bufio.Reader
	scratch    []byte
	tag        []byte
	checkChars bool // the part is UTF-8 (no other encoding declared)
}

const maxMarkup = 8 << 20 // one tag or text: Excel's cells hold 32,767 characters

// readTo returns the bytes up to and including delim (valid until the
// next call), or what is left with io.EOF.
func (lx *xmlLexer) readTo(delim byte) ([]byte, error) {
	b, err := lx.br.ReadSlice(delim)
	if !errors.Is(err, bufio.ErrBufferFull) {
		return b, err
	}
	lx.scratch = append(lx.scratch[:0], b...)
	for {
		b, err = lx.br.ReadSlice(delim)
		lx.scratch = append(lx.scratch, b...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return lx.scratch, err
		}
		if len(lx.scratch) > maxMarkup {
			return nil, lexError("élément démesuré")
		}
	}
}

type markupKind int

const (
	markupStart markupKind = iota // <a …>
	markupEmpty                   // <a …/>
	markupEnd                     // </a>
	markupOther                   // declaration, processing instruction, comment, CDATA
)

var errTruncated error = lexError("fichier tronqué")

// lexError is a fault the lexer found in the XML, said in French.
type lexError string

func (e lexError) Error() string { return string(e) }

// readMarkup reads what follows a « < »: the tag's text without its
// brackets (and without « / » for end and empty tags).
func (lx *xmlLexer) readMarkup() (markupKind, []byte, error) {
	if c, err := lx.br.Peek(1); err == nil && c[0] != '!' && c[0] != '?' && c[0] != '/' {
		return lx.readTag()
	}
	head, _ := lx.br.Peek(9)
	switch {
	case bytes.HasPrefix(head, []byte("!--")):
		return markupOther, nil, lx.skipUntil("--")
	case bytes.HasPrefix(head, []byte("![CDATA[")):
		return markupOther, nil, lx.skipUntil("]]")
	case bytes.HasPrefix(head, []byte("?")):
		lx.br.Discard(1)
		b, err := lx.readTo('>')
		if err != nil {
			return 0, nil, errTruncated
		}
		if bytes.HasPrefix(b, []byte("xml ")) {
			if enc := attrValue(b[4:len(b)-1], "encoding"); len(enc) > 0 && !strings.EqualFold(string(enc), "utf-8") {
				lx.checkChars = false // excelize decodes other charsets itself
			}
		}
		if !bytes.HasSuffix(b, []byte("?>")) {
			return 0, nil, lx.skipUntil("?")
		}
		return markupOther, nil, nil
	case bytes.HasPrefix(head, []byte("!")):
		return 0, nil, lexError("déclaration de document non admise")
	case bytes.HasPrefix(head, []byte("/")):
		lx.br.Discard(1)
		b, err := lx.readTo('>')
		if err != nil {
			return 0, nil, errTruncated
		}
		return markupEnd, b[:len(b)-1], nil
	}
	return lx.readTag()
}

// readTag reads a start or empty-element tag.
func (lx *xmlLexer) readTag() (markupKind, []byte, error) {
	b, err := lx.readTo('>')
	if err != nil {
		return 0, nil, errTruncated
	}
	// A « > » inside a quoted attribute value does not end the tag.
	if quotesOpen(b) {
		acc := append(lx.tag[:0], b...)
		for quotesOpen(acc) {
			more, err := lx.readTo('>')
			if err != nil || len(acc) > maxMarkup {
				return 0, nil, errTruncated
			}
			acc = append(acc, more...)
		}
		lx.tag, b = acc, acc
	}
	b = b[:len(b)-1]
	if len(b) > 0 && b[len(b)-1] == '/' {
		return markupEmpty, b[:len(b)-1], nil
	}
	return markupStart, b, nil
}

// skipUntil skips a comment, CDATA section or processing instruction up
// to its end « end> ».
func (lx *xmlLexer) skipUntil(end string) error {
	for {
		b, err := lx.readTo('>')
		if err != nil {
			return errTruncated
		}
		if bytes.HasSuffix(b, []byte(end+">")) {
			return nil
		}
	}
}

func quotesOpen(b []byte) bool {
	var q byte
	for _, c := range b {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q != 0
}

// checkText finds what makes character data invalid: a character XML
// forbids, invalid UTF-8, or a malformed entity reference.
func (lx *xmlLexer) checkText(b []byte) string {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '&':
			j := bytes.IndexByte(b[i:], ';')
			if j < 0 || !validEntity(b[i+1:i+j]) {
				return "référence d'entité mal formée"
			}
			i += j
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return fmt.Sprintf("caractère interdit (code %#02x)", c)
		case c >= 0x80 && lx.checkChars:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				return "caractère mal encodé (UTF-8 invalide)"
			}
			if r == 0xFFFE || r == 0xFFFF {
				return fmt.Sprintf("caractère interdit (%U)", r)
			}
			i += n - 1
		}
	}
	return ""
}

func validEntity(name []byte) bool {
	switch string(name) {
	case "lt", "gt", "amp", "apos", "quot":
		return true
	}
	if len(name) < 2 || name[0] != '#' {
		return false
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	return err == nil && (n == 0x9 || n == 0xA || n == 0xD || n >= 0x20 && n <= 0xD7FF || n >= 0xE000 && n <= 0xFFFD || n >= 0x10000 && n <= 0x10FFFF)
}

// splitTag splits « name attr="v" … » into the name and the attributes.
func splitTag(tag []byte) (name, attrs []byte, ok bool) {
	i := 0
	for i < len(tag) && !isSpace(tag[i]) {
		i++
	}
	name = tag[:i]
	return name, tag[i:], len(name) > 0 && validName(name)
}

func validName(n []byte) bool {
	for i, c := range n {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80 ||
			i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.')
		if !ok {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func trimRightSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func trimLeftSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// attrValue returns the raw value of an attribute (by local name) in a
// tag's attribute text, nil when absent.
func attrValue(a []byte, name string) []byte {
	for len(a) > 0 {
		for len(a) > 0 && isSpace(a[0]) {
			a = a[1:]
		}
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return nil
		}
		key := trimRightSpace(a[:eq])
		if i := bytes.IndexByte(key, ':'); i >= 0 {
			key = key[i+1:]
		}
		a = trimLeftSpace(a[eq+1:])
		if len(a) == 0 {
			return nil
		}
		end := bytes.IndexByte(a[1:], a[0])
		if end < 0 {
			return nil
		}
		if string(key) == name {
			return a[1 : end+1]
		}
		a = a[end+2:]
	}
	return nil
}

// atoi reads a small non-negative decimal number.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func localName(n []byte) []byte {
	if i := bytes.IndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

func (f *sheetFacts) markDate(col, row int) {
	if f.dateCells == nil {
		f.dateCells = map[int][]uint64{}
	}
	b := f.dateCells[col]
	for len(b) <= row/64 {
		b = append(b, 0)
	}
	b[row/64] |= 1 << (row % 64)
	f.dateCells[col] = b
}

// cellColumn reads the 0-based column of a cell reference (« AB12 »).
func cellColumn(ref []byte) (int, bool) {
	c, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		c = c*26 + int(ref[i]-'A') + 1
		if c > 16384 {
			return 0, false
		}
	}
	return c - 1, i > 0
}

func isTrue(v []byte) bool { return string(v) == "1" || string(v) == "true" }

// SheetInfo describes a sheet of a workbook, for choosing what to import.
type SheetInfo struct {
	Name   string `json:"name"`
	Hidden bool   `json:"hidden,omitempty"` // the sheet is hidden in Excel
	// Headers: a row of column titles is recognised; Rows counts the rows
	// holding a value under it (every row holding a value without one).
	Headers bool `json:"headers"`
	Rows    int  `json:"rows"`
	// HiddenColumns are the letters of columns hidden in Excel.
	HiddenColumns []string `json:"hiddenColumns,omitempty"`
	// HiddenRows are the 1-based rows holding a value that are hidden or
	// filtered out; Filtered says an Excel filter is applied.
	HiddenRows []int `json:"hiddenRows,omitempty"`
	Filtered   bool  `json:"filtered,omitempty"`
}

// Sheets lists a workbook's sheets in order, with what each holds, so
// that the user chooses when several hold data (a CSV file has one,
// named "CSV"). A damaged workbook is refused as a whole, with the French
// message of the import.
func Sheets(file string) ([]SheetInfo, error) {
	wb, err := openWorkbook(file)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	return wb.SheetInfos()
}

// SheetInfos describes the workbook's sheets (see Sheets).
func (wb *Workbook) SheetInfos() ([]SheetInfo, error) {
	file := wb.path
	out := make([]SheetInfo, 0, len(wb.sheets))
	for _, s := range wb.sheets {
		f := wb.sheetFacts(s)
		info := SheetInfo{Name: s, Hidden: f.hidden, Rows: f.dataRows, HiddenRows: f.hiddenRows, Filtered: f.filtered}
		for _, c := range f.hiddenCols {
			info.HiddenColumns = append(info.HiddenColumns, columnLetter(c))
		}
		rr, err := wb.rows(s)
		if err != nil {
			return nil, err
		}
		var head [][]string
		for len(head) < maxHeaderRows && rr.Next() {
			cells, err := rr.Cells()
			if err != nil {
				rr.Close()
				return nil, damaged(file, fmt.Sprintf("feuille « %s », ligne %d illisible", s, len(head)+1))
			}
			head = append(head, cells)
		}
		rr.Close()
		if wb.xl == nil {
			info.Rows = 0
			for _, cells := range wb.csvRows {
				if !blank(cells) {
					info.Rows++
				}
			}
		}
		if l, ok := detectLayout(head); ok {
			info.Headers = true
			for _, r := range l.headerRows {
				if r-1 < len(head) && !blank(head[r-1]) {
					info.Rows--
				}
			}
		}
		out = append(out, info)
	}
	return out, nil
}

// Sheets lists the workbook's sheets ("CSV" for a CSV file).
func (wb *Workbook) Sheets() []string { return wb.sheets }
