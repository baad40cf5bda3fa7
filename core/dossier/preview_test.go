package dossier

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
)

func TestNextStep(t *testing.T) {
	for _, c := range []struct {
		s    Summary
		want Step
		n    int
	}{
		{Summary{Counts: map[core.Status]int{}}, StepImport, 0},
		{Summary{Counts: map[core.Status]int{core.StatusACompleter: 8, core.StatusPret: 42}}, StepFix, 8},
		{Summary{Counts: map[core.Status]int{core.StatusRejete: 2, core.StatusPret: 42}}, StepRejects, 2},
		{Summary{Counts: map[core.Status]int{core.StatusPret: 42}, AwaitingAccuse: 1}, StepDeposit, 42},
		{Summary{Counts: map[core.Status]int{core.StatusDepose: 42}, AwaitingAccuse: 1}, StepAccuse, 1},
		{Summary{Counts: map[core.Status]int{core.StatusAccepte: 42}}, StepNothing, 0},
	} {
		if got, n := c.s.Next(); got != c.want || n != c.n {
			t.Errorf("%+v: %s %d, want %s %d", c.s.Counts, got, n, c.want, c.n)
		}
	}
}

func TestPreviewColumnsAndValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "liste.csv")
	os.WriteFile(path, []byte("Nom;Prénom;Sexe;Date de naissance;Code INSEE;Code certification;Date de délivrance;Remarque\n"+
		"Garcia;Inès;F;03/04/1990;31555;RS5286;12/05/2026;ok\nLopez;Tom;X;04/05/1991;31555;RS5286;2026-05-12T00:00:00Z;à voir\nDurand;Léa;Femme;05/06/1992;31555;RS5286;12/05/2026;\n"), 0o600)
	cols, err := PreviewColumns(path, "", nil, 5)
	if err != nil || len(cols) != 8 {
		t.Fatalf("preview: %+v %v", cols, err)
	}
	got := map[string][]string{}
	for _, c := range cols {
		got[c.Header] = c.Samples
	}
	for h, want := range map[string]string{"Sexe": "Féminin|X|Féminin", "Date de naissance": "03/04/1990|04/05/1991|05/06/1992",
		"Remarque": "ok|à voir|", "Date de délivrance": "12/05/2026|12/05/2026|12/05/2026"} {
		if strings.Join(got[h], "|") != want {
			t.Errorf("%s: %q, want %q", h, got[h], want)
		}
	}
	if cols[7].Header != "Remarque" || !cols[7].Ignored || cols[0].Ignored {
		t.Errorf("order or ignored: %+v", cols)
	}
	vals, err := ReadSheetValues(ctx, path, "", nil, nil, nil)
	if err != nil || len(vals.Columns) != 1 || vals.Columns[0].Field != core.KeySexe {
		t.Fatalf("values: %+v %v", vals, err)
	}
	v := vals.Columns[0].Values
	if len(v) != 3 || v[0].Value != "F" || v[0].Rows != 1 || v[0].Code != "F" || v[0].Label != "Féminin" ||
		v[1].Value != "Femme" || v[1].Code != "F" || v[2].Value != "X" || v[2].Code != "" || v[2].How != "inconnu" {
		t.Fatalf("sexe values, as typed: %+v", v)
	}
	// A choice given for « X » reads it so, marked as the user's.
	vals, err = ReadSheetValues(ctx, path, "", nil, map[string]map[string]string{"Sexe": {"x": "M"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range vals.Columns[0].Values {
		if x.Value == "X" && (x.Code != "M" || x.How != "choix") {
			t.Fatalf("chosen value: %+v", x)
		}
	}
}
