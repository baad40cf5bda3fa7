package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/fault"
)

// DefaultBackupsKept is how many automatic backups a dossier keeps.
const DefaultBackupsKept = 10

const settingBackupsKept = "sauvegardes.nombre"

// BackupDir is the folder holding a dossier's backups, next to it.
func (d *DB) BackupDir() string { return BackupDirOf(d.path) }

// BackupDirOf is the backup folder of the dossier at path.
func BackupDirOf(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".sauvegardes"
}

// Backup writes a dated, consistent copy of the dossier before an
// operation that changes many things at once, and keeps only the most
// recent ones. The copy is written under a hidden temporary name, synced,
// checked to open as a dossier, then renamed: a backup cut short (full
// disk, killed process) is never listed, and is removed by the next one.
// It is readable by its owner only.
func (d *DB) Backup(reason string) (string, error) {
	dir := d.BackupDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("impossible de créer le dossier des sauvegardes %s : %s", dir, core.SystemMessage(err))
	}
	removeStaleTemporaries(dir)
	base := strings.TrimSuffix(filepath.Base(d.path), filepath.Ext(d.path))
	stamp := d.now().Format("20060102-150405")
	dst := filepath.Join(dir, fmt.Sprintf("%s-%s-%s%s", base, stamp, reason, Extension))
	for i := 2; fileExists(dst); i++ {
		dst = filepath.Join(dir, fmt.Sprintf("%s-%s-%s-%d%s", base, stamp, reason, i, Extension))
	}
	if err := d.writeCheckedCopy(dst); err != nil {
		return "", fmt.Errorf("sauvegarde impossible (%s) : l'opération n'a pas été faite", core.SystemMessage(err))
	}
	d.pruneBackups()
	return dst, nil
}

// tmpPrefix marks the files being written; they are never listed. The
// writer's process number follows, so that only the copies of processes
// that are gone are removed (another may be writing its own right now).
const tmpPrefix = ".ecriture-"

// writeCheckedCopy writes a copy of the dossier to dst through a
// temporary file in the same folder, synced and checked before its rename.
func (d *DB) writeCheckedCopy(dst string) error {
	tmp := filepath.Join(filepath.Dir(dst), tmpPrefix+strconv.Itoa(os.Getpid())+"-"+filepath.Base(dst))
	removeCopy(tmp)
	if _, err := d.db.Exec("VACUUM INTO ?", tmp); err != nil {
		removeCopy(tmp)
		return dbError(err)
	}
	if err := syncFile(tmp); err != nil {
		removeCopy(tmp)
		return err
	}
	if err := CheckDossierFile(tmp); err != nil {
		removeCopy(tmp)
		return err
	}
	fault.At("backup.copied")
	if err := os.Chmod(tmp, 0o600); err != nil {
		removeCopy(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		removeCopy(tmp)
		return err
	}
	syncDir(filepath.Dir(dst))
	fault.At("backup.done")
	return nil
}

// removeCopy removes a copy being written and the journal SQLite may
// have made beside it.
func removeCopy(tmp string) {
	for _, p := range []string{tmp, tmp + "-journal", tmp + "-wal"} {
		os.Remove(p)
	}
}

func (d *DB) pruneBackups() {
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
}

// removeStaleTemporaries removes the copies killed processes left
// half-written (with their journals).
func removeStaleTemporaries(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), tmpPrefix)
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(rest, "-")
		if pid, err := strconv.Atoi(num); err == nil && (pid == os.Getpid() || ProcessAlive(pid)) {
			continue // being written by this process or another
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
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

// Backups lists the dossier's backups, most recent first: only files that
// carry a dossier's header (a file cut short or foreign is not listed).
func (d *DB) Backups() ([]BackupFile, error) { return BackupsOf(d.path) }

// BackupsOf lists the backups of the dossier at path (see DB.Backups).
func BackupsOf(path string) ([]BackupFile, error) {
	dir := BackupDirOf(path)
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, errors.New(core.SystemMessage(err))
	}
	var out []BackupFile
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != Extension || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		info, err := e.Info()
		if err != nil || !hasDossierHeader(p, info.Size()) {
			continue
		}
		out = append(out, BackupFile{Path: p, Name: e.Name(), ModTime: info.ModTime(), Size: info.Size()})
	}
	sort.SliceStable(out, func(i, j int) bool { return newerBackup(out[i], out[j]) })
	return out, nil
}

var reBackupName = regexp.MustCompile(`-(\d{8}-\d{6})-[^.]*?(?:-(\d+))?\` + Extension + `$`)

// newerBackup orders backups most recent first: by the second in their
// name, then by when they were written (several in one second: a copy's
// name gets -2, -3… and « -10 » must not come before « -2 »), then by
// their number.
func newerBackup(a, b BackupFile) bool {
	sa, na := backupStamp(a.Name)
	sb, nb := backupStamp(b.Name)
	switch {
	case sa != sb:
		return sa > sb
	case !a.ModTime.Equal(b.ModTime):
		return a.ModTime.After(b.ModTime)
	case na != nb:
		return na > nb
	}
	return a.Name > b.Name
}

// backupStamp is the date and number of a backup's name ("", 0 for a
// name of another form).
func backupStamp(name string) (string, int) {
	m := reBackupName.FindStringSubmatch(name)
	if m == nil {
		return "", 0
	}
	n := 1
	if m[2] != "" {
		n, _ = strconv.Atoi(m[2])
	}
	return m[1], n
}

// hasDossierHeader reads a file's SQLite header: the magic string, a size
// that holds whole pages, and Certidépôt's application id.
func hasDossierHeader(path string, size int64) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || string(h[:16]) != "SQLite format 3\x00" {
		return false
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	return pageSize >= 512 && size >= pages*pageSize && size%pageSize == 0 &&
		binary.BigEndian.Uint32(h[68:72]) == applicationID
}

// CheckDossierFile checks that a file opens as a complete Certidépôt
// dossier (header, integrity, schema no newer than this version), without
// changing it.
func CheckDossierFile(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return errors.New(core.SystemMessage(err))
	}
	if !hasDossierHeader(path, st.Size()) {
		return fmt.Errorf("%s n'est pas un dossier Certidépôt complet (fichier vide, tronqué ou d'un autre type)", filepath.Base(path))
	}
	db, err := sql.Open("sqlite", "file:"+uriEscape(path)+"?mode=ro")
	if err != nil {
		return dbError(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		return fmt.Errorf("%s est endommagé : son contrôle d'intégrité échoue", filepath.Base(path))
	}
	var version int
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return dbError(err)
	}
	if version > len(migrations) {
		return fmt.Errorf("%s vient d'une version plus récente de Certidépôt (schéma %d) : mettez Certidépôt à jour", filepath.Base(path), version)
	}
	return nil
}

// Restore replaces the dossier's content by a backup's, page by page
// through SQLite's backup API. It runs under the dossier's write lock, so
// an import or an export running in another window or command makes it
// wait, then refuse, instead of being silently undone; windows that have
// the dossier open see the restored content. The backup is checked first:
// a file that does not open as a dossier is refused and nothing changes.
// The caller saves the current state before (see Backup).
func (d *DB) Restore(ctx context.Context, backup string) error {
	if err := CheckDossierFile(backup); err != nil {
		return fmt.Errorf("cette sauvegarde ne peut pas être restaurée : %w", err)
	}
	abs, err := filepath.Abs(backup)
	if err != nil {
		return errors.New(core.SystemMessage(err))
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return dbError(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("restauration non prise en charge par ce pilote SQLite")
		}
		b, err := r.NewRestore("file:" + uriEscape(abs) + "?mode=ro")
		if err != nil {
			return err
		}
		// Step(-1) copies every page under one lock; SQLITE_BUSY means
		// another operation is writing: wait like any other writer.
		deadline := time.Now().Add(time.Duration(busyTimeoutMS) * time.Millisecond)
		for {
			more, err := b.Step(-1)
			if err == nil && !more {
				return b.Finish()
			}
			if err != nil && !(isBusy(err) && time.Now().Before(deadline)) {
				b.Finish()
				return err
			}
			select {
			case <-ctx.Done():
				b.Finish()
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	if err != nil {
		return fmt.Errorf("restauration impossible, le dossier n'a pas changé : %w", dbError(err))
	}
	return d.migrate(false) // a backup from an older version is brought up to date
}

func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked") || strings.Contains(msg, "(5)") || strings.Contains(msg, "(6)")
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename durable (a no-op where folders cannot be synced).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
