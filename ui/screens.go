package ui

import (
	"errors"
	"path/filepath"

	"fyne.io/fyne/v2"

	"github.com/certidepot/certidepot/core"
)

// Screens lists the screens ShowScreen knows, in the documentation's
// order; file is the list (import screens) or the accusé (accusés) to use.
var Screens = []string{"bienvenue", "accueil", "passages", "a-completer", "risques", "selection", "fiche", "fiche-prenoms", "fiche-acceptee",
	"import-colonnes", "import-valeurs", "import-resultat", "deposer", "accuses", "retrait", "organisme", "fichier", "a-propos"}

// ShowScreen brings a screen to the front as a user would reach it, for
// screenshots and documentation. It runs off the UI goroutine: each step
// runs on it, and the work a step starts is waited for before the next.
func (u *App) ShowScreen(name, file string) error {
	ui := func(fn func()) {
		fyne.DoAndWait(fn)
		u.Wait()
	}
	needFile := func() error {
		if file == "" {
			return errors.New("l'écran « " + name + " » a besoin d'un fichier (--fichier)")
		}
		return nil
	}
	if name != "bienvenue" && u.d == nil {
		return errors.New("aucun dossier ouvert")
	}
	switch name {
	case "bienvenue":
		ui(func() { u.showScreen(u.welcome) })
	case "accueil":
		ui(func() { u.goTo(u.home) })
	case "passages":
		ui(func() { u.goTo(u.list) })
		ui(func() { u.list.sortBy(colHolder) })
	case "a-completer":
		ui(func() { u.list.showStatus(core.StatusACompleter) })
	case "risques":
		ui(func() { u.list.showRisk(anyRiskCode, "") })
	case "fiche-prenoms":
		// A fiche whose « Prénom » holds several first names, if any.
		ui(func() { u.list.showRisk(core.CodePrenomsMultiples, "") })
		ui(func() {
			if len(u.list.rows) > 0 {
				u.list.open(0)
			}
		})
	case "selection":
		ui(func() { u.goTo(u.list) })
		ui(func() {
			for i := 0; i < 6 && i < len(u.list.rows); i++ {
				if u.list.rows[i].status == core.StatusPret {
					u.list.toggle(i)
				}
			}
			pick := u.list.bulkEdit()
			u.escape() // the field list, opened first: a field is chosen instead
			label := core.FieldByKey(core.KeyDateDebutValid).Label
			pick.set(label)
			pick.changed(label)
			if e, ok := u.win.Canvas().Focused().(*entry); ok {
				e.SetText("15/06/2026")
			}
		})
	case "fiche", "fiche-acceptee":
		want := core.StatusACompleter
		if name == "fiche-acceptee" {
			want = core.StatusAccepte
		}
		ui(func() { u.list.showStatus(want) })
		var err error
		ui(func() {
			if len(u.list.rows) == 0 {
				err = errors.New("aucun passage « " + want.Label() + " » à montrer")
				return
			}
			u.list.open(0)
		})
		return err
	case "import-colonnes", "import-valeurs", "import-resultat":
		if err := needFile(); err != nil {
			return err
		}
		ui(func() { u.goTo(u.imp); u.imp.choose(file) })
		if name != "import-colonnes" {
			ui(u.imp.readValues)
		}
		if name == "import-resultat" {
			ui(u.imp.run)
		}
	case "deposer":
		ui(func() { u.goTo(u.dep) })
	case "accuses":
		ui(func() { u.goTo(u.acc) })
		if file != "" {
			ui(func() {
				r, err := readAccuse(ctxBG, u.d, file)
				if err != nil {
					u.showError(err)
					return
				}
				u.changedAll()
				u.acc.showAccuse(r.res, r.withdrawal)
			})
		}
	case "retrait":
		ui(func() { u.list.showStatus(core.StatusAccepte) })
		var err error
		ui(func() {
			if len(u.list.rows) == 0 {
				err = errors.New("aucun passage accepté à retirer")
				return
			}
			for i := 0; i < 2 && i < len(u.list.rows); i++ {
				u.list.toggle(i)
			}
			u.list.withdraw()
		})
		return err
	case "organisme":
		ui(func() { u.goTo(u.org) })
	case "fichier":
		ui(func() {
			u.goTo(u.imp)
			fc := u.chooseOpen("Importer une liste de diplômés", []string{".xlsx", ".xlsm", ".csv"}, func(string) {})
			if file != "" {
				fc.open(filepath.Dir(file))
			}
		})
	case "a-propos":
		ui(func() { u.goTo(u.home); u.showAbout() })
	default:
		return errors.New("écran inconnu : " + name)
	}
	return nil
}
