//go:build unix

package faults

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// countIn counts the passages of a dossier file, or -1 when it does not
// open.
func countIn(path string, immutable bool) int {
	st, err := readState(path, immutable)
	if err != nil {
		return -1
	}
	return st.counts["passages"]
}

func newNames(before, after []string) []string {
	var out []string
	for _, a := range after {
		if !contains(before, a) {
			out = append(out, a)
		}
	}
	return out
}

func between(s, a, b string) string {
	_, rest, ok := strings.Cut(s, a)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, b)
	return v
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func fileSize(p string) int64 {
	info, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return info.Size()
}

func firstLine(out, containing string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, containing) {
			return strings.TrimSpace(l)
		}
	}
	return oneLine(out)
}

func dirEntries(dir string) []string {
	es, _ := os.ReadDir(dir)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func dirBytes(dir string) int64 {
	var n int64
	for _, e := range dirEntries(dir) {
		n += fileSize(filepath.Join(dir, e))
	}
	return n
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// officialExample is the CDC's official example deposit file.
func officialExample(t testing.TB) []byte {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "testdata", "cdc", "example-1.1.2-officiel-v2.0.0.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
