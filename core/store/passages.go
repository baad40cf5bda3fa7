package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// AddPassage records a new passage. When p.HolderID is 0 a holder is
// created from p.Holder; otherwise the existing holder is used. An empty
// IDTechnique gets a new UUID. Status and issues are computed here.
func (t *Tx) AddPassage(p *core.Passage) error {
	cert, err := t.certification(p.CertificationID)
	if err != nil {
		return err
	}
	if p.HolderID == 0 {
		if p.HolderID, err = t.insertHolder(p.Holder); err != nil {
			return err
		}
	} else if p.Holder, err = t.holder(p.HolderID); err != nil {
		return err
	}
	if p.IDTechnique == "" {
		p.IDTechnique = core.NewIDTechnique()
	}
	p.Data = passageOnly(p.Data)
	opt, err := t.Options()
	if err != nil {
		return err
	}
	p.Issues = t.v.Passage(p.Record(cert), opt)
	p.Status = core.AfterEdit(core.HasErrors(p.Issues))
	var file, sheet sql.NullString
	var row sql.NullInt64
	kind, detail := core.EventCreated, ""
	if p.Source != nil {
		file = sql.NullString{String: p.Source.File, Valid: true}
		sheet = sql.NullString{String: p.Source.Sheet, Valid: p.Source.Sheet != ""}
		row = sql.NullInt64{Int64: int64(p.Source.Row), Valid: p.Source.Row > 0}
		kind, detail = core.EventImported, sourceText(p.Source)
	}
	res, err := t.exec(`INSERT INTO passages(id_technique, holder_id, certification_id, status, data, issues,
		date_delivrance, source_file, source_sheet, source_row, created_at, updated_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.IDTechnique, p.HolderID, p.CertificationID, p.Status, encodeValues(p.Data), encodeIssues(p.Issues),
		p.Data.Text(core.KeyDateDebutValid), file, sheet, row, t.now, t.now)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("l'identifiant technique %q est déjà utilisé par un autre passage de ce dossier : chaque passage doit avoir le sien", p.IDTechnique)
		}
		return dbError(err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return dbError(err)
	}
	if t.batch != nil && p.Source != nil {
		t.batch.added(p.ID)
		return nil
	}
	return t.addEvent(p.ID, kind, detail)
}

// UpdatePassage saves edited holder and passage values. Passages awaiting
// an accusé or accepted by the CDC are locked. The holder's other passages
// are validated again, since they share its data.
func (t *Tx) UpdatePassage(p *core.Passage) error {
	var status core.Status
	var oldData, oldHolder string
	err := t.tx.QueryRow("SELECT p.status, p.holder_id, p.data, h.data FROM passages p JOIN holders h ON h.id = p.holder_id WHERE p.id = ?",
		p.ID).Scan(&status, &p.HolderID, &oldData, &oldHolder)
	if errors.Is(err, sql.ErrNoRows) {
		return errors.New("ce passage n'existe plus dans le dossier")
	}
	if err != nil {
		return dbError(err)
	}
	if status.Locked() {
		return fmt.Errorf("ce passage est verrouillé (%s) : il ne peut pas être modifié", strings.ToLower(status.Label()))
	}
	var certID int64
	if err := t.tx.QueryRow("SELECT certification_id FROM passages WHERE id = ?", p.ID).Scan(&certID); err != nil {
		return dbError(err)
	}
	cert, err := t.certification(certID)
	if err != nil {
		return err
	}
	opt, err := t.Options()
	if err != nil {
		return err
	}
	p.Data = passageOnly(p.Data)
	p.Holder = p.Holder.Only(core.ScopeHolder)
	p.CertificationID = certID
	p.Issues = t.v.Passage(p.Record(cert), opt)
	p.Status = core.AfterEdit(core.HasErrors(p.Issues)) // a corrected rejected passage is ready again
	if status == core.StatusRejete && p.Status == core.StatusPret {
		// Only what stays in the dossier changed (an e-mail address): the
		// CDC would get the same data, so the passage is still to correct.
		before, err := decodeValues(oldData)
		if err != nil {
			return err
		}
		beforeHolder, err := decodeValues(oldHolder)
		if err != nil {
			return err
		}
		if sameDeposited(before, p.Data) && sameDeposited(beforeHolder, p.Holder) {
			p.Status = core.StatusRejete
		}
	}
	if _, err := t.tx.Exec("UPDATE passages SET data = ?, status = ?, issues = ?, date_delivrance = ?, updated_at = ? WHERE id = ?",
		encodeValues(p.Data), p.Status, encodeIssues(p.Issues), p.Data.Text(core.KeyDateDebutValid), t.now, p.ID); err != nil {
		return dbError(err)
	}
	if err := t.updateHolder(p.HolderID, p.Holder); err != nil {
		return err
	}
	if err := t.addEvent(p.ID, core.EventEdited, ""); err != nil {
		return err
	}
	_, err = t.revalidate("p.holder_id = ? AND p.id <> ?", p.HolderID, p.ID)
	return err
}

// sameDeposited reports whether two sets of values send the CDC the same
// data: the fields kept in the dossier only do not count.
func sameDeposited(a, b core.Values) bool {
	for _, vs := range [2][2]core.Values{{a, b}, {b, a}} {
		for k, v := range vs[0] {
			if f := core.FieldByKey(k); (f == nil || !f.DossierOnly) && vs[1][k] != v {
				return false
			}
		}
	}
	return true
}

// passageOnly keeps the passage-scope values (idTechnique has its column).
func passageOnly(vs core.Values) core.Values {
	out := vs.Only(core.ScopePassage)
	delete(out, core.KeyIDTechnique)
	return out
}

func (t *Tx) insertHolder(h core.Values) (int64, error) {
	h = h.Only(core.ScopeHolder)
	res, err := t.exec("INSERT INTO holders(data, search, created_at, updated_at) VALUES(?, ?, ?, ?)",
		encodeValues(h), core.Fold(core.HolderName(h)), t.now, t.now)
	if err != nil {
		return 0, dbError(err)
	}
	id, err := res.LastInsertId()
	return id, dbError(err)
}

func (t *Tx) updateHolder(id int64, h core.Values) error {
	h = h.Only(core.ScopeHolder)
	_, err := t.tx.Exec("UPDATE holders SET data = ?, search = ?, updated_at = ? WHERE id = ?",
		encodeValues(h), core.Fold(core.HolderName(h)), t.now, id)
	return dbError(err)
}

func (t *Tx) holder(id int64) (core.Values, error) {
	var data string
	err := t.queryRow("SELECT data FROM holders WHERE id = ?", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errors.New("titulaire inconnu dans ce dossier")
	}
	if err != nil {
		return nil, dbError(err)
	}
	return decodeValues(data)
}

func (t *Tx) addEvent(passageID int64, kind core.EventKind, detail string) error {
	_, err := t.exec("INSERT INTO events(passage_id, at, kind, detail) VALUES(?, ?, ?, ?)", passageID, t.now, kind, detail)
	return dbError(err)
}

func sourceText(s *core.Source) string {
	out := s.File
	if s.Sheet != "" {
		out += ", feuille " + s.Sheet
	}
	if s.Row > 0 {
		out += fmt.Sprintf(", ligne %d", s.Row)
	}
	return out
}

func encodeIssues(issues []core.Issue) string {
	if len(issues) == 0 {
		return "[]"
	}
	b, err := json.Marshal(issues)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Filter selects passages; zero fields select everything.
type Filter struct {
	Status          core.Status
	CertificationID int64
	Search          string // part of the holder's name, any case or accents
	IDTechnique     string
}

// where returns the SQL conditions (on passages p and holders h) and
// their arguments.
func (f Filter) where() (string, []any) {
	q := ""
	var args []any
	if f.Status != "" {
		q += " AND p.status = ?"
		args = append(args, f.Status)
	}
	if f.CertificationID != 0 {
		q += " AND p.certification_id = ?"
		args = append(args, f.CertificationID)
	}
	if f.IDTechnique != "" {
		q += " AND p.id_technique = ?"
		args = append(args, f.IDTechnique)
	}
	if s := core.Fold(f.Search); s != "" {
		// Folded text has no GLOB metacharacter; GLOB skips LIKE's case
		// folding, and the subquery only reads the (small) search index.
		q += " AND p.holder_id IN (SELECT id FROM holders WHERE search GLOB ?)"
		args = append(args, "*"+s+"*")
	}
	return q, args
}

// EachPassage calls fn for every passage matching f, in creation order,
// without loading them all in memory.
func (t *Tx) EachPassage(f Filter, fn func(*core.Passage) error) error {
	q := `SELECT p.id, p.id_technique, p.holder_id, p.certification_id, p.status, p.data, p.issues,
		p.source_file, p.source_sheet, p.source_row, p.accuse_message, h.data
		FROM passages p JOIN holders h ON h.id = p.holder_id WHERE 1=1`
	where, args := f.where()
	q += where
	rows, err := t.tx.Query(q+" ORDER BY p.id", args...)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p core.Passage
		var data, issues, holder string
		var file, sheet sql.NullString
		var row sql.NullInt64
		if err := rows.Scan(&p.ID, &p.IDTechnique, &p.HolderID, &p.CertificationID, &p.Status, &data, &issues,
			&file, &sheet, &row, &p.AccuseMessage, &holder); err != nil {
			return dbError(err)
		}
		if p.Data, err = decodeValues(data); err != nil {
			return err
		}
		if p.Holder, err = decodeValues(holder); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(issues), &p.Issues); err != nil {
			return errUnreadable
		}
		if file.Valid {
			p.Source = &core.Source{File: file.String, Sheet: sheet.String, Row: int(row.Int64)}
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	return dbError(rows.Err())
}

func (t *Tx) passageByID(id int64) (*core.Passage, error) {
	var idTechnique string
	if err := t.tx.QueryRow("SELECT id_technique FROM passages WHERE id = ?", id).Scan(&idTechnique); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errors.New("ce passage n'existe plus dans le dossier")
		}
		return nil, dbError(err)
	}
	return t.Passage(idTechnique)
}

// Passage returns one passage by its idTechnique.
func (t *Tx) Passage(idTechnique string) (*core.Passage, error) {
	var out *core.Passage
	err := t.EachPassage(Filter{IDTechnique: idTechnique}, func(p *core.Passage) error {
		out = p
		return nil
	})
	if err == nil && out == nil {
		err = fmt.Errorf("aucun passage d'identifiant technique %q dans ce dossier", idTechnique)
	}
	return out, err
}

// Revalidate validates every passage again (after a rule or version
// change) and returns how many have errors. Only passages not yet sent
// change status; the others just get their issues refreshed.
// Accepted passages keep the checks they passed when sent: the CDC holds
// them, they are never sent again (and may have lost their NIR since).
func (t *Tx) Revalidate() (withErrors int, err error) {
	return t.revalidate("p.status <> 'accepte'")
}

func (t *Tx) revalidate(where string, args ...any) (int, error) {
	certs, err := t.Certifications()
	if err != nil {
		return 0, err
	}
	opt, err := t.Options()
	if err != nil {
		return 0, err
	}
	type change struct {
		id     int64
		status core.Status
		issues string
	}
	var changes []change
	rows, err := t.tx.Query(`SELECT p.id, p.id_technique, p.certification_id, p.status, p.data, h.data
		FROM passages p JOIN holders h ON h.id = p.holder_id WHERE `+where, args...)
	if err != nil {
		return 0, dbError(err)
	}
	withErrors := 0
	for rows.Next() {
		var p core.Passage
		var data, holder string
		if err := rows.Scan(&p.ID, &p.IDTechnique, &p.CertificationID, &p.Status, &data, &holder); err != nil {
			rows.Close()
			return 0, dbError(err)
		}
		if p.Data, err = decodeValues(data); err == nil {
			p.Holder, err = decodeValues(holder)
		}
		if err != nil {
			rows.Close()
			return 0, err
		}
		issues := t.v.Passage(p.Record(certs[p.CertificationID]), opt)
		bad := core.HasErrors(issues)
		if bad {
			withErrors++
		}
		status := p.Status
		if status == core.StatusACompleter || status == core.StatusPret {
			status = core.AfterEdit(bad)
		}
		changes = append(changes, change{p.ID, status, encodeIssues(issues)})
	}
	if err := rows.Close(); err != nil {
		return 0, dbError(err)
	}
	stmt, err := t.tx.Prepare("UPDATE passages SET status = ?, issues = ? WHERE id = ?")
	if err != nil {
		return 0, dbError(err)
	}
	defer stmt.Close()
	for _, c := range changes {
		if _, err := stmt.Exec(c.status, c.issues, c.id); err != nil {
			return 0, dbError(err)
		}
	}
	return withErrors, nil
}

// Counts returns the number of passages per status.
func (t *Tx) Counts() (map[core.Status]int, error) {
	rows, err := t.tx.Query("SELECT status, count(*) FROM passages GROUP BY status")
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	out := map[core.Status]int{}
	for rows.Next() {
		var s core.Status
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, dbError(err)
		}
		out[s] = n
	}
	return out, dbError(rows.Err())
}

// Event is one step of a passage's timeline.
type Event struct {
	At     string
	Kind   core.EventKind
	Detail string
}

// Events returns a passage's timeline, oldest first. Its deposits are
// read from the deposits themselves (one row per deposit, not one event
// per passage: an export of 200,000 passages writes 200,000 fewer rows).
func (t *Tx) Events(passageID int64) ([]Event, error) {
	rows, err := t.tx.Query(`SELECT at, kind, detail FROM (
		SELECT at, kind, detail, id AS n FROM events WHERE passage_id = ?
		UNION ALL
		SELECT d.created_at, ?, d.file_name, d.events_mark + 0.5 FROM deposit_passages dp JOIN deposits d ON d.id = dp.deposit_id WHERE dp.passage_id = ?
	) ORDER BY n`, passageID, core.EventExported, passageID)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.At, &e.Kind, &e.Detail); err != nil {
			return nil, dbError(err)
		}
		out = append(out, e)
	}
	return out, dbError(rows.Err())
}

// Overdue counts the passages delivered before the given day (AAAA-MM-JJ)
// that the CDC has not accepted yet: the legal deadline is 3 months after
// delivery.
func (t *Tx) Overdue(before string) (int, error) {
	var n int
	err := t.tx.QueryRow(`SELECT count(*) FROM passages WHERE status <> 'accepte' AND date_delivrance <> '' AND date_delivrance < ?`, before).Scan(&n)
	return n, dbError(err)
}

// AwaitingAccuse counts the deposits with no accusé read yet.
func (t *Tx) AwaitingAccuse() (int, error) {
	var n int
	err := t.tx.QueryRow(`SELECT count(*) FROM deposits WHERE accuse_status = '' AND cancelled_at IS NULL`).Scan(&n)
	return n, dbError(err)
}

// DeletePassages removes passages that were never sent (to complete or
// ready), with their timelines; a holder left without passage goes too.
// Passages sent to the CDC are kept: they are the record of what was sent.
func (t *Tx) DeletePassages(ids []string) (int, error) {
	n := 0
	for _, id := range ids {
		p, err := t.Passage(id)
		if err != nil {
			return n, err
		}
		if p.Status != core.StatusACompleter && p.Status != core.StatusPret {
			return n, fmt.Errorf("%s : ce passage a été envoyé à la CDC (%s) ; il reste dans le dossier", core.HolderName(p.Holder), strings.ToLower(p.Status.Label()))
		}
		for _, q := range []string{"DELETE FROM events WHERE passage_id = ?", "DELETE FROM import_changes WHERE passage_id = ?", "DELETE FROM passages WHERE id = ?"} {
			if _, err := t.tx.Exec(q, p.ID); err != nil {
				return n, dbError(err)
			}
		}
		if _, err := t.tx.Exec("DELETE FROM holders WHERE id = ? AND NOT EXISTS (SELECT 1 FROM passages WHERE holder_id = ?)", p.HolderID, p.HolderID); err != nil {
			return n, dbError(err)
		}
		n++
	}
	return n, nil
}
