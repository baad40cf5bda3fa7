package dossier

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core/cdc"
)

var ctx = context.Background()

const refDir = "../../testdata/cdc/"

var fixedNow = func() time.Time { return time.Date(2026, 11, 22, 10, 30, 0, 0, time.FixedZone("CET", 3600)) }

// sampleDossier creates the example dossier in a fresh folder.
func sampleDossier(t testing.TB) (*Dossier, string) {
	t.Helper()
	dir := t.TempDir()
	d, err := CreateSample(ctx, filepath.Join(dir, "exemple.certidepot"), fixedNow(), 50)
	if err != nil {
		t.Fatal(err)
	}
	d.Now = fixedNow
	t.Cleanup(func() { d.Close() })
	return d, dir
}

// officialSchema is the CDC's official XSD 1.1.2.
func officialSchema(t testing.TB) *cdc.Schema { return officialSchemaFile(t, "xsd-1.1.2.xsd") }

// officialSchema115 is the CDC's official XSD 1.1.5 (kit of March 2026).
func officialSchema115(t testing.TB) *cdc.Schema {
	return officialSchemaFile(t, "kit-2026/certifications-cdc.xsd")
}

// officialSchemaFile parses one of the CDC's XSD files of testdata.
func officialSchemaFile(t testing.TB, rel string) *cdc.Schema {
	t.Helper()
	b, err := os.ReadFile(refDir + rel)
	if err != nil {
		t.Fatal(err)
	}
	s, err := cdc.ParseSchema(b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestMain(m *testing.M) {
	code := m.Run()
	RemovePrivateTempDir()
	os.Exit(code)
}
