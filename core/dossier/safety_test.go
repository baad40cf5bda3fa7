package dossier

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/excel"
)

// Users copy, e-mail and back up the .certidepot file alone, often while
// Certidépôt is open: after each operation, that one file holds everything.
func TestDossierFileIsCompleteWhileOpen(t *testing.T) {
	d, dir := sampleDossier(t)
	if _, err := d.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot.xml")}); err != nil {
		t.Fatal(err)
	}
	// A second handle stays open, as a window would.
	other, err := Open(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Counts(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copie.certidepot")
	if err := os.WriteFile(copyPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Open(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	counts, err := c.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts[core.StatusDepose] != 42 || counts[core.StatusACompleter] != 8 {
		t.Fatalf("copy of the file alone while open: %v", counts)
	}
}

// Erasing a holder leaves no copy of their data in the file: not in free
// pages, not in the search index, not in the log.
func TestEraseLeavesNoCopyInTheFile(t *testing.T) {
	d, _ := sampleDossier(t)
	res, err := d.ImportSheet(ctx, sheet(t, [][]any{
		{"Nom de naissance", "Prénom", "Sexe", "Date de naissance", "Code INSEE", "Code certification", "Date de délivrance"},
		{"Quenouillard", "Zéphyrine", "F", date(1990, 5, 17), "31555", "RS5286", date(2026, 6, 1)},
	}), ImportOptions{})
	if err != nil || res.Imported != 1 {
		t.Fatalf("setup: %+v %v", res, err)
	}
	found, err := d.FindHolders(ctx, "Quenouillard")
	if err != nil || len(found) != 1 {
		t.Fatalf("setup: %v %v", found, err)
	}
	if _, err := d.EraseHolder(ctx, found[0].HolderID); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal"} {
		raw, err := os.ReadFile(d.Path() + suffix)
		if err != nil {
			if suffix != "" && os.IsNotExist(err) {
				continue
			}
			t.Fatal(err)
		}
		for _, s := range []string{"Quenouillard", "Zéphyrine", core.Fold("Quenouillard Zéphyrine")} {
			if bytes.Contains(raw, []byte(s)) {
				t.Errorf("%q still in %s after erasure", s, filepath.Base(d.Path()+suffix))
			}
		}
	}
	if again, _ := d.FindHolders(ctx, "Quenouillard"); len(again) != 0 {
		t.Fatalf("holder still found: %+v", again)
	}
}

// A dossier with imports, deposits and their timeline is restored whole
// (its references checked), and the state it replaced is a backup.
func TestRestoreWithImportsAndDeposits(t *testing.T) {
	db := newDossier(t)
	dir := filepath.Dir(db.Path())
	path := filepath.Join(dir, "liste.xlsx")
	if err := excel.WriteSampleList(path, 300, fixedDay); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportSheet(ctx, path, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot.xml")}); err != nil {
		t.Fatal(err)
	}
	b, err := db.BackupNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(dir, "liste-2.xlsx")
	if err := excel.WriteSampleList(second, 50, fixedDay.AddDate(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if res, err := db.ImportSheet(ctx, second, ImportOptions{}); err != nil || res.Imported != 50 {
		t.Fatalf("second import: %+v %v", res, err)
	}
	if err := db.Restore(ctx, b); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, db); c[core.StatusDepose] != 300 || c[core.StatusPret] != 0 {
		t.Fatalf("after restore: %v", c)
	}
	backups, _ := db.Backups()
	if len(backups) < 2 || !strings.Contains(backups[0].Name, "avant-restauration") {
		t.Fatalf("the replaced state was not saved first: %v", backups)
	}
}
