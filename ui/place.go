package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/geo"
)

// birthDate is the holder's date of birth as typed in the fiche (zero
// when the year is not known yet): birthplace codes are looked up at that
// date.
func (f *ficheScreen) birthDate() time.Time { return core.BirthDay(f.record()) }

// placeCandidates finds the communes (or countries, for a birth abroad)
// matching query at the date of birth.
func (f *ficheScreen) placeCandidates(query string) []geo.Place {
	if f.birthplace() == core.BornAbroad {
		return geo.Countries(query, f.birthDate())
	}
	return geo.Communes(query, f.birthDate())
}

// applyPlace fills the birthplace fields from a chosen place.
func (f *ficheScreen) applyPlace(p geo.Place) {
	f.fields[core.KeyCodeInsee].entry.SetText(p.Code)
	if p.Type == "PAYS" {
		f.fields[core.KeyCodePays].entry.SetText(core.CountryCodeOf(p.Code))
		f.fields[core.KeyLibellePays].entry.SetText(p.Nom)
	} else {
		f.fields[core.KeyCodePostal].entry.SetText("")
		f.fields[core.KeyLibelleCommune].entry.SetText(p.Nom)
	}
	f.changed()
}

// searchPlace finds the birthplace code by name.
func (f *ficheScreen) searchPlace() {
	query := newEntry()
	query.SetPlaceHolder("Nom de la commune ou du pays, ou code postal")
	var found []geo.Place
	list := newKeyList(func() int { return len(found) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := found[i]
			text := p.Nom + " — code " + p.Code
			if p.Dep != "" {
				text += " (" + p.Dep + ")"
			}
			if p.Fin != "" {
				text += ", jusqu'en " + p.Fin[:4]
			}
			o.(*widget.Label).SetText(text)
		})
	query.OnChanged = func(s string) {
		found = f.placeCandidates(s)
		list.Refresh()
	}
	var m *modal
	list.onActivate = func(i widget.ListItemID) {
		f.applyPlace(found[i])
		m.hide()
	}
	query.OnSubmitted = func(string) {
		if len(found) > 0 {
			list.onActivate(0)
		}
	}
	content := container.NewBorder(container.NewVBox(query, dim("Les codes proposés sont ceux en vigueur à la date de naissance saisie.")), nil, nil, nil, list)
	m = f.u.newModal("Lieu de naissance", content)
	m.buttons(button("Fermer", theme.CancelIcon(), widget.MediumImportance, m.hide)).show()
	m.resize(580, 480)
	f.u.win.Canvas().Focus(query)
}
