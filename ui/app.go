// Package ui is Certidépôt's Fyne window. It gathers input, calls
// core/dossier (every operation on a dossier lives there) and shows the
// results; no business rule lives here.
//
// The window is a sidebar and one screen at a time. Each screen is its
// own small type; the App holds what they share: the window, the open
// dossier, the navigation and the work running off the UI goroutine.
package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/assets"
	"github.com/certidepot/certidepot/core/dossier"
)

// screen is one page of the window.
type screen interface {
	view() fyne.CanvasObject
	// show is called each time the screen comes to the front.
	show()
}

// dirtyScreen is a screen that reloads from the dossier when it comes to
// the front after a change (and at once if it is in front).
type dirtyScreen interface {
	screen
	reload()
}

// leaver is a screen that may hold unsaved input: leave calls then once
// the user has decided (saved, discarded), or never if they stay.
type leaver interface {
	leave(then func())
}

// App is the main window and the dossier it shows.
type App struct {
	app  fyne.App
	win  fyne.Window
	jobs jobs
	d    *dossier.Dossier

	side    fyne.CanvasObject
	body    *fyne.Container
	current screen
	dirty   map[screen]bool
	escapes []*escapeEntry

	nav          map[screen]*navItem
	dossierLabel *widget.Label

	welcome *welcomeScreen
	home    *homeScreen
	list    *passagesScreen
	imp     *importScreen
	dep     *depositScreen
	acc     *accusesScreen
	org     *organismeScreen

	// Measure, when set, is told how long the opening of a dossier took
	// until its home screen was filled (CERTIDEPOT_MESURE).
	Measure func(what string, d time.Duration)
}

// Default and smallest window sizes: the default fits a 1024×700 screen,
// where every screen must still work.
var (
	defaultSize = fyne.NewSize(1000, 640)
	minSize     = fyne.NewSize(760, 480)
)

const (
	prefWidth  = "fenetre.largeur"
	prefHeight = "fenetre.hauteur"
)

// New builds the main window (not shown yet).
func New(a fyne.App) *App {
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	a.Settings().SetTheme(appTheme{})
	u := &App{app: a, win: a.NewWindow("Certidépôt"), dirty: map[screen]bool{}, nav: map[screen]*navItem{}}
	u.welcome = newWelcomeScreen(u)
	u.home = newHomeScreen(u)
	u.list = newPassagesScreen(u)
	u.imp = newImportScreen(u)
	u.dep = newDepositScreen(u)
	u.acc = newAccusesScreen(u)
	u.org = newOrganismeScreen(u)
	u.body = container.NewStack()
	u.side = u.sidebar()
	sep := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	sep.SetMinSize(fyne.NewSize(1, 1))
	u.win.SetContent(container.NewBorder(nil, nil, container.NewHBox(u.side, sep), nil, u.body))
	u.win.SetMainMenu(u.menu())
	u.win.Resize(u.rememberedSize())
	u.win.SetCloseIntercept(u.quit)
	u.win.SetOnDropped(u.dropped)
	setEscaper(u.win.Canvas(), u.escape)
	u.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			u.escape()
		}
	})
	u.addShortcuts()
	u.showScreen(u.welcome)
	u.updateNav()
	return u
}

// Window returns the main window.
func (u *App) Window() fyne.Window { return u.win }

// Wait blocks until the work running off the UI goroutine is finished.
func (u *App) Wait() { u.jobs.wait() }

// Idle reports whether no work runs off the UI goroutine.
func (u *App) Idle() bool { return u.jobs.idle() }

func (u *App) rememberedSize() fyne.Size {
	p := u.app.Preferences()
	w, h := float32(p.FloatWithFallback(prefWidth, 0)), float32(p.FloatWithFallback(prefHeight, 0))
	if w < minSize.Width || h < minSize.Height || w > 4000 || h > 3000 {
		return defaultSize
	}
	return fyne.NewSize(w, h)
}

// quit closes the window, once unsaved input is dealt with; the size is
// kept for the next start.
func (u *App) quit() {
	u.leave(func() {
		if s := u.win.Canvas().Size(); s.Width >= minSize.Width && s.Height >= minSize.Height {
			u.app.Preferences().SetFloat(prefWidth, float64(s.Width))
			u.app.Preferences().SetFloat(prefHeight, float64(s.Height))
		}
		u.closeDossier()
		u.win.Close()
	})
}

// leave runs then once the current screen lets go (its unsaved input
// saved or discarded by the user); it never runs if the user stays.
func (u *App) leave(then func()) {
	if l, ok := u.current.(leaver); ok {
		l.leave(then)
		return
	}
	then()
}

// goTo brings a screen to the front, after the current one lets go.
func (u *App) goTo(s screen) {
	if s == u.current {
		if d, ok := s.(dirtyScreen); ok && u.dirty[s] {
			delete(u.dirty, s)
			d.reload()
		}
		return
	}
	u.leave(func() { u.showScreen(s) })
}

func (u *App) showScreen(s screen) {
	if u.d == nil && s != u.welcome && s != u.home {
		s = u.welcome
	}
	if u.d != nil && s == u.welcome {
		s = u.home
	}
	u.current = s
	u.body.Objects = []fyne.CanvasObject{s.view()}
	u.body.Refresh()
	u.updateNav()
	if d, ok := s.(dirtyScreen); ok && u.dirty[s] {
		delete(u.dirty, s)
		d.reload()
	}
	s.show()
}

// invalidate marks screens to reload from the dossier: the one in front
// reloads at once, the others when they come to the front.
func (u *App) invalidate(screens ...dirtyScreen) {
	for _, s := range screens {
		if s == u.current {
			delete(u.dirty, s)
			s.reload()
		} else {
			u.dirty[s] = true
		}
	}
}

// changedAll follows a change that may touch everything (an import, a
// deposit, an accusé, a restore).
func (u *App) changedAll() {
	u.invalidate(u.home, u.list, u.dep, u.acc, u.org)
}

// passageSaved follows the save of one passage: its row of the list and
// the counts change, nothing else is read again.
func (u *App) passageSaved(idTechnique string) {
	u.list.refreshRow(idTechnique)
	u.home.refreshCounts()
	u.home.riskStale = true
	u.dirty[u.dep] = true
}

// Open opens a dossier and shows it; the previous one is closed (after
// its unsaved input is dealt with, for the window's own actions: see
// openPath).
func (u *App) Open(path string) error {
	start := time.Now()
	// A path given on the command line may be relative: the screens and
	// file dialogs name its folder, which « . » would not tell.
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	d, err := dossier.Open(path)
	if err != nil {
		return err
	}
	u.closeDossier()
	u.d = d
	u.remember(path)
	u.win.SetTitle("Certidépôt — " + filepath.Base(path))
	u.dossierLabel.SetText(filepath.Base(path))
	u.list.reset()
	u.imp.reset()
	u.dep.reset()
	u.changedAll()
	u.showScreen(u.home)
	if u.Measure != nil {
		measure := u.Measure
		u.home.onLoaded = func() { measure("ouverture du dossier", time.Since(start)) }
		u.home.onRisksRead = func() { measure("risques de rejet à l'accueil", time.Since(start)) }
		u.list.onLoaded = func() { measure("liste des passages chargée", time.Since(start)) }
		u.dirty[u.list] = false
		u.list.reload() // the figure users wait for when they click « Passages »
	}
	return nil
}

// openPath opens a dossier from the window: unsaved input first.
func (u *App) openPath(path string) {
	u.leave(func() {
		if err := u.Open(path); err != nil {
			u.showError(err)
		}
	})
}

// closeDossier closes the dossier. Work still running on it ends with an
// error its screen ignores (it checks the dossier is still the same);
// the store lets started transactions finish before closing.
func (u *App) closeDossier() {
	if u.d != nil {
		u.d.Close()
		u.d = nil
	}
}

// closeDossierFromMenu closes the dossier and comes back to the welcome.
func (u *App) closeDossierFromMenu() {
	u.leave(func() {
		u.closeDossier()
		u.win.SetTitle("Certidépôt")
		u.dossierLabel.SetText("Aucun dossier ouvert")
		u.showScreen(u.welcome)
	})
}

// needDossier reports whether a dossier is open, and says so otherwise.
func (u *App) needDossier() bool {
	if u.d == nil {
		u.showError(errors.New("ouvrez d'abord un dossier (Ctrl+O), ou créez-en un (Ctrl+N)"))
		return false
	}
	return true
}

// sidebar is the navigation: the six screens, then the dossier actions.
func (u *App) sidebar() fyne.CanvasObject {
	add := func(s screen, icon fyne.Resource, label, key string) fyne.CanvasObject {
		n := newNavItem(icon, label, key, func() { u.goTo(s) })
		u.nav[s] = n
		return n
	}
	logo := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.IconPNG))
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(28))
	u.dossierLabel = widget.NewLabel("Aucun dossier ouvert")
	u.dossierLabel.Truncation = fyne.TextTruncateEllipsis
	u.dossierLabel.Importance = widget.LowImportance
	top := container.NewVBox(
		container.NewHBox(logo, bold("Certidépôt")),
		u.dossierLabel,
		widget.NewSeparator(),
		add(u.home, theme.HomeIcon(), "Accueil", "Ctrl+1"),
		add(u.list, theme.ListIcon(), "Passages", "Ctrl+2"),
		add(u.imp, theme.DownloadIcon(), "Importer", "Ctrl+I"),
		add(u.dep, theme.UploadIcon(), "Déposer", "Ctrl+D"),
		add(u.acc, theme.MailReplyIcon(), "Accusés", "Ctrl+L"),
		add(u.org, theme.AccountIcon(), "Organisme", "Ctrl+6"),
	)
	u.nav[u.welcome] = u.nav[u.home]
	bottom := container.NewVBox(widget.NewSeparator(),
		newNavItem(theme.FolderOpenIcon(), "Ouvrir…", "Ctrl+O", u.openDialog),
		newNavItem(theme.FolderNewIcon(), "Nouveau…", "Ctrl+N", u.newDossierDialog),
		newNavItem(theme.InfoIcon(), "À propos", "", u.showAbout))
	bg := canvas.NewRectangle(theme.Color(colorSidebar))
	side := container.NewBorder(top, bottom, nil, nil)
	wrap := container.NewStack(bg, container.NewPadded(side))
	return container.New(&fixedWidth{w: 196}, wrap)
}

// fixedWidth lays its content at a set width (the sidebar).
type fixedWidth struct{ w float32 }

func (f *fixedWidth) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Resize(s)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (f *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.w, h)
}

func (u *App) updateNav() {
	open := u.d != nil
	for s, n := range u.nav {
		n.setSelected(s == u.current || (s == u.list && u.current != nil && isFiche(u.current)))
		n.setDisabled(!open && s != u.home && s != u.welcome)
	}
	if u.current == u.welcome {
		u.nav[u.home].setSelected(true)
	}
}

func isFiche(s screen) bool { _, ok := s.(*ficheScreen); return ok }

// shortcut names the keyboard shortcuts, for the menu and the sidebar.
func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// menu is the window's menu bar: every action with its shortcut, where
// office staff look for them (the shortcuts also work while a text field
// has the keyboard, which Fyne only allows for the menu's).
func (u *App) menu() *fyne.MainMenu {
	item := func(label string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, action)
		it.Shortcut = sc
		return it
	}
	quit := item("Quitter", ctrl(fyne.KeyQ), u.quit)
	quit.IsQuit = true
	return fyne.NewMainMenu(
		fyne.NewMenu("Dossier",
			item("Nouveau dossier…", ctrl(fyne.KeyN), u.newDossierDialog),
			item("Ouvrir un dossier…", ctrl(fyne.KeyO), u.openDialog),
			item("Fermer le dossier", ctrl(fyne.KeyW), u.closeDossierFromMenu),
			fyne.NewMenuItemSeparator(),
			item("Restaurer une sauvegarde…", nil, func() { u.org.backupsDialog() }),
			fyne.NewMenuItemSeparator(),
			quit),
		fyne.NewMenu("Passages",
			item("Rechercher un titulaire", ctrl(fyne.KeyF), u.search),
			item("Enregistrer la fiche", ctrl(fyne.KeyS), u.save),
			fyne.NewMenuItemSeparator(),
			item("Importer une liste Excel…", ctrl(fyne.KeyI), func() { u.goTo(u.imp) }),
			item("Écrire le modèle Excel…", nil, u.templateDialog),
			item("Déposer les passages prêts…", ctrl(fyne.KeyD), func() { u.goTo(u.dep) }),
			item("Lire un accusé de traitement…", ctrl(fyne.KeyL), func() { u.goTo(u.acc) })),
		fyne.NewMenu("Affichage",
			item("Accueil", ctrl(fyne.Key1), func() { u.goTo(u.home) }),
			item("Passages", ctrl(fyne.Key2), func() { u.goTo(u.list) }),
			item("Importer", ctrl(fyne.Key3), func() { u.goTo(u.imp) }),
			item("Déposer", ctrl(fyne.Key4), func() { u.goTo(u.dep) }),
			item("Accusés", ctrl(fyne.Key5), func() { u.goTo(u.acc) }),
			item("Organisme", ctrl(fyne.Key6), func() { u.goTo(u.org) })),
		fyne.NewMenu("Aide",
			item("Raccourcis clavier", nil, u.showShortcuts),
			item("À propos de Certidépôt", nil, u.showAbout)),
	)
}

// addShortcuts registers the menu's shortcuts on the canvas too, for when
// no text field has the keyboard and the menu bar is hidden.
func (u *App) addShortcuts() {
	var walk func(items []*fyne.MenuItem)
	walk = func(items []*fyne.MenuItem) {
		for _, it := range items {
			if it.Shortcut != nil && it.Action != nil {
				action := it.Action
				u.win.Canvas().AddShortcut(it.Shortcut, func(fyne.Shortcut) { action() })
			}
			if it.ChildMenu != nil {
				walk(it.ChildMenu.Items)
			}
		}
	}
	for _, m := range u.win.MainMenu().Items {
		walk(m.Items)
	}
}

// search brings the passages list and its search field to the front.
func (u *App) search() {
	if !u.needDossier() {
		return
	}
	u.goTo(u.list)
	if u.current == u.list {
		u.win.Canvas().Focus(u.list.search)
	}
}

// save saves the fiche in front, if any.
func (u *App) save() {
	if f, ok := u.current.(*ficheScreen); ok {
		f.save(nil)
	}
}

// dropped opens what is dropped on the window: a dossier, or a list to
// import.
func (u *App) dropped(_ fyne.Position, uris []fyne.URI) {
	if len(uris) == 0 {
		return
	}
	p := uris[0].Path()
	switch filepath.Ext(p) {
	case dossier.Extension:
		u.openPath(p)
	case ".xlsx", ".xlsm", ".csv":
		if u.needDossier() {
			u.goTo(u.imp)
			u.imp.choose(p)
		}
	}
}

func (u *App) showShortcuts() {
	u.info("Raccourcis clavier", "Ctrl+O  ouvrir un dossier\nCtrl+N  nouveau dossier\nCtrl+F  rechercher un titulaire\n"+
		"Ctrl+I  importer une liste Excel\nCtrl+D  déposer les passages prêts\nCtrl+L  lire un accusé de traitement\n"+
		"Ctrl+S  enregistrer la fiche\nÉchap  fermer la fiche ou la fenêtre de dialogue\nCtrl+1 à Ctrl+6  changer d'écran\n\n"+
		"Dans la liste des passages : Tab pour l'atteindre, flèches pour se déplacer, Entrée pour ouvrir la fiche, Espace pour cocher.")
}

// ctxBG is the context of work the user cannot cancel (short
// transactions: a save, a bulk edit, a count).
var ctxBG = context.Background()

// plural returns "1 passage" or "n passages" (French: 0 and 1 are
// singular).
func plural(n int, one, many string) string { return num(n) + " " + agree(n, one, many) }

// num writes a count the French way, in groups of three digits
// (200 000).
func num(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "\u202f" + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// agree is the singular or plural word for n.
func agree(n int, one, many string) string {
	if n <= 1 {
		return one
	}
	return many
}

// fileExists reports whether a regular file is at path.
func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
