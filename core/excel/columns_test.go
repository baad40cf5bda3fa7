package excel

import (
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/geo"
)

func TestHeadersBySignificantWords(t *testing.T) {
	cases := []struct{ title, key, how string }{
		{"Nom de naissance", core.KeyNomNaissance, HowTitle},
		{"nomNaissance", core.KeyNomNaissance, HowTitle},
		{"Civilité", core.KeySexe, HowSynonym},
		{"Né(e) le", core.KeyBirthDate, HowSynonym},
		{"Délivré le", core.KeyDateDebutValid, HowWords},
		{"Délivrée le :", core.KeyDateDebutValid, HowWords},
		{"Obtenu le", core.KeyDateDebutValid, HowWords},
		{"Date d'obtention du diplôme", core.KeyDateDebutValid, HowWords},
		{"Dates de délivrance", core.KeyDateDebutValid, HowWords},
		{"Inscrit le", "dateInscription", HowWords},
		{"N° RNCP/RS", core.KeyCertCode, HowWords},
		{"Numéro RNCP", core.KeyCertCode, HowWords},
		{"N° INSEE de naissance", core.KeyCodeInsee, HowWords},
		{"Lieu naissance", core.KeyLibelleCommune, HowWords},
		{"Date de naissance du candidat", core.KeyBirthDate, HowWords},
		{"Date de naissance (jj/mm/aaaa)", core.KeyBirthDate, HowSynonym},
		{"Prénom de l'apprenant", core.KeyPrenom1, HowWords},
		{"Nom du stagiaire", core.KeyNomNaissance, HowWords},
		{"Intitulé du diplôme", core.KeyCertTitle, HowWords},
		{"N° contrat", specialFlux, HowWords},
		{"Nom de naissance (NIR)", core.KeyNomNaissanceNIR, HowTitle},
	}
	for _, c := range cases {
		tg, ok := matchHeader(c.title)
		if !ok || tg.key() != c.key || tg.how != c.how {
			t.Errorf("%q → %q %q (%v), want %q %q", c.title, tg.key(), tg.how, ok, c.key, c.how)
		}
	}
	// Words shared by several data, or naming something else, match nothing.
	for _, title := range []string{"Date", "Naissance", "Nom de l'entreprise", "Nom du formateur", "Ville", "Remarques", "Code postal", "Le"} {
		if tg, ok := matchHeader(title); ok {
			t.Errorf("%q matched %q (%s)", title, tg.key(), tg.how)
		}
	}
}

// openHead reads a real workbook's first rows and hidden columns as the
// importer does.
func openHead(t *testing.T, path string) ([][]string, []int) {
	t.Helper()
	wb, err := openWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rr, err := wb.rows(wb.sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	var head [][]string
	for len(head) < maxHeaderRows && rr.Next() {
		cells, err := rr.Cells()
		if err != nil {
			t.Fatal(err)
		}
		head = append(head, cells)
	}
	return head, wb.sheetFacts(wb.sheets[0]).hiddenCols
}

// The visible column wins over a hidden one of the same data, with a
// notice; a hidden column alone is read, with a notice too.
func TestHiddenColumnLosesToTheVisibleOne(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"Nom de naissance", "Prénom", "Date de naissance", "Nom d'usage", "Code certification", "Date de naissance"},
		{"Dupont", "Zoé", "01/01/1901", "Martin", "RS5286", "03/04/1990"},
	}
	for r, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	f.SetColVisible("Sheet1", "C:D", false)
	head, hidden := openHead(t, save(t, f, "masquee.xlsx"))
	l, ok := detectSheetLayout(head, hidden)
	if !ok {
		t.Fatal("no header")
	}
	got := map[string]column{}
	for _, c := range l.columns {
		got[c.key()] = c
	}
	if c := got[core.KeyBirthDate]; c.letter != "F" || c.hidden {
		t.Fatalf("birth date read from %+v", c)
	}
	if len(l.duplicate) != 1 || l.duplicate[0].letter != "C" || !l.duplicate[0].hidden {
		t.Fatalf("duplicates %+v", l.duplicate)
	}
	if c := got[core.KeyNomUsage]; c.letter != "D" || !c.hidden {
		t.Fatalf("hidden column alone: %+v", c)
	}
	notices := strings.Join(layoutNotices(l), "\n")
	for _, want := range []string{"Colonne C « Date de naissance » masquée dans Excel : la colonne visible F « Date de naissance »",
		"Colonne D « Nom d'usage » masquée dans Excel : elle est lue (Nom d'usage)"} {
		if !strings.Contains(notices, want) {
			t.Errorf("notices lack %q:\n%s", want, notices)
		}
	}
	// Without the hidden columns, the first one wins, as before.
	if l, _ := detectSheetLayout(head, nil); l.columns[2].letter != "C" {
		t.Errorf("no hidden column: %+v", l.columns[2])
	}
}

// guessed reads a real workbook's headers, guesses the unknown columns
// and returns the columns read by header.
func guessed(t *testing.T, rows [][]any) (map[string]column, layout) {
	t.Helper()
	head, hidden := openHead(t, sheet(t, rows))
	l, ok := detectSheetLayout(head, hidden)
	if !ok {
		t.Fatal("no header")
	}
	l = guessColumns(l, head, geo.Codes{})
	got := map[string]column{}
	for _, c := range l.columns {
		got[c.header] = c
	}
	return got, l
}

// Unknown titles are proposed for the field their values fit, only when
// one field fits clearly and no other column gives it.
func TestColumnsGuessedFromTheirValues(t *testing.T) {
	got, l := guessed(t, [][]any{
		{"Nom de naissance", "Prénom", "Prénom 2", "Nom d'usage", "Fiche", "Civ.", "Lieu", "Appréciation"},
		{"Dupont", "Zoé", "", "", "RNCP34825", "Mme", "99134", "TB"},
		{"Martin", "Paul", "", "", "RS5286", "M.", "75056", "AB"},
		{"Durand", "Léa", "", "", "rncp 1234", "Madame", "2A004", "Très bien"},
		{"Petit", "Jean", "", "", "RS5286", "Monsieur", "31555", "Passable"},
	})
	want := map[string]string{
		"Fiche":        core.KeyCertCode,
		"Civ.":         core.KeySexe,
		"Lieu":         core.KeyCodeInsee,
		"Appréciation": "mentionValidee",
	}
	for header, key := range want {
		if c, ok := got[header]; !ok || c.key() != key || c.how != HowValues {
			t.Errorf("%s: %+v, want %s guessed from values", header, c.target, key)
		}
	}
	notices := strings.Join(layoutNotices(l), "\n")
	if !strings.Contains(notices, "Colonne E « Fiche » : titre inconnu, lue comme « Code de la certification » d'après ses valeurs ; vérifiez.") {
		t.Errorf("notices:\n%s", notices)
	}

	// Not guessed: recent dates (five dates of a passage fit), postal codes,
	// numbers only, three columns fitting the birth date, too few values,
	// yes/no (any boolean question), town names.
	got, _ = guessed(t, [][]any{
		{"Nom de naissance", "Prénom", "Prénom 2", "Prénom 3", "Nom d'usage", "Option", "Score", "Commentaire", "Mention",
			"Jury", "Codes", "Sx", "Quand", "Naiss. 2", "Naiss. 3", "Peu", "Suivi", "Remarque"},
		{"Dupont", "Zoé", "", "", "", "", "", "", "", "12/05/2025", "31000", "1", "01/02/1990", "01/02/1990", "01/02/1990", "RS5286", "Oui", "Toulouse"},
		{"Martin", "Paul", "", "", "", "", "", "", "", "12/05/2025", "75001", "2", "15/03/1985", "15/03/1985", "15/03/1985", "", "Non", "Paris"},
		{"Durand", "Léa", "", "", "", "", "", "", "", "13/05/2025", "69003", "1", "1er mars 1999", "1er mars 1999", "1er mars 1999", "", "Oui", "Lyon"},
		{"Petit", "Jean", "", "", "", "", "", "", "", "14/05/2025", "13001", "2", date(1980, 7, 14), "14/07/1980", "14/07/1980", "", "Non", "Nice"},
	})
	for _, header := range []string{"Jury", "Codes", "Sx", "Quand", "Naiss. 2", "Naiss. 3", "Peu", "Suivi", "Remarque"} {
		if c, ok := got[header]; ok {
			t.Errorf("%s guessed as %s", header, c.key())
		}
	}

	// A lone column of old dates is the birth date; not once the birth
	// date has a titled column.
	rows := [][]any{{"Nom de naissance", "Prénom", "Quand"}, {"A", "B", "01/02/1990"}, {"C", "D", date(1985, 3, 15)}, {"E", "F", "1er mars 1999"}}
	if got, _ := guessed(t, rows); got["Quand"].key() != core.KeyBirthDate {
		t.Errorf("birth date column: %+v", got["Quand"])
	}
	rows[0] = append(rows[0], "Année de naissance")
	if got, _ := guessed(t, rows); got["Quand"].key() != "" {
		t.Errorf("birth date already given: %+v", got["Quand"])
	}
}

// An office's list with more columns of its own than of the CDC's still
// has its titles found: five recognised titles make a header row.
func TestHeadersAmongManyOtherColumns(t *testing.T) {
	head := []string{"Nom de naissance", "Prénom", "Sexe", "Code certification", "Date de délivrance"}
	for i := 0; i < 12; i++ {
		head = append(head, "Suivi interne "+strconv.Itoa(i))
	}
	data := []string{"Martin", "Paul", "M", "RS5286", "12/05/2026"}
	l, ok := detectSheetLayout([][]string{head, data}, nil)
	if !ok || l.dataStart != 2 {
		t.Fatalf("headers not found among %d columns: %+v", len(head), l)
	}
	// Two titles among many other cells are not enough: that row may be a
	// title or data.
	if _, ok := detectSheetLayout([][]string{{"Nom", "Prénom", "a", "b", "c", "d", "e"}}, nil); ok {
		t.Fatal("a row with 2 titles among 7 cells taken for headers")
	}
}
