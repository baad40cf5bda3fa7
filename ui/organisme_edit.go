package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
)

// setEmetteur changes the emetteur's BCR, with the dictionary's check.
func (u *App) setEmetteur(bcr string) error {
	if err := u.d.SetEmetteur(bg, bcr); err != nil {
		return err
	}
	return u.Refresh()
}

// addCertificateur adds a certificateur (tiers de confiance case).
func (u *App) addCertificateur(c core.Certificateur) error {
	if err := u.d.AddCertificateur(bg, c); err != nil {
		return err
	}
	return u.Refresh()
}

// saveCertification creates or changes a certification.
func (u *App) saveCertification(c core.Certification) error {
	if _, err := u.d.SaveCertification(bg, c); err != nil {
		return err
	}
	return u.Refresh()
}

func (u *App) emetteurDialog() {
	e := widget.NewEntry()
	e.SetPlaceHolder("8 caractères")
	dialog.ShowForm("Émetteur", "Enregistrer", "Annuler", []*widget.FormItem{
		widget.NewFormItem(core.FieldByKey(core.KeyEmetteurID).Label, e),
	}, func(ok bool) {
		if ok {
			if err := u.setEmetteur(e.Text); err != nil {
				u.showError(err)
			}
		}
	}, u.win)
}

func natureChoices() ([]string, map[string]string) {
	f := core.FieldByKey(core.KeyNatureDeposant)
	labels, codes := []string{""}, map[string]string{"": ""}
	for _, e := range f.Enum {
		labels = append(labels, e.Label)
		codes[e.Label] = e.Code
	}
	return labels, codes
}

func (u *App) certificateurDialog() {
	id, contrat := widget.NewEntry(), widget.NewEntry()
	labels, codes := natureChoices()
	nature := widget.NewSelect(labels, nil)
	dialog.ShowForm("Ajouter un certificateur", "Ajouter", "Annuler", []*widget.FormItem{
		widget.NewFormItem(core.FieldByKey(core.KeyCertifID).Label, id),
		widget.NewFormItem(core.FieldByKey(core.KeyContrat).Label, contrat),
		widget.NewFormItem(core.FieldByKey(core.KeyNatureDeposant).Label, nature),
	}, func(ok bool) {
		if ok {
			if err := u.addCertificateur(core.Certificateur{IDClient: id.Text, Contrat: contrat.Text, Nature: codes[nature.Selected]}); err != nil {
				u.showError(err)
			}
		}
	}, u.win)
}

// certificationDialog edits c, or creates one when c.ID is 0.
func (u *App) certificationDialog(c core.Certification, certificateurs []core.Certificateur) {
	typeField := core.FieldByKey(core.KeyCertType)
	types := make([]string, len(typeField.Enum))
	for i, e := range typeField.Enum {
		types[i] = e.Code
	}
	typ := widget.NewSelect(types, nil)
	typ.SetSelected(c.Type)
	code, titre := widget.NewEntry(), widget.NewEntry()
	code.SetText(c.Code)
	code.SetPlaceHolder("par exemple RNCP34825 ou RS5286")
	titre.SetText(c.Titre)
	labels, codes := natureChoices()
	nature := widget.NewSelect(labels, nil)
	nature.SetSelected(core.FieldByKey(core.KeyNatureDeposant).EnumLabel(c.Nature))
	items := []*widget.FormItem{
		widget.NewFormItem(typeField.Label, typ),
		widget.NewFormItem(core.FieldByKey(core.KeyCertCode).Label, code),
		widget.NewFormItem("Intitulé", titre),
		widget.NewFormItem(core.FieldByKey(core.KeyNatureDeposant).Label, nature),
	}
	var owner *widget.Select
	if c.ID == 0 && len(certificateurs) > 1 {
		var ids []string
		for _, ce := range certificateurs {
			ids = append(ids, ce.IDClient)
		}
		owner = widget.NewSelect(ids, nil)
		owner.SetSelected(ids[0])
		items = append(items, widget.NewFormItem("Certificateur", owner))
	}
	title := "Modifier la certification"
	if c.ID == 0 {
		title = "Ajouter une certification"
		if len(certificateurs) > 0 {
			c.CertificateurID = certificateurs[0].ID
		}
	}
	dialog.ShowForm(title, "Enregistrer", "Annuler", items, func(ok bool) {
		if !ok {
			return
		}
		c.Type, c.Code, c.Titre, c.Nature = typ.Selected, code.Text, titre.Text, codes[nature.Selected]
		if owner != nil {
			for _, ce := range certificateurs {
				if ce.IDClient == owner.Selected {
					c.CertificateurID = ce.ID
				}
			}
		}
		if err := u.saveCertification(c); err != nil {
			u.showError(err)
		}
	}, u.win)
}

// certificationsBox lists the certifications with a button to edit each.
func (u *App) certificationsBox(certs []core.Certification, certificateurs []core.Certificateur) fyne.CanvasObject {
	box := container.NewVBox()
	for _, c := range certs {
		cert := c
		box.Add(container.NewBorder(nil, nil, nil, widget.NewButton("Modifier…", func() { u.certificationDialog(cert, certificateurs) }),
			widget.NewLabel(cert.Type+" — "+cert.Label())))
	}
	box.Add(container.NewHBox(widget.NewButton("Ajouter une certification…", func() { u.certificationDialog(core.Certification{Type: "RNCP"}, certificateurs) })))
	return box
}
