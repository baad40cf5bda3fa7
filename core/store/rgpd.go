package store

import (
	"errors"
	"fmt"

	"github.com/certidepot/certidepot/core"
)

// HolderRecord is everything the dossier holds about one holder, for a
// data subject's access request.
type HolderRecord struct {
	HolderID int64
	Name     string
	Data     core.Values
	Passages []HolderPassage
}

// HolderPassage is one passage of a holder, with its timeline.
type HolderPassage struct {
	Passage       *core.Passage
	Certification core.Certification
	Events        []Event
}

// FindHolders returns the holders whose name contains search (any case or
// accents), with all their data.
func (t *Tx) FindHolders(search string) ([]HolderRecord, error) {
	if core.Fold(search) == "" {
		return nil, errors.New("indiquez une partie du nom du titulaire")
	}
	certs, err := t.Certifications()
	if err != nil {
		return nil, err
	}
	byHolder := map[int64]*HolderRecord{}
	var order []int64
	err = t.EachPassage(Filter{Search: search}, func(p *core.Passage) error {
		r, ok := byHolder[p.HolderID]
		if !ok {
			r = &HolderRecord{HolderID: p.HolderID, Name: core.HolderName(p.Holder), Data: p.Holder}
			byHolder[p.HolderID] = r
			order = append(order, p.HolderID)
		}
		r.Passages = append(r.Passages, HolderPassage{Passage: p, Certification: certs[p.CertificationID]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]HolderRecord, 0, len(order))
	for _, id := range order {
		r := byHolder[id]
		for i := range r.Passages {
			if r.Passages[i].Events, err = t.Events(r.Passages[i].Passage.ID); err != nil {
				return nil, err
			}
		}
		out = append(out, *r)
	}
	return out, nil
}

// EraseHolder deletes a holder and everything about them: passages,
// timelines, and their lines in deposit records (the deposits themselves
// stay, as a trace of what was sent). It refuses while a passage awaits
// the CDC's accusé, which needs it for reconciliation.
func (t *Tx) EraseHolder(holderID int64) (passages int, err error) {
	var waiting int
	if err := t.tx.QueryRow("SELECT count(*) FROM passages WHERE holder_id = ? AND status = 'depose'", holderID).Scan(&waiting); err != nil {
		return 0, dbError(err)
	}
	if waiting > 0 {
		return 0, fmt.Errorf("%d passage(s) de ce titulaire attendent l'accusé de traitement de la CDC : importez l'accusé d'abord, puis effacez", waiting)
	}
	for _, q := range []string{
		"DELETE FROM events WHERE passage_id IN (SELECT id FROM passages WHERE holder_id = ?)",
		"DELETE FROM deposit_passages WHERE passage_id IN (SELECT id FROM passages WHERE holder_id = ?)",
		"DELETE FROM import_changes WHERE passage_id IN (SELECT id FROM passages WHERE holder_id = ?)",
	} {
		if _, err := t.tx.Exec(q, holderID); err != nil {
			return 0, dbError(err)
		}
	}
	res, err := t.tx.Exec("DELETE FROM passages WHERE holder_id = ?", holderID)
	if err != nil {
		return 0, dbError(err)
	}
	n, _ := res.RowsAffected()
	if _, err := t.tx.Exec("DELETE FROM holders WHERE id = ?", holderID); err != nil {
		return 0, dbError(err)
	}
	return int(n), nil
}

// Compact rewrites the dossier file without its free pages, then folds
// the log into it: after an erasure, no copy of the erased data stays in
// the file (secure_delete already overwrote the deleted rows).
func (d *DB) Compact() error {
	if _, err := d.db.Exec("VACUUM"); err != nil {
		return dbError(err)
	}
	d.checkpoint()
	return nil
}

// settingEraseNIR, when "1", erases a holder's NIR once all their
// passages are accepted (see EraseAcceptedNIRs).
const settingEraseNIR = "nir.effacer-acceptes"

// EraseNIRWhenAccepted says whether NIRs are erased automatically.
func (t *Tx) EraseNIRWhenAccepted() (bool, error) {
	v, err := t.Setting(settingEraseNIR)
	return v == "1", err
}

// SetEraseNIRWhenAccepted changes that setting.
func (t *Tx) SetEraseNIRWhenAccepted(on bool) error {
	v := "0"
	if on {
		v = "1"
	}
	return t.SetSetting(settingEraseNIR, v)
}

// EraseAcceptedNIRs removes the NIR of every holder whose passages the CDC
// all accepted: it is needed to send, not to keep. A holder with a passage
// still to send keeps it. It returns how many NIRs went.
func (t *Tx) EraseAcceptedNIRs() (int, error) {
	res, err := t.tx.Exec(`UPDATE holders SET data = json_remove(data, '$.nir'), updated_at = ?
		WHERE json_extract(data, '$.nir') IS NOT NULL
		AND EXISTS (SELECT 1 FROM passages p WHERE p.holder_id = holders.id)
		AND NOT EXISTS (SELECT 1 FROM passages p WHERE p.holder_id = holders.id AND p.status <> 'accepte')`, t.now)
	if err != nil {
		return 0, dbError(err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// IntegrityCheck runs SQLite's integrity check ("ok" when sound).
func (t *Tx) IntegrityCheck() (string, error) {
	var s string
	err := t.tx.QueryRow("PRAGMA integrity_check").Scan(&s)
	return s, dbError(err)
}
