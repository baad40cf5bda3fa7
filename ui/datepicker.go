package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
)

// A calendar in French: Fyne's names its months in English.

var monthNames = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// monthTitle is « novembre 2026 ».
func monthTitle(t time.Time) string { return fmt.Sprintf("%s %d", monthNames[t.Month()-1], t.Year()) }

// pickDate shows a month; choosing a day gives it as JJ/MM/AAAA.
func (u *App) pickDate(title, current string, then func(text string)) {
	shown := core.Now()
	if iso, ok := core.ParseFrenchDate(current); ok {
		if d, ok := core.ParseISODate(iso); ok {
			shown = d
		}
	}
	month := time.Date(shown.Year(), shown.Month(), 1, 0, 0, 0, 0, time.UTC)
	head := bold("")
	head.Alignment = fyne.TextAlignCenter
	grid := container.NewGridWithColumns(7)
	var m *modal
	var fill func()
	fill = func() {
		head.SetText(monthTitle(month))
		grid.Objects = nil
		for _, d := range []string{"lu", "ma", "me", "je", "ve", "sa", "di"} { // two letters: they fit the narrow cells
			l := dim(d)
			l.Alignment = fyne.TextAlignCenter
			grid.Add(l)
		}
		offset := (int(month.Weekday()) + 6) % 7 // Monday first
		for i := 0; i < offset; i++ {
			grid.Add(widget.NewLabel(""))
		}
		for d := month; d.Month() == month.Month(); d = d.AddDate(0, 0, 1) {
			day := d
			imp := widget.LowImportance
			if day.Year() == shown.Year() && day.YearDay() == shown.YearDay() {
				imp = widget.HighImportance
			}
			grid.Add(button(fmt.Sprint(day.Day()), nil, imp, func() { m.hide(); then(core.FrenchDate(day)) }))
		}
		grid.Refresh()
	}
	prev := button("", theme.NavigateBackIcon(), widget.LowImportance, func() { month = month.AddDate(0, -1, 0); fill() })
	next := button("", theme.NavigateNextIcon(), widget.LowImportance, func() { month = month.AddDate(0, 1, 0); fill() })
	prevYear := button("−1 an", nil, widget.LowImportance, func() { month = month.AddDate(-1, 0, 0); fill() })
	nextYear := button("+1 an", nil, widget.LowImportance, func() { month = month.AddDate(1, 0, 0); fill() })
	fill()
	m = u.newModal(title, container.NewBorder(container.NewBorder(nil, nil, container.NewHBox(prevYear, prev), container.NewHBox(next, nextYear), head), nil, nil, nil, grid))
	today := button("Aujourd'hui", nil, widget.MediumImportance, func() { m.hide(); then(core.FrenchDate(core.Now())) })
	m.buttons(button("Fermer", nil, widget.MediumImportance, m.hide), today).show()
}
