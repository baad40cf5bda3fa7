//go:build unix

package dossier

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// TestCrashHelper is the import run in a child process by
// TestKilledImportLeavesNothingOrEverything.
func TestCrashHelper(t *testing.T) {
	dossier, src := os.Getenv("CERTIDEPOT_CRASH_DOSSIER"), os.Getenv("CERTIDEPOT_CRASH_SOURCE")
	if dossier == "" {
		t.Skip("helper process only")
	}
	db, err := Open(dossier)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportSheet(ctx, src, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	db.Close()
}

// A process killed (kill -9) at any moment of a 50,000-row import leaves
// a valid dossier with either nothing or everything of that import.
func TestKilledImportLeavesNothingOrEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a 50,000-row import several times")
	}
	const rows = 50_000
	dir := t.TempDir()
	src := filepath.Join(dir, "diplomes.xlsx")
	writeGraduates(t, src, rows)
	outcomes := map[string]int{}
	for i, delay := range []time.Duration{300 * time.Millisecond, 1500 * time.Millisecond, 4 * time.Second, 60 * time.Second} {
		dossier := filepath.Join(dir, "d"+string(rune('0'+i))+".certidepot")
		db := newDossierAt(t, dossier)
		db.Close()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$")
		cmd.Env = append(os.Environ(), "CERTIDEPOT_CRASH_DOSSIER="+dossier, "CERTIDEPOT_CRASH_SOURCE="+src)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		finished := make(chan error, 1)
		go func() { finished <- cmd.Wait() }()
		select {
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-finished
		case err := <-finished:
			if err != nil {
				t.Fatalf("import process failed: %v", err)
			}
		}
		db, err := Open(dossier)
		if err != nil {
			t.Fatalf("after kill at %v: dossier unreadable: %v", delay, err)
		}
		var n int
		var counts map[core.Status]int
		err = db.db.View(ctx, func(tx *store.Tx) error {
			counts, err = tx.Counts()
			return err
		})
		for _, c := range counts {
			n += c
		}
		var imports []store.Import
		db.db.View(ctx, func(tx *store.Tx) error { imports, err = tx.Imports(); return err })
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case n == 0 && len(imports) == 0:
			outcomes["nothing"]++
		case n > 0 && len(imports) == 1 && imports[0].Rows == rows:
			outcomes["everything"]++
		default:
			t.Fatalf("after kill at %v: %d passages and %d imports recorded: half-written", delay, n, len(imports))
		}
	}
	if outcomes["nothing"] == 0 || outcomes["everything"] == 0 {
		t.Logf("outcomes %v (the machine's speed decides which delays hit the import)", outcomes)
	}
}

func newDossierAt(t *testing.T, path string) *Dossier {
	t.Helper()
	db, err := Create(ctx, path, Organisation{Emetteur: "12ABC345", Contrat: "MCFCER000123"})
	if err != nil {
		t.Fatal(err)
	}
	return db
}
