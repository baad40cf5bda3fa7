package dossier

import (
	"context"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/fault"
	"github.com/certidepot/certidepot/core/store"
)

// HolderRecord is everything the dossier holds about one holder.
type HolderRecord = store.HolderRecord

// FindHolders returns the holders whose name contains search (any case or
// accents), with all their data: for a data subject's access request.
func (d *Dossier) FindHolders(ctx context.Context, search string) ([]HolderRecord, error) {
	var out []HolderRecord
	err := d.view(ctx, func(tx *store.Tx) (err error) { out, err = tx.FindHolders(search); return err })
	return out, err
}

// HolderJSON is a holder's data as exported for an access request, with
// the dictionary's French labels.
type HolderJSON struct {
	Name     string           `json:"nom"`
	Data     map[string]any   `json:"donnees"`
	Passages []map[string]any `json:"passages"`
}

// HolderExport builds the access-request export of a holder.
func HolderExport(h HolderRecord) HolderJSON {
	out := HolderJSON{Name: h.Name, Data: labelled(h.Data)}
	for _, p := range h.Passages {
		out.Passages = append(out.Passages, map[string]any{"idTechnique": p.Passage.IDTechnique, "statut": p.Passage.Status.Label(),
			"certification": p.Certification.Label(), "donnees": labelled(p.Passage.Data), "source": p.Passage.Source,
			"messageCDC": p.Passage.AccuseMessage, "historique": p.Events})
	}
	return out
}

func labelled(vs core.Values) map[string]any {
	out := map[string]any{}
	for k, v := range vs {
		label := k
		if f := core.FieldByKey(k); f != nil {
			label = f.Label
		}
		if v.Nil {
			out[label] = nil
		} else {
			out[label] = v.Text
		}
	}
	return out
}

// EraseHolder deletes a holder and everything about them, for real: the
// dossier overwrites what it deletes (secure_delete) and empties its
// journal after each operation, so that no copy of their data stays in
// the file; it is then compacted when it can be (a full disk only leaves
// it its size). Its backups still hold them: the
// caller says so. It returns how many passages went.
func (d *Dossier) EraseHolder(ctx context.Context, holderID int64) (int, error) {
	var n int
	err := d.update(ctx, opErase, func(tx *store.Tx) (err error) {
		if n, err = tx.EraseHolder(holderID); err == nil {
			fault.At("erase.before-commit")
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	fault.At("erase.after-commit")
	d.compact()
	return n, nil
}

// EraseAcceptedNIRs removes, now, the NIR of every holder whose passages
// the CDC all accepted, for real (the file is compacted). auto, when not
// nil, also sets whether this happens after each accusé from now on.
func (d *Dossier) EraseAcceptedNIRs(ctx context.Context, auto *bool) (int, error) {
	var n int
	err := d.update(ctx, opErase, func(tx *store.Tx) error {
		if auto != nil {
			if err := tx.SetEraseNIRWhenAccepted(*auto); err != nil {
				return err
			}
		}
		var err error
		n, err = tx.EraseAcceptedNIRs()
		return err
	})
	if err == nil && n > 0 {
		d.compact()
	}
	return n, err
}

// compact gives the space of erased data back. The data itself is
// already overwritten: a failure (full disk, another window reading)
// changes nothing that matters, and the erasure stays done.
func (d *Dossier) compact() { _ = d.db.Compact() }
