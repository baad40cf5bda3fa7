package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// fieldInput is the input of one dictionary field: a list of French
// labels for codes and yes/no, a text field otherwise (with a calendar
// for dates), the « donnée non connue » box for nillable fields, and the
// field's message under it. The fiche and the bulk edit use it.
type fieldInput struct {
	f       *core.Field
	entry   *entry
	sel     *choice
	unknown *widget.Check
	raw     string // a value that is not one of the list's, kept until the user picks
	msg     *widget.Label
	wheel   *wheelPass
	extra   *btn // the field's own button (calendar, search)
	input   fyne.CanvasObject
	changed func()
	locked  bool
}

func newFieldInput(u *App, f *core.Field, v core.Value, changed func()) *fieldInput {
	fi := &fieldInput{f: f, msg: note(""), changed: changed}
	fi.msg.Hide()
	notify := func() {
		if fi.changed != nil {
			fi.changed()
		}
	}
	switch f.Kind {
	case core.KindEnum, core.KindBool:
		opts := make([]string, len(f.Enum))
		for i, e := range f.Enum {
			opts[i] = e.Label
		}
		fi.sel = newChoice(opts, func(string) { notify() })
		if l := f.EnumLabel(v.Text); l != "" {
			fi.sel.Selected = l
		} else if v.Text != "" {
			fi.raw = v.Text
			fi.sel.PlaceHolder = "« " + v.Text + " » : valeur non reconnue, choisissez"
		}
		fi.input = fi.sel
	default:
		fi.entry = newEntry()
		fi.entry.SetText(inputText(f, v))
		fi.wheel = newWheelPass()
		field := container.NewStack(fi.entry, fi.wheel)
		switch {
		case f.Kind == core.KindDate:
			fi.entry.SetPlaceHolder("JJ/MM/AAAA")
			fi.extra = button("", theme.CalendarIcon(), widget.LowImportance, func() {
				u.pickDate(f.Label, fi.entry.Text, func(text string) { fi.entry.SetText(text) })
			})
			fi.input = container.NewBorder(nil, nil, nil, fi.extra, field)
		default:
			fi.input = field
		}
		fi.entry.OnChanged = func(string) { notify() }
	}
	if f.Nillable {
		fi.unknown = widget.NewCheck("Donnée non connue", func(bool) { fi.applyState(); notify() })
		fi.unknown.Checked = v.Nil
	}
	fi.applyState()
	return fi
}

// inputText is a stored value as users type it.
func inputText(f *core.Field, v core.Value) string {
	if v.Nil {
		return ""
	}
	if f.Kind == core.KindDate {
		return dossier.DisplayValue(f, v)
	}
	return v.Text
}

// value reads the input as a dictionary value.
func (fi *fieldInput) value() core.Value {
	if fi.unknown != nil && fi.unknown.Checked {
		return core.Value{Nil: true}
	}
	if fi.sel != nil {
		for _, e := range fi.f.Enum {
			if e.Label == fi.sel.Selected {
				return core.Value{Text: e.Code}
			}
		}
		return core.Value{Text: fi.raw}
	}
	return core.Convert(fi.f, fi.entry.Text)
}

// setLocked makes the input read-only (an accepted passage) or not.
func (fi *fieldInput) setLocked(on bool) {
	fi.locked = on
	fi.applyState()
}

func (fi *fieldInput) applyState() {
	off := fi.locked || (fi.unknown != nil && fi.unknown.Checked)
	for _, w := range []fyne.Disableable{fi.entryOrNil(), fi.selOrNil(), fi.extraOrNil()} {
		if w == nil {
			continue
		}
		if off {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if fi.unknown != nil {
		if fi.locked {
			fi.unknown.Disable()
		} else {
			fi.unknown.Enable()
		}
	}
}

func (fi *fieldInput) entryOrNil() fyne.Disableable {
	if fi.entry == nil {
		return nil
	}
	return fi.entry
}

func (fi *fieldInput) selOrNil() fyne.Disableable {
	if fi.sel == nil {
		return nil
	}
	return fi.sel
}

func (fi *fieldInput) extraOrNil() fyne.Disableable {
	if fi.extra == nil {
		return nil
	}
	return fi.extra
}

// focusable is the widget that takes the keyboard for this field.
func (fi *fieldInput) focusable() fyne.Focusable {
	if fi.sel != nil {
		return fi.sel
	}
	return fi.entry
}

// show puts a message under the field: an error, a warning, or nothing.
func (fi *fieldInput) show(is *core.Issue) {
	switch {
	case is == nil:
		fi.msg.Hide()
		return
	case is.Warning:
		fi.msg.Importance = widget.WarningImportance
		fi.msg.SetText("Attention : " + issueText(*is))
	default:
		fi.msg.Importance = widget.DangerImportance
		fi.msg.SetText(issueText(*is))
	}
	fi.msg.Show()
}

// box is the field with its label, help, input and message.
func (fi *fieldInput) box() *fyne.Container {
	label := fi.f.Label
	if fi.f.Required() {
		label += " *"
	}
	help := dim(fi.f.Help)
	help.TextStyle.Italic = true
	c := container.NewVBox(bold(label), fi.input)
	if fi.unknown != nil {
		c.Add(fi.unknown)
	}
	c.Add(help)
	c.Add(fi.msg)
	return c
}
