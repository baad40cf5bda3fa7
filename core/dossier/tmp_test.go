package dossier

import (
	"github.com/certidepot/certidepot/core/store"

	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Private folders left by processes that are gone (killed during an
// import) are removed; a live process's folder is kept.
func TestStaleTempDirsAreRemoved(t *testing.T) {
	root := t.TempDir()
	dead := filepath.Join(root, "999999")
	live := filepath.Join(root, strconv.Itoa(os.Getppid()))
	for _, d := range []string{dead, live} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, "excelize-123"), []byte("Dupont;Antoine;1996"), 0o600)
	}
	if store.ProcessAlive(999999) {
		t.Skip("a process 999999 runs here")
	}
	removeStaleTempDirs(root)
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Error("the folder of a process that is gone was kept")
	}
	if _, err := os.Stat(live); err != nil {
		t.Error("the folder of a running process was removed")
	}
}

func TestPrivateTempDirIsPrivate(t *testing.T) {
	dir := PrivateTempDir()
	if dir == "" {
		t.Fatal("no private folder")
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("private folder %s: %v %v", dir, st.Mode(), err)
	}
}
