package dossier

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// FieldEdit sets one field to one value on several passages (a date of
// delivery, an access mode… typed once for a whole exam). The field is
// a passage's, or its holder's (then shared by the holder's passages).
type FieldEdit struct {
	IDs   []string // idTechnique of the passages
	Field string   // a passage field of the dictionary
	Value core.Value
	// Where, when set, limits the edit to the passages whose value it is
	// (an unknown wording of a list replaced by the code it means).
	Where *core.Value
}

// FieldEditResult says what SetField did, and holds what UndoSetField
// needs to put the values back.
type FieldEditResult struct {
	Field   string
	Value   core.Value
	Changed []store.FieldChange
	// Unchanged counts the passages that had the value already; Locked
	// lists those left alone (awaiting an accusé, or accepted).
	Unchanged int
	Locked    []string
}

// SetField gives a field one value on several passages, in one
// transaction: the value is checked by the dictionary first, then each
// passage is validated again and its status follows. Passages awaiting an
// accusé or accepted are left alone and listed.
func (d *Dossier) SetField(ctx context.Context, e FieldEdit) (*FieldEditResult, error) {
	f := core.FieldByKey(e.Field)
	if f == nil || (f.Scope != core.ScopePassage && f.Scope != core.ScopeHolder) || f.Key == core.KeyIDTechnique || f.Kind == core.KindChoice {
		return nil, fmt.Errorf("le champ %q ne se modifie pas sur plusieurs passages à la fois", e.Field)
	}
	if msg := core.CheckValue(f, e.Value); msg != "" && !e.Value.Empty() {
		return nil, errors.New(f.Label + " : " + msg)
	}
	if e.Value.Empty() && f.Required() {
		return nil, errors.New(f.Label + " : ce champ est obligatoire, il ne peut pas être vidé")
	}
	res := &FieldEditResult{Field: f.Key, Value: e.Value}
	detail := "modification groupée : " + f.Label + " = " + f.Describe(e.Value)
	err := d.update(ctx, opEdit, func(tx *store.Tx) error {
		r, err := tx.SetField(e.IDs, f.Key, e.Value, e.Where, detail)
		res.Changed, res.Unchanged, res.Locked = r.Changed, r.Unchanged, r.Locked
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// UndoSetField puts back the values SetField changed, on the passages that
// still hold the value it set. It returns how many went back.
func (d *Dossier) UndoSetField(ctx context.Context, r *FieldEditResult) (int, error) {
	f := core.FieldByKey(r.Field)
	if f == nil {
		return 0, fmt.Errorf("champ inconnu : %q", r.Field)
	}
	var n int
	err := d.update(ctx, opEdit, func(tx *store.Tx) (err error) {
		n, err = tx.RestoreField(r.Changed, r.Field, r.Value, "annulation de la modification groupée : "+f.Label)
		return err
	})
	return n, err
}

// ChangeCertification moves passages to another certification of the
// dossier, each validated again. Passages awaiting an accusé or accepted
// are refused: nothing changes then. It returns how many moved.
func (d *Dossier) ChangeCertification(ctx context.Context, ids []string, certificationID int64) (int, error) {
	n := 0
	err := d.update(ctx, opEdit, func(tx *store.Tx) error {
		for _, id := range ids {
			from, err := tx.SetCertification(id, certificationID)
			if err != nil {
				return err
			}
			if from.ID != certificationID {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// CancelResult says what CancelDeposit did.
type CancelResult struct {
	File     string `json:"file"`
	Path     string `json:"path"`
	Passages int    `json:"passages"` // passages back to ready (or to complete)
	// FileLeft is set when the file could not be removed (open in another
	// program): the next opening of the dossier removes it.
	FileLeft bool `json:"fileLeft"`
}

// CancelDeposit records that a deposit file was never uploaded to the CDC:
// its passages are ready again (or to complete) and its file is removed,
// so that it cannot be uploaded by mistake. It is refused once an accusé
// was read for it.
//
// A deposit file exists at its final path if and only if its deposit is
// recorded (and not cancelled): the cancellation is committed first, then
// the file removed; a process stopped in between leaves a cancelled
// deposit whose file the next opening removes (see removeCancelledFiles),
// recognised by its content so that a new file of the same name is never
// touched.
func (d *Dossier) CancelDeposit(ctx context.Context, idFlux string) (*CancelResult, error) {
	var res *CancelResult
	var dep *store.Deposit
	err := d.update(ctx, opCancelDep, func(tx *store.Tx) error {
		var n int
		var err error
		if dep, n, err = tx.CancelDeposit(strings.TrimSpace(idFlux)); err != nil {
			return err
		}
		res = &CancelResult{File: dep.FileName, Path: dep.FilePath, Passages: n}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.FileLeft = !removeDepositFile(*dep)
	return res, nil
}

// removeDepositFile removes a cancelled deposit's file when it is still
// the one the deposit wrote (same SHA-256); it reports whether no such
// file is left.
func removeDepositFile(dep store.Deposit) bool {
	sum, err := fileSum(dep.FilePath)
	if err != nil || sum != dep.SHA256 {
		return true // gone already, or another file now has its name
	}
	if err := os.Remove(dep.FilePath); err != nil {
		return false
	}
	syncDir(filepath.Dir(dep.FilePath))
	return true
}

// removeCancelledFiles removes the files of cancelled deposits that a
// stopped process left at their final path.
func (d *Dossier) removeCancelledFiles(ctx context.Context) error {
	var deps []store.Deposit
	err := d.view(ctx, func(tx *store.Tx) error {
		all, err := tx.Deposits()
		for _, dep := range all {
			if dep.CancelledAt != "" {
				deps = append(deps, dep)
			}
		}
		return err
	})
	for _, dep := range deps {
		removeDepositFile(dep)
	}
	return err
}

// UpdateCertificateur changes a certificateur's contract and nature.
func (d *Dossier) UpdateCertificateur(ctx context.Context, c core.Certificateur) error {
	c.IDClient, c.Contrat, c.Nature = strings.TrimSpace(c.IDClient), strings.TrimSpace(c.Contrat), strings.TrimSpace(c.Nature)
	return d.update(ctx, opOrganisation, func(tx *store.Tx) error { return tx.UpdateCertificateur(c) })
}
