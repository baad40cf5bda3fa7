package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// keyList is a list driven by the keyboard as well as the mouse: Tab
// reaches it, the arrows (and Page up/down, Home, End) move the
// highlight, Entrée activates the highlighted item and Espace toggles it.
// A click activates the item clicked.
type keyList struct {
	widget.List
	cursor     widget.ListItemID
	onActivate func(id widget.ListItemID) // Entrée or a click
	onSubmit   func(id widget.ListItemID) // Entrée, when it differs from a click
	onToggle   func(id widget.ListItemID) // Espace ("" = activate)
	onMove     func(id widget.ListItemID)
}

func newKeyList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.OnHighlighted = func(id widget.ListItemID) {
		l.cursor = id
		if l.onMove != nil {
			l.onMove(id)
		}
	}
	l.OnSelected = func(id widget.ListItemID) {
		l.UnselectAll()
		l.cursor = id
		if l.onActivate != nil {
			l.onActivate(id)
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// pageRows is how far Page up/down moves.
const pageRows = 10

func (l *keyList) TypedKey(k *fyne.KeyEvent) {
	n := l.Length()
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		switch {
		case l.cursor < 0 || l.cursor >= n:
		case l.onSubmit != nil:
			l.onSubmit(l.cursor)
		case l.onActivate != nil:
			l.onActivate(l.cursor)
		}
	case fyne.KeySpace:
		if l.cursor >= 0 && l.cursor < n {
			if l.onToggle != nil {
				l.onToggle(l.cursor)
			} else if l.onActivate != nil {
				l.onActivate(l.cursor)
			}
		}
	case fyne.KeyEscape:
		escapeFrom(l)
	case fyne.KeyPageDown:
		l.moveTo(min(l.cursor+pageRows, n-1))
	case fyne.KeyPageUp:
		l.moveTo(max(l.cursor-pageRows, 0))
	case fyne.KeyHome:
		l.moveTo(0)
	case fyne.KeyEnd:
		l.moveTo(n - 1)
	default:
		l.List.TypedKey(k)
	}
}

func (l *keyList) moveTo(id widget.ListItemID) {
	if id >= 0 && id < l.Length() {
		l.Highlight(id)
	}
}
