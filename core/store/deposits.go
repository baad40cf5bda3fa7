package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// Deposit is one exported deposit file.
type Deposit struct {
	ID              int64
	IDFlux          string
	Horodatage      string
	CertificateurID int64
	XSDVersion      string
	FileName        string // base name, as the CDC will know it
	FilePath        string
	SHA256          string
	Size            int64
	Passages        int
	CreatedAt       string
	AccuseStatus    core.DepositState
	Action          string // CREATION or SUPPRESSION
	// TmpPath is where the file waits while its deposit is recorded but
	// not yet at FilePath: an export stopped there is finished at the next
	// opening.
	TmpPath     string
	CancelledAt string // set when the user cancelled a deposit never uploaded
}

const depositColumns = `id, id_flux, horodatage, certificateur_id, xsd_version, file_name, file_path, sha256,
		size, passages, created_at, accuse_status, action, tmp_path, coalesce(cancelled_at, '')`

func scanDeposit(sc interface{ Scan(...any) error }, d *Deposit) error {
	return sc.Scan(&d.ID, &d.IDFlux, &d.Horodatage, &d.CertificateurID, &d.XSDVersion, &d.FileName, &d.FilePath,
		&d.SHA256, &d.Size, &d.Passages, &d.CreatedAt, &d.AccuseStatus, &d.Action, &d.TmpPath, &d.CancelledAt)
}

// EachAccepted calls fn for the passages among ids that the CDC accepted,
// of one certificateur, grouped by certification: what a withdrawal sends.
func (t *Tx) EachAccepted(certificateurID int64, ids map[string]bool, fn func(*core.Passage) error) error {
	return t.eachPassageOf(`p.status = 'accepte'`, certificateurID, func(p *core.Passage) error {
		if !ids[p.IDTechnique] {
			return nil
		}
		return fn(p)
	})
}

// EachReady calls fn for every passage ready to deposit ("pret") of one
// certificateur, grouped by certification, without loading them all.
func (t *Tx) EachReady(certificateurID int64, fn func(*core.Passage) error) error {
	return t.eachPassageOf(`p.status = 'pret'`, certificateurID, fn)
}

func (t *Tx) eachPassageOf(cond string, certificateurID int64, fn func(*core.Passage) error) error {
	rows, err := t.tx.Query(`SELECT p.id, p.id_technique, p.holder_id, p.certification_id, p.status, p.data, h.data
		FROM passages p JOIN holders h ON h.id = p.holder_id
		WHERE `+cond+` AND p.certification_id IN (SELECT id FROM certifications WHERE certificateur_id = ?)
		ORDER BY p.certification_id, p.id`, certificateurID)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p core.Passage
		var data, holder string
		if err := rows.Scan(&p.ID, &p.IDTechnique, &p.HolderID, &p.CertificationID, &p.Status, &data, &holder); err != nil {
			return dbError(err)
		}
		if p.Data, err = decodeValues(data); err != nil {
			return err
		}
		if p.Holder, err = decodeValues(holder); err != nil {
			return err
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	return dbError(rows.Err())
}

// RecordDeposit stores a deposit file and its passages' line spans, and
// moves those passages to "depose". They must not be sent already: ready,
// or (for a file deposited by hand and imported) still to complete.
func (t *Tx) RecordDeposit(d *Deposit, spans []core.Span) error {
	if err := t.OpenDeposit(d); err != nil {
		return err
	}
	if err := t.AddToDeposit(d, spans); err != nil {
		return err
	}
	return t.CloseDeposit(d)
}

// OpenDeposit records a deposit whose file is being written: AddToDeposit
// records its passages as they are written, CloseDeposit what the finished
// file is (its size and checksum). All of it happens in the caller's
// transaction, so that a file found invalid takes it all back; recording
// while writing lets the other core validate meanwhile.
func (t *Tx) OpenDeposit(d *Deposit) error {
	if d.Action == "" {
		d.Action = core.ActionCreation
	}
	res, err := t.tx.Exec(`INSERT INTO deposits(id_flux, horodatage, certificateur_id, xsd_version, file_name, file_path,
		sha256, size, passages, created_at, action, tmp_path, events_mark)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM events))`,
		d.IDFlux, d.Horodatage, d.CertificateurID, d.XSDVersion, d.FileName, d.FilePath, d.SHA256, d.Size, t.now, d.Action, d.TmpPath)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("un dépôt d'identifiant de flux %s est déjà enregistré dans ce dossier", d.IDFlux)
		}
		return dbError(err)
	}
	if d.ID, err = res.LastInsertId(); err != nil {
		return dbError(err)
	}
	d.Passages, d.CreatedAt = 0, t.now
	return nil
}

// AddToDeposit records passages of an open deposit with their line spans
// and moves them to "depose". A creation sends passages never sent
// (ready, or to complete for a file deposited by hand); a withdrawal,
// passages the CDC accepted. Any other is refused, which the caller's
// rollback then undoes.
func (t *Tx) AddToDeposit(d *Deposit, spans []core.Span) error {
	from := "'pret', 'a_completer', 'retire'"
	if d.Action == core.ActionSuppression {
		from = "'accepte'"
	}
	// Many rows per statement: 200,000 single statements cost seconds.
	// +status: found by id, not through the status index (which would
	// scan every ready passage for each statement).
	insert := func(n int) string {
		return multiRow("INSERT INTO deposit_passages(deposit_id, passage_id, id_technique, line_start, line_end) VALUES", 5, n)
	}
	update := func(n int) string {
		return "UPDATE passages SET status = 'depose', updated_at = ? WHERE +status IN (" + from + ") AND id IN " + placeholders(n)
	}
	fullInsert, fullUpdate := insert(batchRows), update(batchRows)
	args := make([]any, 0, 5*batchRows)
	ids := make([]any, 0, batchRows+1)
	for len(spans) > 0 {
		n := min(len(spans), batchRows)
		args, ids = args[:0], append(ids[:0], t.now)
		for _, s := range spans[:n] {
			args = append(args, d.ID, s.PassageID, s.IDTechnique, s.LineStart, s.LineEnd)
			ids = append(ids, s.PassageID)
		}
		qi, qu := fullInsert, fullUpdate
		if n < batchRows {
			qi, qu = insert(n), update(n)
		}
		if _, err := t.exec(qi, args...); err != nil {
			return dbError(err)
		}
		res, err := t.exec(qu, ids...)
		if err != nil {
			return dbError(err)
		}
		if got, _ := res.RowsAffected(); int(got) != n {
			return fmt.Errorf("%d passage(s) du fichier ne sont plus prêts : export annulé, recommencez", n-int(got))
		}
		d.Passages += n
		spans = spans[n:]
	}
	return nil
}

// CloseDeposit records what a deposit's finished file is.
func (t *Tx) CloseDeposit(d *Deposit) error {
	_, err := t.tx.Exec("UPDATE deposits SET sha256 = ?, size = ?, passages = ? WHERE id = ?", d.SHA256, d.Size, d.Passages, d.ID)
	return dbError(err) // the timelines read the deposit itself (see Events)
}

// Deposits lists the deposits, oldest first, cancelled ones included.
func (t *Tx) Deposits() ([]Deposit, error) {
	rows, err := t.tx.Query(`SELECT ` + depositColumns + ` FROM deposits ORDER BY id`)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []Deposit
	for rows.Next() {
		var d Deposit
		if err := scanDeposit(rows, &d); err != nil {
			return nil, dbError(err)
		}
		out = append(out, d)
	}
	return out, dbError(rows.Err())
}

// FilePlaced records that a deposit's file is at its final path.
func (t *Tx) FilePlaced(depositID int64) error {
	_, err := t.tx.Exec("UPDATE deposits SET tmp_path = '' WHERE id = ?", depositID)
	return dbError(err)
}

// ForgetDeposit removes a deposit whose file never reached its final path
// (lost with a stopped process): its passages go back to where they were
// before it, ready to be exported again.
func (t *Tx) ForgetDeposit(depositID int64) error {
	back := core.StatusPret // a creation's passages are ready again
	if dep, err := t.deposit(depositID); err != nil {
		return err
	} else if dep.Action == core.ActionSuppression {
		back = core.StatusAccepte // a withdrawal's stay at the CDC
	}
	if _, err := t.tx.Exec(`UPDATE passages SET status = ?, updated_at = ?
		WHERE status = 'depose' AND id IN (SELECT passage_id FROM deposit_passages WHERE deposit_id = ?)`, back, t.now, depositID); err != nil {
		return dbError(err)
	}
	for _, q := range []string{"DELETE FROM deposit_passages WHERE deposit_id = ?", "DELETE FROM deposits WHERE id = ?"} {
		if _, err := t.tx.Exec(q, depositID); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// Intent is a private folder an export writes its temporary files in.
type Intent struct {
	ID     int64
	TmpDir string
}

// AddIntent records the folder an export is about to write in, before it
// writes anything, so that a stopped export's leftovers can be found.
func (t *Tx) AddIntent(tmpDir string) (int64, error) {
	res, err := t.tx.Exec("INSERT INTO export_intents(tmp_dir, created_at) VALUES(?, ?)", tmpDir, t.now)
	if err != nil {
		return 0, dbError(err)
	}
	id, err := res.LastInsertId()
	return id, dbError(err)
}

// DeleteIntent forgets an intent once its folder is gone.
func (t *Tx) DeleteIntent(id int64) error {
	_, err := t.tx.Exec("DELETE FROM export_intents WHERE id = ?", id)
	return dbError(err)
}

// Intents lists the recorded intents.
func (t *Tx) Intents() ([]Intent, error) {
	rows, err := t.tx.Query("SELECT id, tmp_dir FROM export_intents ORDER BY id")
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []Intent
	for rows.Next() {
		var in Intent
		if err := rows.Scan(&in.ID, &in.TmpDir); err != nil {
			return nil, dbError(err)
		}
		out = append(out, in)
	}
	return out, dbError(rows.Err())
}

// DepositSpans returns the line spans of a deposit, by first line.
func (t *Tx) DepositSpans(depositID int64) ([]core.Span, error) {
	rows, err := t.tx.Query("SELECT passage_id, id_technique, line_start, line_end FROM deposit_passages WHERE deposit_id = ? ORDER BY line_start", depositID)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []core.Span
	for rows.Next() {
		var s core.Span
		if err := rows.Scan(&s.PassageID, &s.IDTechnique, &s.LineStart, &s.LineEnd); err != nil {
			return nil, dbError(err)
		}
		out = append(out, s)
	}
	return out, dbError(rows.Err())
}

// LoadedXSD is an XSD file the user loaded from a CDC kit.
type LoadedXSD struct {
	Version, FileName, LoadedAt string
	Content                     []byte
}

// AddXSD stores an XSD loaded from a CDC kit; it is used from now on.
func (t *Tx) AddXSD(x LoadedXSD) error {
	_, err := t.tx.Exec("INSERT INTO xsd_files(version, file_name, content, loaded_at) VALUES(?, ?, ?, ?)",
		x.Version, x.FileName, x.Content, t.now)
	return dbError(err)
}

// XSD returns the XSD loaded last, or nil when the dossier uses
// Certidépôt's own schema.
func (t *Tx) XSD() (*LoadedXSD, error) {
	var x LoadedXSD
	err := t.tx.QueryRow("SELECT version, file_name, content, loaded_at FROM xsd_files ORDER BY id DESC LIMIT 1").
		Scan(&x.Version, &x.FileName, &x.Content, &x.LoadedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, dbError(err)
	}
	return &x, nil
}

// ClearXSD goes back to Certidépôt's own schema for the targeted version.
func (t *Tx) ClearXSD() error {
	_, err := t.tx.Exec("DELETE FROM xsd_files")
	return dbError(err)
}
