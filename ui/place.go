package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/geo"
)

// birthDate is the holder's date of birth as typed in the form (zero when
// the year is not known yet): birthplace codes are looked up at that date.
func (pf *passageForm) birthDate() time.Time { return core.BirthDay(pf.record()) }

// placeCandidates finds the communes (or countries, for a birth abroad)
// matching query at the date of birth.
func (pf *passageForm) placeCandidates(query string) []geo.Place {
	if pf.birthplace() == core.BornAbroad {
		return geo.Countries(query, pf.birthDate())
	}
	return geo.Communes(query, pf.birthDate())
}

// applyPlace fills the birthplace fields from a chosen place.
func (pf *passageForm) applyPlace(p geo.Place) {
	pf.fields[core.KeyCodeInsee].entry.SetText(p.Code)
	if p.Type == "PAYS" {
		pf.fields[core.KeyCodePays].entry.SetText(core.CountryCodeOf(p.Code))
		pf.fields[core.KeyLibellePays].entry.SetText(p.Nom)
	} else {
		pf.fields[core.KeyCodePostal].entry.SetText("")
		pf.fields[core.KeyLibelleCommune].entry.SetText(p.Nom)
	}
	pf.changed()
}

// searchPlace lets the user find the birthplace code by name.
func (pf *passageForm) searchPlace() {
	query := widget.NewEntry()
	query.SetPlaceHolder("Nom de la commune ou du pays")
	var found []geo.Place
	list := widget.NewList(func() int { return len(found) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := found[i]
			text := p.Code + " — " + p.Nom
			if p.Dep != "" {
				text += " (" + p.Dep + ")"
			}
			if p.Fin != "" {
				text += " jusqu'en " + p.Fin[:4]
			}
			o.(*widget.Label).SetText(text)
		})
	query.OnChanged = func(s string) {
		found = pf.placeCandidates(s)
		list.Refresh()
	}
	win := pf.u.win
	if pf.win != nil {
		win = pf.win
	}
	var d dialog.Dialog
	list.OnSelected = func(i widget.ListItemID) {
		pf.applyPlace(found[i])
		d.Hide()
	}
	note := widget.NewLabel("Les codes proposés sont ceux en vigueur à la date de naissance saisie.")
	note.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(container.NewVBox(query, note), nil, nil, nil, list)
	d = dialog.NewCustom("Lieu de naissance", "Fermer", content, win)
	d.Resize(fyne.NewSize(560, 460))
	d.Show()
	win.Canvas().Focus(query)
}
