package ui

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestSettingsFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Certidépôt")
	s := settingsFile{filepath.Join(dir, "preferences.json")}
	if got := s.stringList(recentKey); got != nil {
		t.Fatalf("missing file: %v", got)
	}
	list := []string{`C:\Users\Hélène\Documents\Dépôts 2026\organisme.certidepot`, `D:\autre.certidepot`}
	if err := s.setStringList(recentKey, list); err != nil {
		t.Fatal(err)
	}
	if err := s.setStringList("autre", []string{"x"}); err != nil {
		t.Fatal(err)
	}
	if got := s.stringList(recentKey); !reflect.DeepEqual(got, list) {
		t.Fatalf("read back %v", got)
	}
	if _, err := os.Stat(s.path + ".tmp"); !os.IsNotExist(err) {
		t.Fatal("temporary file left behind")
	}
	// A damaged file costs the list, never the window.
	if err := os.WriteFile(s.path, []byte("{pas du json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := s.stringList(recentKey); got != nil {
		t.Fatalf("damaged file: %v", got)
	}
	if err := s.setStringList(recentKey, list[:1]); err != nil {
		t.Fatal(err)
	}
	if got := s.stringList(recentKey); !reflect.DeepEqual(got, list[:1]) {
		t.Fatalf("after rewrite %v", got)
	}
}

func TestAppSettingsPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/tmp/conf") // what os.UserConfigDir reads outside Windows
	t.Setenv("APPDATA", `C:\Users\Hélène\AppData\Roaming`)
	p, err := appSettingsPath()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(filepath.Dir(p)) != "Certidépôt" || filepath.Base(p) != "preferences.json" {
		t.Fatalf("path %s", p)
	}
}
