package ui

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
)

// settingsFile is a small JSON object of settings kept in a file of our
// own. Windows uses it (see recent_windows.go); it is plain Go so that it
// is tested everywhere.
type settingsFile struct{ path string }

// read returns the settings; a missing or unreadable file gives none, as
// losing the recent-dossiers list must never stop the window.
func (s settingsFile) read() map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	b, err := os.ReadFile(s.path)
	if err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

func (s settingsFile) stringList(key string) []string {
	var out []string
	if raw, ok := s.read()[key]; ok {
		_ = json.Unmarshal(raw, &out)
	}
	return out
}

// setStringList writes the whole file again through a temporary file and
// a rename, so a crash never leaves half a file.
func (s settingsFile) setStringList(key string, list []string) error {
	m := s.read()
	raw, err := json.Marshal(list)
	if err != nil {
		return err
	}
	m[key] = raw
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// errNoConfigDir is returned when the system gives no settings folder.
var errNoConfigDir = errors.New("pas de dossier de paramètres")

// appSettingsPath is %APPDATA%\Certidépôt\preferences.json on Windows
// (os.UserConfigDir reads %APPDATA%, so a redirected or roaming profile
// is followed).
func appSettingsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil || dir == "" {
		return "", errors.Join(errNoConfigDir, err)
	}
	return filepath.Join(dir, "Certidépôt", "preferences.json"), nil
}
