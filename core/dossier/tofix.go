package dossier

import (
	"context"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/excel"
	"github.com/certidepot/certidepot/core/store"
)

// ExportToFix writes the passages to fix (with errors, or rejected by the
// CDC) in a workbook of the template's layout with their errors, to be
// corrected in Excel and imported again. It returns how many it wrote.
func (d *Dossier) ExportToFix(ctx context.Context, path string) (int, error) {
	var n int
	err := d.view(ctx, func(tx *store.Tx) error {
		certs, err := tx.Certifications()
		if err != nil {
			return err
		}
		n, err = excel.WriteToFix(path, func(emit func(excel.ToFix) error) error {
			for _, s := range []core.Status{core.StatusACompleter, core.StatusRejete} {
				err := tx.EachPassage(store.Filter{Status: s}, func(p *core.Passage) error {
					if err := ctx.Err(); err != nil {
						return err
					}
					cert := certs[p.CertificationID]
					var msgs []string
					for _, is := range p.Issues {
						msgs = append(msgs, is.Message)
					}
					if p.AccuseMessage != "" {
						msgs = append(msgs, "Rejet de la CDC : "+p.AccuseMessage)
					}
					return emit(excel.ToFix{Record: p.Record(cert), Title: cert.Titre, Errors: msgs})
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
		return err
	})
	return n, err
}
