package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// DefaultBackupsKept is how many automatic backups a dossier keeps.
const DefaultBackupsKept = 10

const settingBackupsKept = "sauvegardes.nombre"

// BackupDir is the folder holding a dossier's backups, next to it.
func (d *DB) BackupDir() string {
	return strings.TrimSuffix(d.path, filepath.Ext(d.path)) + ".sauvegardes"
}

// Backup writes a dated, consistent copy of the dossier before an
// operation that changes many things at once (an export, an accusé), and
// keeps only the most recent ones. The copy is readable by its owner only.
func (d *DB) Backup(reason string) (string, error) {
	dir := d.BackupDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("impossible de créer le dossier des sauvegardes %s : %w", dir, err)
	}
	base := strings.TrimSuffix(filepath.Base(d.path), filepath.Ext(d.path))
	stamp := d.now().Format("20060102-150405")
	dst := filepath.Join(dir, fmt.Sprintf("%s-%s-%s%s", base, stamp, reason, Extension))
	for i := 2; fileExists(dst); i++ {
		dst = filepath.Join(dir, fmt.Sprintf("%s-%s-%s-%d%s", base, stamp, reason, i, Extension))
	}
	if err := d.copyTo(dst); err != nil {
		return "", fmt.Errorf("sauvegarde impossible (%v) : l'opération n'a pas été faite", err)
	}
	keep := DefaultBackupsKept
	_ = d.View(bgCtx, func(tx *Tx) error {
		if v, _ := tx.Setting(settingBackupsKept); v != "" {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				keep = n
			}
		}
		return nil
	})
	backups, err := d.Backups()
	if err == nil && len(backups) > keep {
		for _, old := range backups[keep:] {
			os.Remove(old.Path)
		}
	}
	return dst, nil
}

// SetBackupsKept changes how many automatic backups are kept.
func (t *Tx) SetBackupsKept(n int) error {
	if n < 1 {
		return fmt.Errorf("gardez au moins une sauvegarde")
	}
	return t.SetSetting(settingBackupsKept, strconv.Itoa(n))
}

// BackupFile is one backup of the dossier.
type BackupFile struct {
	Path    string
	Name    string
	ModTime time.Time
	Size    int64
}

// Backups lists the dossier's backups, most recent first.
func (d *DB) Backups() ([]BackupFile, error) {
	entries, err := os.ReadDir(d.BackupDir())
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []BackupFile
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != Extension {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, BackupFile{Path: filepath.Join(d.BackupDir(), e.Name()), Name: e.Name(), ModTime: info.ModTime(), Size: info.Size()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name > out[j].Name })
	return out, nil
}

// Restore replaces the dossier at path by a backup, after saving the
// current state as a backup too. The dossier must not be open elsewhere.
func Restore(path, backup string) error {
	b, err := Open(backup)
	if err != nil {
		return fmt.Errorf("cette sauvegarde est illisible : %w", err)
	}
	b.Close()
	cur, err := Open(path)
	if err != nil {
		return err
	}
	if _, err := cur.Backup("avant-restauration"); err != nil {
		cur.Close()
		return err
	}
	cur.Close()
	tmp := path + ".restauration"
	if err := copyFile(backup, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restauration impossible : %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restauration impossible : %w", err)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
