package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core/dossier"
)

func TestAnnulerDepot(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "exemple.certidepot")
	if code, _, stderr := cli("exemple", path); code != exitOK {
		t.Fatal(stderr)
	}
	out := filepath.Join(dir, "depot.xml")
	if code, _, stderr := cli("export", path, "-o", out); code != exitOK {
		t.Fatal(stderr)
	}
	_, js, _ := cli("deposits", path, "--json")
	var deps []dossier.DepositInfo
	if err := json.Unmarshal([]byte(js), &deps); err != nil || len(deps) != 1 {
		t.Fatalf("deposits: %v %q", err, js)
	}
	if code, _, stderr := cli("annuler-depot", path, "inconnu"); code != exitRefused || !strings.Contains(stderr, "aucun dépôt") {
		t.Fatalf("unknown flux: %d %q", code, stderr)
	}
	code, stdout, stderr := cli("annuler-depot", path, deps[0].IDFlux)
	if code != exitOK || !strings.Contains(stdout, "42 passage(s) remis dans le prochain dépôt") {
		t.Fatalf("cancel: %d %q %q", code, stdout, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("file still there")
	}
	if code, _, stderr := cli("annuler-depot", path, deps[0].IDFlux); code != exitRefused || !strings.Contains(stderr, "déjà annulé") {
		t.Fatalf("second cancel: %d %q", code, stderr)
	}
	// Once the CDC answered, the deposit cannot be cancelled.
	if code, _, stderr := cli("export", path, "-o", out); code != exitOK {
		t.Fatal(stderr)
	}
	_, js, _ = cli("deposits", path, "--json")
	json.Unmarshal([]byte(js), &deps)
	accuse := filepath.Join(dir, "accuse.xml")
	os.WriteFile(accuse, []byte("<rapport><idFlux>"+deps[1].IDFlux+"</idFlux><PassagesOK></PassagesOK></rapport>"), 0o600)
	if code, _, stderr := cli("import-accuse", path, accuse); code == exitRefused {
		t.Fatal(stderr)
	}
	if code, _, stderr := cli("annuler-depot", path, deps[1].IDFlux); code != exitRefused || !strings.Contains(stderr, "accusé de traitement a déjà été lu") {
		t.Fatalf("cancel after accusé: %d %q", code, stderr)
	}
}
