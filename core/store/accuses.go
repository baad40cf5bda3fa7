package store

import (
	"database/sql"
	"errors"

	"github.com/certidepot/certidepot/core"
)

// Outcome is the CDC's answer for one passage of a deposit.
type Outcome struct {
	IDTechnique string
	Accepted    bool
	Message     string // French, shown to the user: the CDC's message for a KO
	Field       string // dictionary key a structural error points at, if any
	// CDCID is the idTechnique under which the CDC says it already holds
	// this passage (« existe déjà en base »), when it names one.
	CDCID string
}

// AccuseRecord describes an accusé being recorded.
type AccuseRecord struct {
	DepositID    int64
	SHA256       string
	ContentKey   string // what the accusé says, hashed: the same accusé downloaded twice has the same key
	FileName     string
	IDTraitement string
	Refused      bool
	OK, KO       int
	Unknown      int
}

// latestDeposit is the SQL giving, for the passage p, the last deposit
// (not cancelled) it was sent in: only that deposit's accusé speaks for it.
const latestDeposit = `(SELECT max(dp2.deposit_id) FROM deposit_passages dp2 JOIN deposits d2 ON d2.id = dp2.deposit_id
	WHERE dp2.passage_id = p.id AND d2.cancelled_at IS NULL)`

// FindDeposit finds the deposit an accusé answers: by idFlux; else by file
// name, when exactly one deposit has that name; else by the deposit
// holding most of the given idTechnique. Cancelled deposits never match.
// It returns nil when none matches.
func (t *Tx) FindDeposit(idFlux, fileName string, ids []string) (*Deposit, error) {
	var id int64
	var err error = sql.ErrNoRows
	if idFlux != "" {
		err = t.tx.QueryRow("SELECT id FROM deposits WHERE id_flux = ? AND cancelled_at IS NULL", idFlux).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) && fileName != "" {
		var n int
		if err = t.tx.QueryRow("SELECT count(*), coalesce(max(id), 0) FROM deposits WHERE file_name = ? AND cancelled_at IS NULL", fileName).Scan(&n, &id); err == nil && n != 1 {
			err = sql.ErrNoRows // ambiguous or absent: the ids decide
		}
	}
	if errors.Is(err, sql.ErrNoRows) && len(ids) > 0 {
		id, err = t.depositHoldingMost(ids)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, dbError(err)
	}
	return t.deposit(id)
}

func (t *Tx) depositHoldingMost(ids []string) (int64, error) {
	stmt, err := t.tx.Prepare(`SELECT dp.deposit_id FROM passages p JOIN deposit_passages dp ON dp.passage_id = p.id
		JOIN deposits d ON d.id = dp.deposit_id WHERE p.id_technique = ? AND d.cancelled_at IS NULL`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	votes := map[int64]int{}
	for _, id := range ids {
		rows, err := stmt.Query(id)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var d int64
			if err := rows.Scan(&d); err != nil {
				rows.Close()
				return 0, err
			}
			votes[d]++
		}
		rows.Close()
	}
	best, bestVotes := int64(0), 0
	for d, v := range votes {
		if v > bestVotes || v == bestVotes && d > best {
			best, bestVotes = d, v
		}
	}
	if bestVotes == 0 {
		return 0, sql.ErrNoRows
	}
	return best, nil
}

func (t *Tx) deposit(id int64) (*Deposit, error) {
	var d Deposit
	err := scanDeposit(t.tx.QueryRow(`SELECT `+depositColumns+` FROM deposits WHERE id = ?`, id), &d)
	return &d, dbError(err)
}

// AccuseImported reports whether an accusé saying the same thing (same
// content key), or with the same bytes, was read already.
func (t *Tx) AccuseImported(sha, contentKey string) (bool, error) {
	var n int
	err := t.tx.QueryRow("SELECT count(*) FROM accuses WHERE sha256 = ? OR (content_key <> '' AND content_key = ?)", sha, contentKey).Scan(&n)
	return n > 0, dbError(err)
}

// Applied says what ApplyOutcomes did with each answer.
type Applied struct {
	OK, KO []string // applied
	// Unknown lists ids that are not in the deposit; Superseded, passages
	// sent again in a later deposit since (that one's accusé speaks for
	// them) or already answered: neither is applied.
	Unknown, Superseded []string
}

// ApplyOutcomes records the CDC's answers for passages of a deposit. Only
// passages whose latest deposit is this one and that still await the
// answer change: accepted ones get locked, rejected ones keep the message.
func (t *Tx) ApplyOutcomes(depositID int64, outcomes []Outcome) (Applied, error) {
	var out Applied
	dep, err := t.deposit(depositID)
	if err != nil {
		return out, err
	}
	withdrawal := dep.Action == core.ActionSuppression
	// The deposit's passages, read once (an accusé may list 200,000 ids).
	type member struct {
		id     int64
		status core.Status
		latest int64
	}
	members := map[string]member{}
	// Passages sent again in a later deposit (not cancelled): this one's
	// answer no longer decides for them. Usually none: read apart, so that
	// the deposit's own passages are read without a sub-query each.
	later, err := t.sentLater(depositID)
	if err != nil {
		return out, err
	}
	rows, err := t.tx.Query(`SELECT dp.id_technique, p.id, p.status
		FROM deposit_passages dp JOIN passages p ON p.id = dp.passage_id WHERE dp.deposit_id = ?`, depositID)
	if err != nil {
		return out, dbError(err)
	}
	for rows.Next() {
		var idt string
		var m member
		if err := rows.Scan(&idt, &m.id, &m.status); err != nil {
			rows.Close()
			return out, dbError(err)
		}
		m.latest = depositID
		if later[m.id] {
			m.latest = -1 // a later deposit's
		}
		members[idt] = m
	}
	if err := rows.Close(); err != nil {
		return out, dbError(err)
	}
	w := newOutcomeWriter()
	for _, o := range outcomes {
		m, ok := members[o.IDTechnique]
		switch {
		case !ok:
			out.Unknown = append(out.Unknown, o.IDTechnique)
			continue
		case m.latest != depositID || m.status != core.StatusDepose:
			out.Superseded = append(out.Superseded, o.IDTechnique)
			continue
		}
		newStatus, kind := core.StatusRejete, core.EventRejected
		switch {
		case withdrawal && o.Accepted:
			newStatus, kind = core.StatusRetire, core.EventWithdrawn
		case withdrawal: // the withdrawal was refused: the passage stays at the CDC
			newStatus, kind = core.StatusAccepte, core.EventWithdrawRefused
		case o.Accepted:
			newStatus, kind = core.StatusAccepte, core.EventAccepted
		}
		w.add(outcomeKey{newStatus, o.Message, o.Field, o.CDCID}, m.id, kind)
		members[o.IDTechnique] = member{m.id, newStatus, m.latest}
		if o.Accepted {
			out.OK = append(out.OK, o.IDTechnique)
		} else {
			out.KO = append(out.KO, o.IDTechnique)
		}
	}
	return out, w.write(t)
}

// sentLater returns the passages of a deposit sent again in a later one
// (not cancelled). Usually there is no later deposit at all, and the
// deposit's 200,000 passages need not be gathered to find none.
func (t *Tx) sentLater(depositID int64) (map[int64]bool, error) {
	later := map[int64]bool{}
	var any int
	err := t.tx.QueryRow("SELECT count(*) FROM (SELECT 1 FROM deposits WHERE id > ? AND cancelled_at IS NULL LIMIT 1)", depositID).Scan(&any)
	if err != nil || any == 0 {
		return later, dbError(err)
	}
	rows, err := t.tx.Query(`SELECT dp.passage_id FROM deposit_passages dp JOIN deposits d ON d.id = dp.deposit_id
		WHERE dp.deposit_id > ? AND d.cancelled_at IS NULL
		AND EXISTS (SELECT 1 FROM deposit_passages x WHERE x.deposit_id = ? AND x.passage_id = dp.passage_id)`, depositID, depositID)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, dbError(err)
		}
		later[id] = true
	}
	return later, dbError(rows.Err())
}

// outcomeKey is what an accusé sets on a passage: passages that get the
// same are updated together.
type outcomeKey struct {
	status                core.Status
	message, field, cdcID string
}

// outcomeWriter gathers an accusé's changes, then writes them a few
// hundred passages per statement: 200,000 single updates and inserts
// would cost seconds.
type outcomeWriter struct {
	order  []outcomeKey
	ids    map[outcomeKey][]int64
	events []any // passage_id, at, kind, detail; at is set when written
}

func newOutcomeWriter() *outcomeWriter { return &outcomeWriter{ids: map[outcomeKey][]int64{}} }

func (w *outcomeWriter) add(k outcomeKey, passageID int64, kind core.EventKind) {
	if _, ok := w.ids[k]; !ok {
		w.order = append(w.order, k)
	}
	w.ids[k] = append(w.ids[k], passageID)
	w.events = append(w.events, passageID, "", kind, k.message)
}

const idsPerUpdate = 500

func (w *outcomeWriter) write(t *Tx) error {
	for _, k := range w.order {
		ids := w.ids[k]
		for len(ids) > 0 {
			n := min(len(ids), idsPerUpdate)
			args := make([]any, 0, 5+n)
			args = append(args, k.status, k.message, k.field, k.cdcID, t.now)
			for _, id := range ids[:n] {
				args = append(args, id)
			}
			q := "UPDATE passages SET status = ?, accuse_message = ?, accuse_field = ?, cdc_id_technique = ?, updated_at = ? WHERE id IN " + placeholders(n)
			if _, err := t.exec(q, args...); err != nil {
				return dbError(err)
			}
			ids = ids[n:]
		}
	}
	for i := 1; i < len(w.events); i += 4 {
		w.events[i] = t.now
	}
	for evs := w.events; len(evs) > 0; {
		n := min(len(evs)/4, batchRows)
		if _, err := t.exec(multiRow("INSERT INTO events(passage_id, at, kind, detail) VALUES", 4, n), evs[:4*n]...); err != nil {
			return dbError(err)
		}
		evs = evs[4*n:]
	}
	return nil
}

// waitingOf counts a deposit's passages still awaiting this deposit's
// answer (not sent again since).
func (t *Tx) waitingOf(depositID int64) (int, error) {
	var n int
	err := t.tx.QueryRow(`SELECT count(*) FROM deposit_passages dp JOIN passages p ON p.id = dp.passage_id
		WHERE dp.deposit_id = ? AND p.status = 'depose' AND `+latestDeposit+` = dp.deposit_id`, depositID).Scan(&n)
	return n, dbError(err)
}

// RecordAccuse stores an accusé and sets its deposit's status.
func (t *Tx) RecordAccuse(a AccuseRecord) error {
	if _, err := t.tx.Exec(`INSERT INTO accuses(deposit_id, sha256, content_key, file_name, id_traitement, refused, ok, ko, unknown, imported_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.DepositID, a.SHA256, a.ContentKey, a.FileName, a.IDTraitement, a.Refused, a.OK, a.KO, a.Unknown, t.now); err != nil {
		return dbError(err)
	}
	waiting, err := t.waitingOf(a.DepositID)
	if err != nil {
		return err
	}
	status := core.DepositSuccess
	switch {
	case a.Refused:
		status = core.DepositRefused
	case waiting > 0:
		status = core.DepositPartial
	case a.KO > 0:
		status = core.DepositWithKO
	}
	_, err = t.tx.Exec("UPDATE deposits SET accuse_status = ? WHERE id = ?", status, a.DepositID)
	return dbError(err)
}

// DepositSummary counts a deposit's passages by what the CDC said.
type DepositSummary struct {
	OK, KO, Waiting int
	IDTraitement    string
}

// Summary returns the deposit's counts: OK and KO as the accusés said,
// waiting for the passages still without an answer.
func (t *Tx) Summary(depositID int64) (DepositSummary, error) {
	var s DepositSummary
	err := t.tx.QueryRow(`SELECT coalesce(sum(ok), 0), coalesce(sum(ko), 0), coalesce(max(id_traitement), '') FROM accuses
		WHERE deposit_id = ? AND refused = 0`, depositID).Scan(&s.OK, &s.KO, &s.IDTraitement)
	if err != nil {
		return s, dbError(err)
	}
	var refused int
	if err := t.tx.QueryRow("SELECT count(*) FROM accuses WHERE deposit_id = ? AND refused = 1", depositID).Scan(&refused); err != nil {
		return s, dbError(err)
	}
	if refused > 0 {
		if err := t.tx.QueryRow("SELECT passages FROM deposits WHERE id = ?", depositID).Scan(&s.KO); err != nil {
			return s, dbError(err)
		}
	}
	s.Waiting, err = t.waitingOf(depositID)
	return s, err
}

// MarkForResend puts rejected passages back in the next deposit as they
// are ("renvoyer tel quel"). It returns how many changed.
func (t *Tx) MarkForResend(ids []string) (int, error) {
	n := 0
	for _, id := range ids {
		p, err := t.Passage(id)
		if err != nil {
			return n, err
		}
		if p.Status != core.StatusRejete {
			continue
		}
		status := core.AfterEdit(core.HasErrors(p.Issues))
		if _, err := t.tx.Exec("UPDATE passages SET status = ?, updated_at = ? WHERE id = ?", status, t.now, p.ID); err != nil {
			return n, dbError(err)
		}
		if err := t.addEvent(p.ID, core.EventResend, ""); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// UpdateAccepted saves edits to a passage the CDC accepted: the explicit
// unlock. The passage stays accepted and is never exported again (the CDC
// refuses a second passage with the same idTechnique); the timeline says
// these edits were not sent.
func (t *Tx) UpdateAccepted(p *core.Passage) error {
	cur, err := t.passageByID(p.ID)
	if err != nil {
		return err
	}
	if cur.Status != core.StatusAccepte {
		return errors.New("seul un passage accepté par la CDC se modifie par déverrouillage")
	}
	cert, err := t.certification(cur.CertificationID)
	if err != nil {
		return err
	}
	opt, err := t.Options()
	if err != nil {
		return err
	}
	p.HolderID, p.CertificationID, p.IDTechnique = cur.HolderID, cur.CertificationID, cur.IDTechnique
	p.Data, p.Holder = passageOnly(p.Data), p.Holder.Only(core.ScopeHolder)
	p.Issues = t.v.Passage(p.Record(cert), opt)
	p.Status = core.StatusAccepte
	if _, err := t.tx.Exec("UPDATE passages SET data = ?, issues = ?, date_delivrance = ?, updated_at = ? WHERE id = ?",
		encodeValues(p.Data), encodeIssues(p.Issues), p.Data.Text(core.KeyDateDebutValid), t.now, p.ID); err != nil {
		return dbError(err)
	}
	if err := t.updateHolder(p.HolderID, p.Holder); err != nil {
		return err
	}
	return t.addEvent(p.ID, core.EventUnlocked, "modifié après acceptation : ces changements ne sont pas transmis à la CDC")
}

// DepositHolderNames returns the display name of the holder of the given
// passages of a deposit, by idTechnique (only those asked for: an accusé
// names its rejected passages, not the accepted ones).
func (t *Tx) DepositHolderNames(depositID int64, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		var data string
		err := t.queryRow(`SELECT h.data FROM passages p JOIN deposit_passages dp ON dp.passage_id = p.id AND dp.deposit_id = ?
			JOIN holders h ON h.id = p.holder_id WHERE p.id_technique = ?`, depositID, id).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, dbError(err)
		}
		h, err := decodeValues(data)
		if err != nil {
			return nil, err
		}
		out[id] = core.HolderName(h)
	}
	return out, nil
}
