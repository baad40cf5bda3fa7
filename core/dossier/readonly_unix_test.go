//go:build unix

package dossier

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readOnlyView returns a path showing dir read-only: the folder's write
// permission removed, or, as root (who writes anyway), a read-only bind
// mount of it.
func readOnlyView(t *testing.T, dir string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return dir
	}
	view := filepath.Join(t.TempDir(), "lecture-seule")
	if err := os.Mkdir(view, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "--bind", dir, view).CombinedOutput(); err != nil {
		t.Skipf("no read-only folder can be made here (mount: %s)", out)
	}
	t.Cleanup(func() { exec.Command("umount", view).Run() })
	if out, err := exec.Command("mount", "-o", "remount,ro,bind", view).CombinedOutput(); err != nil {
		t.Skipf("no read-only folder can be made here (mount: %s)", out)
	}
	return view
}

// A dossier in a folder that cannot be written opens for reading: lists
// and checks work, changes are refused in French.
func TestReadOnlyFolderOpensForReading(t *testing.T) {
	d, dir := sampleDossier(t)
	d.Close()
	ro := readOnlyView(t, dir)
	r, err := Open(filepath.Join(ro, "exemple.certidepot"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.ReadOnly() {
		t.Fatal("not opened read-only")
	}
	if res, err := r.Check(ctx); err != nil || res.Passages != 50 {
		t.Fatalf("check in a read-only folder: %+v %v", res, err)
	}
	_, err = r.Resend(ctx, nil)
	if err == nil || !strings.Contains(err.Error(), "lecture seule") {
		t.Fatalf("change in a read-only folder: %v", err)
	}
}
