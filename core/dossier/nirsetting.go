package dossier

import (
	"context"

	"github.com/certidepot/certidepot/core/store"
)

// EraseNIRWhenAccepted says whether the NIR of a holder is erased after an
// accusé once all their passages are accepted (see EraseAcceptedNIRs).
func (d *Dossier) EraseNIRWhenAccepted(ctx context.Context) (bool, error) {
	var on bool
	err := d.view(ctx, func(tx *store.Tx) (err error) { on, err = tx.EraseNIRWhenAccepted(); return err })
	return on, err
}

// SetEraseNIRWhenAccepted changes that setting only: no NIR is erased now
// (EraseAcceptedNIRs with auto set does both).
func (d *Dossier) SetEraseNIRWhenAccepted(ctx context.Context, on bool) error {
	return d.update(ctx, opOrganisation, func(tx *store.Tx) error { return tx.SetEraseNIRWhenAccepted(on) })
}
