package core

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// A file that cannot be read is said in French, with the path and what to
// do, whatever the system's reason: absent, a loop of links, a name too
// long.
func TestReadErrorInFrench(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		filepath.Join(dir, "absent.xml"):             "introuvable",
		filepath.Join(dir, strings.Repeat("n", 300)): "trop long",
	}
	if runtime.GOOS != "windows" {
		a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		os.Symlink(a, b)
		os.Symlink(b, a)
		cases[a] = "tourne en rond"
	}
	for path, want := range cases {
		_, err := os.Open(path)
		msg := ReadError(path, err).Error()
		if !strings.HasPrefix(msg, "impossible de lire ") || !strings.Contains(msg, want) || strings.Contains(msg, "no such") || strings.Contains(msg, "too") {
			t.Errorf("%s: %q", filepath.Base(path), msg)
		}
	}
}
