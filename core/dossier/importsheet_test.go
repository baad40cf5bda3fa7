package dossier

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/excel"
	"github.com/certidepot/certidepot/core/store"
)

func newDossier(t testing.TB) *Dossier {
	t.Helper()
	db, err := Create(ctx, filepath.Join(t.TempDir(), "d.certidepot"), Organisation{Emetteur: "12ABC345", Contrat: "MCFCER000123"})
	if err != nil {
		t.Fatal(err)
	}
	db.Now = fixedNow
	t.Cleanup(func() { db.Close() })
	return db
}

// sheet writes an .xlsx whose cells are given row by row; time.Time values
// become real Excel dates, numbers real numbers.
func sheet(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateFmt := "dd/mm/yyyy"
	ds, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	for r, cells := range rows {
		for c, v := range cells {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
			if _, ok := v.(time.Time); ok {
				f.SetCellStyle("Sheet1", cell, cell, ds)
			}
		}
	}
	p := filepath.Join(t.TempDir(), "diplomes.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func passages(t *testing.T, db *Dossier) map[string]*core.Passage {
	t.Helper()
	out := map[string]*core.Passage{}
	err := db.db.View(ctx, func(tx *store.Tx) error {
		return tx.EachPassage(store.Filter{}, func(p *core.Passage) error { out[p.Holder.Text(core.KeyNomNaissance)] = p; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTemplateIsCompleteAndImportsItsExample(t *testing.T) {
	path := filepath.Join(t.TempDir(), "modele.xlsx")
	if err := excel.WriteTemplate(path, date(2026, 11, 22)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Passages,Listes,Lisez-moi" {
		t.Fatalf("sheets %v", got)
	}
	headers, _ := f.GetRows("Passages")
	if headers[0][0] != "Type de certification" || headers[0][3] != "Nom de naissance" {
		t.Fatalf("headers %v", headers[0][:5])
	}
	for _, fl := range core.Fields() {
		if fl.Scope == core.ScopeFlux || fl.Scope == core.ScopeEmetteur || fl.Scope == core.ScopeCertificateur {
			continue
		}
		found := false
		for _, h := range headers[0] {
			found = found || h == fl.Label
		}
		if !found {
			t.Errorf("template lacks a column for %s", fl.Key)
		}
	}
	dvs, _ := f.GetDataValidations("Passages")
	enums := 0
	for _, fl := range core.Fields() {
		if (fl.Kind == core.KindEnum || fl.Kind == core.KindBool || fl.Kind == core.KindChoice) && fl.Scope >= core.ScopeCertification {
			enums++
		}
	}
	if len(dvs) != enums {
		t.Errorf("%d drop-down lists for %d enumerations", len(dvs), enums)
	}
	panes, _ := f.GetPanes("Passages")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v", panes)
	}
	readme, _ := f.GetRows("Lisez-moi")
	if len(readme) < 40 || readme[2][2] != "Signification" {
		t.Errorf("Lisez-moi sheet: %d rows", len(readme))
	}

	// The example person is never declared: a row the user forgot.
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 0 || res.Imported != 0 || len(res.Notices) == 0 || !strings.Contains(res.Notices[0], "personne d'exemple du modèle (Martin Marie-Hélène, ligne 2) n'a pas été importée") {
		t.Fatalf("template example left in: %+v", res)
	}
	// The same row for a real person: every column of the template reads
	// back, the passage ready.
	f.SetCellValue("Passages", "F2", "Hélène")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	res, err = db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 1 || res.Imported != 1 || res.Flagged != 0 || len(res.Unknown) != 0 {
		t.Fatalf("template row import: %+v", res)
	}
}

// Two rows of one file for the same passage (same person, certification
// and date of delivery, without idTechnique): the first is imported, the
// later ones are not applied and are named, rather than replacing the
// first in silence (« last one wins »).
func TestDuplicateRowsInOneFileNotMerged(t *testing.T) {
	head := []any{"Nom", "Prénom", "Date de naissance", "Sexe", "Code INSEE lieu de naissance", "Code certification", "Date de délivrance", "Mention"}
	row := func(nom, prenom, mention string) []any {
		return []any{nom, prenom, "03/07/1990", "F", "31555", "RNCP34825", "12/05/2026", mention}
	}
	path := sheet(t, [][]any{head, row("Lefèvre", "Hélène", "Bien"), row("Lefèvre", "Hélène", "Bien"),
		row("Durand", "Léa", "Bien"), row("  lefèvre ", "HÉLÈNE", "Très bien")})
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 2 || res.Updated != 0 || !slices.Equal(res.NotApplied, []int{3, 5}) {
		t.Fatalf("imported %d, updated %d, not applied %v", res.Imported, res.Updated, res.NotApplied)
	}
	for _, e := range res.Errors {
		if (e.Row == 3 || e.Row == 5) && !strings.Contains(e.Message, "même passage que la ligne 2") {
			t.Errorf("row %d: %s", e.Row, e.Message)
		}
	}
	if p := passages(t, db)["Lefèvre"]; p == nil || p.Data.Text("mentionValidee") != "MENTION_BIEN" || p.Source.Row != 2 {
		t.Fatalf("the first row's passage changed: %+v", p)
	}
}

func TestImportFrenchHeadersConvertsAndFlags(t *testing.T) {
	path := sheet(t, [][]any{
		{"NOM", "Prénom", "Date de naissance", "Sexe", "Code INSEE lieu de naissance", "Code certification", "Date de délivrance", "Mention", "Remarques", "idFlux"},
		{"Dupont", "Antoine", date(1996, 11, 15), "Homme", 31555, "RNCP34825", date(2026, 6, 30), "Assez bien", "ok", "x"},
		{"\u00a0Lefèvre ", "Zoé", "03/04/1990", "F", 6088, "RNCP34825", "12/05/2026", "", "", ""},
		{"Martin", "Paul", "1985-02-30", "X", "31555", "RS5286", "nil", "Très bien", "", ""},
		{nil, nil, nil, nil, nil, nil, nil, nil, nil, nil},
		{"Nil", "Léa", date(2001, 1, 2), "F", "99109", "RS5286", date(2026, 7, 1), nil, nil, nil},
	})
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 4 || res.Imported != 4 || res.Flagged != 2 {
		t.Fatalf("counts: rows %d imported %d flagged %d\n%+v", res.Rows, res.Imported, res.Flagged, res.Errors)
	}
	if len(res.Unknown) != 1 || res.Unknown[0].Letter != "I" || len(res.Ignored) != 1 || res.Ignored[0].Header != "idFlux" {
		t.Fatalf("columns: unknown %+v ignored %+v", res.Unknown, res.Ignored)
	}
	notices := strings.Join(res.Notices, "\n")
	for _, want := range []string{"06088", "code du pays de naissance repris", "« Homme » compris comme « Masculin » : 1 ligne(s)", "« X » n'est pas une valeur reconnue"} {
		if !strings.Contains(notices, want) {
			t.Errorf("notices lack %q:\n%s", want, notices)
		}
	}
	hasDefault := false
	for _, d := range res.Defaults {
		hasDefault = hasDefault || d.Field == "donneeCertifiee" && d.Value == "Oui"
	}
	if !hasDefault {
		t.Fatalf("defaults: %+v", res.Defaults)
	}
	ps := passages(t, db)
	d := ps["Dupont"]
	if d.Status != core.StatusPret || d.Holder.Text(core.KeyAnnee) != "1996" || d.Holder.Text(core.KeyMois) != "11" || d.Holder.Text(core.KeyJour) != "15" ||
		d.Holder.Text(core.KeySexe) != "M" || d.Data.Text(core.KeyDateDebutValid) != "2026-06-30" || d.Data.Text("mentionValidee") != "MENTION_ASSEZ_BIEN" ||
		d.Source == nil || d.Source.Row != 2 || d.Source.Sheet != "Sheet1" || d.Source.File != "diplomes.xlsx" {
		t.Fatalf("Dupont: %s %v %v %+v", d.Status, d.Holder, d.Data, d.Source)
	}
	l := ps["Lefèvre"]
	if l.Holder.Text(core.KeyCodeInsee) != "06088" || l.Holder.Text(core.KeyMois) != "4" || l.Data.Text(core.KeyDateDebutValid) != "2026-05-12" || !l.Data.Get("mentionValidee").Nil {
		t.Fatalf("Lefèvre: %v %v", l.Holder, l.Data)
	}
	// Row 4: impossible birth date kept as typed, sex X, delivery "nil".
	want := map[string]string{core.KeyAnnee: "C", core.KeySexe: "D", core.KeyDateDebutValid: "G"}
	for _, e := range res.Errors {
		if e.Row == 4 {
			if col, ok := want[e.Field]; ok && col == e.Column {
				delete(want, e.Field)
			}
		}
	}
	if len(want) != 0 {
		t.Fatalf("row 4 errors not placed: missing %v in %+v", want, res.Errors)
	}
	// Row 6: born abroad without a country code column: the code is
	// certain from the 99XXX code, derived and said once.
	if n := ps["Nil"]; n == nil || n.Holder.Text(core.KeyCodePays) != "109" {
		t.Fatalf("row 6: %+v", n)
	}
	found := false
	for _, dv := range res.Derived {
		found = found || dv.Row == 6 && dv.Field == core.KeyCodePays && dv.Value == "109"
	}
	if !found {
		t.Fatalf("row 6 derivation: %+v", res.Derived)
	}
	if c := ps["Martin"]; c == nil || c.Holder.Text(core.KeyAnnee) != "1985-02-30" {
		t.Fatalf("unparseable birth date not kept as typed: %v", c)
	}
}

func TestImportMultiRowHeadersWithXMLNames(t *testing.T) {
	path := sheet(t, [][]any{
		{"BLOC 4 : CERTIFICATION", nil, "BLOC 8 : TITULAIRE", nil, nil, nil, nil, nil, "BLOC 5"},
		{"4.1", "4.2", "8.1", "8.3", "8.6", "8.7", "8.8", "8.9", 5.1},
		{"Type", "Code", "Nom de naissance", "Prénom 1", "Année", "Mois", "Jour", "Sexe", "Date de délivrance"},
		{"type", "code", "nomNaissance", "prenom1", "anneeNaissance", "moisNaissance", "jourNaissance", "sexe", "dateDebutValidite"},
		{"RS", "RS5286", "Garnier", "Noé", 1990, 3, 4, "M", date(2026, 9, 1)},
		{"RS", "RS5286", "Morel", "Inès", "1992", "", "", "F", "2026-09-02"},
	})
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 2 || res.Imported != 2 || len(res.Columns) != 9 {
		t.Fatalf("%+v", res)
	}
	g := passages(t, db)["Garnier"]
	if g.Data.Text(core.KeyDateDebutValid) != "2026-09-01" || g.Holder.Text(core.KeyMois) != "3" || g.Source.Row != 5 {
		t.Fatalf("Garnier: %v %v", g.Data, g.Holder)
	}
	m := passages(t, db)["Morel"]
	if !m.Holder.Get(core.KeyMois).Nil || !m.Holder.Get(core.KeyJour).Nil {
		t.Fatalf("empty nillable cells must mean unknown: %v", m.Holder)
	}
}

func TestReimportUpdatesAndUndo(t *testing.T) {
	rows := [][]any{
		{"Nom de naissance", "Prénom", "Sexe", "Date de naissance", "Code INSEE", "Code certification", "Date de délivrance"},
		{"Durand", "Julie", "F", date(1990, 5, 17), "31555", "RNCP34825", date(2026, 6, 1)},
		{"Roux", "Hugo", "M", date(1988, 1, 2), "33063", "RNCP34825", date(2026, 6, 1)},
	}
	db := newDossier(t)
	first, err := db.ImportSheet(ctx, sheet(t, rows), ImportOptions{})
	if err != nil || first.Imported != 2 {
		t.Fatalf("first: %+v %v", first, err)
	}
	again, err := db.ImportSheet(ctx, sheet(t, rows), ImportOptions{})
	if err != nil || again.Imported != 0 || again.Unchanged != 2 {
		t.Fatalf("same file again: %+v %v", again, err)
	}
	rows[2][4] = "33000" + "" // fixed INSEE code
	rows[2][4] = "33065"
	rows = append(rows, []any{"Blanc", "Léo", "M", date(1999, 9, 9), "75115", "RNCP34825", date(2026, 6, 1)})
	second, err := db.ImportSheet(ctx, sheet(t, rows), ImportOptions{})
	if err != nil || second.Imported != 1 || second.Updated != 1 || second.Unchanged != 1 {
		t.Fatalf("changed file: %+v %v", second, err)
	}
	if got := passages(t, db)["Roux"].Holder.Text(core.KeyCodeInsee); got != "33065" {
		t.Fatalf("update not applied: %s", got)
	}
	var removed, restored int
	err = db.db.Update(ctx, func(tx *store.Tx) error {
		removed, restored, err = tx.UndoImport(second.ImportID)
		return err
	})
	if err != nil || removed != 1 || restored != 1 {
		t.Fatalf("undo: %d %d %v", removed, restored, err)
	}
	ps := passages(t, db)
	if len(ps) != 2 || ps["Roux"].Holder.Text(core.KeyCodeInsee) != "33063" {
		t.Fatalf("after undo: %d passages, Roux %v", len(ps), ps["Roux"].Holder)
	}
	if err := db.db.Update(ctx, func(tx *store.Tx) error { _, _, err := tx.UndoImport(second.ImportID); return err }); err == nil {
		t.Fatal("an import was undone twice")
	}
}

func TestImportCSVWindows1252(t *testing.T) {
	body := "Nom;Prénom;Sexe;Date de naissance;Code INSEE;Code certification;Date de délivrance\r\nLefèvre;Zoé;F;03/04/1990;31555;RS5286;12/05/2026\r\n"
	var b []byte
	for _, r := range body {
		switch r {
		case 'è':
			b = append(b, 0xE8)
		case 'é':
			b = append(b, 0xE9)
		default:
			b = append(b, byte(r))
		}
	}
	p := filepath.Join(t.TempDir(), "liste.csv")
	os.WriteFile(p, b, 0o600)
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, p, ImportOptions{})
	if err != nil || res.Imported != 1 || res.Flagged != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	if _, ok := passages(t, db)["Lefèvre"]; !ok {
		t.Fatal("Windows-1252 name not decoded")
	}
}

func TestImportRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	cases := map[string]string{
		write("ancien.xls", ole):                           "Excel 97-2003",
		write("protege.xlsx", ole):                         "mot de passe",
		write("corrompu.xlsx", []byte("PK\x03\x04abcdef")): "endommagé",
		write("texte.xlsx", []byte("bonjour")):             "n'est pas un classeur",
		write("calc.ods", []byte("PK\x03\x04")):            "OpenDocument",
		filepath.Join(dir, "absent.xlsx"):                  "n'existe pas",
		sheet(t, [][]any{{"a", "b"}, {"1", "2"}}):          "aucune ligne d'en-têtes reconnue",
	}
	db := newDossier(t)
	for path, want := range cases {
		_, err := db.ImportSheet(ctx, path, ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v (want %q)", filepath.Base(path), err, want)
		}
	}
	if ps := passages(t, db); len(ps) != 0 {
		t.Fatal("a refused file changed the dossier")
	}
	if _, err := db.ImportSheet(ctx, sheet(t, [][]any{{"Nom", "Prénom"}, {"A", "B"}}), ImportOptions{Sheet: "Feuil9"}); err == nil || !strings.Contains(err.Error(), "pas de feuille « Feuil9 »") {
		t.Errorf("unknown sheet: %v", err)
	}
}

func TestExportToFixRoundTrip(t *testing.T) {
	db := newDossier(t)
	_, err := db.ImportSheet(ctx, sheet(t, [][]any{
		{"Nom de naissance", "Prénom", "Sexe", "Date de naissance", "Code INSEE", "Code certification", "Date de délivrance"},
		{"Durand", "Julie", "H?", date(1990, 5, 17), "31555", "RNCP34825", date(2026, 6, 1)},
		{"Roux", "Hugo", "M", date(1988, 1, 2), "33063", "RNCP34825", date(2026, 6, 1)},
	}), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "a-corriger.xlsx")
	n, err := db.ExportToFix(ctx, out)
	if err != nil || n != 1 {
		t.Fatalf("export to fix: %d %v", n, err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Passages")
	last := rows[0][len(rows[0])-1]
	if last != "Erreurs à corriger" || !strings.Contains(rows[1][len(rows[1])-1], "Sexe") {
		t.Fatalf("errors column: %q / %q", last, rows[1][len(rows[1])-1])
	}
	// Fix the cell in "Excel" and import again: the passage is updated.
	header := rows[0]
	for i, h := range header {
		if h == core.FieldByKey(core.KeySexe).Label {
			cell, _ := excelize.CoordinatesToCellName(i+1, 2)
			f.SetCellValue("Passages", cell, "Féminin")
		}
	}
	f.Save()
	f.Close()
	res, err := db.ImportSheet(ctx, out, ImportOptions{})
	if err != nil || res.Updated != 1 || res.Imported != 0 || res.Flagged != 0 {
		t.Fatalf("re-import of the corrected file: %+v %v", res, err)
	}
	if p := passages(t, db)["Durand"]; p.Status != core.StatusPret || p.Holder.Text(core.KeySexe) != "F" {
		t.Fatalf("after correction: %s %v", p.Status, p.Holder)
	}
}

// Birthplaces given by name, postal code or country are turned into INSEE
// codes for the date of birth, and each derivation is listed.
func TestImportDerivesBirthplaceCodes(t *testing.T) {
	path := sheet(t, [][]any{
		{"Nom de naissance", "Prénom", "Sexe", "Date de naissance", "Commune de naissance", "Code postal de naissance", "Pays de naissance", "Code certification", "Date de délivrance"},
		{"Annecy", "Léa", "F", date(1990, 5, 17), "Annecy-le-Vieux", nil, nil, "RS5286", date(2026, 6, 1)},
		{"Toulouse", "Tom", "M", date(1991, 5, 17), nil, "31000", nil, "RS5286", date(2026, 6, 1)},
		{"Berlin", "Ben", "M", date(1992, 5, 17), "Berlin", nil, "Allemagne", "RS5286", date(2026, 6, 1)},
		{"Bonn", "Bea", "F", date(1975, 5, 17), "Bonn", nil, "Allemagne de l'Ouest", "RS5286", date(2026, 6, 1)},
		{"Homonyme", "Hugo", "M", date(1990, 5, 17), "Saint-Denis", nil, nil, "RS5286", date(2026, 6, 1)},
	})
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ps := passages(t, db)
	want := map[string][2]string{"Annecy": {"74011", ""}, "Toulouse": {"31555", ""}, "Berlin": {"99109", "109"}, "Bonn": {"99142", "142"}}
	for name, w := range want {
		h := ps[name].Holder
		if h.Text(core.KeyCodeInsee) != w[0] || h.Text(core.KeyCodePays) != w[1] || ps[name].Status != core.StatusPret {
			t.Errorf("%s: %v %s %v", name, h, ps[name].Status, ps[name].Issues)
		}
	}
	if ps["Toulouse"].Holder.Text(core.KeyCodePostal) != "" {
		t.Error("postal code kept beside the derived INSEE code")
	}
	if ps["Homonyme"].Holder.Text(core.KeyCodeInsee) != "" || ps["Homonyme"].Status != core.StatusACompleter {
		t.Errorf("an ambiguous commune name must not be guessed: %v", ps["Homonyme"].Holder)
	}
	if len(res.Derived) != 6 || len(res.Notices) != 5 { // with the certification the import added
		t.Fatalf("derived %+v\nnotices %v", res.Derived, res.Notices)
	}
}

// The user corrects the automatic mapping, saves it, and the next import
// of a similar sheet uses it.
func TestMappingCorrectionIsSavedForNextTime(t *testing.T) {
	rows := [][]any{
		{"Nom JF", "Prénom", "Sexe", "Date de naissance", "Code INSEE", "Code certification", "Date de délivrance", "Nom"},
		{"Durand", "Julie", "F", date(1990, 5, 17), "31555", "RS5286", date(2026, 6, 1), "Martin"},
	}
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, sheet(t, rows), ImportOptions{
		Mapping:     map[string]string{"Nom JF": core.KeyNomNaissance, "Nom": core.KeyNomUsage},
		SaveMapping: "diplomes",
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 1 || res.Flagged != 0 {
		t.Fatalf("%+v", res)
	}
	p := passages(t, db)["Durand"]
	if p == nil || p.Holder.Text(core.KeyNomUsage) != "Martin" {
		t.Fatalf("mapping not applied: %v", p)
	}
	rows[1][0], rows[1][1] = "Roux", "Léa"
	res, err = db.ImportSheet(ctx, sheet(t, rows), ImportOptions{UseMapping: "diplomes"})
	if err != nil || res.Imported != 1 {
		t.Fatalf("saved mapping: %+v %v", res, err)
	}
	if p := passages(t, db)["Roux"]; p == nil || p.Holder.Text(core.KeyNomUsage) != "Martin" {
		t.Fatalf("saved mapping not applied: %v", p)
	}
	if _, err := db.ImportSheet(ctx, sheet(t, rows), ImportOptions{Mapping: map[string]string{"Nom": "inconnu"}}); err == nil {
		t.Fatal("unknown field accepted in a mapping")
	}
}

func TestCancelledImportChangesNothing(t *testing.T) {
	db := newDossier(t)
	c, cancel := context.WithCancel(ctx)
	cancel()
	_, err := db.ImportSheet(c, sheet(t, [][]any{{"Nom", "Prénom", "Code certification"}, {"A", "B", "RS5286"}}), ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "import annulé : rien n'a été modifié") {
		t.Fatalf("cancel: %v", err)
	}
	if len(passages(t, db)) != 0 {
		t.Fatal("a cancelled import left passages")
	}
}

// Imported passages' timelines say where they came from.
func TestImportWritesTimeline(t *testing.T) {
	db := newDossier(t)
	if _, err := db.ImportSheet(ctx, sheet(t, [][]any{
		{"Nom de naissance", "Prénom", "Sexe", "Code certification"},
		{"Durand", "Julie", "F", "RS5286"},
		{"Roux", "Hugo", "M", "RS5286"},
	}), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	p := passages(t, db)["Roux"]
	var events []store.Event
	db.db.View(ctx, func(tx *store.Tx) (err error) { events, err = tx.Events(p.ID); return err })
	if len(events) != 1 || events[0].Kind != core.EventImported || events[0].Detail != "diplomes.xlsx, feuille Sheet1, ligne 3" {
		t.Fatalf("timeline %+v", events)
	}
}

// A certification the import adds to the dossier is named: a code typed
// wrong (RNCP99999) would otherwise become a certification without a word.
func TestImportNamesTheCertificationsItAdds(t *testing.T) {
	head := []any{"Nom", "Prénom", "Date de naissance", "Sexe", "Code INSEE lieu de naissance", "Code certification", "Date de délivrance"}
	db := newDossier(t)
	first := sheet(t, [][]any{head, {"Martin", "Paul", "03/07/1990", "M", "31555", "RS5286", "12/05/2026"}})
	if _, err := db.ImportSheet(ctx, first, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	second := sheet(t, [][]any{head, {"Durand", "Léa", "03/07/1991", "F", "31555", "RS5286", "12/05/2026"},
		{"Petit", "Inès", "03/07/1992", "F", "31555", "RNCP99999", "12/05/2026"}})
	res, err := db.ImportSheet(ctx, second, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var said []string
	for _, n := range res.Notices {
		if strings.HasPrefix(n, "Certification(s) ajoutée(s)") {
			said = append(said, n)
		}
	}
	if len(said) != 1 || !strings.Contains(said[0], "RNCP99999 (sans intitulé)") || strings.Contains(said[0], "RS5286") {
		t.Fatalf("notices: %q", res.Notices)
	}
}

// In the window the import's messages name the window's steps; on the
// command line, the options.
func TestImportMessagesSpeakToTheirUser(t *testing.T) {
	path := sheet(t, [][]any{
		{"Nom", "Prénom", "Date de naissance", "Sexe", "Code INSEE lieu de naissance", "Code certification", "Date de délivrance", "Mention"},
		{"Martin", "Paul", "03/07/1990", "M", "31555", "RS5286", "12/05/2026", "Excellentissime"},
	})
	for _, window := range []bool{true, false} {
		res, err := newDossier(t).ImportSheet(ctx, path, ImportOptions{Window: window})
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(res.Notices, "\n")
		if !strings.Contains(all, "Excellentissime") {
			t.Fatalf("no notice for the unknown value: %s", all)
		}
		if window && (strings.Contains(all, "--") || !strings.Contains(all, "étape des valeurs de l'import")) {
			t.Errorf("window: %s", all)
		}
		if !window && !strings.Contains(all, `--valeur "Mention:Excellentissime=CODE"`) {
			t.Errorf("command line: %s", all)
		}
	}
}

// A column correction for a title the sheet does not have is refused,
// naming the sheet's titles, rather than ignored in silence.
func TestMappingForAnAbsentColumnRefused(t *testing.T) {
	path := sheet(t, [][]any{
		{"Nom", "Prénom", "Date de naissance", "Sexe", "Code INSEE lieu de naissance", "Code certification", "Date de délivrance"},
		{"Martin", "Paul", "03/07/1990", "M", "31555", "RS5286", "12/05/2026"},
	})
	db := newDossier(t)
	_, err := db.ImportSheet(ctx, path, ImportOptions{Mapping: map[string]string{"Nom JF": core.KeyNomNaissance}})
	if err == nil || !strings.Contains(err.Error(), "la feuille n'a pas de colonne « Nom JF » ; ses titres sont « Nom »") {
		t.Fatalf("got %v", err)
	}
	if c := counts(t, db); len(c) != 0 {
		t.Fatalf("something was imported: %v", c)
	}
	if _, err := db.ImportSheet(ctx, path, ImportOptions{Mapping: map[string]string{"nom": core.KeyNomNaissance}}); err != nil {
		t.Fatalf("a title of the sheet, in other case: %v", err)
	}
}
