package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// The edits the window makes to several passages at once, or to what a
// passage belongs to: one field set over a selection (and its undo), a
// passage moved to another certification, a deposit cancelled.

// FieldChange is one passage's value of a field before a bulk edit.
type FieldChange struct {
	IDTechnique string
	Before      core.Value
}

// SetFieldResult says what SetField did.
type SetFieldResult struct {
	Changed   []FieldChange
	Unchanged int      // passages that already had the value (or did not match)
	Locked    []string // passages left alone: awaiting an accusé, or accepted
}

// editable is one passage as the edits below read and write it.
type editable struct {
	id, certID, holderID int64
	status               core.Status
	data                 core.Values
	holder               core.Values
	holderChanged        bool
}

func (t *Tx) editable(idTechnique string) (*editable, error) {
	var e editable
	var data, holder string
	err := t.queryRow(`SELECT p.id, p.certification_id, p.holder_id, p.status, p.data, h.data FROM passages p JOIN holders h ON h.id = p.holder_id
		WHERE p.id_technique = ?`, idTechnique).Scan(&e.id, &e.certID, &e.holderID, &e.status, &data, &holder)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errors.New("ce passage n'existe plus dans le dossier")
	}
	if err != nil {
		return nil, dbError(err)
	}
	if e.data, err = decodeValues(data); err != nil {
		return nil, err
	}
	if e.holder, err = decodeValues(holder); err != nil {
		return nil, err
	}
	return &e, nil
}

// save validates an edited passage again and writes its values,
// certification and status, with a timeline event. A passage not sent
// (or sent back) follows its errors; it keeps its status otherwise. A
// changed holder is written too, and the holder's other passages are
// validated again, since they share its data.
func (t *Tx) save(e *editable, idTechnique string, detail string) error {
	cert, err := t.certification(e.certID)
	if err != nil {
		return err
	}
	opt, err := t.Options()
	if err != nil {
		return err
	}
	p := core.Passage{IDTechnique: idTechnique, Holder: e.holder, Data: e.data}
	issues := t.v.Passage(p.Record(cert), opt)
	status := e.status
	if !status.Locked() {
		status = core.AfterEdit(core.HasErrors(issues))
	}
	if _, err := t.exec("UPDATE passages SET data = ?, certification_id = ?, status = ?, issues = ?, date_delivrance = ?, updated_at = ? WHERE id = ?",
		encodeValues(e.data), e.certID, status, encodeIssues(issues), e.data.Text(core.KeyDateDebutValid), t.now, e.id); err != nil {
		return dbError(err)
	}
	if e.holderChanged {
		if err := t.updateHolder(e.holderID, e.holder); err != nil {
			return err
		}
		if _, err := t.revalidate("p.holder_id = ? AND p.id <> ?", e.holderID, e.id); err != nil {
			return err
		}
	}
	return t.addEvent(e.id, core.EventEdited, detail)
}

// values returns the values a field belongs to (the passage's or its
// holder's), marking the holder changed.
func (e *editable) values(f *core.Field) core.Values {
	if f.Scope == core.ScopeHolder {
		e.holderChanged = true
		return e.holder
	}
	return e.data
}

// editableField reports whether SetField may change a field.
func editableField(f *core.Field) bool {
	return f != nil && (f.Scope == core.ScopePassage || f.Scope == core.ScopeHolder) && f.Key != core.KeyIDTechnique && f.Kind != core.KindChoice
}

// SetField gives one field (of the passage or of its holder) the value v
// on the given passages, each validated again; passages awaiting an
// accusé or accepted are left alone. With where set, only passages whose
// value is where change.
func (t *Tx) SetField(ids []string, key string, v core.Value, where *core.Value, detail string) (SetFieldResult, error) {
	var out SetFieldResult
	f := core.FieldByKey(key)
	if !editableField(f) {
		return out, fmt.Errorf("le champ %q ne se modifie pas sur plusieurs passages à la fois", key)
	}
	for _, id := range ids {
		e, err := t.editable(id)
		if err != nil {
			return out, err
		}
		before := e.values(f).Get(key)
		switch {
		case e.status.Locked():
			out.Locked = append(out.Locked, id)
			continue
		case before == v || where != nil && before != *where:
			out.Unchanged++
			continue
		}
		if v.Empty() {
			delete(e.values(f), key)
		} else {
			e.values(f)[key] = v
		}
		if err := t.save(e, id, detail); err != nil {
			return out, err
		}
		out.Changed = append(out.Changed, FieldChange{IDTechnique: id, Before: before})
	}
	return out, nil
}

// RestoreField puts back the values a SetField changed, on the passages
// that still hold the value it set (a passage edited since is left as it
// is). It returns how many went back.
func (t *Tx) RestoreField(changes []FieldChange, key string, set core.Value, detail string) (int, error) {
	f := core.FieldByKey(key)
	if !editableField(f) {
		return 0, fmt.Errorf("champ inconnu : %q", key)
	}
	n := 0
	for _, c := range changes {
		e, err := t.editable(c.IDTechnique)
		if err != nil {
			continue // deleted since: nothing to put back
		}
		if e.status.Locked() || e.values(f).Get(key) != set {
			continue
		}
		if c.Before.Empty() {
			delete(e.values(f), key)
		} else {
			e.values(f)[key] = c.Before
		}
		if err := t.save(e, c.IDTechnique, detail); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// SetCertification moves a passage to another certification of the
// dossier (a wrong code chosen at import or entry), validated again.
// It returns the certification it had.
func (t *Tx) SetCertification(idTechnique string, certificationID int64) (core.Certification, error) {
	e, err := t.editable(idTechnique)
	if err != nil {
		return core.Certification{}, err
	}
	from, err := t.certification(e.certID)
	if err != nil {
		return from, err
	}
	if e.status.Locked() {
		return from, fmt.Errorf("ce passage est verrouillé (%s) : sa certification ne peut pas être changée", strings.ToLower(e.status.Label()))
	}
	to, err := t.certification(certificationID)
	if err != nil {
		return from, err
	}
	if to.ID == from.ID {
		return from, nil
	}
	e.certID = to.ID
	return from, t.save(e, idTechnique, "certification "+from.Code+" remplacée par "+to.Code)
}

// ErrDepositAnswered is returned when cancelling a deposit whose accusé
// was read: the CDC has it.
var ErrDepositAnswered = errors.New("un accusé de traitement a déjà été lu pour ce dépôt : la CDC l'a reçu, il ne peut plus être annulé")

// CancelDeposit records that a deposit's file was never uploaded: the
// deposit is marked cancelled (accusés no longer match it) and its
// passages still awaiting its accusé go back to where they were before
// it (ready, or to complete). It is refused once an accusé was read for
// the deposit. The caller removes the file in the same step. It returns
// the deposit and how many passages went back.
func (t *Tx) CancelDeposit(idFlux string) (*Deposit, int, error) {
	var id int64
	err := t.tx.QueryRow("SELECT id FROM deposits WHERE id_flux = ?", idFlux).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("aucun dépôt d'identifiant de flux %s dans ce dossier (voir « certidepot-cli deposits »)", idFlux)
	}
	if err != nil {
		return nil, 0, dbError(err)
	}
	dep, err := t.deposit(id)
	if err != nil {
		return nil, 0, err
	}
	var accuses int
	if err := t.tx.QueryRow("SELECT count(*) FROM accuses WHERE deposit_id = ?", id).Scan(&accuses); err != nil {
		return nil, 0, dbError(err)
	}
	switch {
	case dep.CancelledAt != "":
		return nil, 0, fmt.Errorf("le dépôt %s est déjà annulé", dep.FileName)
	case accuses > 0 || dep.AccuseStatus != core.DepositAwaiting:
		return nil, 0, ErrDepositAnswered
	case dep.TmpPath != "":
		return nil, 0, fmt.Errorf("le dépôt %s n'est pas terminé : rouvrez le dossier, puis recommencez", dep.FileName)
	}
	withdrawal := dep.Action == core.ActionSuppression
	rows, err := t.tx.Query(`SELECT p.id, p.issues FROM passages p JOIN deposit_passages dp ON dp.passage_id = p.id
		WHERE dp.deposit_id = ? AND p.status = 'depose'`, id)
	if err != nil {
		return nil, 0, dbError(err)
	}
	type back struct {
		id     int64
		status core.Status
	}
	var backs []back
	for rows.Next() {
		var b back
		var issues string
		if err := rows.Scan(&b.id, &issues); err != nil {
			rows.Close()
			return nil, 0, dbError(err)
		}
		var is []core.Issue
		if err := json.Unmarshal([]byte(issues), &is); err != nil {
			rows.Close()
			return nil, 0, errUnreadable
		}
		b.status = core.AfterEdit(core.HasErrors(is))
		if withdrawal {
			b.status = core.StatusAccepte // a withdrawal never sent: they stay at the CDC
		}
		backs = append(backs, b)
	}
	if err := rows.Close(); err != nil {
		return nil, 0, dbError(err)
	}
	detail := "dépôt " + dep.FileName + " annulé : le fichier n'a pas été envoyé à la CDC"
	for _, b := range backs {
		if _, err := t.exec("UPDATE passages SET status = ?, updated_at = ? WHERE id = ?", b.status, t.now, b.id); err != nil {
			return nil, 0, dbError(err)
		}
		if err := t.addEvent(b.id, core.EventResend, detail); err != nil {
			return nil, 0, err
		}
	}
	if _, err := t.tx.Exec("UPDATE deposits SET cancelled_at = ? WHERE id = ?", t.now, id); err != nil {
		return nil, 0, dbError(err)
	}
	dep.CancelledAt = t.now
	return dep, len(backs), nil
}

// UpdateCertificateur changes an existing certificateur's contract and
// nature (its BCR is its identity: a new one is added instead), with the
// dictionary's checks.
func (t *Tx) UpdateCertificateur(c core.Certificateur) error {
	vs := core.Values{core.KeyCertifID: {Text: c.IDClient}, core.KeyContrat: {Text: c.Contrat}}
	issues := core.ValidateScope(vs, core.ScopeCertificateur)
	if c.Nature != "" {
		f := core.FieldByKey(core.KeyNatureDeposant)
		if msg := core.CheckValue(f, core.Value{Text: c.Nature}); msg != "" {
			issues = append(issues, core.Issue{Field: f.Key, Message: f.Label + " : " + msg})
		}
	}
	if len(issues) > 0 {
		return issuesError(issues)
	}
	res, err := t.tx.Exec("UPDATE certificateurs SET id_contrat = ?, nature = ? WHERE id = ? AND id_client = ?", c.Contrat, c.Nature, c.ID, c.IDClient)
	if err != nil {
		return dbError(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("le certificateur %s n'est pas dans ce dossier", c.IDClient)
	}
	return nil
}
