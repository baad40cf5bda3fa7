package dossier

import (
	"context"

	"github.com/certidepot/certidepot/core/store"
)

// RisksAmong is Risks over some passages only (a deposit limited to the
// passages checked in the list); the comparisons between passages still
// look at every passage of the dossier.
func (d *Dossier) RisksAmong(ctx context.Context, ids []string) (*Risks, error) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	var out *Risks
	err := d.view(ctx, func(tx *store.Tx) error {
		ix, err := scanIdentity(tx, store.Filter{})
		if err != nil {
			return err
		}
		sub := &identityIndex{byPerson: ix.byPerson}
		for _, s := range ix.seq {
			if want[s.idTechnique] {
				sub.seq = append(sub.seq, s)
			}
		}
		out = sub.risks()
		return nil
	})
	return out, err
}
