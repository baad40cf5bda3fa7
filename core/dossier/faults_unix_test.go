//go:build unix

package dossier

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/fault"
	"github.com/certidepot/certidepot/core/store"
)

// TestFaultHelper runs one operation in a child process that the fault
// point named in the environment kills.
func TestFaultHelper(t *testing.T) {
	dossier, op, arg := os.Getenv("CERTIDEPOT_TEST_DOSSIER"), os.Getenv("CERTIDEPOT_TEST_OP"), os.Getenv("CERTIDEPOT_TEST_ARG")
	if dossier == "" {
		t.Skip("helper process only")
	}
	d, err := Open(dossier)
	if err != nil {
		t.Fatal(err)
	}
	switch op {
	case "export":
		_, err = d.Export(ctx, ExportOptions{Out: arg})
	case "accuse":
		_, err = d.ReadAccuse(ctx, arg)
	case "restore":
		err = d.Restore(ctx, arg)
	}
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
}

// runKilled runs op in a child process stopped at point; it returns
// whether the process was killed there (false: it ran to its end).
func runKilled(t *testing.T, dossier, op, arg, point string) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFaultHelper$")
	cmd.Env = append(os.Environ(), "CERTIDEPOT_TEST_DOSSIER="+dossier, "CERTIDEPOT_TEST_OP="+op, "CERTIDEPOT_TEST_ARG="+arg, fault.Variable+"="+point)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok && ee.ProcessState.String() == "signal: killed" {
		return true
	}
	if err != nil {
		t.Fatalf("%s at %s: %v\n%s", op, point, err, out)
	}
	return false
}

// checkDepositFiles checks the export invariant: a deposit file exists at
// its final path if and only if its deposit is recorded, the passages of
// a recorded deposit are deposited and the others ready, and no private
// folder is left.
func checkDepositFiles(t *testing.T, d *Dossier, dir string, point string) (recorded int) {
	t.Helper()
	var deps []store.Deposit
	var counts map[core.Status]int
	err := d.db.View(ctx, func(tx *store.Tx) (err error) {
		if deps, err = tx.Deposits(); err != nil {
			return err
		}
		counts, err = tx.Counts()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	onDisk := map[string]bool{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		switch {
		case strings.HasSuffix(e.Name(), ".xml"):
			onDisk[filepath.Join(dir, e.Name())] = true
		case strings.HasPrefix(e.Name(), ".certidepot-depot-"):
			t.Errorf("%s: private folder %s left", point, e.Name())
		}
	}
	for _, dep := range deps {
		if dep.TmpPath != "" {
			t.Errorf("%s: deposit %s still waits for its file", point, dep.FileName)
		}
		if !onDisk[dep.FilePath] {
			t.Errorf("%s: deposit %s recorded, file missing", point, dep.FileName)
		}
		delete(onDisk, dep.FilePath)
	}
	for f := range onDisk {
		t.Errorf("%s: file %s on disk, no deposit recorded", point, f)
	}
	if len(deps) == 0 && (counts[core.StatusPret] != 42 || counts[core.StatusDepose] != 0) ||
		len(deps) == 1 && (counts[core.StatusDepose] != 42 || counts[core.StatusPret] != 0) {
		t.Errorf("%s: statuses %v with %d deposit(s)", point, counts, len(deps))
	}
	var check string
	d.db.View(ctx, func(tx *store.Tx) error { check, _ = tx.IntegrityCheck(); return nil })
	if check != "ok" {
		t.Errorf("%s: integrity %q", point, check)
	}
	return len(deps)
}

// An export killed at any of its steps leaves, once the dossier is opened
// again, either no deposit and no file, or the deposit and its file.
func TestKilledExportIsFinishedOrUndone(t *testing.T) {
	for _, point := range []string{"export.intent", "export.file-written", "backup.copied", "backup.done", "export.before-commit", "export.recorded", "export.renamed", "export.after-commit"} {
		t.Run(point, func(t *testing.T) {
			d, dir := sampleDossier(t)
			d.Close()
			path := filepath.Join(dir, "exemple.certidepot")
			out := filepath.Join(dir, "depot.xml")
			if !runKilled(t, path, "export", out, point) {
				t.Fatalf("the export was not stopped at %s", point)
			}
			d, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			n := checkDepositFiles(t, d, dir, point)
			want := 0
			if point == "export.recorded" || point == "export.renamed" || point == "export.after-commit" {
				want = 1 // recorded before the stop: finished at the opening
			}
			if n != want {
				t.Errorf("%s: %d deposit(s) after reopening, want %d", point, n, want)
			}
			// And the dossier goes on: a new export works.
			if _, err := d.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot-suite.xml")}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
