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
func officialSchema(t testing.TB) *cdc.Schema {
	t.Helper()
	b, err := os.ReadFile(refDir + "xsd-1.1.2.xsd")
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
