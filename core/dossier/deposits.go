package dossier

import (
	"context"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// DepositInfo is one deposit and what the CDC said of it. Its JSON is the
// deposits command's public output.
type DepositInfo struct {
	IDFlux        string     `json:"idFlux"`
	File          string     `json:"file"`
	Path          string     `json:"path"`
	Horodatage    string     `json:"horodatage"`
	Certificateur string     `json:"certificateur"`
	XSDVersion    string     `json:"xsdVersion"`
	Passages      int        `json:"passages"`
	Size          int64      `json:"size"`
	SHA256        string     `json:"sha256"`
	CreatedAt     string     `json:"createdAt"`
	Accuse        AccuseInfo `json:"accuse"`
	Action        string     `json:"action"`
	CancelledAt   string     `json:"cancelledAt,omitempty"`
}

// AccuseInfo is what the accusés read say of a deposit.
type AccuseInfo struct {
	Status       core.DepositState `json:"status"` // "" (en attente), traite_succes, traite_erreurs, refuse, partiel
	Label        string            `json:"label"`
	OK           int               `json:"ok"`
	KO           int               `json:"ko"`
	Waiting      int               `json:"waiting"`
	IDTraitement string            `json:"idTraitement"`
}

// Deposits lists the deposits, oldest first, with what the CDC said.
func (d *Dossier) Deposits(ctx context.Context) ([]DepositInfo, error) {
	out := []DepositInfo{}
	err := d.view(ctx, func(tx *store.Tx) error {
		deps, err := tx.Deposits()
		if err != nil {
			return err
		}
		certs, err := tx.Certificateurs()
		if err != nil {
			return err
		}
		bcr := map[int64]string{}
		for _, c := range certs {
			bcr[c.ID] = c.IDClient
		}
		for _, dep := range deps {
			s, err := tx.Summary(dep.ID)
			if err != nil {
				return err
			}
			out = append(out, DepositInfo{IDFlux: dep.IDFlux, File: dep.FileName, Path: dep.FilePath, Horodatage: dep.Horodatage,
				Certificateur: bcr[dep.CertificateurID], XSDVersion: dep.XSDVersion, Passages: dep.Passages, Size: dep.Size,
				SHA256: dep.SHA256, CreatedAt: dep.CreatedAt, Action: dep.Action, CancelledAt: dep.CancelledAt,
				Accuse: AccuseInfo{Status: dep.AccuseStatus, Label: dep.AccuseStatus.Label(), OK: s.OK, KO: s.KO, Waiting: s.Waiting, IDTraitement: s.IDTraitement}})
		}
		return nil
	})
	return out, err
}
