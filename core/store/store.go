// Package store keeps a dossier in one SQLite file (modernc.org/sqlite):
// embedded numbered migrations, WAL, foreign keys, and one transaction per
// user operation.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/certidepot/certidepot/core"
)

// Extension is the default file extension of a dossier.
const Extension = ".certidepot"

// applicationID marks a SQLite file as a Certidépôt dossier ("CDPT").
const applicationID = 0x43445054

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations are the embedded SQL scripts, in order; the dossier's schema
// version is the number of scripts applied (PRAGMA user_version).
var migrations = func() []string {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		out[i] = string(b)
	}
	return out
}()

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

// DB is an open dossier.
type DB struct {
	db   *sql.DB
	path string
	now  func() time.Time
	// validator checks every passage the dossier stores; it is given by
	// the caller, with the reference rules it wants applied.
	validator *core.Validator
	readOnly  bool
}

// Path returns the dossier's file path.
func (d *DB) Path() string { return d.path }

// ReadOnly reports whether the dossier was opened for reading only (its
// file or its folder cannot be written).
func (d *DB) ReadOnly() bool { return d.readOnly }

// Close closes the dossier. The last connection to close folds the
// write-ahead log into the file and removes it.
func (d *DB) Close() error { return d.db.Close() }

// Create makes a new, empty dossier at path. It refuses to overwrite an
// existing file. The file is readable by its owner only: it holds personal
// data. v validates the passages it will store. A dossier that cannot be
// made leaves nothing behind.
func Create(path string, v *core.Validator) (*DB, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("le fichier %s existe déjà : choisissez un autre nom, ou ouvrez ce dossier", path)
		}
		return nil, fmt.Errorf("impossible de créer le dossier %s : %s", path, core.SystemMessage(err))
	}
	f.Close()
	d, err := open(path, v, false)
	if err == nil {
		err = d.migrate(false)
	}
	if err != nil {
		if d != nil {
			d.Close()
		}
		RemoveFiles(path)
		return nil, err
	}
	return d, nil
}

// RemoveFiles deletes a dossier file and its SQLite companions (-wal,
// -shm): used for a dossier refused as a whole when it was being made.
func RemoveFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// Open opens an existing dossier, migrating it to the current schema after
// writing a backup copy next to it. A file that is not a dossier, an empty
// or truncated one, or one from a newer Certidépôt, is refused with a
// French message and left untouched. A dossier in a folder or file that
// cannot be written is opened for reading only. v validates the passages
// it stores.
func Open(path string, v *core.Validator) (*DB, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("le dossier %s n'existe pas : vérifiez le chemin, ou créez-le", path)
		}
		return nil, fmt.Errorf("impossible d'ouvrir %s : %s", path, core.SystemMessage(err))
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s est un répertoire, pas un dossier Certidépôt", path)
	}
	if err := checkOpenable(path, st.Size()); err != nil {
		return nil, err
	}
	d, err := open(path, v, !writable(path))
	if err == nil {
		err = d.migrate(true)
	}
	if err != nil {
		if d != nil {
			d.Close()
		}
		return nil, err
	}
	if !d.ReadOnly() {
		// Copies a killed process left half-written hold holder data:
		// they go as soon as the dossier is opened again.
		removeStaleTemporaries(BackupDirOf(path))
		removeStaleTemporaries(filepath.Dir(path))
	}
	return d, nil
}

// checkOpenable refuses, before SQLite sees them, the files SQLite would
// silently turn into an empty dossier or misread: empty, cut short, or not
// a database at all.
func checkOpenable(path string, size int64) error {
	restore := " Restaurez une de ses sauvegardes (dossier " + filepath.Base(BackupDirOf(path)) + ", commande « certidepot-cli restaurer » ou « Organisme → Restaurer une sauvegarde »)."
	if _, err := os.Stat(BackupDirOf(path)); err != nil {
		restore = "" // no backups to restore: another file was given, most likely
	}
	if size == 0 {
		return fmt.Errorf("le dossier %s est vide (0 octet) : il a sans doute été abîmé par une copie ou un enregistrement interrompu, et ne contient plus rien.%s", path, restore)
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		// The log holds the latest pages (a fold into the file may have
		// been cut short): SQLite reads the two together.
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("impossible d'ouvrir %s : %s", path, core.SystemMessage(err))
	}
	defer f.Close()
	var h [100]byte
	n, _ := io.ReadFull(f, h[:])
	if n < len(h) || string(h[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("%s n'est pas un dossier Certidépôt, ou il est endommagé : ouvrez le bon fichier.%s", path, restore)
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || size%pageSize != 0 {
		return fmt.Errorf("le dossier %s est tronqué (sa taille n'est pas un nombre entier de pages) : une copie a sans doute été interrompue.%s", path, restore)
	}
	if pages := int64(binary.BigEndian.Uint32(h[28:32])); pages > 0 && size < pages*pageSize {
		return fmt.Errorf("le dossier %s est tronqué (%d octets au lieu de %d) : une copie a sans doute été interrompue.%s", path, size, pages*pageSize, restore)
	}
	return nil
}

// writable reports whether the dossier's file and folder can be written:
// SQLite needs both (its journal lives next to the file).
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	// Named like the copies being written, so that a process killed between
	// these lines leaves a file the next opening removes.
	probe, err := os.CreateTemp(filepath.Dir(path), tmpPrefix+strconv.Itoa(os.Getpid())+"-essai-*")
	if err != nil {
		return false
	}
	probe.Close()
	os.Remove(probe.Name())
	return true
}

// busyTimeoutMS is how long a write waits for another window or command
// using the same dossier before giving up with a message.
var busyTimeoutMS = 5000

func open(path string, v *core.Validator, readOnly bool) (*DB, error) {
	if v == nil {
		panic("store: a dossier needs a validator") // a programming error, never a user's
	}
	// synchronous(FULL): with WAL, NORMAL may lose the last commits on a
	// power cut; these are legal records and commits are few (one per user
	// operation), so durability wins over the small fsync cost.
	// secure_delete: deleted personal data is overwritten, not left in
	// free pages of the file. cache_size: 32 MB of pages per connection
	// (2 MB by default), so that the indexes of a 200,000-row import stay
	// in memory instead of being read back from the file.
	dsn := "file:" + uriEscape(path) + "?mode=rw" +
		"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(" + strconv.Itoa(busyTimeoutMS) + ")" +
		"&_pragma=synchronous(FULL)&_pragma=secure_delete(1)&_pragma=cache_size(-32768)&_txlock=immediate"
	if readOnly {
		// immutable: nothing can write in this folder, so SQLite need not
		// create its lock files (which it could not).
		dsn = "file:" + uriEscape(path) + "?mode=ro&immutable=1&_pragma=foreign_keys(1)&_pragma=busy_timeout(" + strconv.Itoa(busyTimeoutMS) + ")"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("impossible d'ouvrir %s : %s", path, core.SystemMessage(err))
	}
	d := &DB{db: db, path: path, now: core.Now, validator: v, readOnly: readOnly}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, notADossier(path, err)
	}
	return d, nil
}

func uriEscape(path string) string {
	path = filepath.ToSlash(path)
	if strings.HasPrefix(path, "/") {
		// An empty authority: a Windows network path (\\serveur\partage\…,
		// here //serveur/partage/…) would otherwise be read as
		// "file://serveur" and refused by SQLite.
		path = "//" + path
	}
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

func notADossier(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed") || strings.Contains(msg, "(26)") {
		return core.Errorf(err, fmt.Sprintf("%s n'est pas un dossier Certidépôt, ou il est endommagé : ouvrez le bon fichier, ou restaurez une sauvegarde", path))
	}
	return core.Errorf(err, fmt.Sprintf("impossible d'ouvrir le dossier %s : %s", path, dbError(err).Error()))
}

// migrate checks the file's identity and brings its schema up to date.
func (d *DB) migrate(backup bool) error {
	var appID, version int
	if err := d.db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		return notADossier(d.path, err)
	}
	if err := d.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return notADossier(d.path, err)
	}
	if appID != applicationID {
		var n int
		if err := d.db.QueryRow("SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			return notADossier(d.path, err)
		}
		if appID != 0 || n > 0 {
			return fmt.Errorf("%s est une base SQLite, mais pas un dossier Certidépôt : ouvrez un fichier %s", d.path, Extension)
		}
		version = 0 // a dossier being created
	}
	switch {
	case version > len(migrations):
		return fmt.Errorf("ce dossier a été enregistré par une version plus récente de Certidépôt (schéma %d, cette version connaît le schéma %d) : mettez Certidépôt à jour pour l'ouvrir", version, len(migrations))
	case version == len(migrations):
		return nil
	case d.readOnly:
		return fmt.Errorf("ce dossier vient d'une version plus ancienne de Certidépôt et doit être mis à jour, mais il est en lecture seule : copiez-le dans un dossier où vous pouvez écrire, puis ouvrez la copie")
	}
	if backup && version > 0 {
		dst := fmt.Sprintf("%s.avant-migration-v%d%s", strings.TrimSuffix(d.path, Extension), version, Extension)
		if fileExists(dst) {
			return fmt.Errorf("sauvegarde avant mise à jour du dossier impossible (%s existe déjà) : rien n'a été modifié", dst)
		}
		if err := d.writeCheckedCopy(dst); err != nil {
			return fmt.Errorf("sauvegarde avant mise à jour du dossier impossible (%s) : rien n'a été modifié", core.SystemMessage(err))
		}
	}
	// Migrations may rebuild tables (SQLite cannot change a constraint in
	// place), which needs foreign keys off: a connection of its own, with
	// the keys checked before the commit.
	ctx := context.Background()
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return notADossier(d.path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return dbError(err)
	}
	defer conn.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return notADossier(d.path, err)
	}
	defer tx.Rollback()
	for i := version; i < len(migrations); i++ {
		if _, err := tx.Exec(migrations[i]); err != nil {
			return fmt.Errorf("mise à jour du dossier (étape %d) impossible, rien n'a été modifié : %s", i+1, dbError(err))
		}
	}
	if _, err := tx.Exec(fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, len(migrations))); err != nil {
		return dbError(err)
	}
	var broken int
	if err := tx.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&broken); err != nil {
		return dbError(err)
	}
	if broken > 0 {
		return fmt.Errorf("mise à jour du dossier impossible : %d lien(s) incohérent(s) entre ses données ; rien n'a été modifié, restaurez une sauvegarde", broken)
	}
	if err := tx.Commit(); err != nil {
		return dbError(err)
	}
	d.checkpoint()
	return nil
}

// checkpoint folds the write-ahead log into the dossier file, so that the
// file alone holds everything after each operation: users copy, e-mail
// and back up that one file while the app is open. A reader in another
// window may delay it; the log then carries the rest until the next one.
func (d *DB) checkpoint() {
	if !d.readOnly {
		d.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	}
}
