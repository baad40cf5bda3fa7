// Package ui is Certidépôt's Fyne window. It only calls core and its
// subpackages; all rules and data live there.
package ui

import (
	"context"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"github.com/certidepot/certidepot/assets"
	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// App is the main window and the dossier it shows.
type App struct {
	app  fyne.App
	win  fyne.Window
	d    *dossier.Dossier
	home *homeView
	list *passagesView
	org  *organismeView
	tabs *container.AppTabs
}

// New builds the main window (not shown yet).
func New(a fyne.App) *App {
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	u := &App{app: a, win: a.NewWindow("Certidépôt")}
	u.home = newHomeView(u)
	u.list = newPassagesView(u)
	u.org = newOrganismeView(u)
	u.tabs = container.NewAppTabs(
		container.NewTabItem("Accueil", u.home.content),
		container.NewTabItem("Passages", u.list.content),
		container.NewTabItem("Organisme et dépôts", u.org.content),
	)
	u.win.SetContent(u.tabs)
	u.win.Resize(fyne.NewSize(1100, 700))
	u.win.SetOnClosed(u.closeDossier)
	return u
}

// Window returns the main window.
func (u *App) Window() fyne.Window { return u.win }

// Open opens a dossier and shows it; the previous one is closed.
func (u *App) Open(path string) error {
	d, err := dossier.Open(path)
	if err != nil {
		return err
	}
	u.closeDossier()
	u.d = d
	u.remember(path)
	u.win.SetTitle("Certidépôt — " + filepath.Base(path))
	return u.Refresh()
}

// Refresh reloads every view from the dossier.
func (u *App) Refresh() error {
	if u.d == nil {
		return nil
	}
	if err := u.home.load(u.d); err != nil {
		return err
	}
	if err := u.org.load(u.d); err != nil {
		return err
	}
	return u.list.load(u.d)
}

func (u *App) closeDossier() {
	if u.d != nil {
		u.d.Close()
		u.d = nil
	}
}

// showError shows a French message in a dialog, never a stack trace.
func (u *App) showError(err error) {
	dialog.ShowError(err, u.win)
}

// openDialog lets the user choose a dossier file.
func (u *App) openDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		if err := u.Open(r.URI().Path()); err != nil {
			u.showError(err)
		}
	}, u.win)
	d.Show()
}

var bg = context.Background()

// statusCountLabel formats "Label : n" for the dashboard.
func statusCountLabel(s core.Status, n int) string {
	return fmt.Sprintf("%s : %d", s.Label(), n)
}
