package excel

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
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
	// How says how the column was recognised: titre, synonyme, mots
	// (significant words of a title), valeurs (a guess from its values,
	// to confirm), choix (the user's mapping).
	How    string `json:"how,omitempty"`
	Hidden bool   `json:"hidden,omitempty"` // hidden in Excel
	Reason string `json:"reason,omitempty"` // why it is ignored
}

// HowChosen marks a column the user's mapping decided.
const HowChosen = "choix"

// Layout says what a sheet holds: the columns recognised and those left
// out, with the reason.
type Layout struct {
	File    string       `json:"file"`
	Sheet   string       `json:"sheet"`
	Columns []ColumnInfo `json:"columns"`
	Unknown []ColumnInfo `json:"unknownColumns"`
	Ignored []ColumnInfo `json:"ignoredColumns"`
}

// RawRow is one non-blank row as the sheet holds it, before conversion.
type RawRow struct {
	Number int // 1-based spreadsheet row
	Cells  []string
	Hidden bool // hidden or filtered out in Excel
}

// Row is one row converted into dictionary values.
type Row struct {
	Number int         // 1-based spreadsheet row
	Values core.Values // deposit fields (certification, passage, holder)
	Title  string      // the certification's title, when the sheet has one
	Hidden bool        // hidden or filtered out in Excel
}

// ValueInfo is one distinct value of an enumerated column and what it
// was understood as, with how many rows carry it: the import says each
// interpretation once, and asks once for the values it cannot read.
type ValueInfo struct {
	Column     string   `json:"column"` // the column's title
	Letter     string   `json:"letter"`
	Field      string   `json:"field"`
	Value      string   `json:"value"` // as typed
	Rows       int      `json:"rows"`
	Code       string   `json:"code"`        // "" when not understood
	How        string   `json:"how"`         // see core.How; "choix" for the user's choice
	Label      string   `json:"label"`       // the code's French label
	Candidates []string `json:"candidates"`  // the codes it could mean, when ambiguous
	Examples   []int    `json:"exampleRows"` // a few of its rows
}

// FluxValue is a value found in a column the dossier provides itself
// (emetteur, certificateur): the import compares it with the dossier's.
type FluxValue struct {
	Column, Header, Field, Value string
	Row                          int
}

// Reading is one sheet being read: its layout, then its rows, read raw
// (NextRaw) and converted into dictionary values (Convert) one at a time,
// so that 200,000 rows need little memory and the two steps can run on
// two cores. NextRaw and Convert may run on two goroutines; each on one.
type Reading struct {
	wb       *Workbook
	layout   layout
	info     Layout
	head     [][]string // first rows, read to find the headers
	rr       sheetReader
	rowNum   int
	err      error
	letterOf map[string]string // field key → column letter
	total    int
	notices  []string // layout notices
	// Conversion state (Convert's goroutine only).
	orders  map[int]core.DateOrder  // text-date column index → order
	dateCol map[int]core.DateColumn // what the sample said of each
	choices map[int]map[string]string
	values  map[int]map[string]*ValueInfo // column index → folded value → info
	removed map[int]core.Invisible        // invisible characters taken out, per column
	flux    []FluxValue
	// Padded counts the codes whose leading zero the spreadsheet had
	// dropped and that got it back (6088 → 06088); LoneYears the birth
	// dates given as a year only; OtherNames the rows whose second and
	// third first names came from one cell.
	Padded, LoneYears, OtherNames int
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
	r := &Reading{wb: wb, layout: l, head: head, rr: rr, letterOf: map[string]string{},
		orders: map[int]core.DateOrder{}, dateCol: map[int]core.DateColumn{}, choices: map[int]map[string]string{},
		values: map[int]map[string]*ValueInfo{}, removed: map[int]core.Invisible{}}
	r.info = describeLayout(l, mapping)
	r.info.File, r.info.Sheet = wb.path, name
	r.notices = layoutNotices(l)
	for _, c := range l.columns {
		if c.field == nil {
			continue
		}
		r.letterOf[c.field.Key] = c.letter
		switch c.field.Key {
		case core.KeyBirthDate:
			for _, k := range []string{core.KeyAnnee, core.KeyMois, core.KeyJour} {
				r.letterOf[k] = c.letter
			}
		case core.KeyOtherFirstNames:
			r.letterOf["prenom2"], r.letterOf["prenom3"] = c.letter, c.letter
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

// Encoding is the character set a CSV file was read in ("" for a
// workbook), and whether a Windows-1252 file also held UTF-8 sequences.
func (r *Reading) Encoding() (string, bool) { return r.wb.encoding, r.wb.mixedEncoding }

// NextRaw reads the next non-blank data row; ok is false at the end or on
// an error (see Err).
func (r *Reading) NextRaw() (RawRow, bool) {
	for r.err == nil {
		cells, hidden, ok := r.nextCells()
		if !ok {
			return RawRow{}, false
		}
		if blank(cells) {
			continue
		}
		return RawRow{Number: r.rowNum, Cells: cells, Hidden: hidden}, true
	}
	return RawRow{}, false
}

// Err returns the error that stopped the reading, if any.
func (r *Reading) Err() error { return r.err }

// Close releases the sheet.
func (r *Reading) Close() error { return r.rr.Close() }

func (r *Reading) nextCells() ([]string, bool, bool) {
	r.rowNum++
	if r.rowNum < r.layout.dataStart {
		r.rowNum = r.layout.dataStart
	}
	if r.rowNum <= len(r.head) {
		return r.head[r.rowNum-1], r.headHidden(r.rowNum), true
	}
	if !r.rr.Next() {
		return nil, false, false
	}
	cells, err := r.rr.Cells()
	if err != nil {
		r.err = damaged(r.wb.path, fmt.Sprintf("ligne %d illisible", r.rowNum))
		return nil, false, false
	}
	return cells, r.rr.Hidden(), true
}

// headHidden tells whether a row read with the headers is hidden (the
// reader has moved past them).
func (r *Reading) headHidden(row int) bool {
	if r.wb.facts == nil {
		return false
	}
	f := r.wb.facts[r.info.Sheet]
	if f == nil {
		return false
	}
	for _, h := range f.hiddenRows {
		if h == row {
			return true
		}
	}
	return false
}

// textDateColumns are the columns whose text dates raise the question of
// the day and month order.
func (r *Reading) textDateColumns() []column {
	var out []column
	for _, c := range r.layout.columns {
		if c.field != nil && c.field.Kind == core.KindDate {
			out = append(out, c)
		}
	}
	return out
}

// DecideDateOrders reads, in a sample of rows (the first thousands, or
// the whole sheet), each date column's text dates and decides how to read
// the column: month first only when some value can only be read so and
// none only day first (see core.DetectDateOrder). Without it, every
// column is read day first.
func (r *Reading) DecideDateOrders(sample []RawRow) {
	for _, c := range r.textDateColumns() {
		var vs []string
		for _, raw := range sample {
			if c.index < len(raw.Cells) {
				vs = append(vs, raw.Cells[c.index])
			}
		}
		dc := core.DetectDateOrder(vs)
		r.dateCol[c.index], r.orders[c.index] = dc, dc.Order
	}
}

// Ambiguous reports whether the date columns are read day first without a
// value proving the order (every date reads both ways).
func (r *Reading) ambiguousOrder(index int) bool {
	dc, ok := r.dateCol[index]
	return ok && dc.Order == core.DayFirst && dc.DayFirst == 0 && dc.Ambiguous > 0
}

// SetValueChoices gives the meaning the user chose for values of
// enumerated columns: column header → value as typed → code. They win
// over the recognition.
func (r *Reading) SetValueChoices(choices map[string]map[string]string) error {
	byHeader := map[string]column{}
	for _, c := range r.layout.columns {
		byHeader[core.Fold(c.header)] = c
	}
	for header, vs := range choices {
		c, ok := byHeader[core.Fold(header)]
		if !ok {
			return fmt.Errorf("valeur choisie pour la colonne « %s », que cette feuille n'a pas (ou qui est ignorée) : vérifiez le titre", header)
		}
		if c.field == nil || len(c.field.Enum) == 0 {
			return fmt.Errorf("la colonne « %s » n'est pas une liste de valeurs : on ne peut pas y choisir le sens d'une valeur", header)
		}
		m := r.choices[c.index]
		if m == nil {
			m = map[string]string{}
			r.choices[c.index] = m
		}
		for raw, code := range vs {
			chosen := core.ChoiceCode(c.field, code)
			if chosen == "" {
				return fmt.Errorf("colonne « %s », valeur « %s » : « %s » n'est pas une valeur de la liste « %s » ; choisissez parmi %s", header, raw, code, c.field.Label, enumChoices(c.field))
			}
			m[core.Fold(raw)] = chosen
		}
	}
	return nil
}

// enumChoices names a list's values with their codes, for a message.
func enumChoices(f *core.Field) string {
	var parts []string
	for _, e := range f.Enum {
		parts = append(parts, e.Code+" ("+e.Label+")")
	}
	return strings.Join(parts, ", ")
}

// ToComplete marks, in a workbook Certidépôt writes, a required value the
// passage does not have yet.
const ToComplete = "à compléter"

func isToComplete(cell string) bool {
	t := strings.TrimSpace(cell)
	return len(t) >= 10 && len(t) <= 14 && core.Fold(t) == core.Fold(ToComplete)
}

// Convert converts a raw row's cells into dictionary values, and keeps
// what the interpretation of its enumerated values was.
func (r *Reading) Convert(raw RawRow) Row {
	rec := core.Values{}
	row := Row{Number: raw.Number, Values: rec, Hidden: raw.Hidden}
	for _, c := range r.layout.columns {
		cell := ""
		if c.index < len(raw.Cells) {
			cell = raw.Cells[c.index]
		}
		if c.field == nil {
			continue
		}
		switch c.field.Key {
		case core.KeyCertTitle:
			row.Title = strings.TrimSpace(cell)
		case core.KeyBirthDate:
			r.birthDate(rec, c, cell)
		case core.KeyOtherFirstNames:
			r.otherFirstNames(rec, c, cell)
		default:
			if isToComplete(cell) {
				// Written by the to-fix workbook: still to fill, never
				// « donnée non connue » (what a blank cell would default to).
				rec[c.field.Key] = core.Value{}
				continue
			}
			if v := r.convert(c, cell, raw.Number); !v.Empty() {
				rec[c.field.Key] = v
			}
		}
	}
	for _, c := range r.layout.fluxCols {
		if c.flux != nil && c.index < len(raw.Cells) && len(r.flux) < 1000 {
			if v := strings.TrimSpace(raw.Cells[c.index]); v != "" {
				r.flux = append(r.flux, FluxValue{Column: c.letter, Header: c.header, Field: c.flux.Key, Value: v, Row: raw.Number})
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
	return row
}

// convert reads one cell: codes whose leading zero the spreadsheet
// dropped, then the dictionary's reading, in the column's date order; the
// interpretation of an enumerated value is counted.
func (r *Reading) convert(c column, raw string, rowNum int) core.Value {
	f := c.field
	t := strings.TrimSpace(strings.ReplaceAll(raw, "\u00a0", " "))
	if f.ZeroPad > 0 && len(t) == f.ZeroPad-1 && strings.Trim(t, "0123456789") == "" {
		r.Padded++
		t = "0" + t
	}
	if len(f.Enum) > 0 && t != "" {
		if code, ok := r.choices[c.index][core.Fold(t)]; ok {
			r.count(c, t, rowNum, core.Recognition{Code: code}, HowChosen)
			return core.Value{Text: code}
		}
	}
	rd := core.Read(f, t, r.orders[c.index])
	if rd.Removed != 0 {
		r.removed[c.index] |= rd.Removed
	}
	if len(f.Enum) > 0 && t != "" && !rd.Value.Nil && f.Kind != core.KindChoice {
		r.count(c, t, rowNum, core.Recognition{Code: rd.Value.Text, How: rd.How, Candidates: rd.Candidates}, "")
	}
	return rd.Value
}

// count records one interpretation of an enumerated value.
func (r *Reading) count(c column, typed string, rowNum int, rec core.Recognition, how string) {
	m := r.values[c.index]
	if m == nil {
		m = map[string]*ValueInfo{}
		r.values[c.index] = m
	}
	key := core.Fold(typed)
	vi := m[key]
	if vi == nil {
		if len(m) >= maxDistinctValues {
			return // a free-text column mistaken for a list: not worth listing
		}
		code := rec.Code
		if how == "" && (rec.How == core.HowUnknown || rec.How == core.HowAmbiguous) {
			code = ""
		}
		if how == "" {
			how = rec.How.String()
		}
		vi = &ValueInfo{Column: c.header, Letter: c.letter, Field: c.field.Key, Value: typed, Code: code, How: how,
			Candidates: append([]string{}, rec.Candidates...)}
		if code != "" {
			vi.Label = c.field.EnumLabel(code)
		}
		m[key] = vi
	}
	vi.Rows++
	if len(vi.Examples) < 5 {
		vi.Examples = append(vi.Examples, rowNum)
	}
}

// maxDistinctValues bounds the distinct values kept per column.
const maxDistinctValues = 500

// Values lists the distinct values of the enumerated columns with their
// interpretation, column by column, the most frequent first.
func (r *Reading) Values() []ValueInfo {
	var out []ValueInfo
	for _, c := range r.layout.columns {
		var vs []ValueInfo
		for _, vi := range r.values[c.index] {
			vs = append(vs, *vi)
		}
		sort.Slice(vs, func(i, j int) bool {
			if vs[i].Rows != vs[j].Rows {
				return vs[i].Rows > vs[j].Rows
			}
			return vs[i].Value < vs[j].Value
		})
		out = append(out, vs...)
	}
	return out
}

// Flux returns the values met in the columns the dossier provides itself.
func (r *Reading) Flux() []FluxValue { return r.flux }

// Notices says, once each, what the reading did that the user should
// know: columns hidden or guessed, date orders, invisible characters
// removed, codes padded, years alone, first names split.
func (r *Reading) Notices() []string {
	out := append([]string{}, r.notices...)
	for _, c := range r.textDateColumns() {
		if n := r.dateCol[c.index].Notice(c.letter + " (" + c.header + ")"); n != "" {
			out = append(out, n)
		}
	}
	for _, c := range r.layout.columns {
		if iv := r.removed[c.index]; iv != 0 {
			out = append(out, fmt.Sprintf("Colonne %s « %s » : des caractères invisibles, venus d'un copier-coller (%s), ont été retirés des valeurs.", c.letter, c.header, iv))
		}
	}
	if r.Padded > 0 {
		out = append(out, fmt.Sprintf("%d code(s) INSEE ou postal(aux) à 4 chiffres : le zéro initial, retiré par Excel, a été restauré (6088 → 06088).", r.Padded))
	}
	if r.LoneYears > 0 {
		out = append(out, fmt.Sprintf("%d date(s) de naissance réduite(s) à l'année : le jour et le mois sont à compléter (ou à marquer « donnée non connue »).", r.LoneYears))
	}
	if r.OtherNames > 0 {
		out = append(out, fmt.Sprintf("%d ligne(s) : deuxième et troisième prénoms repris de la colonne « %s ».", r.OtherNames, r.info.headerOf(core.KeyOtherFirstNames)))
	}
	return out
}

func (l Layout) headerOf(key string) string {
	for _, c := range l.Columns {
		if c.Field == key {
			return c.Header
		}
	}
	return ""
}

var reLoneNumber = regexp.MustCompile(`^[0-9]{1,5}$`)

// birthDate splits a single "Date de naissance" cell into the year, month
// and day fields, in the column's order. A year alone gives the year, the
// month and day left to complete; a value that is not a date is kept in
// the year field, where validation reports it.
func (r *Reading) birthDate(rec core.Values, c column, raw string) {
	t := strings.TrimSpace(raw)
	if t == "" {
		return
	}
	iso, ok := core.ParseDate(t, r.orders[c.index])
	if !ok {
		if reLoneNumber.MatchString(t) && len(t) == 4 {
			r.LoneYears++
			rec.Set(core.KeyAnnee, t)
			// Present but empty: « à compléter », never silently « non connu ».
			rec[core.KeyMois], rec[core.KeyJour] = core.Value{}, core.Value{}
			return
		}
		rec.Set(core.KeyAnnee, t)
		return
	}
	rec.Set(core.KeyAnnee, strings.TrimLeft(iso[:4], "0"))
	rec.Set(core.KeyMois, strings.TrimLeft(iso[5:7], "0"))
	rec.Set(core.KeyJour, strings.TrimLeft(iso[8:], "0"))
	if r.ambiguousOrder(c.index) && iso[5:7] != iso[8:] && iso[5:7] <= "12" && iso[8:] <= "12" && !strings.Contains(t, "-") {
		rec.Set(core.KeyBirthOrder, core.BirthOrderDayFirst)
	}
}

// otherFirstNames splits « Autres prénoms » into the second and third
// first names (a hyphenated name is one name; a fourth joins the third).
func (r *Reading) otherFirstNames(rec core.Values, c column, raw string) {
	clean, removed := core.CleanInvisible(raw)
	if removed != 0 {
		r.removed[c.index] |= removed
	}
	names := strings.FieldsFunc(clean, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '/' })
	if len(names) == 0 {
		return
	}
	r.OtherNames++
	rec.Set("prenom2", names[0])
	if len(names) > 1 {
		rec.Set("prenom3", strings.Join(names[1:], " "))
	}
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

// findSheet picks the sheet to read and reads its first rows to find the
// headers; the columns are recognised by their titles, and unknown ones
// proposed from their values.
func (wb *Workbook) findSheet(want string) (string, [][]string, sheetReader, layout, error) {
	// The sheets the user sees first: a hidden one (an old list kept
	// aside) is read only when no visible sheet holds a list.
	sheets := make([]string, 0, len(wb.sheets))
	for _, hidden := range []bool{false, true} {
		for _, s := range wb.sheets {
			if wb.sheetFacts(s).hidden == hidden {
				sheets = append(sheets, s)
			}
		}
	}
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
				return "", nil, nil, layout{}, damaged(wb.path, fmt.Sprintf("feuille « %s », ligne %d illisible", s, len(head)+1))
			}
			head = append(head, cells)
		}
		if l, ok := detectSheetLayout(head, wb.sheetFacts(s).hiddenCols); ok {
			return s, head, rr, guessColumns(l, head, wb.places), nil
		}
		rr.Close()
	}
	return "", nil, nil, layout{}, fmt.Errorf("%w dans %s (feuilles : %s) : la première ligne doit porter les titres des colonnes, par exemple « Nom de naissance », « Prénom », « Date de naissance », « Code certification », « Date de délivrance » ; partez du modèle (certidepot-cli template)",
		ErrNoHeader, filepath.Base(wb.path), strings.Join(wb.sheets, ", "))
}

func describeLayout(l layout, mapping map[string]string) Layout {
	chosen := map[string]bool{}
	for h := range mapping {
		chosen[core.Fold(h)] = true
	}
	out := Layout{Columns: []ColumnInfo{}, Unknown: []ColumnInfo{}, Ignored: []ColumnInfo{}}
	for _, c := range l.columns {
		ci := ColumnInfo{Letter: c.letter, Header: c.header, How: c.how, Hidden: c.hidden}
		if c.field != nil {
			ci.Field, ci.Label = c.field.Key, c.field.Label
		}
		if chosen[core.Fold(c.header)] {
			ci.How = HowChosen
		}
		out.Columns = append(out.Columns, ci)
	}
	for _, c := range l.unknown {
		out.Unknown = append(out.Unknown, ColumnInfo{Letter: c.letter, Header: c.header, Hidden: c.hidden, Reason: "titre non reconnu : colonne ignorée"})
	}
	for _, c := range l.fluxCols {
		out.Ignored = append(out.Ignored, ColumnInfo{Letter: c.letter, Header: c.header, Hidden: c.hidden,
			Reason: "donnée du fichier de dépôt (émetteur, certificateur, flux), reprise du dossier à l'export : colonne ignorée"})
	}
	for _, c := range l.duplicate {
		reason := "même donnée qu'une colonne précédente : colonne ignorée"
		if c.hidden {
			reason = "colonne masquée dans Excel, qui donne la même donnée qu'une colonne visible : colonne ignorée"
		}
		out.Ignored = append(out.Ignored, ColumnInfo{Letter: c.letter, Header: c.header, Hidden: c.hidden, Reason: reason})
	}
	return out
}

// OtherDataSheets lists the sheets, besides the one read, that hold rows
// under recognisable headers: the user may have meant one of them.
func (r *Reading) OtherDataSheets() []string {
	infos, err := r.wb.SheetInfos()
	if err != nil {
		return nil
	}
	var out []string
	for _, s := range infos {
		if s.Name != r.info.Sheet && s.Headers && s.Rows > 0 {
			out = append(out, s.Name)
		}
	}
	return out
}
