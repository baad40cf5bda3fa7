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
}
