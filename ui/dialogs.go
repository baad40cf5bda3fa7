package ui

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The window's dialogs are built here rather than taken from Fyne's: each
// closes with Échap, says its buttons in French, and a form keeps what was
// typed when it shows an error.

// pushEscape makes Échap run fn until the returned pop is called (a
// dialog shown over the screen); the last pushed runs first.
func (u *App) pushEscape(fn func()) (pop func()) {
	e := &escapeEntry{fn: fn}
	u.escapes = append(u.escapes, e)
	return func() {
		for i, x := range u.escapes {
			if x == e {
				u.escapes = append(u.escapes[:i], u.escapes[i+1:]...)
				return
			}
		}
	}
}

type escapeEntry struct{ fn func() }

// escape runs what Échap does now: close the top dialog, else ask the
// current screen (the fiche closes).
func (u *App) escape() bool {
	if n := len(u.escapes); n > 0 {
		u.escapes[n-1].fn()
		return true
	}
	if s, ok := u.current.(interface{ escape() bool }); ok {
		return s.escape()
	}
	return false
}

// modal is a dialog with the window's Échap and its own buttons.
type modal struct {
	u   *App
	d   *dialog.CustomDialog
	pop func()
}

func (u *App) newModal(title string, content fyne.CanvasObject) *modal {
	m := &modal{u: u, d: dialog.NewCustomWithoutButtons(title, content, u.win)}
	return m
}

// buttons sets the dialog's buttons: the last one is the default action.
func (m *modal) buttons(bs ...*btn) *modal {
	objs := make([]fyne.CanvasObject, len(bs))
	for i, b := range bs {
		objs[i] = b
	}
	m.d.SetButtons(objs)
	return m
}

func (m *modal) show() *modal {
	m.pop = m.u.pushEscape(m.hide)
	m.d.Show()
	return m
}

func (m *modal) hide() {
	if m.pop != nil {
		m.pop()
		m.pop = nil
	}
	m.d.Hide()
}

func (m *modal) resize(w, h float32) *modal {
	ws := m.u.win.Canvas().Size()
	if ws.Width > 0 {
		w, h = min(w, ws.Width-40), min(h, ws.Height-40)
	}
	m.d.Resize(fyne.NewSize(w, h))
	return m
}

// info shows a message with one « Fermer » button.
func (u *App) info(title, text string) *modal {
	m := u.newModal(title, container.NewVScroll(note(text)))
	m.buttons(button("Fermer", nil, widget.HighImportance, func() { m.hide() })).show()
	m.resize(520, m.d.MinSize().Height+note(text).MinSize().Height)
	return m
}

// infoLong shows a message of several paragraphs with one « Fermer »
// button, in a dialog tall enough to read it without scrolling (as far
// as the window allows).
func (u *App) infoLong(title, text string) *modal {
	m := u.newModal(title, container.NewVScroll(note(text)))
	m.buttons(button("Fermer", nil, widget.HighImportance, func() { m.hide() })).show()
	m.resize(640, m.d.MinSize().Height+textHeight(text, 640))
	return m
}

// confirmLong is confirm for a text of several paragraphs.
func (u *App) confirmLong(title, text, action string, imp widget.Importance, yes func()) *modal {
	m := u.newModal(title, container.NewVScroll(note(text)))
	m.buttons(button("Annuler", theme.CancelIcon(), widget.MediumImportance, func() { m.hide() }),
		button(action, nil, imp, func() { m.hide(); yes() })).show()
	m.resize(640, m.d.MinSize().Height+textHeight(text, 640))
	return m
}

// textHeight is about the height a wrapped text takes in a dialog of that
// width: the dialog shows it without scrolling, as far as the window
// allows.
func textHeight(text string, width float32) float32 {
	perLine := max(int((width-80)/6.6), 20)
	lines := 0
	for _, p := range strings.Split(text, "\n") {
		lines += 1 + utf8.RuneCountInString(p)/perLine
	}
	return float32(lines)*(theme.TextSize()+theme.LineSpacing()*1.5) + theme.Padding()*4
}

// ShowError shows an error in the window.
func (u *App) ShowError(err error) { u.showError(err) }

// showError shows a French message (every error of core is), never a
// stack trace.
func (u *App) showError(err error) {
	if err == nil {
		return
	}
	if errors.Is(err, context.Canceled) {
		// Stopped by its « Annuler » before it changed anything: the
		// operations are transactions.
		err = errors.New("Annulé : rien n'a été modifié dans le dossier, aucun fichier n'a été gardé.")
	}
	// The icon at the top of the text; the dialog as tall as the text
	// wrapped at its width (a wrapping label's own minimum is one word a
	// line, which filled the window).
	text := sentence(err.Error())
	icon := container.NewVBox(widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon())))
	m := u.newModal("Erreur", container.NewBorder(nil, nil, icon, nil, container.NewVScroll(note(text))))
	m.buttons(button("Fermer", nil, widget.HighImportance, func() { m.hide() })).show()
	m.resize(540, m.d.MinSize().Height+textHeight(text, 500))
}

// confirm asks before an action: « Annuler » or the action's own name.
func (u *App) confirm(title, text, action string, imp widget.Importance, yes func()) *modal {
	return u.confirmOr(title, text, "Annuler", action, imp, yes)
}

// confirmOr is confirm with its own words to stay as things are, for an
// action that is itself called « Annuler … ».
func (u *App) confirmOr(title, text, stay, action string, imp widget.Importance, yes func()) *modal {
	m := u.newModal(title, container.NewVScroll(note(text)))
	m.buttons(button(stay, theme.CancelIcon(), widget.MediumImportance, func() { m.hide() }),
		button(action, nil, imp, func() { m.hide(); yes() })).show()
	m.resize(520, m.d.MinSize().Height+textHeight(text, 520))
	return m
}

// askUnsaved asks what to do with unsaved changes before leaving:
// « Enregistrer », « Ne pas enregistrer » or « Annuler » (stay).
func (u *App) askUnsaved(what string, save, discard func()) *modal {
	l := note("Les modifications de " + what + " ne sont pas enregistrées.")
	m := u.newModal("Modifications non enregistrées", l)
	m.buttons(button("Annuler", nil, widget.MediumImportance, func() { m.hide() }),
		button("Ne pas enregistrer", nil, widget.MediumImportance, func() { m.hide(); discard() }),
		button("Enregistrer", theme.DocumentSaveIcon(), widget.HighImportance, func() { m.hide(); save() })).show()
	return m
}

// formDialog is a form that stays open with its input when its action
// fails: the error shows under the fields.
type formDialog struct {
	*modal
	msg *widget.Label
	ok  *btn
}

// form shows fields with an action; act returns nil to close, or the
// error to show (the fields keep what was typed).
func (u *App) form(title, action string, items []*widget.FormItem, act func() error) *formDialog {
	f := &formDialog{msg: note("")}
	f.msg.Importance = widget.DangerImportance
	f.msg.Hide()
	form := widget.NewForm(items...)
	f.modal = u.newModal(title, container.NewVBox(form, f.msg))
	f.ok = button(action, nil, widget.HighImportance, func() {
		switch err := act(); {
		case err == errKeepOpen:
			return
		case err != nil:
			f.fail(err.Error())
			return
		}
		f.hide()
	})
	f.buttons(button("Annuler", theme.CancelIcon(), widget.MediumImportance, func() { f.hide() }), f.ok)
	for _, it := range items {
		if e, ok := it.Widget.(*entry); ok {
			e.OnSubmitted = func(string) { f.ok.OnTapped() }
		}
	}
	f.show()
	f.resize(560, f.d.MinSize().Height+40)
	return f
}

// fail shows an error under the fields; "" hides it.
func (f *formDialog) fail(msg string) {
	f.msg.SetText(msg)
	if msg == "" {
		f.msg.Hide()
	} else {
		f.msg.Show()
	}
	f.d.Refresh()
}

// sentence starts a message with a capital, as a dialog shows a sentence
// (core's messages start in lower case, to be quoted after a colon).
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
