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

// Restore replaces the dossier's content by a backup's, in one write
// transaction: an import or an export running in another window or
// command makes it wait, then refuse, instead of being silently undone;
// windows that have the dossier open see the restored content. The
// current state is first saved as a backup named by reason, taken while
// the write lock is held, so that nothing committed in between can be
// lost. The backup is checked first: a file that does not open as a
// dossier is refused and nothing changes; one from an older version is
// brought up to date on a copy first.
func (d *DB) Restore(ctx context.Context, backup, reason string) (saved string, err error) {
	if err := CheckDossierFile(backup); err != nil {
		return "", fmt.Errorf("cette sauvegarde ne peut pas être restaurée : %w", err)
	}
	src, cleanup, err := d.currentCopyOf(backup)
	if err != nil {
		return "", fmt.Errorf("cette sauvegarde ne peut pas être restaurée : %w", err)
	}
	defer cleanup()
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return "", dbError(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS src", "file:"+uriEscape(src)+"?mode=ro"); err != nil {
		return "", fmt.Errorf("cette sauvegarde ne peut pas être restaurée : %w", dbError(err))
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "DETACH DATABASE src")
	// Every table is emptied then filled again: the foreign keys are
	// checked once, on the result, before it is committed.
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return "", dbError(err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
	tx, err := conn.BeginTx(ctx, nil) // IMMEDIATE: the write lock, until the end
	if err != nil {
		return "", fmt.Errorf("restauration impossible, le dossier n'a pas changé : %w", dbError(err))
	}
	defer tx.Rollback()
	if err := depositsSince(ctx, tx); err != nil {
		return "", err
	}
	// Another connection reads what is committed: with the lock held, it
	// is exactly what the restore replaces.
	if saved, err = d.Backup(reason); err != nil {
		return "", err
	}
	fault.At("restore.copied")
	tables, err := userTables(ctx, tx)
	if err != nil {
		return "", err
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM main."+t); err != nil {
			return "", fmt.Errorf("restauration impossible, le dossier n'a pas changé : %w", dbError(err))
		}
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, "INSERT INTO main."+t+" SELECT * FROM src."+t); err != nil {
			return "", fmt.Errorf("restauration impossible, le dossier n'a pas changé : %w", dbError(err))
		}
	}
	var broken int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&broken); err != nil {
		return "", dbError(err)
	}
	if broken > 0 {
		return "", errors.New("cette sauvegarde ne peut pas être restaurée : ses données ne se tiennent pas (références brisées) ; choisissez-en une autre. Rien n'a changé")
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("restauration impossible, le dossier n'a pas changé : %w", dbError(err))
	}
	d.checkpoint()
	return saved, nil
}

// depositsSince refuses a backup older than a deposit still recorded: the
// restore would forget it while its file exists, and perhaps was sent to
// the CDC, whose passages would then go again.
func depositsSince(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id_flux, file_name FROM main.deposits
		WHERE cancelled_at IS NULL AND id_flux NOT IN (SELECT id_flux FROM src.deposits) ORDER BY id`)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	var names, ids []string
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return dbError(err)
		}
		names, ids = append(names, name), append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return dbError(err)
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("cette sauvegarde date d'avant le dépôt %s : la restaurer ferait oublier ce dépôt alors que son fichier existe et a peut-être été envoyé à la CDC. Choisissez une sauvegarde plus récente ; ou, si ce fichier n'a jamais été envoyé, annulez d'abord ce dépôt (certidepot-cli annuler-depot DOSSIER %s, ou « Accusés » dans la fenêtre). Rien n'a changé", strings.Join(names, ", "), ids[0])
}

// userTables lists the dossier's own tables, quoted.
func userTables(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, dbError(err)
		}
		out = append(out, `"`+strings.ReplaceAll(n, `"`, `""`)+`"`)
	}
	return out, dbError(rows.Err())
}

// currentCopyOf returns a file with the backup's content in the current
// version's layout: the backup itself when it is current, otherwise a
// private copy beside the backups, migrated (removed by cleanup).
func (d *DB) currentCopyOf(backup string) (path string, cleanup func(), err error) {
	version, err := fileVersion(backup)
	if err != nil {
		return "", nil, err
	}
	if version == len(migrations) {
		return backup, func() {}, nil
	}
	dir := d.BackupDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, errors.New(core.SystemMessage(err))
	}
	tmp := filepath.Join(dir, tmpPrefix+strconv.Itoa(os.Getpid())+"-restauration"+Extension)
	removeCopy(tmp)
	cleanup = func() { removeCopy(tmp) }
	if err := copyFile(backup, tmp); err != nil {
		cleanup()
		return "", nil, errors.New(core.SystemMessage(err))
	}
	old, err := open(tmp, d.validator, false)
	if err == nil {
		err = old.migrate(false)
		old.Close()
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return tmp, cleanup, nil
}

// fileVersion is the layout version of a dossier file (PRAGMA
// user_version), read without changing it.
func fileVersion(path string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+uriEscape(path)+"?mode=ro&immutable=1")
	if err != nil {
		return 0, dbError(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return 0, dbError(err)
	}
	if v > len(migrations) {
		return 0, errors.New("elle vient d'une version plus récente de Certidépôt : mettez Certidépôt à jour")
	}
	return v, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
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
