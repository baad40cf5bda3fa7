package excel

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// ErrNoHeader is returned when no sheet has recognisable column headers.
var ErrNoHeader = errors.New("aucune ligne d'en-têtes reconnue")

// ColumnInfo describes a column of the sheet.
type ColumnInfo struct {
	Letter string `json:"letter"`
	Header string `json:"header"`
	Field  string `json:"field,omitempty"` // dictionary key (a deposit field or a sheet column)
	Label  string `json:"label,omitempty"`
	Reason string `json:"reason,omitempty"` // why it is ignored
}

// Layout says what a sheet holds: the columns recognised and those left
// out, with the reason.
type Layout struct {
	File    string       `json:"file"`
	Sheet   string       `json:"sheet"`
	Columns []ColumnInfo `json:"columns"`
	Unknown []ColumnInfo `json:"unknownColumns"`
	Ignored []ColumnInfo `json:"ignoredColumns"`
}

// Row is one non-blank data row, converted into dictionary values.
type Row struct {
	Number int         // 1-based spreadsheet row
	Values core.Values // deposit fields (certification, passage, holder)
	Title  string      // the certification's title, when the sheet has one
}

// Reading is one sheet being read: its layout, then its rows, converted
// into dictionary values one at a time so that 200,000 rows need little
// memory.
type Reading struct {
	wb       *Workbook
	layout   layout
	info     Layout
	head     [][]string // first rows, read to find the headers
	rr       sheetReader
	rowNum   int
	row      Row
	err      error
	letterOf map[string]string // field key → column letter
	total    int
	// Padded counts the codes whose leading zero the spreadsheet had
	// dropped and that got it back (6088 → 06088).
	Padded int
}

// Read starts reading a sheet ("" = the first sheet with recognisable
// headers). mapping corrects the automatic column mapping: column header
// (as written in the sheet) → field key, or "" to ignore the column.
func (wb *Workbook) Read(sheet string, mapping map[string]string) (*Reading, error) {
	name, head, rr, l, err := wb.findSheet(sheet)
	if err != nil {
		return nil, err
	}
	if l, err = applyMapping(l, head, mapping); err != nil {
		rr.Close()
		return nil, err
	}
	r := &Reading{wb: wb, layout: l, head: head, rr: rr, rowNum: 0, letterOf: map[string]string{}}
	r.info = describeLayout(l)
	r.info.File, r.info.Sheet = wb.path, name
	for _, c := range l.columns {
		if c.field == nil {
			continue
		}
		r.letterOf[c.field.Key] = c.letter
		if c.field.Key == core.KeyBirthDate {
			for _, k := range []string{core.KeyAnnee, core.KeyMois, core.KeyJour} {
				r.letterOf[k] = c.letter
			}
		}
	}
	if wb.xl != nil {
		if dim, err := wb.xl.GetSheetDimension(name); err == nil {
			r.total = dimensionRows(dim) - l.dataStart + 1
		}
	} else {
		r.total = len(wb.csvRows) - l.dataStart + 1
	}
	return r, nil
}

// Layout returns what the sheet holds.
func (r *Reading) Layout() Layout { return r.info }

// TotalRows estimates the number of data rows (0 when unknown), for
// progress bars.
func (r *Reading) TotalRows() int { return max(r.total, 0) }

// Column returns the letter of the column holding a field ("" when the
// sheet has none): errors are placed on their cell.
func (r *Reading) Column(key string) string { return r.letterOf[key] }

// CSV reports whether the file is a CSV (no sheets: rows have no sheet name).
func (r *Reading) CSV() bool { return r.wb.xl == nil }

// Next reads the next non-blank data row; it returns false at the end or
// on an error (see Err).
func (r *Reading) Next() bool {
	for r.err == nil {
		cells, ok := r.nextCells()
		if !ok {
			return false
		}
		if blank(cells) {
			continue
		}
		r.row = Row{Number: r.rowNum}
		r.row.Values, r.row.Title = r.values(cells)
		return true
	}
	return false
}

// Row returns the row Next read.
func (r *Reading) Row() Row { return r.row }

// Err returns the error that stopped the reading, if any.
func (r *Reading) Err() error { return r.err }

// Close releases the sheet.
func (r *Reading) Close() error { return r.rr.Close() }

func (r *Reading) nextCells() ([]string, bool) {
	r.rowNum++
	if r.rowNum < r.layout.dataStart {
		r.rowNum = r.layout.dataStart
	}
	if r.rowNum <= len(r.head) {
		return r.head[r.rowNum-1], true
	}
	if !r.rr.Next() {
		return nil, false
	}
	cells, err := r.rr.Cells()
	if err != nil {
		r.err = fmt.Errorf("ligne %d illisible : le classeur est endommagé à cet endroit ; enregistrez-le à nouveau depuis Excel", r.rowNum)
		return nil, false
	}
	return cells, true
}

// values converts a row's cells into dictionary values.
func (r *Reading) values(cells []string) (core.Values, string) {
	rec := core.Values{}
	titre := ""
	for _, c := range r.layout.columns {
		raw := ""
		if c.index < len(cells) {
			raw = cells[c.index]
		}
		switch {
		case c.field == nil:
		case c.field.Key == core.KeyCertTitle:
			titre = strings.TrimSpace(raw)
		case c.field.Key == core.KeyBirthDate:
			r.birthDate(rec, raw)
		default:
			if v := r.convert(c.field, raw); !v.Empty() {
				rec[c.field.Key] = v
			}
		}
	}
	// Identification branch: the NIR or CPF dossier when only they are given.
	if rec.Text(core.KeyIdentification) == "" {
		switch {
		case rec.Text(core.KeyNomNaissance) == "" && rec.Text(core.KeyNIR) != "":
			rec.Set(core.KeyIdentification, core.BranchNIR)
		case rec.Text(core.KeyNomNaissance) == "" && rec.Text(core.KeyIDDossier) != "":
			rec.Set(core.KeyIdentification, core.BranchDossier)
		}
	}
	// Type announced by the code when the sheet has no type column.
	if rec.Text(core.KeyCertType) == "" {
		rec.Set(core.KeyCertType, core.CertTypeOfCode(rec.Text(core.KeyCertCode)))
	}
	return rec, titre
}

// convert reads one cell: Excel serial dates, codes whose leading zero
// the spreadsheet dropped, then the dictionary's conversions.
func (r *Reading) convert(f *core.Field, raw string) core.Value {
	t := strings.TrimSpace(strings.ReplaceAll(raw, "\u00a0", " "))
	switch {
	case f.Kind == core.KindDate:
		if iso, ok := serialDate(t, r.wb.date1904); ok && r.wb.xl != nil {
			return core.Value{Text: iso}
		}
	case f.ZeroPad > 0:
		if len(t) == f.ZeroPad-1 && strings.Trim(t, "0123456789") == "" {
			r.Padded++
			t = "0" + t
		}
	}
	return core.Convert(f, t)
}

// birthDate splits a single "Date de naissance" cell into the year, month
// and day fields. A value that is not a date is kept in the year field,
// where validation reports it.
func (r *Reading) birthDate(rec core.Values, raw string) {
	t := strings.TrimSpace(raw)
	if t == "" {
		return
	}
	iso, ok := serialDate(t, r.wb.date1904)
	if !ok || r.wb.xl == nil {
		iso, ok = core.ParseFrenchDate(t)
	}
	if !ok {
		rec.Set(core.KeyAnnee, t)
		return
	}
	rec.Set(core.KeyAnnee, strings.TrimLeft(iso[:4], "0"))
	rec.Set(core.KeyMois, strings.TrimLeft(iso[5:7], "0"))
	rec.Set(core.KeyJour, strings.TrimLeft(iso[8:], "0"))
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(strings.ReplaceAll(c, "\u00a0", " ")) != "" {
			return false
		}
	}
	return true
}

var reDimension = regexp.MustCompile(`[A-Z]+([0-9]+)$`)

func dimensionRows(dim string) int {
	if m := reDimension.FindStringSubmatch(dim); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// findSheet picks the sheet to read and reads its first rows to find
// the headers.
func (wb *Workbook) findSheet(want string) (string, [][]string, sheetReader, layout, error) {
	sheets := wb.sheets
	if want != "" {
		found := false
		for _, s := range wb.sheets {
			if s == want {
				found = true
			}
		}
		if !found {
			return "", nil, nil, layout{}, fmt.Errorf("pas de feuille « %s » dans ce classeur ; feuilles disponibles : %s", want, strings.Join(wb.sheets, ", "))
		}
		sheets = []string{want}
	}
	for _, s := range sheets {
		rr, err := wb.rows(s)
		if err != nil {
			return "", nil, nil, layout{}, err
		}
		var head [][]string
		for len(head) < maxHeaderRows && rr.Next() {
			cells, err := rr.Cells()
			if err != nil {
				rr.Close()
				return "", nil, nil, layout{}, fmt.Errorf("feuille « %s », ligne %d illisible : le classeur est endommagé ; enregistrez-le à nouveau depuis Excel", s, len(head)+1)
			}
			head = append(head, cells)
		}
		if l, ok := detectLayout(head); ok {
			return s, head, rr, l, nil
		}
		rr.Close()
	}
	return "", nil, nil, layout{}, fmt.Errorf("%w dans %s (feuilles : %s) : la première ligne doit porter les titres des colonnes, par exemple « Nom de naissance », « Prénom », « Date de naissance », « Code certification », « Date de délivrance » ; partez du modèle (certidepot-cli template)",
		ErrNoHeader, filepath.Base(wb.path), strings.Join(wb.sheets, ", "))
}

func describeLayout(l layout) Layout {
	out := Layout{Columns: []ColumnInfo{}, Unknown: []ColumnInfo{}, Ignored: []ColumnInfo{}}
	for _, c := range l.columns {
		ci := ColumnInfo{Letter: c.letter, Header: c.header}
		if c.field != nil {
			ci.Field, ci.Label = c.field.Key, c.field.Label
		}
		out.Columns = append(out.Columns, ci)
	}
	for _, c := range l.unknown {
		out.Unknown = append(out.Unknown, ColumnInfo{Letter: c.letter, Header: c.header, Reason: "titre non reconnu : colonne ignorée"})
	}
	for _, c := range l.fluxCols {
		out.Ignored = append(out.Ignored, ColumnInfo{Letter: c.letter, Header: c.header,
			Reason: "donnée du fichier de dépôt (émetteur, certificateur, flux), reprise du dossier à l'export : colonne ignorée"})
	}
	for _, c := range l.duplicate {
		out.Ignored = append(out.Ignored, ColumnInfo{Letter: c.letter, Header: c.header, Reason: "même donnée qu'une colonne précédente : colonne ignorée"})
	}
	return out
}
