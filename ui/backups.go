package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// backupsDialog lists the dossier's automatic backups and restores the
// one the user picks, after confirmation.
func (u *App) backupsDialog() {
	if u.d == nil {
		u.showError(errors.New("ouvrez d'abord un dossier"))
		return
	}
	bs, err := u.d.Backups()
	if err != nil {
		u.showError(err)
		return
	}
	if len(bs) == 0 {
		dialog.ShowInformation("Sauvegardes", "Aucune sauvegarde pour l'instant : Certidépôt en fait une avant chaque export et chaque lecture d'accusé.", u.win)
		return
	}
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = b.ModTime.Format("02/01/2006 15:04") + " — " + b.Name
	}
	choice := widget.NewSelect(names, nil)
	choice.SetSelectedIndex(0)
	dialog.ShowCustomConfirm("Restaurer une sauvegarde", "Restaurer", "Annuler", choice, func(ok bool) {
		if !ok {
			return
		}
		b := bs[choice.SelectedIndex()]
		dialog.ShowConfirm("Restaurer une sauvegarde",
			fmt.Sprintf("Le dossier va revenir à son état du %s. L'état actuel sera d'abord sauvegardé. Continuer ?", b.ModTime.Format("02/01/2006 à 15:04")),
			func(yes bool) {
				if yes {
					if err := u.restore(b.Path); err != nil {
						u.showError(err)
						return
					}
					dialog.ShowInformation("Sauvegardes", "Dossier restauré.", u.win)
				}
			}, u.win)
	}, u.win)
}

// restore brings the open dossier back to a backup.
func (u *App) restore(backup string) error {
	if err := u.d.Restore(bg, backup); err != nil {
		return err
	}
	return u.Refresh()
}
