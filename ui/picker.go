package ui

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
)

// picker chooses one of many options (the fields of the dictionary): in
// alphabetical order, filtered as the user types a part of the name,
// without caring for case or accents.
type picker struct {
	*btn
	options  []string // sorted; the fixed ones first
	selected string
	changed  func(string)
	u        *App
	title    string
	maxRunes int // the button shows at most this many characters (0: all)
}

// newPicker builds a picker; fixed options (« ignorer cette colonne »)
// stay first, the others are sorted.
func newPicker(u *App, title string, fixed, options []string, selected string, changed func(string)) *picker {
	sorted := append([]string{}, options...)
	sort.SliceStable(sorted, func(i, j int) bool { return core.Fold(sorted[i]) < core.Fold(sorted[j]) })
	p := &picker{options: append(append([]string{}, fixed...), sorted...), selected: selected, changed: changed, u: u, title: title}
	p.btn = button(p.text(), theme.MenuDropDownIcon(), widget.MediumImportance, p.open)
	p.btn.IconPlacement = widget.ButtonIconTrailingText
	p.btn.Alignment = widget.ButtonAlignLeading
	return p
}

func (p *picker) text() string {
	if p.selected == "" {
		return prompt
	}
	if r := []rune(p.selected); p.maxRunes > 0 && len(r) > p.maxRunes {
		return string(r[:p.maxRunes-1]) + "…"
	}
	return p.selected
}

// set changes the choice without telling changed.
func (p *picker) set(s string) {
	p.selected = s
	p.SetText(p.text())
}

func (p *picker) open() {
	search := newEntry()
	search.SetPlaceHolder("Tapez une partie du nom…")
	shown := p.options
	list := newKeyList(func() int { return len(shown) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(shown[i]) })
	var m *modal
	choose := func(i widget.ListItemID) {
		if i >= 0 && i < len(shown) {
			m.hide()
			p.set(shown[i])
			if p.changed != nil {
				p.changed(shown[i])
			}
		}
	}
	list.onActivate = choose
	search.OnChanged = func(s string) {
		q := core.Fold(s)
		shown = nil
		for _, o := range p.options {
			if strings.Contains(core.Fold(o), q) {
				shown = append(shown, o)
			}
		}
		list.Refresh()
		list.cursor = 0
	}
	search.OnSubmitted = func(string) { choose(0) }
	m = p.u.newModal(p.title, containerBorder(search, list))
	m.buttons(button("Annuler", theme.CancelIcon(), widget.MediumImportance, m.hide)).show()
	m.resize(520, 480)
	p.u.win.Canvas().Focus(search)
}
