package core

import (
	"os"
	"strings"
	"testing"
)

// The packaging metadata and the binaries must print the same version.
func TestAppVersionMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `Version = "`+AppVersion+`"`) {
		t.Fatalf("FyneApp.toml does not declare version %s", AppVersion)
	}
	m, err := os.ReadFile("../assets/fr.certidepot.app.metainfo.xml")
	if err != nil || !strings.Contains(string(m), `<release version="`+AppVersion+`"`) {
		t.Fatalf("the AppStream metadata does not declare version %s (%v)", AppVersion, err)
	}
	c, err := os.ReadFile("../CHANGELOG.md")
	if err != nil || !strings.Contains(string(c), "## "+AppVersion) {
		t.Fatalf("CHANGELOG.md has no entry for %s (%v)", AppVersion, err)
	}
}
