package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/certidepot/certidepot/core"
)

// Import is one spreadsheet import.
type Import struct {
	ID                            int64
	File, Sheet                   string
	Rows, Added, Updated, Flagged int
	CreatedAt                     string
	UndoneAt                      string
}

// importBatch remembers the passages an import adds. They get
// consecutive ids: the transaction holds the dossier's write lock, so
// nothing else inserts meanwhile.
type importBatch struct {
	id          int64
	first, last int64
}

func (b *importBatch) added(passageID int64) {
	if b.first == 0 {
		b.first = passageID
	}
	b.last = passageID
}

// BeginImport records the start of an import and returns its id. Until
// FinishImport, passages added with a source are recorded as added by it.
func (t *Tx) BeginImport(file, sheet string) (int64, error) {
	res, err := t.tx.Exec("INSERT INTO imports(file, sheet, created_at) VALUES(?, ?, ?)", file, sheet, t.now)
	if err != nil {
		return 0, dbError(err)
	}
	id, err := res.LastInsertId()
	t.batch = &importBatch{id: id}
	return id, dbError(err)
}

// FinishImport stores an import's counts, and the timeline and import
// record of the passages it added, in two statements.
func (t *Tx) FinishImport(id int64, rows, added, updated, flagged int) error {
	if b := t.batch; b != nil && b.id == id && b.first > 0 {
		if _, err := t.tx.Exec(`INSERT INTO import_changes(import_id, passage_id, kind) SELECT ?, id, 'added' FROM passages WHERE id BETWEEN ? AND ?`,
			id, b.first, b.last); err != nil {
			return dbError(err)
		}
		if _, err := t.tx.Exec(`INSERT INTO events(passage_id, at, kind, detail)
			SELECT id, ?, ?, source_file || coalesce(', feuille ' || source_sheet, '') || coalesce(', ligne ' || source_row, '')
			FROM passages WHERE id BETWEEN ? AND ?`, t.now, core.EventImported, b.first, b.last); err != nil {
			return dbError(err)
		}
	}
	t.batch = nil
	_, err := t.tx.Exec("UPDATE imports SET rows = ?, added = ?, updated = ?, flagged = ? WHERE id = ?", rows, added, updated, flagged, id)
	return dbError(err)
}

// NoteUpdated records a passage's values before an import changed them.
func (t *Tx) NoteUpdated(importID int64, before *core.Passage) error {
	_, err := t.tx.Exec(`INSERT INTO import_changes(import_id, passage_id, kind, old_data, old_holder, old_status, old_issues)
		VALUES(?, ?, 'updated', ?, ?, ?, ?)`, importID, before.ID, encodeValues(before.Data), encodeValues(before.Holder),
		before.Status, encodeIssues(before.Issues))
	return dbError(err)
}

// Imports lists the imports, latest first.
func (t *Tx) Imports() ([]Import, error) {
	rows, err := t.tx.Query("SELECT id, file, sheet, rows, added, updated, flagged, created_at, coalesce(undone_at, '') FROM imports ORDER BY id DESC")
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []Import
	for rows.Next() {
		var im Import
		if err := rows.Scan(&im.ID, &im.File, &im.Sheet, &im.Rows, &im.Added, &im.Updated, &im.Flagged, &im.CreatedAt, &im.UndoneAt); err != nil {
			return nil, dbError(err)
		}
		out = append(out, im)
	}
	return out, dbError(rows.Err())
}

// UndoImport removes exactly what an import added and restores what it
// updated. It refuses when one of those passages was deposited since.
func (t *Tx) UndoImport(id int64) (removed, restored int, err error) {
	var undone sql.NullString
	if err := t.tx.QueryRow("SELECT undone_at FROM imports WHERE id = ?", id).Scan(&undone); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, 0, fmt.Errorf("aucun import n° %d dans ce dossier", id)
		}
		return 0, 0, dbError(err)
	}
	if undone.Valid {
		return 0, 0, fmt.Errorf("l'import n° %d a déjà été annulé le %s", id, undone.String)
	}
	var sent int
	if err := t.tx.QueryRow(`SELECT count(*) FROM import_changes c JOIN passages p ON p.id = c.passage_id
		WHERE c.import_id = ? AND (p.status IN ('depose', 'accepte', 'rejete') OR p.id IN (SELECT passage_id FROM deposit_passages))`, id).Scan(&sent); err != nil {
		return 0, 0, dbError(err)
	}
	if sent > 0 {
		return 0, 0, fmt.Errorf("%d passage(s) de cet import ont déjà été déposés : l'import ne peut plus être annulé", sent)
	}
	type change struct {
		passageID                        int64
		kind                             string
		data, holder, status, issuesJSON sql.NullString
	}
	rows, err := t.tx.Query("SELECT passage_id, kind, old_data, old_holder, old_status, old_issues FROM import_changes WHERE import_id = ? ORDER BY rowid DESC", id)
	if err != nil {
		return 0, 0, dbError(err)
	}
	var changes []change
	for rows.Next() {
		var c change
		if err := rows.Scan(&c.passageID, &c.kind, &c.data, &c.holder, &c.status, &c.issuesJSON); err != nil {
			rows.Close()
			return 0, 0, dbError(err)
		}
		changes = append(changes, c)
	}
	rows.Close()
	for _, c := range changes {
		var holderID int64
		if err := t.tx.QueryRow("SELECT holder_id FROM passages WHERE id = ?", c.passageID).Scan(&holderID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				continue // deleted since
			}
			return 0, 0, dbError(err)
		}
		switch c.kind {
		case "added":
			for _, q := range []string{"DELETE FROM events WHERE passage_id = ?", "DELETE FROM passages WHERE id = ?"} {
				if _, err := t.tx.Exec(q, c.passageID); err != nil {
					return 0, 0, dbError(err)
				}
			}
			if _, err := t.tx.Exec("DELETE FROM holders WHERE id = ? AND NOT EXISTS (SELECT 1 FROM passages WHERE holder_id = ?)", holderID, holderID); err != nil {
				return 0, 0, dbError(err)
			}
			removed++
		case "updated":
			if _, err := t.tx.Exec("UPDATE passages SET data = ?, status = ?, issues = ?, updated_at = ? WHERE id = ?",
				c.data.String, c.status.String, c.issuesJSON.String, t.now, c.passageID); err != nil {
				return 0, 0, dbError(err)
			}
			h, err := decodeValues(c.holder.String)
			if err != nil {
				return 0, 0, err
			}
			if err := t.updateHolder(holderID, h); err != nil {
				return 0, 0, err
			}
			if err := t.addEvent(c.passageID, core.EventEdited, fmt.Sprintf("annulation de l'import n° %d", id)); err != nil {
				return 0, 0, err
			}
			restored++
		}
	}
	_, err = t.tx.Exec("UPDATE imports SET undone_at = ? WHERE id = ?", t.now, id)
	return removed, restored, dbError(err)
}

// SaveMapping stores a column mapping (header → field key) under a name.
func (t *Tx) SaveMapping(name, mappingJSON string) error {
	_, err := t.tx.Exec(`INSERT INTO column_mappings(name, mapping, saved_at) VALUES(?, ?, ?)
		ON CONFLICT(name) DO UPDATE SET mapping = excluded.mapping, saved_at = excluded.saved_at`, name, mappingJSON, t.now)
	return dbError(err)
}

// Mapping returns a saved column mapping ("" when none).
func (t *Tx) Mapping(name string) (string, error) {
	var m string
	err := t.tx.QueryRow("SELECT mapping FROM column_mappings WHERE name = ?", name).Scan(&m)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return m, dbError(err)
}
