// Package dossier holds each user operation on a dossier once — create,
// open, import a sheet or a deposit file, export, read an accusé, load an
// XSD, resend, delete, withdraw, erase a holder, back up, restore — for
// the window and the command line alike. Each operation is one
// transaction, takes a context (cancellable; long ones report progress),
// and excludes the operations it must not overlap. The adapters do the
// rest: store (the SQLite file), excel (workbooks), cdc (the CDC's XML
// files), geo (the birthplace reference).
package dossier

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/geo"
	"github.com/certidepot/certidepot/core/store"
)

// Extension is the file extension of a dossier.
const Extension = store.Extension

// Dossier is an open dossier. Its methods are safe for concurrent use: the
// window runs long operations off its UI goroutine.
type Dossier struct {
	db        *store.DB
	validator *core.Validator
	guard     guard
	// Now gives the time operations record (tests set it).
	Now func() time.Time
}

// NewValidator returns the validator every dossier uses: the dictionary's
// fields and rules, and the birthplace checks against the reference.
func NewValidator() *core.Validator { return core.NewValidator(geo.Rules()...) }

// Open opens an existing dossier (see store.Open for what is refused), and
// finishes or undoes an export a stopped process left half-done.
func Open(path string) (*Dossier, error) {
	v := NewValidator()
	db, err := store.Open(path, v)
	if err != nil {
		return nil, err
	}
	d := &Dossier{db: db, validator: v, Now: core.Now}
	if !db.ReadOnly() {
		if err := d.recoverExports(context.Background()); err != nil {
			db.Close()
			return nil, err
		}
		if err := d.removeCancelledFiles(context.Background()); err != nil {
			db.Close()
			return nil, err
		}
	}
	return d, nil
}

// Organisation is what a new dossier needs: the emetteur and its first
// certificateur.
type Organisation struct {
	Emetteur      string // BCR of the organisation that deposits
	Certificateur string // BCR of the certificateur ("" = the emetteur itself)
	Contrat       string
	Nature        string // natureDeposant code, optional
}

// Create makes a new dossier at path for an organisation, with the
// dictionary's checks. When the organisation is refused, nothing is left
// on disk.
func Create(ctx context.Context, path string, org Organisation) (*Dossier, error) {
	if strings.TrimSpace(path) == "" {
		return nil, errors.New("indiquez le chemin du dossier à créer")
	}
	if issues := org.Check(); len(issues) > 0 {
		return nil, store.IssuesError(issues)
	}
	v := NewValidator()
	db, err := store.Create(path, v)
	if err != nil {
		return nil, err
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetEmetteur(strings.TrimSpace(org.Emetteur)); err != nil {
			return err
		}
		if err := tx.SetVersion(DefaultVersion); err != nil {
			return err
		}
		c := org.certificateur()
		return tx.AddCertificateur(&c)
	})
	if err != nil {
		db.Close()
		store.RemoveFiles(path)
		return nil, err
	}
	return &Dossier{db: db, validator: v, Now: core.Now}, nil
}

// DefaultVersion is the format new dossiers target.
const DefaultVersion = core.DefaultVersion

func (o Organisation) certificateur() core.Certificateur {
	id := strings.TrimSpace(o.Certificateur)
	if id == "" {
		id = strings.TrimSpace(o.Emetteur) // the certificateur deposits for itself
	}
	return core.Certificateur{IDClient: id, Contrat: strings.TrimSpace(o.Contrat), Nature: strings.TrimSpace(o.Nature)}
}

// Check returns the organisation's problems, each on its field, so that a
// form can show them as they are typed, before anything is written.
func (o Organisation) Check() []core.Issue {
	issues := core.ValidateScope(core.Values{core.KeyEmetteurID: {Text: strings.TrimSpace(o.Emetteur)}}, core.ScopeEmetteur)
	c := o.certificateur()
	issues = append(issues, core.ValidateScope(core.Values{core.KeyCertifID: {Text: c.IDClient}, core.KeyContrat: {Text: c.Contrat}}, core.ScopeCertificateur)...)
	if c.Nature != "" {
		f := core.FieldByKey(core.KeyNatureDeposant)
		if msg := core.CheckValue(f, core.Value{Text: c.Nature}); msg != "" {
			issues = append(issues, core.Issue{Field: f.Key, Message: f.Label + " : " + msg})
		}
	}
	return issues
}

// CreateSample makes the example dossier: n fictitious passages (50 for
// the one users discover the application with).
func CreateSample(ctx context.Context, path string, now time.Time, n int) (*Dossier, error) {
	v := NewValidator()
	db, err := store.CreateSampleN(ctx, path, now, n, v)
	if err != nil {
		return nil, err
	}
	return &Dossier{db: db, validator: v, Now: core.Now}, nil
}

// Path returns the dossier's file path.
func (d *Dossier) Path() string { return d.db.Path() }

// ReadOnly reports whether the dossier can only be read.
func (d *Dossier) ReadOnly() bool { return d.db.ReadOnly() }

// Close closes the dossier.
func (d *Dossier) Close() error { return d.db.Close() }

// Store gives the adapters' tests and benchmarks the dossier's storage.
func (d *Dossier) Store() *store.DB { return d.db }

// view and update run one transaction; update holds the dossier's
// operation lock (see guard) for op.
func (d *Dossier) view(ctx context.Context, fn func(*store.Tx) error) error {
	return d.db.View(ctx, fn)
}

func (d *Dossier) update(ctx context.Context, op string, fn func(*store.Tx) error) error {
	return d.run(op, func() error { return d.db.Update(ctx, fn) })
}

// Validate checks a passage record with the dossier's rules and targeted
// format, as the form does while the user types.
func (d *Dossier) Validate(ctx context.Context, rec core.Values) ([]core.Issue, error) {
	var opt core.Options
	err := d.view(ctx, func(tx *store.Tx) (err error) { opt, err = tx.Options(); return err })
	if err != nil {
		return nil, err
	}
	return d.validator.Passage(rec, opt), nil
}

// Validator returns the dossier's validator, for the form's live checks
// once the options are known (see Validate).
func (d *Dossier) Validator() *core.Validator { return d.validator }

// guard makes the operations that change a dossier exclude each other
// within one process: a second one is refused at once with the name of
// the running one, rather than waiting for it. Between processes, the
// dossier's write lock does the same (SQLite's, which restore honours too).
type guard struct {
	mu      sync.Mutex
	nameMu  sync.Mutex
	running string
}

// BusyError is returned when an operation would overlap another.
type BusyError struct{ Running string }

func (e *BusyError) Error() string {
	return fmt.Sprintf("une autre opération est en cours sur ce dossier (%s) : attendez qu'elle se termine, puis recommencez", e.Running)
}

func (g *guard) run(op string, fn func() error) error {
	if !g.mu.TryLock() {
		g.nameMu.Lock()
		running := g.running
		g.nameMu.Unlock()
		return &BusyError{Running: running}
	}
	defer g.mu.Unlock()
	g.nameMu.Lock()
	g.running = op
	g.nameMu.Unlock()
	defer func() {
		g.nameMu.Lock()
		g.running = ""
		g.nameMu.Unlock()
	}()
	return fn()
}

// Names of the operations, as BusyError shows them.
const (
	opImportSheet  = "import d'une liste"
	opImportXML    = "import d'un fichier de dépôt"
	opExport       = "préparation d'un dépôt"
	opAccuse       = "lecture d'un accusé de traitement"
	opRestore      = "restauration d'une sauvegarde"
	opEdit         = "enregistrement d'une modification"
	opOrganisation = "modification de l'organisme"
	opXSD          = "changement du format visé"
	opResend       = "remise de passages dans le prochain dépôt"
	opDelete       = "suppression de passages"
	opErase        = "effacement d'un titulaire"
	opUndoImport   = "annulation d'un import"
	opCheck        = "vérification du dossier"
	opCancelDep    = "annulation d'un dépôt"
	opWithdraw     = "retrait de passages"
	opBackup       = "sauvegarde du dossier"
)

// SchemaVersion is the version of the dossier file format this build writes.
func SchemaVersion() int { return store.SchemaVersion() }

// ErrReadOnly refuses a change to a dossier opened for reading only.
var ErrReadOnly = errors.New("ce dossier est ouvert en lecture seule (son fichier ou son dossier ne peut pas être modifié) : copiez-le dans un dossier où vous pouvez écrire, puis ouvrez la copie")

// run runs an operation that changes the dossier, alone (see guard).
func (d *Dossier) run(op string, fn func() error) error {
	if d.db.ReadOnly() {
		return ErrReadOnly
	}
	return d.guard.run(op, fn)
}
