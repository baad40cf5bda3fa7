package dossier

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/excel"
)

var listHeader = []any{"Nom de naissance", "Prénom", "Sexe", "Date de naissance", "Code INSEE", "Code certification", "Date de délivrance"}

func listRow(name, first, sex, born string) []any {
	return []any{name, first, sex, born, "31555", "RS5286", "12/05/2026"}
}

func notice(res *ImportResult, part string) string {
	for _, n := range res.Notices {
		if strings.Contains(n, part) {
			return n
		}
	}
	return ""
}

func errorOn(res *ImportResult, row int, field string) *RowError {
	for i, e := range res.Errors {
		if e.Row == row && e.Field == field && !e.Warning {
			return &res.Errors[i]
		}
	}
	return nil
}

// An unknown value gets its meaning once for all its rows; the choice is
// saved with the columns and reused next time, and the result lists each
// value with its rows and how it was read.
func TestValueChoicesApplyToAllRowsAndAreSaved(t *testing.T) {
	rows := [][]any{append(listHeader[:len(listHeader):len(listHeader)], "Modalité d'accès")}
	for i := 0; i < 6; i++ {
		acces := "Cursus B"
		if i%3 == 0 {
			acces = "VAE"
		}
		rows = append(rows, append(listRow("Nom"+string(rune('A'+i)), "Zoé", "F", "15/11/1996"), acces))
	}
	path := sheet(t, rows)
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var appr *excel.ValueInfo
	for i, v := range res.Values {
		if v.Value == "Cursus B" {
			appr = &res.Values[i]
		}
	}
	if appr == nil || appr.Rows != 4 || appr.Code != "" || appr.Letter != "H" || appr.Column != "Modalité d'accès" {
		t.Fatalf("value « Cursus B »: %+v in %+v", appr, res.Values)
	}
	if res.Flagged != 4 || notice(res, "« Cursus B » n'est pas une valeur reconnue : 4 ligne(s)") == "" {
		t.Fatalf("unknown value said once for its 4 rows: %d flagged, %q", res.Flagged, res.Notices)
	}
	if errorOn(res, 3, core.KeyModaliteAcces) == nil {
		t.Fatalf("row 3 lacks its error on modaliteAcces: %+v", res.Errors)
	}

	// The choice, by its label: every row is ready, and it is kept.
	res, err = db.ImportSheet(ctx, path, ImportOptions{
		Values:      map[string]map[string]string{"modalité d'accès": {"cursus b": "Formation initiale en apprentissage"}},
		SaveMapping: "bureau"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Flagged != 0 || res.Imported != 0 || res.Updated != 4 {
		t.Fatalf("with the choice: %+v", res)
	}
	if n := notice(res, "« Cursus B » lu comme « Formation initiale en apprentissage », comme vous l'avez choisi : 4 ligne(s)"); n == "" {
		t.Fatalf("choice not said: %q", res.Notices)
	}
	for _, p := range passages(t, db) {
		if got := p.Data.Text(core.KeyModaliteAcces); got != "FORMATION_INITIALE_APPRENTISSAGE" && got != "VAE" {
			t.Fatalf("%s: modaliteAcces %q", p.Holder.Text(core.KeyNomNaissance), got)
		}
	}
	saved, err := db.SavedMapping(ctx, "bureau")
	if err != nil || saved == nil || saved.Values["modalité d'accès"]["cursus b"] != "Formation initiale en apprentissage" {
		t.Fatalf("saved choices %+v %v", saved, err)
	}
	b, _ := json.Marshal(res.Values)
	if !strings.Contains(string(b), `"how":"choix"`) || !strings.Contains(string(b), `"rows":4`) {
		t.Fatalf("JSON of the values: %s", b)
	}

	// A code that is not one of the list's is refused before anything.
	_, err = db.ImportSheet(ctx, path, ImportOptions{Values: map[string]map[string]string{"Modalité d'accès": {"Cursus B": "XYZ"}}})
	if err == nil || !strings.Contains(err.Error(), "choisissez parmi") || !strings.Contains(err.Error(), "VAE (") {
		t.Fatalf("bad code: %v", err)
	}
	_, err = db.ImportSheet(ctx, path, ImportOptions{Values: map[string]map[string]string{"Mode": {"Cursus B": "VAE"}}})
	if err == nil || !strings.Contains(err.Error(), "que cette feuille n'a pas") {
		t.Fatalf("unknown column: %v", err)
	}
}

// Rows hidden or filtered out in Excel are left out and listed, unless
// the user asks for them.
func TestHiddenRowsAreLeftOutUnlessAsked(t *testing.T) {
	rows := [][]any{listHeader, listRow("Visible", "Zoé", "F", "15/11/1996"), listRow("Cache", "Léa", "F", "16/11/1996"),
		listRow("Aussi", "Ana", "F", "17/11/1996")}
	path := sheet(t, rows)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f.SetRowVisible("Sheet1", 3, false)
	f.Save()
	f.Close()

	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 2 || len(res.HiddenRows) != 1 || res.HiddenRows[0] != 3 || passages(t, db)["Cache"] != nil {
		t.Fatalf("hidden row imported or not listed: %+v", res)
	}
	if notice(res, "masquée") == "" {
		t.Fatalf("no notice of the hidden row: %q", res.Notices)
	}
	res, err = db.ImportSheet(ctx, path, ImportOptions{HiddenRows: true})
	if err != nil || res.Imported != 1 || passages(t, db)["Cache"] == nil {
		t.Fatalf("hidden row asked for: %+v %v", res, err)
	}
}

// A text-date column where some value has more than 12 first is read
// month-first for the whole column, and said so; an ambiguous column is
// read day-first, said so, and each of its dates is a risk to check.
func TestDateColumnOrder(t *testing.T) {
	path := sheet(t, [][]any{listHeader,
		listRow("Premier", "Zoé", "F", "03/04/1990"), listRow("Second", "Léa", "F", "11/25/1991")})
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := passages(t, db)["Premier"]
	if p.Holder.Text(core.KeyMois) != "3" || p.Holder.Text(core.KeyJour) != "4" {
		t.Fatalf("month-first column: 03/04/1990 read as day %s month %s", p.Holder.Text(core.KeyJour), p.Holder.Text(core.KeyMois))
	}
	if notice(res, "mois/jour/année") == "" {
		t.Fatalf("month-first reading not said: %q", res.Notices)
	}

	path = sheet(t, [][]any{listHeader,
		listRow("Trois", "Zoé", "F", "03/04/1990"), listRow("Quatre", "Léa", "F", "05/06/1991")})
	db = newDossier(t)
	res, err = db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p := passages(t, db)["Trois"]; p.Holder.Text(core.KeyJour) != "3" || p.Holder.Text(core.KeyMois) != "4" {
		t.Fatalf("ambiguous column not read day-first: %+v", p.Holder)
	}
	var risks int
	for _, e := range res.Errors {
		if e.Code == "date-ambigue" {
			risks++
		}
	}
	if risks != 2 || len(res.Notices) == 0 {
		t.Fatalf("ambiguous dates: %d risks, notices %q", risks, res.Notices)
	}
}

// Two rows of one file with the same idTechnique and two people: both
// flagged on idTechnique naming the other row, neither applied; the
// passage already in the dossier is untouched.
func TestSameIDTwoPeopleInOneFile(t *testing.T) {
	header := append(listHeader[:len(listHeader):len(listHeader)], "idTechnique")
	db := newDossier(t)
	if _, err := db.ImportSheet(ctx, sheet(t, [][]any{header, append(listRow("Ancien", "Zoé", "F", "15/11/1996"), "ID-1")}), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := db.ImportSheet(ctx, sheet(t, [][]any{header,
		append(listRow("Ancien", "Zoé", "F", "15/11/1996"), "ID-1"),
		append(listRow("Autre", "Paul", "M", "01/01/1980"), "ID-1")}), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e2, e3 := errorOn(res, 2, core.KeyIDTechnique), errorOn(res, 3, core.KeyIDTechnique)
	if e2 == nil || e3 == nil || !strings.Contains(e2.Message, "ligne 3") || !strings.Contains(e3.Message, "ligne 2") {
		t.Fatalf("both rows flagged naming each other: %+v", res.Errors)
	}
	ps := passages(t, db)
	if len(ps) != 1 || ps["Ancien"] == nil || res.Imported != 0 || res.Updated != 0 {
		t.Fatalf("a row was applied: %+v, passages %v", res, ps)
	}
}

// A known idTechnique whose row gives another person is not applied until
// the user confirms; re-importing the same file adds nothing, rows
// lacking a name or a delivery date included.
func TestIdentityChangeNeedsConfirmationAndReimportAddsNothing(t *testing.T) {
	header := append(listHeader[:len(listHeader):len(listHeader)], "idTechnique")
	first := [][]any{header,
		append(listRow("Durand", "Zoé", "F", "15/11/1996"), "ID-1"),
		{"", "Sans", "F", "01/02/1990", "31555", "RS5286", "12/05/2026"},
		{"Sansdate", "Léa", "F", "01/02/1990", "31555", "RS5286", ""},
	}
	path := sheet(t, first)
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil || res.Imported != 3 {
		t.Fatalf("first import: %+v %v", res, err)
	}
	res, err = db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil || res.Imported != 0 || len(passages(t, db)) != 3 {
		t.Fatalf("the same file again added passages: %+v %v", res, err)
	}

	married := sheet(t, [][]any{header, append(listRow("Martin", "Zoé", "F", "15/11/1996"), "ID-1")})
	res, err = db.ImportSheet(ctx, married, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := errorOn(res, 2, core.KeyNomNaissance)
	if e == nil || len(res.NotApplied) != 1 || res.Flagged != 1 || passages(t, db)["Durand"] == nil {
		t.Fatalf("identity change applied silently: %+v", res)
	}
	if !strings.Contains(e.Message, "nom de naissance") && !strings.Contains(e.Message, "Nom de naissance") {
		t.Fatalf("message does not name the change: %q", e.Message)
	}
	res, err = db.ImportSheet(ctx, married, ImportOptions{AcceptIdentityChanges: true})
	if err != nil || res.Updated != 1 || passages(t, db)["Martin"] == nil {
		t.Fatalf("confirmed change: %+v %v", res, err)
	}
}

// The émetteur and certificateur columns of a file that are not the
// dossier's are said, never applied; other sheets holding data are named.
func TestFluxColumnsAndOtherSheetsAreReported(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{append(listHeader[:len(listHeader):len(listHeader)], "Émetteur"), append(listRow("Durand", "Zoé", "F", "15/11/1996"), "99ZZZ999")}
	for _, s := range []string{"Sheet1", "Session de juin"} {
		if s != "Sheet1" {
			f.NewSheet(s)
		}
		for r, cells := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			f.SetSheetRow(s, cell, &cells)
		}
	}
	path := filepath.Join(t.TempDir(), "deux.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := notice(res, "99ZZZ999"); n == "" || !strings.Contains(n, "12ABC345") {
		t.Fatalf("other émetteur not said with the dossier's: %q", res.Notices)
	}
	if n := notice(res, "Session de juin"); n == "" {
		t.Fatalf("other sheet not named: %q", res.Notices)
	}
	if s, _ := db.Summary(ctx, fixedNow()); s.Emetteur != "12ABC345" {
		t.Fatalf("émetteur changed to %q", s.Emetteur)
	}
}

// A re-imported row whose birthplace changed gets the country code of its
// new 99XXX code, or none for a birth in France, though the sheet has no
// country-code column.
func TestReimportedBirthplaceCarriesItsCountryCode(t *testing.T) {
	header := append(listHeader[:len(listHeader):len(listHeader)], "idTechnique")
	db := newDossier(t)
	for _, c := range []struct{ insee, pays string }{{"99127", "127"}, {"99134", "134"}, {"31555", ""}} {
		row := append(listRow("Durand", "Zoé", "F", "15/11/1996"), "ID-1")
		row[4] = c.insee
		res, err := db.ImportSheet(ctx, sheet(t, [][]any{header, row}), ImportOptions{})
		if err != nil || res.Flagged != 0 {
			t.Fatalf("%s: %+v %v", c.insee, res.Errors, err)
		}
		if got := passages(t, db)["Durand"].Holder.Text(core.KeyCodePays); got != c.pays {
			t.Fatalf("born %s: country code %q, want %q", c.insee, got, c.pays)
		}
	}
}
