package ui

import (
	"errors"

	"fyne.io/fyne/v2"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// Screens lists the screens ShowScreen knows, in a sensible order.
var Screens = []string{"accueil", "passages", "a-completer", "fiche", "organisme", "a-propos"}

// ShowScreen brings a main screen to the front and returns the window
// showing it: used for screenshots and documentation.
func (u *App) ShowScreen(name string) (fyne.Window, error) {
	switch name {
	case "accueil":
		u.tabs.SelectIndex(0)
	case "passages":
		u.tabs.SelectIndex(1)
	case "a-completer":
		u.tabs.SelectIndex(1)
		u.list.status.SetSelected(core.StatusACompleter.Label())
	case "organisme":
		u.tabs.SelectIndex(2)
	case "a-propos":
		u.tabs.SelectIndex(0)
		u.showAbout()
	case "fiche":
		if u.d == nil {
			return nil, errors.New("aucun dossier ouvert")
		}
		var id string
		err := u.d.EachListRow(bg, dossier.Filter{Status: core.StatusACompleter}, func(r dossier.ListRow) error {
			if id == "" {
				id = r.IDTechnique
			}
			return nil
		})
		if err != nil || id == "" {
			return nil, errors.New("aucun passage à compléter à montrer")
		}
		pf, err := u.openPassage(id)
		if err != nil {
			return nil, err
		}
		return pf.win, nil
	default:
		return nil, errors.New("écran inconnu : " + name)
	}
	return u.win, nil
}
