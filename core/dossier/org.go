package dossier

import (
	"context"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// SetEmetteur changes the emetteur's BCR, with the dictionary's check.
func (d *Dossier) SetEmetteur(ctx context.Context, bcr string) error {
	return d.update(ctx, opOrganisation, func(tx *store.Tx) error { return tx.SetEmetteur(strings.TrimSpace(bcr)) })
}

// AddCertificateur adds a certificateur (the tiers de confiance case).
func (d *Dossier) AddCertificateur(ctx context.Context, c core.Certificateur) error {
	c.IDClient, c.Contrat, c.Nature = strings.TrimSpace(c.IDClient), strings.TrimSpace(c.Contrat), strings.TrimSpace(c.Nature)
	return d.update(ctx, opOrganisation, func(tx *store.Tx) error { return tx.AddCertificateur(&c) })
}

// Certificateurs lists the dossier's certificateurs.
func (d *Dossier) Certificateurs(ctx context.Context) ([]core.Certificateur, error) {
	var out []core.Certificateur
	err := d.view(ctx, func(tx *store.Tx) (err error) { out, err = tx.Certificateurs(); return err })
	return out, err
}

// SaveCertification creates (ID 0) or changes a certification; the
// passages of a changed one are validated again.
func (d *Dossier) SaveCertification(ctx context.Context, c core.Certification) (core.Certification, error) {
	c.Code, c.Titre = strings.TrimSpace(c.Code), strings.TrimSpace(c.Titre)
	err := d.update(ctx, opOrganisation, func(tx *store.Tx) error {
		if c.ID == 0 {
			return tx.EnsureCertification(&c)
		}
		return tx.UpdateCertification(c)
	})
	return c, err
}
