package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/certidepot/certidepot/core"
)

// EventExported is the timeline step of a passage put in a deposit file.
const EventExported = "export"

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
	AccuseStatus    string // "" while no accusé was read
}

// Span is the lines a passage occupies in a deposit file.
type Span struct {
	PassageID   int64
	IDTechnique string
	LineStart   int
	LineEnd     int
}

// EachReady calls fn for every passage ready to deposit ("pret") of one
// certificateur, grouped by certification, without loading them all.
func (t *Tx) EachReady(certificateurID int64, fn func(*core.Passage) error) error {
	rows, err := t.tx.Query(`SELECT p.id, p.id_technique, p.holder_id, p.certification_id, p.data, h.data
		FROM passages p JOIN holders h ON h.id = p.holder_id
		WHERE p.status = 'pret' AND p.certification_id IN (SELECT id FROM certifications WHERE certificateur_id = ?)
		ORDER BY p.certification_id, p.id`, certificateurID)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		p := core.Passage{Status: core.StatusPret}
		var data, holder string
		if err := rows.Scan(&p.ID, &p.IDTechnique, &p.HolderID, &p.CertificationID, &data, &holder); err != nil {
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
func (t *Tx) RecordDeposit(d *Deposit, spans []Span) error {
	res, err := t.tx.Exec(`INSERT INTO deposits(id_flux, horodatage, certificateur_id, xsd_version, file_name, file_path,
		sha256, size, passages, created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.IDFlux, d.Horodatage, d.CertificateurID, d.XSDVersion, d.FileName, d.FilePath, d.SHA256, d.Size, len(spans), t.now)
	if err != nil {
		return dbError(err)
	}
	if d.ID, err = res.LastInsertId(); err != nil {
		return dbError(err)
	}
	d.Passages, d.CreatedAt = len(spans), t.now
	stmt, err := t.tx.Prepare("INSERT INTO deposit_passages(deposit_id, passage_id, id_technique, line_start, line_end) VALUES(?, ?, ?, ?, ?)")
	if err != nil {
		return dbError(err)
	}
	defer stmt.Close()
	for _, s := range spans {
		if _, err := stmt.Exec(d.ID, s.PassageID, s.IDTechnique, s.LineStart, s.LineEnd); err != nil {
			return dbError(err)
		}
	}
	res, err = t.tx.Exec(`UPDATE passages SET status = 'depose', updated_at = ?
		WHERE status IN ('pret', 'a_completer') AND id IN (SELECT passage_id FROM deposit_passages WHERE deposit_id = ?)`, t.now, d.ID)
	if err != nil {
		return dbError(err)
	}
	if n, _ := res.RowsAffected(); int(n) != len(spans) {
		return fmt.Errorf("%d passage(s) du fichier ne sont plus prêts : export annulé, recommencez", len(spans)-int(n))
	}
	_, err = t.tx.Exec(`INSERT INTO events(passage_id, at, kind, detail)
		SELECT passage_id, ?, ?, ? FROM deposit_passages WHERE deposit_id = ?`, t.now, EventExported, d.FileName, d.ID)
	return dbError(err)
}

// Deposits lists the deposits, oldest first.
func (t *Tx) Deposits() ([]Deposit, error) {
	rows, err := t.tx.Query(`SELECT id, id_flux, horodatage, certificateur_id, xsd_version, file_name, file_path, sha256,
		size, passages, created_at, accuse_status FROM deposits ORDER BY id`)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []Deposit
	for rows.Next() {
		var d Deposit
		if err := rows.Scan(&d.ID, &d.IDFlux, &d.Horodatage, &d.CertificateurID, &d.XSDVersion, &d.FileName, &d.FilePath,
			&d.SHA256, &d.Size, &d.Passages, &d.CreatedAt, &d.AccuseStatus); err != nil {
			return nil, dbError(err)
		}
		out = append(out, d)
	}
	return out, dbError(rows.Err())
}

// DepositSpans returns the line spans of a deposit, by first line.
func (t *Tx) DepositSpans(depositID int64) ([]Span, error) {
	rows, err := t.tx.Query("SELECT passage_id, id_technique, line_start, line_end FROM deposit_passages WHERE deposit_id = ? ORDER BY line_start", depositID)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []Span
	for rows.Next() {
		var s Span
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
