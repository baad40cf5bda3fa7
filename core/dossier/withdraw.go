package dossier

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/store"
)

// Withdraw writes a SUPPRESSION deposit file for passages the CDC accepted
// (idTechnique in ids), to withdraw them: only what the CDC needs to find
// each one is sent. The file is validated and recorded like any deposit
// (never in the same file as a creation); its accusé moves the passages
// to « retiré », from where they can be corrected and sent again. The
// format 1.1.5 is required: 1.1.2 has no withdrawal.
func (d *Dossier) Withdraw(ctx context.Context, ids []string, opt ExportOptions) (*ExportResult, error) {
	if strings.TrimSpace(opt.Out) == "" {
		return nil, errors.New("indiquez le fichier à créer (par exemple -o retrait.xml)")
	}
	if len(ids) == 0 {
		return nil, errors.New("indiquez les passages à retirer")
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	b := batch{action: core.ActionSuppression, render: cdc.RenderWithdrawal,
		each: func(tx *store.Tx, certificateurID int64, fn func(*core.Passage) error) error {
			return tx.EachAccepted(certificateurID, want, fn)
		}}
	var res *ExportResult
	err := d.run(opWithdraw, func() error {
		var err error
		res, err = d.deposit(ctx, opt, b, func(tx *store.Tx, _ *ExportResult) (int, error) {
			_, version, err := dossierSchema(tx)
			if err != nil {
				return 0, err
			}
			if !canWithdraw(version) {
				return 0, fmt.Errorf("le retrait d'un passage n'existe qu'à partir du format 1.1.5, et ce dossier vise le format %s : passez au format 1.1.5 (Organisme → Format de dépôt, ou certidepot-cli xsd DOSSIER --integre 1.1.5)", version)
			}
			for id := range want {
				p, err := tx.Passage(id)
				if err != nil {
					return 0, err
				}
				if p.Status != core.StatusAccepte {
					return 0, fmt.Errorf("%s : seul un passage accepté par la CDC peut être retiré ; celui-ci est « %s »", core.HolderName(p.Holder), strings.ToLower(p.Status.Label()))
				}
				if p.Holder.Identification() == core.BranchNIR && p.Holder.Text(core.KeyNIR) == "" {
					return 0, fmt.Errorf("%s : son NIR a été effacé une fois le passage accepté, et la CDC en a besoin pour retrouver ce passage : ressaisissez-le dans sa fiche (déverrouillez-la), puis recommencez le retrait", core.HolderName(p.Holder))
				}
			}
			return len(want), nil
		})
		return err
	})
	return res, err
}

// Withdrawals reports whether the format has the withdrawal of a passage
// (SUPPRESSION): 1.1.5 on.
func (f Format) Withdrawals() bool { return canWithdraw(f.Version) }

func canWithdraw(version string) bool { return cdc.VersionFor(version) == core.Version115 }
