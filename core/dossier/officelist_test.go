package dossier

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
)

// A list of 120 graduates kept by a certifier's office: French titles
// that are not the dictionary's (« Civilité », « Né(e) le », « N°
// RNCP/RS », « Délivré le »), one birth-date column in several forms,
// the words staff type for the lists, names pasted with invisible
// characters. Only the 12 rows with a real problem are left to complete.
func TestRealisticOfficeList(t *testing.T) {
	civilites := []string{"Mme", "M.", "Madame", "Monsieur", "F", "H"}
	naissances := []any{"03/04/1990", "1er février 1990", "12 mars 1985", date(1996, 11, 15), "15/11/1996", "7 sept. 2001"}
	mentions := []string{"TB", "Très bien", "AB", "Bien", "Passable", "sans mention"}
	acces := []string{"Formation initiale en apprentissage", "formation initiale apprentissage",
		"FORMATION CONTINUE CONTRAT DE PROFESSIONNALISATION", "Formation continue hors contrat de professionnalisation", "VAE", "Candidat libre"}
	examens := []string{"présentiel", "Distanciel", "mixte", "En présentiel"}
	definitifs := []string{"oui", "X", "Vrai", "Oui"}
	noms := []string{"Dupont%d", "Martin%d\u200b", "Lefèvre%d", "\u200eDurand%d", "Petit%d\t", "Moreau%d"}
	delivre := time.Now().AddDate(0, -1, 0).Truncate(24 * time.Hour).UTC()

	rows := [][]any{{"Nom", "Prénom", "Civilité", "Né(e) le", "Code INSEE", "N° RNCP/RS", "Délivré le", "Obtention", "Mention",
		"Modalité d'accès", "Modalité examen", "Résultat définitif", "Autres prénoms"}}
	problems := map[int]string{} // spreadsheet row → field expected in error
	for i := 0; i < 120; i++ {
		row := []any{fmt.Sprintf(noms[i%len(noms)], i), "Zoé", civilites[i%len(civilites)], naissances[i%len(naissances)], "31555",
			"RNCP34825", delivre, "admission", mentions[i%len(mentions)], acces[i%len(acces)], examens[i%len(examens)], definitifs[i%len(definitifs)], ""}
		switch i % 5 {
		case 1:
			row[4] = "99127" // born in Italy: no country-code column
		case 2:
			row[5] = "rncp 34825" // typed with a space
		case 3:
			row[12] = "Marie, Claire"
		}
		sheetRow := i + 2
		switch i {
		case 7, 77:
			row[0] = ""
			problems[sheetRow] = core.KeyNomNaissance
		case 13, 83:
			row[3] = "31/02/1990"
			problems[sheetRow] = core.KeyAnnee
		case 21, 91:
			row[9] = "Formation continue" // two codes: not guessed
			problems[sheetRow] = core.KeyModaliteAcces
		case 34, 104:
			row[2] = "?"
			problems[sheetRow] = core.KeySexe
		case 45, 115:
			row[6] = nil
			problems[sheetRow] = core.KeyDateDebutValid
		case 58, 118:
			row[6] = 2024 // a year, not a date
			problems[sheetRow] = core.KeyDateDebutValid
		}
		rows = append(rows, row)
	}
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, sheet(t, rows), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unknown) != 0 || len(res.Columns) != 13 {
		t.Fatalf("columns %+v, unknown %+v", res.Columns, res.Unknown)
	}
	errorRows := map[int][]string{}
	for _, e := range res.Errors {
		if !e.Warning {
			errorRows[e.Row] = append(errorRows[e.Row], e.Field)
		}
	}
	var wrong []string
	for r, fields := range errorRows {
		if want, ok := problems[r]; !ok || !slices.Contains(fields, want) {
			wrong = append(wrong, fmt.Sprintf("row %d: %v (want %q)", r, fields, want))
		}
	}
	sort.Strings(wrong)
	if res.Rows != 120 || res.Flagged != 12 || len(errorRows) != 12 || len(wrong) > 0 {
		t.Fatalf("%d rows, %d to complete: %v", res.Rows, res.Flagged, wrong)
	}
	// Each interpretation is said once, with its count, not once per row.
	seen := map[string]bool{}
	for _, n := range res.Notices {
		if seen[n] {
			t.Errorf("notice said twice: %q", n)
		}
		seen[n] = true
	}
	for _, want := range []string{"« TB » compris comme « Très bien » : 20 ligne(s)", "« Passable » compris comme « Sans mention » : 20 ligne(s)"} {
		if !seen[want+" (colonne I « Mention »)."] {
			t.Errorf("summary lacks %q: %q", want, res.Notices)
		}
	}
	ps := passages(t, db)
	if c := ps["Lefèvre2"]; c == nil || c.CertificationID != ps["Dupont0"].CertificationID {
		t.Errorf("« rncp 34825 » not the same certification as RNCP34825")
	}
	checks := []struct {
		name, key, want string
	}{
		{"Dupont0", core.KeySexe, "F"},
		{"Martin1", core.KeyNomNaissance, "Martin1"}, // zero-width space removed
		{"Martin1", core.KeySexe, "M"},
		{"Martin1", core.KeyMois, "2"},               // 1er février 1990
		{"Durand3", core.KeyNomNaissance, "Durand3"}, // bidirectional mark removed
		{"Petit4", core.KeyNomNaissance, "Petit4"},   // tabulation removed
		{"Petit4", "mentionValidee", "SANS_MENTION"}, // « Passable »
		{"Dupont0", "mentionValidee", "MENTION_TRES_BIEN"},
		{"Dupont0", core.KeyModaliteAcces, "FORMATION_INITIALE_APPRENTISSAGE"},
		{"Martin1", core.KeyModaliteAcces, "FORMATION_INITIALE_APPRENTISSAGE"},
		{"Lefèvre2", core.KeyModaliteAcces, "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION"},
		{"Dupont0", "obtentionCertification", "PAR_ADMISSION"},
		{"Dupont0", "modalitePassageExamen", "EN_PRESENTIEL"},
		{"Martin1", "modalitePassageExamen", "A_DISTANCE"},
		{"Martin1", "donneeCertifiee", "true"},
		{"Dupont0", core.KeyDateDebutValid, delivre.Format(time.DateOnly)},
		{"Martin1", core.KeyCodePays, "127"},
		{"Martin1", core.KeyCodeInsee, "99127"},
		{"Durand3", "prenom2", "Marie"}, // i = 3
		{"Durand3", "prenom3", "Claire"},
	}
	for _, c := range checks {
		p := ps[c.name]
		if p == nil {
			t.Errorf("no passage %q", c.name)
			continue
		}
		got := p.Holder.Text(c.key)
		if f := core.FieldByKey(c.key); f.Scope == core.ScopePassage {
			got = p.Data.Text(c.key)
		}
		if got != c.want {
			t.Errorf("%s %s = %q, want %q", c.name, c.key, got, c.want)
		}
	}
}
