package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/excel"
	"github.com/certidepot/certidepot/core/store"
)

func sampleDossier(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "exemple.certidepot")
	d, err := store.CreateSample(context.Background(), path, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	return path
}

func TestOpenSampleShowsCountsAndPassages(t *testing.T) {
	u := New(test.NewTempApp(t))
	if err := u.Open(sampleDossier(t)); err != nil {
		t.Fatal(err)
	}
	defer u.closeDossier()
	if got := u.win.Title(); got != "Certidépôt — exemple.certidepot" {
		t.Errorf("title %q", got)
	}
	if got := u.home.title.Text; got != "Dossier de l'émetteur 12ABC345" {
		t.Errorf("home title %q", got)
	}
	if got := u.home.counts[core.StatusPret].Text; got != "Prêt à déposer : 42" {
		t.Errorf("ready count %q", got)
	}
	if got := u.home.counts[core.StatusACompleter].Text; got != "À compléter : 8" {
		t.Errorf("to-complete count %q", got)
	}
	if rows, cols := u.list.table.Length(); rows != 50 || cols != 5 {
		t.Fatalf("table %dx%d", rows, cols)
	}
	if got := u.list.count.Text; got != "50 passages." {
		t.Errorf("count %q", got)
	}
	// Row 3 of the sample is the holder whose sex was typed "H".
	if got := u.list.cell(widget.TableCellID{Row: 3, Col: 3}); got != "À compléter" {
		t.Errorf("status cell %q", got)
	}
	if got := u.list.cell(widget.TableCellID{Row: 3, Col: 4}); got == "" || got[:6] != "Sexe :" {
		t.Errorf("first error cell %q", got)
	}
}

func TestOpenRefusesNonDossier(t *testing.T) {
	u := New(test.NewTempApp(t))
	err := u.Open(filepath.Join(t.TempDir(), "absent.certidepot"))
	if err == nil || u.db != nil {
		t.Fatal("opened a missing dossier")
	}
	if u.home.title.Text != "Aucun dossier ouvert" {
		t.Errorf("home changed: %q", u.home.title.Text)
	}
}

func TestExportFromWindowRecordsDepositAndRefreshes(t *testing.T) {
	u := New(test.NewTempApp(t))
	if err := u.Open(sampleDossier(t)); err != nil {
		t.Fatal(err)
	}
	defer u.closeDossier()
	out := filepath.Join(t.TempDir(), "depot.xml")
	res, err := u.exportTo(out)
	if err != nil || res.Exported != 42 || len(res.Files) != 1 {
		t.Fatalf("export: %+v %v", res, err)
	}
	summary := exportSummary(res)
	for _, want := range []string{"Fichier prêt : " + out, "42 passage(s), valide au regard du XSD 1.1.2", "8 passage(s) non exporté(s) : à compléter", "Déposer un fichier XML"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if got := u.home.counts[core.StatusDepose].Text; got != "Déposé, en attente de l'accusé : 42" {
		t.Errorf("deposited count %q", got)
	}
}

func TestImportAndAccuseFromWindow(t *testing.T) {
	u := New(test.NewTempApp(t))
	if err := u.Open(sampleDossier(t)); err != nil {
		t.Fatal(err)
	}
	defer u.closeDossier()
	tpl := filepath.Join(t.TempDir(), "modele.xlsx")
	if err := excel.WriteTemplate(tpl, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); err != nil { // another example than the dossier's
		t.Fatal(err)
	}
	summary, err := u.importSpreadsheet(tpl)
	if err != nil || !strings.Contains(summary, "1 ligne(s) lue(s) : 1 passage(s) ajouté(s)") {
		t.Fatalf("import: %q %v", summary, err)
	}
	u.Refresh()
	if got := u.list.count.Text; got != "51 passages." {
		t.Errorf("count after import %q", got)
	}
	dir := t.TempDir()
	res, err := u.exportTo(filepath.Join(dir, "depot.xml"))
	if err != nil {
		t.Fatal(err)
	}
	accuse := filepath.Join(dir, "accuse.xml")
	os.WriteFile(accuse, []byte("<rapport><idFlux>"+res.Files[0].IDFlux+"</idFlux><PassagesKO><passage><idTechnique>"+firstDeposited(t, u)+
		"</idTechnique><messageErreur>Plusieurs titulaires ont été identifiés</messageErreur></passage></PassagesKO></rapport>"), 0o600)
	summary, err = u.readAccuse(accuse)
	if err != nil || !strings.Contains(summary, "0 passage(s) accepté(s), 1 rejeté(s)") || !strings.Contains(summary, "Plusieurs titulaires possibles") {
		t.Fatalf("accusé: %q %v", summary, err)
	}
}

func firstDeposited(t *testing.T, u *App) string {
	var id string
	u.db.View(context.Background(), func(tx *store.Tx) error {
		return tx.EachPassage(store.Filter{Status: core.StatusDepose}, func(p *core.Passage) error {
			if id == "" {
				id = p.IDTechnique
			}
			return nil
		})
	})
	return id
}

func TestAboutShowsVersionAndDataLicences(t *testing.T) {
	text := aboutText()
	for _, want := range []string{"Certidépôt " + core.AppVersion, "Source : Insee, Code officiel géographique", "Licence Ouverte", "ODbL"} {
		if !strings.Contains(text, want) {
			t.Errorf("À propos lacks %q", want)
		}
	}
}
