package store

import (
	"path/filepath"
	"runtime"
	"testing"
)

func TestURIEscape(t *testing.T) {
	cases := map[string]string{
		"exemple.certidepot":                  "exemple.certidepot",
		"/home/h/Dépôts 2026/a#1?.certidepot": "///home/h/Dépôts 2026/a%231%3f.certidepot",
		"//serveur/partage/a.certidepot":      "////serveur/partage/a.certidepot",
		"/tmp/100%.certidepot":                "///tmp/100%25.certidepot",
	}
	if runtime.GOOS == "windows" {
		cases = map[string]string{
			`C:\Users\Hélène\Documents\Dépôts 2026\a.certidepot`: "C:/Users/Hélène/Documents/Dépôts 2026/a.certidepot",
			`\\serveur\partage\Dépôts\a.certidepot`:              "////serveur/partage/Dépôts/a.certidepot",
		}
	}
	for in, want := range cases {
		if got := uriEscape(in); got != want {
			t.Errorf("uriEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// A path starting with two slashes (a Windows network share, or a legal
// spelling of an absolute path on Linux) opens as any other.
func TestDoubleSlashPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs a network share")
	}
	path := "/" + filepath.Join(t.TempDir(), "partagé.certidepot")
	d, err := Create(path, testValidator)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	d, err = Open(path, testValidator)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
}
