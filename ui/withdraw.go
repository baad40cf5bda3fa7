package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// withdrawLoad is what a withdrawal needs to know before it asks.
type withdrawLoad struct {
	format dossier.Format
	bcr    []string
}

// withdraw withdraws the checked accepted passages from the CDC: after a
// confirmation that says what a withdrawal is, a file named like a
// deposit's, written and checked, to deposit on the CDC's site. The
// 1.1.2 format has no withdrawal: the user is told how to change it.
func (v *passagesScreen) withdraw() {
	u := v.u
	ids := v.selected(core.StatusAccepte)
	others := len(v.sel) - len(ids)
	d := u.d
	background(&u.jobs, ctxBG, func(ctx context.Context) (withdrawLoad, error) {
		var l withdrawLoad
		var err error
		if l.format, err = d.Format(ctx); err != nil {
			return l, err
		}
		cs, err := d.Certificateurs(ctx)
		for _, c := range cs {
			l.bcr = append(l.bcr, c.IDClient)
		}
		return l, err
	}, func(l withdrawLoad, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if !l.format.Withdrawals() {
			u.needFormat115(l.format)
			return
		}
		n := len(ids)
		text := fmt.Sprintf("Retirer %s de la CDC ?\n\nUn retrait demande à la Caisse des Dépôts de supprimer %s des comptes de %s (« Mon Compte Formation ») : pour un passage envoyé par erreur, ou pour le corriger et l'envoyer de nouveau.\n\n"+
			"Certidépôt prépare un fichier de retrait. Il faut ensuite le déposer sur l'espace certificateur de la CDC, comme un dépôt ordinaire, puis lire son accusé de traitement : %s alors au statut « Retiré ». D'ici là, %s en attente de l'accusé.",
			plural(n, "passage accepté", "passages acceptés"), agree(n, "ce passage", "ces passages"), agree(n, "son titulaire", "leurs titulaires"),
			agree(n, "il passera", "ils passeront"), agree(n, "il est déposé", "ils sont déposés"))
		switch {
		case others == 1:
			text += "\n\nL'autre passage coché n'est pas accepté par la CDC : il n'est pas concerné."
		case others > 1:
			text += fmt.Sprintf("\n\nLes %s autres passages cochés ne sont pas acceptés par la CDC : ils ne sont pas concernés.", num(others))
		}
		u.confirmLong("Retirer de la CDC", text, "Préparer le fichier de retrait…", widget.DangerImportance, func() {
			v.saveWithdrawal(ids, l.bcr)
		})
	})
}

// saveWithdrawal asks where to write the withdrawal file, never over
// another file, then writes it behind a progress bar.
func (v *passagesScreen) saveWithdrawal(ids, bcr []string) {
	u := v.u
	dir := u.dep.startDir()
	fc := u.chooseSave("Enregistrer le fichier de retrait", datedName("retrait", dir, bcr, time.Now()), []string{".xml"}, refuseOverwrite, func(path string) {
		u.app.Preferences().SetString(prefDepositDir, filepath.Dir(path))
		d := u.d
		withProgress(u, "Retrait en cours", "Écriture et vérification du fichier de retrait", func(ctx context.Context, report func(int, int)) (*dossier.ExportResult, error) {
			return d.Withdraw(ctx, ids, dossier.ExportOptions{Out: path, Progress: report})
		}, func(res *dossier.ExportResult, err error) {
			u.changedAll()
			switch {
			case errors.Is(err, dossier.ErrInvalidExport):
				u.infoLong("Retrait annulé", invalidText(res))
			case err != nil:
				u.showError(err)
			default:
				v.showWithdrawal(res)
			}
		})
	})
	fc.open(dir)
}

// showWithdrawal says where the withdrawal file is and what to do next.
func (v *passagesScreen) showWithdrawal(res *dossier.ExportResult) {
	u := v.u
	var parts []string
	for _, f := range res.Files {
		parts = append(parts, fmt.Sprintf("Fichier de retrait prêt : %s — %s, valide au regard du format (XSD) %s de la CDC.\nEnregistré dans %s.",
			filepath.Base(f.Path), plural(f.Passages, "passage", "passages"), f.XSDVersion, shortPath(filepath.Dir(f.Path))))
	}
	parts = append(parts, fmt.Sprintf("Étape suivante : déposez %s sur l'espace certificateur de la Caisse des Dépôts (« Transmettre des données », puis « Déposer un fichier XML »), comme un dépôt, puis lisez son accusé de traitement : les passages passeront au statut « Retiré ».",
		agree(len(res.Files), "ce fichier", "ces fichiers")))
	text := strings.Join(parts, "\n\n")
	m := u.newModal("Retirer de la CDC", container.NewVScroll(note(text)))
	m.buttons(button("Fermer", nil, widget.MediumImportance, m.hide),
		button("Voir les dépôts et les accusés", theme.MailReplyIcon(), widget.HighImportance, func() { m.hide(); u.goTo(u.acc) })).show()
	m.resize(640, m.d.MinSize().Height+textHeight(text, 640))
}

// invalidText names the passages that made a file invalid (nothing was
// kept).
func invalidText(res *dossier.ExportResult) string {
	lines := []string{"Le fichier produit n'est pas valide au regard du format de la CDC : rien n'a été enregistré. Vérifiez les passages cités, ou le XSD chargé dans « Organisme »."}
	for i, e := range res.Errors {
		if i == 10 {
			lines = append(lines, fmt.Sprintf("… et %s.", plural(len(res.Errors)-10, "autre erreur", "autres erreurs")))
			break
		}
		who := e.Holder
		if who == "" {
			who = "Fichier"
		}
		lines = append(lines, "• "+who+" — "+core.MaskNIRsIn(e.Message))
	}
	return strings.Join(lines, "\n")
}

// needFormat115 says that withdrawals need the 1.1.5 format, and how to
// change the dossier's.
func (u *App) needFormat115(f dossier.Format) {
	text := fmt.Sprintf("Le retrait d'un passage n'existe qu'à partir du format 1.1.5 de la CDC, et ce dossier vise le format %s.\n\n"+
		"Pour changer de format : écran « Organisme », carte « Format de dépôt », bouton « Passer au format 1.1.5… » (ou chargez le XSD 1.1.5 de votre kit CDC). Chaque passage est alors vérifié de nouveau au regard de ce format ; ceux déjà acceptés par la CDC le restent.", f.Version)
	m := u.newModal("Retirer de la CDC", container.NewVScroll(note(text)))
	m.buttons(button("Fermer", nil, widget.MediumImportance, m.hide),
		button("Ouvrir l'écran Organisme", theme.AccountIcon(), widget.HighImportance, func() { m.hide(); u.goTo(u.org) })).show()
	m.resize(640, m.d.MinSize().Height+textHeight(text, 640))
}
