package excel

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readAll opens a workbook and returns every row of a sheet as the
// importer reads it, with the rows the reader says are hidden.
func readAll(t *testing.T, path, sheet string) ([][]string, []int) {
	t.Helper()
	wb, err := openWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rr, err := wb.rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	var rows [][]string
	var hidden []int
	for rr.Next() {
		cells, err := rr.Cells()
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, cells)
		if rr.Hidden() {
			hidden = append(hidden, len(rows))
		}
	}
	return rows, hidden
}

func save(t *testing.T, f *excelize.File, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// A cell is a date when Excel shows one: numbers formatted as dates (built
// in, custom, with a time or a locale) come out as AAAA-MM-JJ, and numbers
// that are not formatted as dates stay numbers, 1990 included.
func TestCellsFormattedAsDatesAndNumbersThatAreNot(t *testing.T) {
	f := excelize.NewFile()
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	custom := func(code string) int { return style(&excelize.Style{CustomNumFmt: &code}) }
	cases := []struct {
		value any
		style int
		want  string
	}{
		{45424, style(&excelize.Style{NumFmt: 14}), "2024-05-12"},
		{45424.75, style(&excelize.Style{NumFmt: 22}), "2024-05-12"},
		{45424, custom("dd/mm/yyyy"), "2024-05-12"},
		{45424, custom("[$-40C]d mmmm yyyy"), "2024-05-12"},
		{45424, custom(`dd/mm/yyyy\ hh:mm`), "2024-05-12"},
		{1990, 0, "1990"},
		{1990, custom("0"), "1990"},
		{45424, custom("#,##0"), "45424"},
		{0.5, custom("hh:mm"), "0.5"},
		{0.25, custom("0%"), "0.25"},
		{"12/05/2024", custom("dd/mm/yyyy"), "12/05/2024"}, // text stays text
		{"Dupont", 0, "Dupont"},
	}
	for i, c := range cases {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetCellValue("Sheet1", cell, c.value)
		if c.style != 0 {
			f.SetCellStyle("Sheet1", cell, cell, c.style)
		}
	}
	rows, _ := readAll(t, save(t, f, "dates.xlsx"), "Sheet1")
	for i, c := range cases {
		if got := rows[i][0]; got != c.want {
			t.Errorf("%v (style %d): %q, want %q", c.value, c.style, got, c.want)
		}
	}

	// The 1904 date system shifts serials by 1462 days.
	f = excelize.NewFile()
	f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: boolPtr(true)})
	f.SetCellValue("Sheet1", "A1", 43962)
	f.SetCellStyle("Sheet1", "A1", "A1", custom2(t, f, "dd/mm/yyyy"))
	if rows, _ := readAll(t, save(t, f, "1904.xlsx"), "Sheet1"); rows[0][0] != "2024-05-12" {
		t.Errorf("1904 system: %q", rows[0][0])
	}
}

func boolPtr(b bool) *bool { return &b }

func custom2(t *testing.T, f *excelize.File, code string) int {
	id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Hidden and filtered-out rows, hidden columns, hidden sheets and sheets
// holding data are found, even a hidden row that follows absent rows
// (which excelize's own row options get wrong).
func TestHiddenRowsColumnsAndSheets(t *testing.T) {
	f := excelize.NewFile()
	head := []any{"Nom de naissance", "Prénom", "Sexe", "Commentaire", "Code certification", "Date de délivrance"}
	f.SetSheetRow("Sheet1", "A1", &head)
	for r := 2; r <= 8; r++ {
		if r == 5 || r == 6 {
			continue // absent rows
		}
		row := []any{"Nom" + string(rune('A'+r)), "Prénom", "F", "x", "RS5286", "12/05/2026"}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	for _, r := range []int{3, 7} {
		f.SetRowVisible("Sheet1", r, false)
	}
	f.SetRowVisible("Sheet1", 10, false) // hidden but empty: nothing to report
	f.SetColVisible("Sheet1", "D", false)
	f.SetColVisible("Sheet1", "H:I", false)
	f.AutoFilter("Sheet1", "A1:F8", []excelize.AutoFilterOptions{{Column: "C", Expression: "x == F"}})

	f.NewSheet("Promo 2025")
	f.SetSheetRow("Promo 2025", "A1", &head)
	f.SetSheetRow("Promo 2025", "A2", &[]any{"Durand", "Léa", "F", "", "RS5286", "12/05/2026"})
	f.NewSheet("Archives")
	f.SetSheetRow("Archives", "A1", &head)
	f.SetSheetVisible("Archives", false)
	f.NewSheet("Vide")
	f.NewSheet("Notes")
	f.SetCellValue("Notes", "B2", "à relancer")
	path := save(t, f, "masques.xlsx")

	_, hidden := readAll(t, path, "Sheet1")
	if !slices.Equal(hidden, []int{3, 7}) {
		t.Fatalf("hidden rows read: %v", hidden)
	}
	infos, err := Sheets(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []SheetInfo{
		{Name: "Sheet1", Headers: true, Rows: 5, HiddenColumns: []string{"D", "H", "I"}, HiddenRows: []int{3, 7}, Filtered: true},
		{Name: "Promo 2025", Headers: true, Rows: 1},
		{Name: "Archives", Hidden: true, Headers: true, Rows: 0},
		{Name: "Vide"},
		{Name: "Notes", Rows: 1},
	}
	if len(infos) != len(want) {
		t.Fatalf("sheets: %+v", infos)
	}
	for i := range want {
		g, w := infos[i], want[i]
		if g.Name != w.Name || g.Hidden != w.Hidden || g.Headers != w.Headers || g.Rows != w.Rows || g.Filtered != w.Filtered ||
			!slices.Equal(g.HiddenColumns, w.HiddenColumns) || !slices.Equal(g.HiddenRows, w.HiddenRows) {
			t.Errorf("sheet %d: %+v, want %+v", i, g, w)
		}
	}
}

// Without a sheet named, the list is read from a sheet the user sees: a
// hidden sheet first in the workbook (an old list kept aside) is not the
// one imported.
func TestVisibleSheetBeforeHiddenOne(t *testing.T) {
	f := excelize.NewFile()
	head := []any{"Nom de naissance", "Prénom", "Sexe", "Code certification", "Date de délivrance"}
	f.SetSheetName("Sheet1", "Ancien")
	f.SetSheetRow("Ancien", "A1", &head)
	f.SetSheetRow("Ancien", "A2", &[]any{"Ancienne", "Léa", "F", "RS5286", "12/05/2025"})
	f.NewSheet("Actuel")
	f.SetSheetRow("Actuel", "A1", &head)
	f.SetSheetRow("Actuel", "A2", &[]any{"Actuelle", "Zoé", "F", "RS5286", "12/05/2026"})
	f.SetActiveSheet(1)
	f.SetSheetVisible("Ancien", false)
	path := save(t, f, "feuilles.xlsx")
	wb, err := openWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sheet, _, rr, _, err := wb.findSheet("")
	if err != nil {
		t.Fatal(err)
	}
	rr.Close()
	if sheet != "Actuel" {
		t.Fatalf("read sheet « %s », want the visible « Actuel »", sheet)
	}
}

// A CSV file is decoded as a whole: UTF-8 only when all of it is, else
// Windows-1252 throughout, even when the only accented letter is far
// down; UTF-16 with its byte order mark (Excel's « texte Unicode »).
func TestCSVEncodings(t *testing.T) {
	long := strings.Repeat("Martin;Paul;M\r\n", 20000)
	cases := []struct {
		name     string
		data     []byte
		encoding string
		mixed    bool
	}{
		{"utf8", []byte("Nom;Prénom\r\nLefèvre;Zoé\r\n"), "UTF-8", false},
		{"utf8 bom", []byte("\xef\xbb\xbfNom;Prénom\r\nLefèvre;Zoé\r\n"), "UTF-8", false},
		{"1252", []byte("Nom;Pr\xe9nom\r\n" + long + "Lef\xe8vre;Zo\xe9\r\n"), "Windows-1252", false},
		{"mixed", []byte("Nom;Prénom\r\n" + long + "Lef\xe8vre;Zo\xe9\r\n"), "Windows-1252", true},
		{"utf16", utf16LE("\ufeffNom\tPrénom\r\nLefèvre\tZoé\r\n"), "UTF-16", false},
	}
	for _, c := range cases {
		p := filepath.Join(t.TempDir(), c.name+".csv")
		if err := os.WriteFile(p, c.data, 0o600); err != nil {
			t.Fatal(err)
		}
		wb, err := openWorkbook(p)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if wb.encoding != c.encoding || wb.mixedEncoding != c.mixed {
			t.Errorf("%s: %s mixed=%v", c.name, wb.encoding, wb.mixedEncoding)
		}
		last := wb.csvRows[len(wb.csvRows)-1]
		if c.name != "mixed" && (wb.csvRows[0][1] != "Prénom" || last[0] != "Lefèvre" || last[1] != "Zoé") {
			t.Errorf("%s: %q … %q", c.name, wb.csvRows[0], last)
		}
		if c.name == "mixed" && (last[0] != "Lefèvre" || wb.csvRows[0][1] != "PrÃ©nom") {
			t.Errorf("mixed: the Windows-1252 letters must be right, the UTF-8 ones shown as read: %q … %q", wb.csvRows[0], last)
		}
		wb.Close()
	}
}

// CSV rows keep the numbers Excel shows for them: blank lines count, a
// cell written on several lines is one row.
func TestCSVRowNumbersAsExcelShowsThem(t *testing.T) {
	p := filepath.Join(t.TempDir(), "liste.csv")
	data := "Titre de la liste;;\r\n\r\nNom;Prénom;Adresse\r\nMartin;Paul;\"1 rue des Lilas\r\n75001 Paris\"\r\n\r\n;;\r\nLefèvre;Zoé;\r\n"
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	wb, err := openWorkbook(p)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	// Excel: 1 title, 2 blank, 3 header, 4 Martin (two lines in one cell), 5 blank, 6 « ;; », 7 Lefèvre.
	if len(wb.csvRows) != 7 || wb.csvRows[3][0] != "Martin" || wb.csvRows[6][0] != "Lefèvre" || len(wb.csvRows[4]) != 0 {
		t.Fatalf("rows: %q", wb.csvRows)
	}
}

// A quote opened and never closed takes the rest of the file into one
// cell: the file is refused, naming the row and column, rather than
// imported without the people it swallowed.
func TestCSVUnclosedQuoteRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "liste.csv")
	data := "Nom;Prénom;Intitulé;Délivré le\r\nLefèvre;Hélène;\"Gestionnaire de paie;15/10/2026\r\nMartin;Paul;Comptable;16/10/2026\r\n"
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := openWorkbook(p)
	if err == nil || !strings.Contains(err.Error(), "liste.csv, ligne 2, colonne C : un guillemet ouvert") {
		t.Fatalf("got %v", err)
	}
}

func utf16LE(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return append([]byte{0xff, 0xfe}, b[2:]...) // the BOM written once
}

// damage rewrites one part of a valid workbook.
func damage(t *testing.T, src, part string, change func([]byte) []byte, raw bool) string {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part && !raw {
			b = change(b)
		}
		if f.Name == part && raw {
			// Store the part uncompressed with its true checksum, then
			// alter its bytes in the archive: the checksum no longer matches.
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
			w.Write(b)
			continue
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	out := buf.Bytes()
	if raw {
		i := bytes.Index(out, []byte("RS5286"))
		if i < 0 {
			t.Fatal("marker not found")
		}
		out[i] = 'X'
	}
	p := filepath.Join(t.TempDir(), "abime.xlsx")
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// The XML checks accept what real files hold: a declaration, a byte order
// mark, namespace prefixes, comments, CDATA, entities, « > » in a quoted
// value, another declared encoding.
func TestScanXMLAcceptsWellFormedParts(t *testing.T) {
	good := []string{
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" + `<worksheet xmlns="x"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &#233; &#x20AC;</t></is></c></row></sheetData></worksheet>`,
		"\xef\xbb\xbf<x:worksheet xmlns:x=\"x\"><x:sheetData><x:row r=\"2\" hidden=\"1\"><x:c r=\"B2\"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>",
		`<a><!-- <b> --><![CDATA[<not a tag>]]><b c='1>2' d="é"/></a>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><a>` + "\xe9" + `</a>`,
	}
	for _, s := range good {
		var sf sheetFacts
		if err := scanXML(strings.NewReader(s), &sf, nil); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	var sf sheetFacts
	scanXML(strings.NewReader(good[1]), &sf, nil)
	if sf.dataRows != 1 || !slices.Equal(sf.hiddenRows, []int{2}) {
		t.Errorf("prefixed sheet: %+v", sf)
	}
	for _, s := range []string{`<a>`, `<a></b>`, `<a/><b/>`, `<a>x</a>y`, `<a b="1></a>`, `<a b=1></a>`, "<a>\xff</a>", `<!DOCTYPE a><a/>`, `<a><!-- x</a>`, "<a>\uffff</a>", `<a>&#1;</a>`} {
		if err := scanXML(strings.NewReader(s), nil, nil); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

// BenchmarkScanWorkbook: the check of a 10,000-row list at opening.
func BenchmarkScanWorkbook(b *testing.B) {
	path := filepath.Join(b.TempDir(), "diplomes.xlsx")
	if err := WriteSampleList(path, 10_000, date(2026, 11, 22)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		facts, err := scanWorkbook(path, nil)
		if err != nil || facts["Sheet1"].dataRows != 10_001 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReadRows: the reading stage of an import, 10,000 rows of the
// office-layout list: raw rows, then their conversion into dictionary
// values (the two run on two goroutines in an import).
func BenchmarkReadRows(b *testing.B) {
	path := filepath.Join(b.TempDir(), "diplomes.xlsx")
	if err := WriteSampleList(path, 10_000, date(2026, 11, 22)); err != nil {
		b.Fatal(err)
	}
	for _, stage := range []string{"raw", "raw+convert"} {
		b.Run(stage, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				wb, err := Open(path, OpenOptions{TmpDir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				r, err := wb.Read("", nil)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for {
					raw, ok := r.NextRaw()
					if !ok {
						break
					}
					if stage == "raw+convert" {
						r.Convert(raw)
					}
					n++
				}
				r.Close()
				wb.Close()
				if n != 10_000 {
					b.Fatalf("%d rows", n)
				}
			}
			b.ReportMetric(float64(10_000*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// A workbook is only written under a name Excel opens as one: « .csv »
// is refused in French before anything is written.
func TestWorkbookWrittenOnlyAsXLSX(t *testing.T) {
	dir := t.TempDir()
	for name, write := range map[string]func(string) error{
		"modele.csv":   func(p string) error { return WriteTemplate(p, date(2026, 11, 22)) },
		"liste.csv":    func(p string) error { return WriteSampleList(p, 3, date(2026, 11, 22)) },
		"relances.ods": func(p string) error { return WriteFollowUp(p, nil) },
	} {
		p := filepath.Join(dir, name)
		err := write(p)
		if err == nil || !strings.Contains(err.Error(), "s'enregistre en .xlsx") {
			t.Errorf("%s: %v", name, err)
		}
		if _, serr := os.Stat(p); serr == nil {
			t.Errorf("%s written", name)
		}
	}
}

// An empty CSV is said to be empty; one with the line ends of old Macs
// (CR alone) is read line by line.
func TestCSVEmptyAndOldMacLineEnds(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "vide.csv")
	os.WriteFile(empty, nil, 0o600)
	if _, err := openWorkbook(empty); err == nil || !strings.Contains(err.Error(), "vide.csv est vide") {
		t.Errorf("empty: %v", err)
	}
	mac := filepath.Join(dir, "mac.csv")
	os.WriteFile(mac, []byte("Nom;Prénom\rLefèvre;Zoé\rMartin;Paul\r"), 0o600)
	wb, err := openWorkbook(mac)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if len(wb.csvRows) != 3 || wb.csvRows[2][1] != "Paul" {
		t.Fatalf("rows: %q", wb.csvRows)
	}
}

// A block of merged cells over several rows (a certification written once
// for its graduates) gives its value to each of its rows, as Excel shows
// it; a block within one row changes nothing.
func TestMergedCellsCarriedDown(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"Nom de naissance", "Prénom", "Code certification", "Date de délivrance"},
		{"Lefèvre", "Hélène", "RNCP37873", date(2026, 10, 15)},
		{"Martin", "Paul", nil, nil},
		{"Durand", "Léa", nil, nil},
		{"Petit", "Inès", "RS5286", nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	dateFmt := "dd/mm/yyyy"
	ds, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	f.SetCellStyle("Sheet1", "D2", "D5", ds)
	f.MergeCell("Sheet1", "C2", "C4")
	f.MergeCell("Sheet1", "D2", "D5")
	f.MergeCell("Sheet1", "A1", "B1") // headers: one row only
	path := save(t, f, "fusion.xlsx")
	got, _ := readAll(t, path, "Sheet1")
	want := [][]string{
		{"Nom de naissance", "", "Code certification", "Date de délivrance"}, // Excel keeps the top-left value of a block only
		{"Lefèvre", "Hélène", "RNCP37873", "2026-10-15"},
		{"Martin", "Paul", "RNCP37873", "2026-10-15"},
		{"Durand", "Léa", "RNCP37873", "2026-10-15"},
		{"Petit", "Inès", "RS5286", "2026-10-15"},
	}
	if len(got) != len(want) {
		t.Fatalf("rows: %q", got)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d: %q, want %q", i+1, got[i], want[i])
		}
	}
}
