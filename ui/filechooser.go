package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
)

// The window's own file chooser: Fyne's says « Home », « Computer »,
// « Overwrite? », cannot be put in French for all of it, and opens the
// chosen file for writing — emptying an existing one — before the
// application can refuse to replace it. This one only returns a path.

// overwrite says what saving over an existing file does.
type overwrite int

const (
	askOverwrite    overwrite = iota // a French confirmation first
	refuseOverwrite                  // never (deposit files)
)

// fileChooser is the dialog; save is false to open an existing file;
// folder chooses a folder (with save: a new one's name may be given).
type fileChooser struct {
	u       *App
	save    bool
	folder  bool
	check   func(path string) string // in folder mode: "" or why the folder will not do
	exts    []string
	policy  overwrite
	dir     string
	items   []os.DirEntry
	list    *keyList
	where   *widget.Label
	name    *entry
	msg     *widget.Label
	ok      *btn
	m       *modal
	then    func(path string)
	picked  string
	pickedI int
}

const prefLastDir = "fichiers.dernier-dossier"

// chooseOpen asks for an existing file with one of exts (".xlsx"…).
func (u *App) chooseOpen(title string, exts []string, then func(path string)) *fileChooser {
	return u.newChooser(title, false, exts, "", askOverwrite, then)
}

// chooseSave asks where to write a new file, name proposed.
func (u *App) chooseSave(title, name string, exts []string, policy overwrite, then func(path string)) *fileChooser {
	return u.newChooser(title, true, exts, name, policy, then)
}

// chooseFolder asks for a folder to write into: the one shown, or a new
// one in it named as the user types (name proposed; the operation creates
// it). check, if given, refuses a folder with a French reason, the dialog
// staying open.
func (u *App) chooseFolder(title, name string, check func(path string) string, then func(path string)) *fileChooser {
	return u.newChooserOf(title, true, true, nil, name, refuseOverwrite, check, then)
}

func (u *App) newChooser(title string, save bool, exts []string, name string, policy overwrite, then func(string)) *fileChooser {
	return u.newChooserOf(title, save, false, exts, name, policy, nil, then)
}

func (u *App) newChooserOf(title string, save, folder bool, exts []string, name string, policy overwrite, check func(string) string, then func(string)) *fileChooser {
	fc := &fileChooser{u: u, save: save, folder: folder, check: check, exts: exts, policy: policy, then: then, where: widget.NewLabel(""), msg: note(""), pickedI: -1}
	fc.where.Truncation = fyne.TextTruncateEllipsis
	fc.msg.Importance = widget.DangerImportance
	fc.msg.Hide()
	fc.list = newKeyList(func() int { return len(fc.items) }, func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.Truncation = fyne.TextTruncateEllipsis
		info := widget.NewLabel("")
		info.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), info, name)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		c := o.(*fyne.Container)
		it := fc.items[i]
		c.Objects[0].(*widget.Label).SetText(it.Name())
		icon, info := c.Objects[1].(*widget.Icon), c.Objects[2].(*widget.Label)
		if it.IsDir() {
			icon.SetResource(theme.FolderIcon())
			info.SetText("dossier")
			return
		}
		icon.SetResource(theme.FileIcon())
		if st, err := it.Info(); err == nil {
			info.SetText(st.ModTime().Format("02/01/2006 15:04") + "   " + sizeText(st.Size()))
		}
	})
	fc.list.onActivate = fc.activate
	fc.list.onSubmit = func(i widget.ListItemID) {
		fc.activate(i)
		if i < len(fc.items) && !fc.items[i].IsDir() {
			fc.confirm() // Entrée on a file takes it
		}
	}
	fc.list.onMove = func(i widget.ListItemID) {
		if i >= 0 && i < len(fc.items) && !fc.items[i].IsDir() && fc.save {
			fc.name.SetText(fc.items[i].Name())
		}
	}
	up := button("Dossier parent", theme.MoveUpIcon(), widget.LowImportance, func() { fc.open(filepath.Dir(fc.dir)) })
	top := container.NewBorder(nil, nil, nil, up, fc.where)
	var bottom fyne.CanvasObject = fc.msg
	action := "Ouvrir"
	if save {
		action = "Enregistrer"
		fc.name = newEntry()
		fc.name.SetText(name)
		fc.name.OnSubmitted = func(string) { fc.confirm() }
		fc.name.OnChanged = func(string) { fc.fail("") }
		label := "Nom du fichier"
		rows := []fyne.CanvasObject{nil}
		if folder {
			action, label = "Choisir", "Nouveau dossier"
			rows = append(rows, dim("Un dossier de ce nom sera créé dans celui affiché ci-dessus ; videz le nom pour écrire dans le dossier affiché lui-même."))
		}
		rows[0] = container.NewBorder(nil, nil, widget.NewLabel(label), nil, fc.name)
		bottom = container.NewVBox(append(rows, fc.msg)...)
	} else if len(exts) > 0 {
		bottom = container.NewVBox(dim("Fichiers proposés : "+strings.Join(exts, ", ")), fc.msg)
	}
	places := container.NewVBox()
	for _, p := range fc.places() {
		pl := p
		b := button(pl.name, pl.icon, widget.LowImportance, func() { fc.open(pl.path) })
		b.Alignment = widget.ButtonAlignLeading
		places.Add(b)
	}
	body := container.NewBorder(top, bottom, container.NewHBox(container.NewVScroll(places), widget.NewSeparator()), nil, fc.list)
	fc.m = u.newModal(title, body)
	fc.ok = button(action, nil, widget.HighImportance, fc.confirm)
	fc.m.buttons(button("Annuler", theme.CancelIcon(), widget.MediumImportance, fc.m.hide), fc.ok)
	fc.open(fc.startDir())
	fc.m.show()
	fc.m.resize(820, 540)
	if save {
		u.win.Canvas().Focus(fc.name)
	} else {
		u.win.Canvas().Focus(fc.list)
	}
	return fc
}

type place struct {
	name string
	icon fyne.Resource
	path string
}

// places are the folders offered on the left, in French.
func (fc *fileChooser) places() []place {
	var out []place
	if fc.u.d != nil {
		out = append(out, place{"À côté du dossier ouvert", theme.FolderOpenIcon(), filepath.Dir(fc.u.d.Path())})
	}
	home, err := os.UserHomeDir()
	if err == nil {
		out = append(out, place{"Dossier personnel", theme.HomeIcon(), home})
		for _, d := range []struct{ name, dir string }{{"Bureau", "Desktop"}, {"Bureau", "Bureau"}, {"Documents", "Documents"},
			{"Téléchargements", "Downloads"}, {"Téléchargements", "Téléchargements"}} {
			if st, err := os.Stat(filepath.Join(home, d.dir)); err == nil && st.IsDir() {
				out = append(out, place{d.name, theme.FolderIcon(), filepath.Join(home, d.dir)})
			}
		}
	}
	if runtime.GOOS == "windows" {
		for c := 'C'; c <= 'Z'; c++ {
			root := string(c) + `:\`
			if _, err := os.Stat(root); err == nil {
				out = append(out, place{"Disque " + string(c) + ":", theme.StorageIcon(), root})
			}
		}
	} else {
		out = append(out, place{"Ordinateur", theme.ComputerIcon(), "/"})
	}
	return out
}

// startDir is the folder used last, else the dossier's, else home.
func (fc *fileChooser) startDir() string {
	for _, d := range []string{fc.u.app.Preferences().String(prefLastDir), dossierDir(fc.u)} {
		if st, err := os.Stat(d); d != "" && err == nil && st.IsDir() {
			return d
		}
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return "."
}

func dossierDir(u *App) string {
	if u.d == nil {
		return ""
	}
	return filepath.Dir(u.d.Path())
}

// open shows a folder: its sub-folders, then the files proposed.
func (fc *fileChooser) open(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		fc.fail("Impossible d'ouvrir ce dossier : " + core.SystemMessage(err))
		return
	}
	fc.fail("")
	fc.dir = dir
	fc.where.SetText(shortPath(dir))
	fc.items = fc.items[:0]
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || strings.HasPrefix(e.Name(), "~$") {
			continue // hidden files, Excel's lock files
		}
		if e.IsDir() || fc.matches(e.Name()) {
			fc.items = append(fc.items, e)
		}
	}
	sort.SliceStable(fc.items, func(i, j int) bool {
		a, b := fc.items[i], fc.items[j]
		if a.IsDir() != b.IsDir() {
			return a.IsDir()
		}
		return core.Fold(a.Name()) < core.Fold(b.Name())
	})
	fc.pickedI = -1
	fc.list.UnselectAll()
	fc.list.Refresh()
	fc.list.ScrollToTop()
}

func (fc *fileChooser) matches(name string) bool {
	if fc.folder {
		return false // folders only
	}
	if len(fc.exts) == 0 {
		return true
	}
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range fc.exts {
		if ext == e {
			return true
		}
	}
	return false
}

// activate opens a folder, or picks a file (a second time: confirms).
func (fc *fileChooser) activate(i widget.ListItemID) {
	if i < 0 || i >= len(fc.items) {
		return
	}
	it := fc.items[i]
	if it.IsDir() {
		fc.open(filepath.Join(fc.dir, it.Name()))
		return
	}
	if fc.save {
		fc.name.SetText(it.Name())
		return
	}
	if fc.pickedI == i {
		fc.confirm()
		return
	}
	fc.pickedI, fc.picked = i, filepath.Join(fc.dir, it.Name())
	fc.where.SetText(shortPath(fc.picked))
}

func (fc *fileChooser) fail(msg string) {
	fc.msg.SetText(msg)
	if msg == "" {
		fc.msg.Hide()
	} else {
		fc.msg.Show()
	}
}

// confirm returns the chosen path, after the checks of its mode.
func (fc *fileChooser) confirm() {
	if !fc.save {
		if fc.pickedI < 0 && fc.list.cursor >= 0 && fc.list.cursor < len(fc.items) {
			fc.activate(fc.list.cursor)
			if fc.pickedI < 0 {
				return // a folder was opened
			}
		}
		if fc.picked == "" || fc.pickedI < 0 {
			fc.fail("Choisissez un fichier dans la liste.")
			return
		}
		fc.done(fc.picked)
		return
	}
	name := strings.TrimSpace(fc.name.Text)
	if fc.folder {
		fc.confirmFolder(name)
		return
	}
	if name == "" {
		fc.fail("Indiquez le nom du fichier.")
		return
	}
	if strings.ContainsAny(name, `/\:*?"<>|`) {
		fc.fail("Un nom de fichier ne peut pas contenir / \\ : * ? \" < > |.")
		return
	}
	if len(fc.exts) > 0 && !fc.matches(name) {
		name += fc.exts[0]
	}
	path := filepath.Join(fc.dir, name)
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		fc.fail("« " + name + " » est un dossier : choisissez un autre nom.")
	case err == nil && fc.policy == refuseOverwrite:
		fc.fail("Le fichier « " + name + " » existe déjà : un fichier de dépôt ne doit jamais en remplacer un autre. Choisissez un autre nom.")
	case err == nil:
		fc.u.confirm("Remplacer le fichier ?", fmt.Sprintf("Le fichier « %s » existe déjà dans %s. Le remplacer ? Son contenu actuel sera perdu.", name, shortPath(fc.dir)),
			"Remplacer", widget.DangerImportance, func() { fc.done(path) })
	case errors.Is(err, os.ErrNotExist):
		fc.done(path)
	default:
		fc.fail(core.SystemMessage(err))
	}
}

// confirmFolder returns the folder shown, or a new one in it named name.
func (fc *fileChooser) confirmFolder(name string) {
	path := fc.dir
	if name != "" {
		if strings.ContainsAny(name, `/\:*?"<>|`) {
			fc.fail("Un nom de dossier ne peut pas contenir / \\ : * ? \" < > |.")
			return
		}
		path = filepath.Join(fc.dir, name)
		if st, err := os.Stat(path); err == nil && !st.IsDir() {
			fc.fail("« " + name + " » est un fichier : choisissez un autre nom.")
			return
		}
	}
	if fc.check != nil {
		if msg := fc.check(path); msg != "" {
			fc.fail(msg)
			return
		}
	}
	fc.u.app.Preferences().SetString(prefLastDir, fc.dir)
	fc.m.hide()
	fc.then(path)
}

func (fc *fileChooser) done(path string) {
	fc.u.app.Preferences().SetString(prefLastDir, filepath.Dir(path))
	fc.m.hide()
	fc.then(path)
}

// sizeText is a file size in French units.
func sizeText(n int64) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f Mo", float64(n)/1e6)
	case n >= 1000:
		return fmt.Sprintf("%d Ko", n/1000)
	}
	return fmt.Sprintf("%d octets", n)
}
