package dossier

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/store"
)

// officialExample returns the CDC's example deposit with LF line ends.
func officialExample(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(refDir + "example-1.1.2-officiel-v2.0.0.xml")
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// emptyDossier is a dossier with no organisation yet, as importing a
// deposit file may start from.
func emptyDossier(t testing.TB, path string) *Dossier {
	t.Helper()
	v := NewValidator()
	db, err := store.Create(path, v)
	if err != nil {
		t.Fatal(err)
	}
	d := &Dossier{db: db, validator: v, Now: fixedNow}
	t.Cleanup(func() { d.Close() })
	return d
}

// The official example imports, exports and reads back to the same data.
func TestOfficialExampleRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "exemple.xml")
	os.WriteFile(src, []byte(officialExample(t)), 0o600)
	db := emptyDossier(t, filepath.Join(dir, "import.certidepot"))
	res, err := db.ImportDepositFile(ctx, src, ImportXMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 3 || res.Flagged != 0 || len(res.Skipped) != 0 {
		t.Fatalf("import: %+v", res)
	}
	again, err := db.ImportDepositFile(ctx, src, ImportXMLOptions{})
	if err != nil || again.Imported != 0 || len(again.Skipped) != 3 {
		t.Fatalf("second import must change nothing: %+v %v", again, err)
	}

	out := filepath.Join(dir, "reexport.xml")
	exp, err := db.Export(ctx, ExportOptions{Out: out})
	if err != nil || exp.Exported != 3 {
		t.Fatalf("export: %+v %v", exp, err)
	}
	mustBeValidOfficially(t, out)

	orig, _ := cdc.ReadDepositFile(src)
	back, err := cdc.ReadDepositFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if back.Emetteur != orig.Emetteur || back.Certificateur != orig.Certificateur {
		t.Fatalf("header changed: %+v vs %+v", back, orig)
	}
	byID := map[string]cdc.ReadPassage{}
	for _, p := range back.Passages {
		byID[p.Record.Text(core.KeyIDTechnique)] = p
	}
	for _, o := range orig.Passages {
		id := o.Record.Text(core.KeyIDTechnique)
		b, ok := byID[id]
		if !ok {
			t.Fatalf("passage %s lost", id)
		}
		o.Certification.ID, b.Certification.ID = 0, 0
		if o.Certification != b.Certification {
			t.Errorf("%s certification %+v became %+v", id, o.Certification, b.Certification)
		}
		if !reflect.DeepEqual(o.Record, b.Record) {
			t.Errorf("%s values changed:\n%v\n%v", id, o.Record, b.Record)
		}
	}
}

func TestImportAsAlreadyDeposited(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "depot-manuel.xml")
	os.WriteFile(src, []byte(officialExample(t)), 0o600)
	db := emptyDossier(t, filepath.Join(dir, "d.certidepot"))
	res, err := db.ImportDepositFile(ctx, src, ImportXMLOptions{AlreadyDeposited: true})
	if err != nil || !res.Deposit {
		t.Fatalf("%+v %v", res, err)
	}
	var deps []store.Deposit
	var counts map[core.Status]int
	db.db.View(ctx, func(tx *store.Tx) error {
		deps, _ = tx.Deposits()
		counts, err = tx.Counts()
		return err
	})
	if len(deps) != 1 || deps[0].IDFlux != "6e3c7378-bda4-497a-9bd6-dc203f903ed9" || counts[core.StatusDepose] != 3 {
		t.Fatalf("deposit %+v, counts %v", deps, counts)
	}
}

func TestImportRefusesOtherEmetteur(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "exemple.xml")
	os.WriteFile(src, []byte(officialExample(t)), 0o600)
	db := emptyDossier(t, filepath.Join(dir, "d.certidepot"))
	db.db.Update(ctx, func(tx *store.Tx) error { return tx.SetEmetteur("12ABC345") })
	_, err := db.ImportDepositFile(ctx, src, ImportXMLOptions{})
	if err == nil || !strings.Contains(err.Error(), "émetteur AB123CDE") {
		t.Fatalf("other emetteur: %v", err)
	}
}
