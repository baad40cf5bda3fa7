package excel

import (
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// ExportToFix writes the passages to fix (with errors, or rejected by the
// CDC) in the template's layout, plus an "Erreurs" column, so they can be
// corrected in Excel and imported again: the idTechnique column makes the
// re-import update them. It returns the number of passages written.
func ExportToFix(ctx context.Context, db *store.DB, path string) (int, error) {
	n := 0
	err := db.View(ctx, func(tx *store.Tx) error {
		certs, err := tx.Certifications()
		if err != nil {
			return err
		}
		return writeWorkbook(path, []string{"Erreurs à corriger"}, func(f *excelize.File, cols []templateColumn, dateStyle int) error {
			wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Font: &excelize.Font{Color: "9C0006"}})
			if err != nil {
				return err
			}
			errCol := columnLetter(len(cols))
			for _, s := range []core.Status{core.StatusACompleter, core.StatusRejete} {
				err := tx.EachPassage(store.Filter{Status: s}, func(p *core.Passage) error {
					if err := ctx.Err(); err != nil {
						return err
					}
					n++
					row := n + 1
					cert := certs[p.CertificationID]
					if err := writeRow(f, row, cols, p.Record(cert), cert.Titre, dateStyle); err != nil {
						return err
					}
					var msgs []string
					for _, is := range p.Issues {
						msgs = append(msgs, is.Message)
					}
					if p.AccuseMessage != "" {
						msgs = append(msgs, "Rejet de la CDC : "+p.AccuseMessage)
					}
					cell := fmt.Sprintf("%s%d", errCol, row)
					if err := f.SetCellValue(sheetData, cell, strings.Join(msgs, "\n")); err != nil {
						return err
					}
					return f.SetCellStyle(sheetData, cell, cell, wrap)
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
	})
	return n, err
}
