package store

import (
	"context"
	"time"

	"github.com/certidepot/certidepot/core"
)

// CreateSample creates a dossier filled with core.NewSample's fictitious
// holders, to discover the application.
func CreateSample(ctx context.Context, path string, now time.Time, v *core.Validator) (*DB, error) {
	return CreateSampleN(ctx, path, now, 50, v)
}

// CreateSampleN creates a sample dossier of n passages, for benchmarks.
func CreateSampleN(ctx context.Context, path string, now time.Time, n int, v *core.Validator) (*DB, error) {
	d, err := Create(path, v)
	if err != nil {
		return nil, err
	}
	s := core.NewSampleN(now, n)
	err = d.Update(ctx, func(tx *Tx) error {
		if err := tx.SetEmetteur(s.Emetteur); err != nil {
			return err
		}
		if err := tx.SetVersion(core.DefaultVersion); err != nil {
			return err
		}
		c := s.Certificateur
		if err := tx.AddCertificateur(&c); err != nil {
			return err
		}
		certs := make([]core.Certification, len(s.Certifications))
		for i, cert := range s.Certifications {
			cert.CertificateurID = c.ID
			if err := tx.EnsureCertification(&cert); err != nil {
				return err
			}
			certs[i] = cert
		}
		for _, sp := range s.Passages {
			p := core.Passage{CertificationID: certs[sp.Certification].ID, Holder: sp.Holder, Data: sp.Data, Source: sp.Source}
			if err := tx.AddPassage(&p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		d.Close()
		RemoveFiles(path)
		return nil, err
	}
	return d, nil
}
