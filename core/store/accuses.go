package store

import (
	"database/sql"
	"errors"

	"github.com/certidepot/certidepot/core"
)

// Timeline steps written by the reading of an accusé, and by a resend.
const (
	EventAccepted = "accuse_ok"
	EventRejected = "accuse_ko"
	EventResend   = "renvoi"
	EventUnlocked = "deverrouillage"
)

// Accusé statuses of a deposit.
const (
	AccuseNone    = ""               // no accusé read yet
	AccuseSuccess = "traite_succes"  // every passage accepted
	AccuseWithKO  = "traite_erreurs" // some passages rejected
	AccuseRefused = "refuse"         // the whole file was refused (structure)
	AccusePartial = "partiel"        // the accusé left passages without an answer
)

// Outcome is the CDC's answer for one passage of a deposit.
type Outcome struct {
	IDTechnique string
	Accepted    bool
	Message     string // French, shown to the user (KO only)
	Field       string // dictionary key a structural error points at, if any
}

// AccuseRecord describes an accusé being recorded.
type AccuseRecord struct {
	DepositID    int64
	SHA256       string
	FileName     string
	IDTraitement string
	Refused      bool
	OK, KO       int
	Unknown      int
}

// FindDeposit finds the deposit an accusé answers: by idFlux, else by file
// name (the most recent), else by the deposit holding the most of the
// given idTechnique. It returns nil when none matches.
func (t *Tx) FindDeposit(idFlux, fileName string, ids []string) (*Deposit, error) {
	var id int64
	var err error = sql.ErrNoRows
	if idFlux != "" {
		err = t.tx.QueryRow("SELECT id FROM deposits WHERE id_flux = ?", idFlux).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) && fileName != "" {
		err = t.tx.QueryRow("SELECT id FROM deposits WHERE file_name = ? ORDER BY id DESC LIMIT 1", fileName).Scan(&id)
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
	stmt, err := t.tx.Prepare("SELECT deposit_id FROM deposit_passages WHERE id_technique = ?")
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
	err := t.tx.QueryRow(`SELECT id, id_flux, horodatage, certificateur_id, xsd_version, file_name, file_path, sha256,
		size, passages, created_at, accuse_status FROM deposits WHERE id = ?`, id).Scan(&d.ID, &d.IDFlux, &d.Horodatage,
		&d.CertificateurID, &d.XSDVersion, &d.FileName, &d.FilePath, &d.SHA256, &d.Size, &d.Passages, &d.CreatedAt, &d.AccuseStatus)
	return &d, dbError(err)
}

// AccuseImported reports whether an accusé with this content was read.
func (t *Tx) AccuseImported(sha string) (bool, error) {
	var n int
	err := t.tx.QueryRow("SELECT count(*) FROM accuses WHERE sha256 = ?", sha).Scan(&n)
	return n > 0, dbError(err)
}

// ApplyOutcomes records the CDC's answers for passages of a deposit. Only
// passages still awaiting the answer ("depose") change: accepted ones get
// locked, rejected ones keep the message. idTechnique that are not in the
// deposit are returned, not applied.
func (t *Tx) ApplyOutcomes(depositID int64, outcomes []Outcome) (unknown []string, err error) {
	// The deposit's passages, read once (an accusé may list 200,000 ids).
	type member struct {
		id     int64
		status core.Status
	}
	members := map[string]member{}
	rows, err := t.tx.Query(`SELECT dp.id_technique, p.id, p.status FROM deposit_passages dp JOIN passages p ON p.id = dp.passage_id
		WHERE dp.deposit_id = ?`, depositID)
	if err != nil {
		return nil, dbError(err)
	}
	for rows.Next() {
		var idt string
		var m member
		if err := rows.Scan(&idt, &m.id, &m.status); err != nil {
			rows.Close()
			return nil, dbError(err)
		}
		members[idt] = m
	}
	if err := rows.Close(); err != nil {
		return nil, dbError(err)
	}
	for _, o := range outcomes {
		m, ok := members[o.IDTechnique]
		if !ok {
			unknown = append(unknown, o.IDTechnique)
			continue
		}
		if m.status != core.StatusDepose {
			continue // already answered, or corrected since: an older answer changes nothing
		}
		newStatus, kind, msg := core.StatusRejete, EventRejected, o.Message
		if o.Accepted {
			newStatus, kind, msg = core.StatusAccepte, EventAccepted, ""
		}
		if _, err := t.exec("UPDATE passages SET status = ?, accuse_message = ?, accuse_field = ?, updated_at = ? WHERE id = ?",
			newStatus, msg, o.Field, t.now, m.id); err != nil {
			return nil, dbError(err)
		}
		if err := t.addEvent(m.id, kind, o.Message); err != nil {
			return nil, err
		}
		members[o.IDTechnique] = member{m.id, newStatus}
	}
	return unknown, nil
}

// RecordAccuse stores an accusé and sets its deposit's status.
func (t *Tx) RecordAccuse(a AccuseRecord) error {
	if _, err := t.tx.Exec(`INSERT INTO accuses(deposit_id, sha256, file_name, id_traitement, refused, ok, ko, unknown, imported_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.DepositID, a.SHA256, a.FileName, a.IDTraitement, a.Refused, a.OK, a.KO, a.Unknown, t.now); err != nil {
		return dbError(err)
	}
	var waiting int
	if err := t.tx.QueryRow(`SELECT count(*) FROM deposit_passages dp JOIN passages p ON p.id = dp.passage_id
		WHERE dp.deposit_id = ? AND p.status = 'depose'`, a.DepositID).Scan(&waiting); err != nil {
		return dbError(err)
	}
	status := AccuseSuccess
	switch {
	case a.Refused:
		status = AccuseRefused
	case waiting > 0:
		status = AccusePartial
	case a.KO > 0:
		status = AccuseWithKO
	}
	_, err := t.tx.Exec("UPDATE deposits SET accuse_status = ? WHERE id = ?", status, a.DepositID)
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
	err = t.tx.QueryRow(`SELECT count(*) FROM deposit_passages dp JOIN passages p ON p.id = dp.passage_id
		WHERE dp.deposit_id = ? AND p.status = 'depose'`, depositID).Scan(&s.Waiting)
	return s, dbError(err)
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
		if err := t.addEvent(p.ID, EventResend, ""); err != nil {
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
	opt, err := t.options()
	if err != nil {
		return err
	}
	p.HolderID, p.CertificationID, p.IDTechnique = cur.HolderID, cur.CertificationID, cur.IDTechnique
	p.Data, p.Holder = passageOnly(p.Data), p.Holder.Only(core.ScopeHolder)
	p.Issues = core.ValidatePassage(p.Record(cert), opt)
	p.Status = core.StatusAccepte
	if _, err := t.tx.Exec("UPDATE passages SET data = ?, issues = ?, date_delivrance = ?, updated_at = ? WHERE id = ?",
		encodeValues(p.Data), encodeIssues(p.Issues), p.Data.Text(core.KeyDateDebutValid), t.now, p.ID); err != nil {
		return dbError(err)
	}
	if err := t.updateHolder(p.HolderID, p.Holder); err != nil {
		return err
	}
	return t.addEvent(p.ID, EventUnlocked, "modifié après acceptation : ces changements ne sont pas transmis à la CDC")
}

// DepositHolderNames returns the display name of the holder of the given
// passages of a deposit, by idTechnique (only those asked for: an accusé
// names its rejected passages, not the accepted ones).
func (t *Tx) DepositHolderNames(depositID int64, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		var data string
		err := t.queryRow(`SELECT h.data FROM deposit_passages dp JOIN passages p ON p.id = dp.passage_id
			JOIN holders h ON h.id = p.holder_id WHERE dp.deposit_id = ? AND dp.id_technique = ?`, depositID, id).Scan(&data)
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
