// Package store keeps a dossier in one SQLite file (modernc.org/sqlite):
// embedded numbered migrations, WAL, foreign keys, and one transaction per
// user operation.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/certidepot/certidepot/core/geo" // birthplace rules: every validation of a dossier uses them
	_ "modernc.org/sqlite"                        // registers the "sqlite" driver
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
}

// Path returns the dossier's file path.
func (d *DB) Path() string { return d.path }

// Close closes the dossier.
func (d *DB) Close() error { return d.db.Close() }

// Create makes a new, empty dossier at path. It refuses to overwrite an
// existing file. The file is readable by its owner only: it holds personal data.
func Create(path string) (*DB, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("le fichier %s existe déjà : choisissez un autre nom, ou ouvrez ce dossier", path)
		}
		return nil, fmt.Errorf("impossible de créer le dossier %s : %w", path, err)
	}
	f.Close()
	d, err := open(path)
	if err == nil {
		err = d.migrate(false)
	}
	if err != nil {
		if d != nil {
			d.Close()
		}
		os.Remove(path)
		return nil, err
	}
	return d, nil
}

// Open opens an existing dossier, migrating it to the current schema after
// writing a backup copy next to it. A file that is not a dossier, or that
// comes from a newer Certidépôt, is refused with a French message.
func Open(path string) (*DB, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("le dossier %s n'existe pas : vérifiez le chemin, ou créez-le", path)
		}
		return nil, fmt.Errorf("impossible d'ouvrir %s : %w", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s est un répertoire, pas un dossier Certidépôt", path)
	}
	d, err := open(path)
	if err == nil {
		err = d.migrate(true)
	}
	if err != nil {
		if d != nil {
			d.Close()
		}
		return nil, err
	}
	return d, nil
}

// busyTimeoutMS is how long a write waits for another window or command
// using the same dossier before giving up with a message.
var busyTimeoutMS = 5000

func open(path string) (*DB, error) {
	// synchronous(FULL): with WAL, NORMAL may lose the last commits on a
	// power cut; these are legal records and commits are few (one per user
	// operation), so durability wins over the small fsync cost.
	dsn := "file:" + uriEscape(path) + "?mode=rw" +
		"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(" + strconv.Itoa(busyTimeoutMS) + ")" +
		"&_pragma=synchronous(FULL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("impossible d'ouvrir %s : %w", path, err)
	}
	d := &DB{db: db, path: path, now: time.Now}
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
		return fmt.Errorf("%s n'est pas un dossier Certidépôt, ou il est endommagé : ouvrez le bon fichier, ou restaurez une sauvegarde", path)
	}
	return fmt.Errorf("impossible d'ouvrir le dossier %s : %w", path, err)
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
		version = 0 // an empty SQLite file becomes a dossier
	}
	switch {
	case version > len(migrations):
		return fmt.Errorf("ce dossier a été enregistré par une version plus récente de Certidépôt (schéma %d, cette version connaît le schéma %d) : mettez Certidépôt à jour pour l'ouvrir", version, len(migrations))
	case version == len(migrations):
		return nil
	}
	if backup && version > 0 {
		if err := d.copyTo(fmt.Sprintf("%s.avant-migration-v%d%s", strings.TrimSuffix(d.path, Extension), version, Extension)); err != nil {
			return fmt.Errorf("sauvegarde avant mise à jour du dossier impossible, rien n'a été modifié : %w", err)
		}
	}
	ctx := context.Background()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return notADossier(d.path, err)
	}
	defer tx.Rollback()
	for i := version; i < len(migrations); i++ {
		if _, err := tx.Exec(migrations[i]); err != nil {
			return fmt.Errorf("mise à jour du dossier (étape %d) impossible, rien n'a été modifié : %w", i+1, err)
		}
	}
	if _, err := tx.Exec(fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, len(migrations))); err != nil {
		return err
	}
	return tx.Commit()
}

// copyTo writes a consistent copy of the dossier (owner-only permissions).
func (d *DB) copyTo(dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("%s existe déjà", dst)
	}
	if _, err := d.db.Exec("VACUUM INTO ?", dst); err != nil {
		return err
	}
	return os.Chmod(dst, 0o600)
}
