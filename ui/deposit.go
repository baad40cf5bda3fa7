package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// depositDialog says what will be deposited and what is held back, asks
// where to write the file, then exports.
func (u *App) depositDialog() {
	if u.d == nil {
		u.showError(errors.New("ouvrez d'abord un dossier"))
		return
	}
	counts, err := u.d.Counts(bg)
	if err != nil {
		u.showError(err)
		return
	}
	if counts[core.StatusPret] == 0 {
		dialog.ShowInformation("Déposer", depositPreview(counts), u.win)
		return
	}
	dialog.ShowConfirm("Déposer", depositPreview(counts)+"\n\nChoisir où enregistrer le fichier ?", func(ok bool) {
		if ok {
			u.depositFileDialog()
		}
	}, u.win)
}

// depositPreview tells what an export will take and leave.
func depositPreview(counts map[core.Status]int) string {
	var b strings.Builder
	if n := counts[core.StatusPret]; n > 0 {
		fmt.Fprintf(&b, "%d passage(s) prêt(s) partiront dans le fichier de dépôt, validé avant d'être gardé.", n)
	} else {
		b.WriteString("Aucun passage n'est prêt à déposer.")
	}
	for _, s := range []core.Status{core.StatusACompleter, core.StatusRejete, core.StatusDepose, core.StatusAccepte} {
		if n := counts[s]; n > 0 {
			fmt.Fprintf(&b, "\n%d %s : %s", n, strings.ToLower(s.Label()), heldBack[s])
		}
	}
	return b.String()
}

var heldBack = map[core.Status]string{
	core.StatusACompleter: "restent, leurs erreurs sont à corriger d'abord.",
	core.StatusRejete:     "restent, à corriger (ou à remettre tels quels) avant de repartir.",
	core.StatusDepose:     "restent, ils attendent l'accusé de leur dépôt.",
	core.StatusAccepte:    "ne seront jamais renvoyés.",
}

func (u *App) depositFileDialog() {
	u.chooseSavePath("depot-cdc.xml", func(path string) {
		u.withProgress("Dépôt en cours", func() (func(), error) {
			res, err := u.exportTo(path)
			return func() { u.showExportResult(res, err) }, nil
		})
	})
}

// exportTo exports the ready passages and refreshes the views.
func (u *App) exportTo(path string) (*dossier.ExportResult, error) {
	res, err := u.d.Export(bg, dossier.ExportOptions{Out: path})
	fyne.Do(func() {
		if rerr := u.Refresh(); rerr != nil {
			u.showError(rerr)
		}
	})
	return res, err
}

// exportSummary is the French text shown once an export is done.
func exportSummary(res *dossier.ExportResult) string {
	var b strings.Builder
	for _, f := range res.Files {
		fmt.Fprintf(&b, "Fichier prêt : %s\n%d passage(s), valide au regard du XSD %s.\n\n", f.Path, f.Passages, f.XSDVersion)
	}
	if res.Exported == 0 {
		b.WriteString("Aucun passage prêt à déposer : aucun fichier n'a été créé.\n\n")
	}
	for _, s := range core.Statuses {
		if n := res.HeldBack[s]; n > 0 {
			fmt.Fprintf(&b, "%d passage(s) non exporté(s) : %s.\n", n, strings.ToLower(s.Label()))
		}
	}
	if res.Exported > 0 {
		b.WriteString("\nÉtape suivante : déposez le fichier sur l'espace certificateur de la Caisse des Dépôts, « Transmettre des données » → « Déposer un fichier XML ».")
	}
	return b.String()
}

func (u *App) showExportResult(res *dossier.ExportResult, err error) {
	switch {
	case errors.Is(err, dossier.ErrInvalidExport):
		var b strings.Builder
		b.WriteString("Le fichier produit n'est pas valide : rien n'a été enregistré.\n\n")
		for i, e := range res.Errors {
			if i == 10 {
				fmt.Fprintf(&b, "… et %d autre(s).\n", len(res.Errors)-10)
				break
			}
			fmt.Fprintf(&b, "%s — %s\n", e.Holder, e.Message)
		}
		dialog.ShowInformation("Export annulé", b.String(), u.win)
	case err != nil:
		u.showError(err)
	default:
		dialog.ShowInformation("Dépôt", exportSummary(res), u.win)
	}
}
