package cdc

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

func TestReadOfficialExample(t *testing.T) {
	path := filepath.Join(t.TempDir(), "exemple.xml")
	os.WriteFile(path, []byte(officialExample(t)), 0o600)
	df, err := ReadDepositFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if df.IDFlux != "6e3c7378-bda4-497a-9bd6-dc203f903ed9" || df.Emetteur != "AB123CDE" || df.Certificateur.IDClient != "E564ACB0" ||
		df.Certificateur.Contrat != "2560080000127J" || len(df.Passages) != 3 {
		t.Fatalf("header: %+v", df)
	}
	p := df.Passages[0]
	if p.Certification.Code != "RNCP19117" || p.Record.Text(core.KeyIDTechnique) != "db855769-bcd6-4253-93cf-e666db666c0a" ||
		!p.Record.Get(core.KeyDateFinValid).Nil || p.Record.Text(core.KeyResultats) != "3.4:5; 1.1:7" ||
		p.Record.Text(core.KeyCodeInsee) != "31555" || p.Record.Identification() != core.BranchTitulaire || p.LineStart >= p.LineEnd {
		t.Fatalf("first passage: %+v", p)
	}
	if df.Passages[1].Record.Identification() != core.BranchDossier || df.Passages[1].Record.Text(core.KeyIDDossier) != "1234567891011" {
		t.Fatalf("second passage: %+v", df.Passages[1].Record)
	}
}

// The official example imports, exports and reads back to the same data.
func TestOfficialExampleRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "exemple.xml")
	os.WriteFile(src, []byte(officialExample(t)), 0o600)
	db, err := store.Create(filepath.Join(dir, "import.certidepot"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := ImportDeposit(ctx, db, src, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 3 || res.Flagged != 0 || len(res.Skipped) != 0 {
		t.Fatalf("import: %+v", res)
	}
	again, err := ImportDeposit(ctx, db, src, ImportOptions{})
	if err != nil || again.Imported != 0 || len(again.Skipped) != 3 {
		t.Fatalf("second import must change nothing: %+v %v", again, err)
	}

	out := filepath.Join(dir, "reexport.xml")
	exp, err := Export(ctx, db, ExportOptions{Out: out, Now: fixedNow})
	if err != nil || exp.Exported != 3 {
		t.Fatalf("export: %+v %v", exp, err)
	}
	mustBeValidOfficially(t, out)

	orig, _ := ReadDepositFile(src)
	back, err := ReadDepositFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if back.Emetteur != orig.Emetteur || back.Certificateur != orig.Certificateur {
		t.Fatalf("header changed: %+v vs %+v", back, orig)
	}
	byID := map[string]ReadPassage{}
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
	db, _ := store.Create(filepath.Join(dir, "d.certidepot"))
	defer db.Close()
	res, err := ImportDeposit(ctx, db, src, ImportOptions{AlreadyDeposited: true})
	if err != nil || !res.Deposit {
		t.Fatalf("%+v %v", res, err)
	}
	var deps []store.Deposit
	var counts map[core.Status]int
	db.View(ctx, func(tx *store.Tx) error {
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
	db, _ := store.Create(filepath.Join(dir, "d.certidepot"))
	defer db.Close()
	db.Update(ctx, func(tx *store.Tx) error { return tx.SetEmetteur("12ABC345") })
	_, err := ImportDeposit(ctx, db, src, ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "émetteur AB123CDE") {
		t.Fatalf("other emetteur: %v", err)
	}
}
