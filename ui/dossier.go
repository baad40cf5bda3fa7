package ui

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

const recentKey = "dossiers.recents"

// recent returns the dossiers opened lately, most recent first.
func (u *App) recent() []string {
	var out []string
	for _, p := range u.recentList() {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (u *App) remember(path string) {
	list := []string{path}
	for _, p := range u.recent() {
		if p != path && len(list) < 8 {
			list = append(list, p)
		}
	}
	u.setRecentList(list)
}

// createDossier makes a new dossier for an emetteur and its certificateur,
// with the dictionary's checks, and opens it.
func (u *App) createDossier(path string, org dossier.Organisation) error {
	if !strings.HasSuffix(path, dossier.Extension) {
		path += dossier.Extension
	}
	d, err := dossier.Create(bg, path, org)
	if err != nil {
		return err
	}
	d.Close()
	return u.Open(path)
}

// newDossierDialog asks for the organisation's identifiers, then where to
// save the dossier.
func (u *App) newDossierDialog() {
	emetteur, certificateur, contrat := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	emetteur.SetPlaceHolder("8 caractères, par exemple 12ABC345")
	certificateur.SetPlaceHolder("vide : le même que l'émetteur")
	labels, codes := natureChoices()
	nature := widget.NewSelect(labels, nil)
	items := []*widget.FormItem{
		widget.NewFormItem(core.FieldByKey(core.KeyEmetteurID).Label, emetteur),
		widget.NewFormItem(core.FieldByKey(core.KeyCertifID).Label, certificateur),
		widget.NewFormItem(core.FieldByKey(core.KeyContrat).Label, contrat),
		widget.NewFormItem(core.FieldByKey(core.KeyNatureDeposant).Label, nature),
	}
	dialog.ShowForm("Nouveau dossier", "Choisir où l'enregistrer…", "Annuler", items, func(ok bool) {
		if !ok {
			return
		}
		org := dossier.Organisation{Emetteur: emetteur.Text, Certificateur: certificateur.Text, Contrat: contrat.Text, Nature: codes[nature.Selected]}
		u.chooseSavePath("mon-organisme"+dossier.Extension, func(path string) {
			if err := u.createDossier(path, org); err != nil {
				u.showError(err)
			}
		})
	}, u.win)
}

// recentBox lists the recent dossiers as buttons.
func (u *App) recentBox() fyne.CanvasObject {
	box := container.NewVBox()
	for _, p := range u.recent() {
		path := p
		box.Add(widget.NewButton(filepath.Base(path)+" — "+filepath.Dir(path), func() {
			if err := u.Open(path); err != nil {
				u.showError(err)
			}
		}))
	}
	if len(box.Objects) == 0 {
		return widget.NewLabel("Aucun dossier récent.")
	}
	return box
}
