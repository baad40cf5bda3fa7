package cdc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/certidepot/certidepot/core"
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
