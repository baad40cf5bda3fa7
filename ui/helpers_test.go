package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

var sampleNow = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func sampleDossier(t testing.TB, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "exemple.certidepot")
	d, err := dossier.CreateSample(context.Background(), path, sampleNow, n)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	return path
}

// openSample opens a fresh sample dossier in a test window, its screens
// loaded.
func openSample(t testing.TB) *App {
	t.Helper()
	return openPath(t, sampleDossier(t, 50))
}

func openPath(t testing.TB, path string) *App {
	t.Helper()
	u := newTestApp(t)
	if err := u.Open(path); err != nil {
		t.Fatal(err)
	}
	u.Wait()
	t.Cleanup(func() { u.Wait(); u.closeDossier() })
	return u
}

// newTestApp is the window on Fyne's test driver, its work run inline.
func newTestApp(t testing.TB) *App {
	u := New(test.NewTempApp(t))
	u.jobs.inline = true
	return u
}

// visible walks what the window shows — the screen, then the dialogs over
// it — and calls fn for each visible object.
func visible(u *App, fn func(fyne.CanvasObject)) {
	c := u.win.Canvas()
	roots := []fyne.CanvasObject{c.Content()}
	roots = append(roots, c.Overlays().List()...)
	for _, r := range roots {
		walk(r, fn)
	}
}

func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, fn)
		}
	}
}

// texts returns every text the window shows.
func texts(u *App) []string {
	var out []string
	visible(u, func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok && strings.TrimSpace(t.Text) != "" {
			out = append(out, t.Text)
		}
	})
	return out
}

func shows(u *App, fragment string) bool {
	for _, t := range texts(u) {
		if strings.Contains(t, fragment) {
			return true
		}
	}
	return false
}

// tapButton taps the visible button with that text, the topmost dialog's
// first, as a user would.
func tapButton(t testing.TB, u *App, text string) {
	t.Helper()
	var found *btn
	visible(u, func(o fyne.CanvasObject) {
		if b, ok := o.(*btn); ok && b.Text == text {
			found = b // the last one walked is on top
		}
	})
	if found == nil {
		t.Fatalf("no button %q among: %q", text, texts(u))
	}
	if found.Disabled() {
		t.Fatalf("button %q is disabled", text)
	}
	test.Tap(found)
	u.Wait()
}

// typeKey sends a key to what has the keyboard.
func typeKey(u *App, k fyne.KeyName) {
	c := u.win.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: k})
	} else {
		u.escape()
	}
	u.Wait()
}

// shortcut types a Ctrl shortcut: the menu item that has it runs, as the
// window does with the keyboard on any widget.
func shortcut(t testing.TB, u *App, k fyne.KeyName) {
	t.Helper()
	want := ctrl(k).ShortcutName()
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == want {
				it.Action()
				u.Wait()
				return
			}
		}
	}
	t.Fatalf("no menu item has %s", want)
}

func fiche(t testing.TB, u *App) *ficheScreen {
	t.Helper()
	f, ok := u.current.(*ficheScreen)
	if !ok {
		t.Fatalf("the fiche is not in front: %T", u.current)
	}
	return f
}

// rowOf returns the list row of a status (the first one).
func rowOf(t testing.TB, u *App, s core.Status) int {
	t.Helper()
	for i, r := range u.list.rows {
		if r.status == s {
			return i
		}
	}
	t.Fatalf("no %s passage listed", s)
	return -1
}

// accepted exports the ready passages and reads an accusé accepting all.
func accepted(t testing.TB, u *App) {
	t.Helper()
	dir := t.TempDir()
	res, err := u.d.Export(context.Background(), dossier.ExportOptions{Out: filepath.Join(dir, "depot.xml")})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<rapport><idFlux>%s</idFlux><PassagesOK>", res.Files[0].IDFlux)
	u.d.EachListRow(context.Background(), dossier.Filter{Status: core.StatusDepose}, func(r dossier.ListRow) error {
		fmt.Fprintf(&b, "<idTechnique>%s</idTechnique>", r.IDTechnique)
		return nil
	})
	b.WriteString("</PassagesOK></rapport>")
	acc := filepath.Join(dir, "accuse.xml")
	os.WriteFile(acc, []byte(b.String()), 0o600)
	if _, err := u.d.ReadAccuse(context.Background(), acc); err != nil {
		t.Fatal(err)
	}
	u.changedAll()
	u.Wait()
}

// tapDisabled reports whether the visible button with that text is
// disabled.
func tapDisabled(u *App, text string) bool {
	disabled := false
	visible(u, func(o fyne.CanvasObject) {
		if b, ok := o.(*btn); ok && b.Text == text {
			disabled = b.Disabled()
		}
	})
	return disabled
}
