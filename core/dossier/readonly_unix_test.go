//go:build unix

package dossier

import (
	"os"
	"os/exec"
	"path/filepath"
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
