package store

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// batchRows is how many passages one insert statement carries: a few
// statements instead of two per row, within SQLite's variable limit.
const batchRows = 100

// AddNewPassages records passages that each come with a new holder, whose
// issues and status the caller computed with the dossier's validator (the
// import validates on another core while this one writes). Passages from
// an import (BeginImport) get their timeline and import record when it
// finishes. idTechnique must be set and unused: the caller checks; Holder
// and Data must hold only their scope's fields (idTechnique aside).
func (t *Tx) AddNewPassages(ps []*core.Passage) error {
	for len(ps) > 0 {
		n := min(len(ps), batchRows)
		if err := t.addBatch(ps[:n]); err != nil {
			return err
		}
		ps = ps[n:]
	}
	return nil
}

func (t *Tx) addBatch(ps []*core.Passage) error {
	n := len(ps)
	holders := make([]any, 0, 4*n)
	for _, p := range ps {
		holders = append(holders, encodeValues(p.Holder), core.Fold(core.HolderName(p.Holder)), t.now, t.now)
	}
	res, err := t.exec(multiRow("INSERT INTO holders(data, search, created_at, updated_at) VALUES", 4, n), holders...)
	if err != nil {
		return dbError(err)
	}
	last, err := res.LastInsertId()
	if err != nil {
		return dbError(err)
	}
	// One statement, no other writer (the transaction holds the lock): the
	// rows got consecutive ids.
	for i, p := range ps {
		p.HolderID = last - int64(n-1-i)
	}
	rows := make([]any, 0, 12*n)
	for _, p := range ps {
		var file, sheet sql.NullString
		var row sql.NullInt64
		if p.Source != nil {
			file = sql.NullString{String: p.Source.File, Valid: true}
			sheet = sql.NullString{String: p.Source.Sheet, Valid: p.Source.Sheet != ""}
			row = sql.NullInt64{Int64: int64(p.Source.Row), Valid: p.Source.Row > 0}
		}
		rows = append(rows, p.IDTechnique, p.HolderID, p.CertificationID, p.Status, encodeValues(p.Data), encodeIssues(p.Issues),
			p.Data.Text(core.KeyDateDebutValid), file, sheet, row, t.now, t.now)
	}
	res, err = t.exec(multiRow(`INSERT INTO passages(id_technique, holder_id, certification_id, status, data, issues,
		date_delivrance, source_file, source_sheet, source_row, created_at, updated_at) VALUES`, 12, n), rows...)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("un identifiant technique de cette liste est déjà utilisé par un autre passage du dossier : chaque passage doit avoir le sien")
		}
		return dbError(err)
	}
	if last, err = res.LastInsertId(); err != nil {
		return dbError(err)
	}
	for i, p := range ps {
		p.ID = last - int64(n-1-i)
		if t.batch != nil {
			t.batch.added(p.ID)
		} else if err := t.addEvent(p.ID, core.EventCreated, ""); err != nil {
			return err
		}
	}
	return nil
}

// multiRow writes an insert of n rows of cols values each.
func multiRow(head string, cols, n int) string {
	one := placeholders(cols)
	var b strings.Builder
	b.Grow(len(head) + n*(len(one)+2))
	b.WriteString(head)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// placeholders is « (?, ?, …) » for n values: a row of VALUES, or the ids
// of an IN list.
func placeholders(n int) string { return "(" + strings.Repeat("?, ", n-1) + "?)" }

// MatchKey is what an import needs of a passage already in the dossier to
// recognise a row as the same passage, read without decoding its values.
type MatchKey struct {
	IDTechnique     string
	Status          core.Status
	CertificationID int64
	Delivered       string
	Holder          core.Values // identification, names, birth date, sex
}

// matchKeys are the holder fields a MatchKey carries.
var matchKeys = []string{core.KeyIdentification, core.KeyNomNaissance, core.KeyPrenom1, core.KeyAnnee, core.KeyMois, core.KeyJour, core.KeySexe}

// EachMatchKey calls fn for every passage of the dossier.
func (t *Tx) EachMatchKey(fn func(MatchKey) error) error {
	var cols strings.Builder
	for _, k := range matchKeys {
		cols.WriteString(", coalesce(json_extract(h.data, '$." + k + "'), '')")
	}
	rows, err := t.tx.Query(`SELECT p.id_technique, p.status, p.certification_id, p.date_delivrance` + cols.String() +
		` FROM passages p JOIN holders h ON h.id = p.holder_id ORDER BY p.id`)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	texts := make([]string, len(matchKeys))
	dest := make([]any, 4+len(matchKeys))
	var k MatchKey
	dest[0], dest[1], dest[2], dest[3] = &k.IDTechnique, &k.Status, &k.CertificationID, &k.Delivered
	for i := range texts {
		dest[4+i] = &texts[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return dbError(err)
		}
		out := k
		out.Holder = make(core.Values, len(matchKeys))
		for i, key := range matchKeys {
			out.Holder.Set(key, texts[i])
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	return dbError(rows.Err())
}

// RestoreUpdated puts back a passage an import changed, from the values
// it had before (NoteUpdated), and forgets that change: used when the
// import finds, later in the file, that the row should not have applied.
func (t *Tx) RestoreUpdated(importID int64, before *core.Passage) error {
	if _, err := t.tx.Exec("UPDATE passages SET data = ?, status = ?, issues = ?, date_delivrance = ?, updated_at = ? WHERE id = ?",
		encodeValues(before.Data), before.Status, encodeIssues(before.Issues), before.Data.Text(core.KeyDateDebutValid), t.now, before.ID); err != nil {
		return dbError(err)
	}
	var holderID int64
	if err := t.tx.QueryRow("SELECT holder_id FROM passages WHERE id = ?", before.ID).Scan(&holderID); err != nil {
		return dbError(err)
	}
	if err := t.updateHolder(holderID, before.Holder); err != nil {
		return err
	}
	_, err := t.tx.Exec("DELETE FROM import_changes WHERE import_id = ? AND passage_id = ? AND kind = 'updated'", importID, before.ID)
	return dbError(err)
}

// RemoveAdded removes a passage the running import added (and its holder),
// when the import finds later in the file that the row should not have
// applied. It must be the import's last added passage or earlier.
func (t *Tx) RemoveAdded(passageID int64) error {
	var holderID int64
	if err := t.tx.QueryRow("SELECT holder_id FROM passages WHERE id = ?", passageID).Scan(&holderID); err != nil {
		return dbError(err)
	}
	for _, q := range []string{"DELETE FROM events WHERE passage_id = ?", "DELETE FROM import_changes WHERE passage_id = ?", "DELETE FROM passages WHERE id = ?"} {
		if _, err := t.tx.Exec(q, passageID); err != nil {
			return dbError(err)
		}
	}
	_, err := t.tx.Exec("DELETE FROM holders WHERE id = ? AND NOT EXISTS (SELECT 1 FROM passages WHERE holder_id = ?)", holderID, holderID)
	return dbError(err)
}
