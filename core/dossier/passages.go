package dossier

import (
	"context"
	"errors"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// Filter selects passages; zero fields select everything.
type Filter = store.Filter

// ListRow is what a list of passages shows of one passage.
type ListRow = store.ListRow

// Event is one step of a passage's timeline.
type Event = store.Event

// EachListRow calls fn for every passage matching f, in creation order,
// reading only what a list shows (fast on 200,000 passages).
func (d *Dossier) EachListRow(ctx context.Context, f Filter, fn func(ListRow) error) error {
	return d.view(ctx, func(tx *store.Tx) error { return tx.EachListRow(f, fn) })
}

// ListRow returns the list row of one passage.
func (d *Dossier) ListRow(ctx context.Context, idTechnique string) (ListRow, error) {
	var out ListRow
	found := false
	err := d.EachListRow(ctx, Filter{IDTechnique: idTechnique}, func(r ListRow) error { out, found = r, true; return nil })
	if err == nil && !found {
		err = errors.New("ce passage n'existe plus dans le dossier")
	}
	return out, err
}

// EachPassage calls fn for every passage matching f, with all its values.
func (d *Dossier) EachPassage(ctx context.Context, f Filter, fn func(*core.Passage, core.Certification) error) error {
	return d.view(ctx, func(tx *store.Tx) error {
		certs, err := tx.Certifications()
		if err != nil {
			return err
		}
		return tx.EachPassage(f, func(p *core.Passage) error { return fn(p, certs[p.CertificationID]) })
	})
}

// PassageDetail is everything the fiche of a passage shows.
type PassageDetail struct {
	Passage       *core.Passage
	Certification core.Certification
	Options       core.Options
	Events        []Event
}

// Passage returns one passage with its certification, the validation
// options of the dossier and its timeline.
func (d *Dossier) Passage(ctx context.Context, idTechnique string) (*PassageDetail, error) {
	var out PassageDetail
	err := d.view(ctx, func(tx *store.Tx) error {
		var err error
		if out.Passage, err = tx.Passage(idTechnique); err != nil {
			return err
		}
		certs, err := tx.Certifications()
		if err != nil {
			return err
		}
		out.Certification = certs[out.Passage.CertificationID]
		if out.Options, err = tx.Options(); err != nil {
			return err
		}
		out.Events, err = tx.Events(out.Passage.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Edit is a change to a passage's values, from the fiche.
type Edit struct {
	IDTechnique string
	Values      core.Values // holder and passage values
	// Unlocked saves an accepted passage explicitly unlocked: it stays
	// accepted and the changes are not sent to the CDC.
	Unlocked bool
}

// SavePassage saves an edited passage and returns it, validated.
func (d *Dossier) SavePassage(ctx context.Context, e Edit) (*core.Passage, error) {
	var p *core.Passage
	err := d.update(ctx, opEdit, func(tx *store.Tx) error {
		cur, err := tx.Passage(e.IDTechnique)
		if err != nil {
			return err
		}
		p = &core.Passage{ID: cur.ID, IDTechnique: cur.IDTechnique, Holder: e.Values.Only(core.ScopeHolder), Data: e.Values.Only(core.ScopePassage)}
		if e.Unlocked {
			return tx.UpdateAccepted(p)
		}
		return tx.UpdatePassage(p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Resend puts rejected passages back in the next deposit as they are (all
// the rejected ones when ids is nil). It returns how many changed.
func (d *Dossier) Resend(ctx context.Context, ids []string) (int, error) {
	var n int
	err := d.update(ctx, opResend, func(tx *store.Tx) error {
		if ids == nil {
			if err := tx.EachPassage(store.Filter{Status: core.StatusRejete}, func(p *core.Passage) error {
				ids = append(ids, p.IDTechnique)
				return nil
			}); err != nil {
				return err
			}
		}
		var err error
		n, err = tx.MarkForResend(ids)
		return err
	})
	return n, err
}

// Delete removes passages never sent to the CDC. It returns how many went.
func (d *Dossier) Delete(ctx context.Context, ids []string) (int, error) {
	var n int
	err := d.update(ctx, opDelete, func(tx *store.Tx) (err error) { n, err = tx.DeletePassages(ids); return err })
	return n, err
}

// Summary is what the home screen shows of a dossier.
type Summary struct {
	Emetteur       string
	Certificateurs []core.Certificateur
	Counts         map[core.Status]int
	// Overdue counts the passages delivered more than 2½ months ago that
	// the CDC has not accepted; AwaitingAccuse the deposits with no accusé.
	Overdue, AwaitingAccuse int
}

// Summary returns the dossier's organisation, counts and alerts.
func (d *Dossier) Summary(ctx context.Context, now time.Time) (Summary, error) {
	var s Summary
	err := d.view(ctx, func(tx *store.Tx) error {
		var err error
		if s.Emetteur, err = tx.Emetteur(); err != nil {
			return err
		}
		if s.Certificateurs, err = tx.Certificateurs(); err != nil {
			return err
		}
		if s.Counts, err = tx.Counts(); err != nil {
			return err
		}
		if s.Overdue, err = tx.Overdue(core.DeadlineAlertBefore(now).Format(time.DateOnly)); err != nil {
			return err
		}
		s.AwaitingAccuse, err = tx.AwaitingAccuse()
		return err
	})
	return s, err
}

// Counts returns the number of passages per status.
func (d *Dossier) Counts(ctx context.Context) (map[core.Status]int, error) {
	var c map[core.Status]int
	err := d.view(ctx, func(tx *store.Tx) (err error) { c, err = tx.Counts(); return err })
	return c, err
}

// Certifications returns the dossier's certifications, by id.
func (d *Dossier) Certifications(ctx context.Context) (map[int64]core.Certification, error) {
	var c map[int64]core.Certification
	err := d.view(ctx, func(tx *store.Tx) (err error) { c, err = tx.Certifications(); return err })
	return c, err
}

// CheckIssue is one problem found by Check; IDTechnique is "" for the
// organisation.
type CheckIssue struct {
	IDTechnique string       `json:"idTechnique"`
	Holder      string       `json:"holder"`
	Field       string       `json:"field"`
	Message     string       `json:"message"`
	Warning     bool         `json:"warning,omitempty"`
	Code        string       `json:"code,omitempty"`
	Source      *core.Source `json:"source"`
}

// CheckResult is the result of checking the whole dossier. Its JSON is the
// check command's public output.
type CheckResult struct {
	Passages   int          `json:"passages"`
	WithErrors int          `json:"withErrors"`
	Errors     []CheckIssue `json:"errors"`
	// Risks counts the passages at risk of a CDC rejection, per reason;
	// the comparisons between passages are in Errors too.
	Risks *Risks `json:"risks"`
}

// ErrorCount counts the real errors, not the warnings.
func (c CheckResult) ErrorCount() int {
	n := 0
	for _, is := range c.Errors {
		if !is.Warning {
			n++
		}
	}
	return n
}

// Check validates the whole dossier again (passages' statuses follow) and
// lists every problem, the organisation's first.
func (d *Dossier) Check(ctx context.Context) (*CheckResult, error) {
	out := &CheckResult{Errors: []CheckIssue{}}
	run := d.update
	if d.ReadOnly() {
		run = func(ctx context.Context, _ string, fn func(*store.Tx) error) error { return d.view(ctx, fn) }
	}
	err := run(ctx, opCheck, func(tx *store.Tx) error {
		orgIssues, err := organisationIssues(tx)
		if err != nil {
			return err
		}
		for _, is := range orgIssues {
			out.Errors = append(out.Errors, CheckIssue{Field: is.Field, Message: is.Message})
		}
		if !d.ReadOnly() {
			if out.WithErrors, err = tx.Revalidate(); err != nil {
				return err
			}
		}
		certs, err := tx.Certifications()
		if err != nil {
			return err
		}
		ix := newIdentityIndex()
		err = tx.EachPassage(store.Filter{}, func(p *core.Passage) error {
			ix.add(p, certs[p.CertificationID])
			out.Passages++
			if d.ReadOnly() && core.HasErrors(p.Issues) {
				out.WithErrors++
			}
			for _, is := range p.Issues {
				out.Errors = append(out.Errors, CheckIssue{IDTechnique: p.IDTechnique, Holder: core.HolderName(p.Holder),
					Field: is.Field, Message: is.Message, Warning: is.Warning, Code: is.Code, Source: p.Source})
			}
			return nil
		})
		if err != nil {
			return err
		}
		out.Errors, out.Risks = ix.withCrossIssues(out.Errors), ix.risks()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// organisationIssues checks the emetteur and certificateurs of the dossier.
func organisationIssues(tx *store.Tx) ([]core.Issue, error) {
	em, err := tx.Emetteur()
	if err != nil {
		return nil, err
	}
	issues := core.ValidateScope(core.Values{core.KeyEmetteurID: {Text: em}}, core.ScopeEmetteur)
	cs, err := tx.Certificateurs()
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		f := core.FieldByKey(core.KeyCertifID)
		issues = append(issues, core.Issue{Field: f.Key, Message: f.Label + " : aucun certificateur dans ce dossier ; ajoutez-en un dans « Organisme »."})
	}
	for _, c := range cs {
		issues = append(issues, core.ValidateScope(core.Values{core.KeyCertifID: {Text: c.IDClient}, core.KeyContrat: {Text: c.Contrat}}, core.ScopeCertificateur)...)
	}
	return issues, nil
}
