package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
	"github.com/certidepot/certidepot/core/excel"
)

// ignoreColumn is the choice that leaves a column out of the import.
const ignoreColumn = "(ignorer cette colonne)"

// columnChoices are the fields a column can be given, by French label.
func columnChoices() (labels []string, keyOf map[string]string) {
	keyOf = map[string]string{ignoreColumn: ""}
	labels = []string{ignoreColumn}
	add := func(label, key string) {
		labels = append(labels, label)
		keyOf[label] = key
	}
	for _, f := range core.SheetFields() {
		add(f.Label, f.Key)
	}
	for _, f := range core.Fields() {
		if f.Scope == core.ScopeCertification || f.Scope == core.ScopePassage || f.Scope == core.ScopeHolder {
			add(f.Label, f.Key)
		}
	}
	return labels, keyOf
}

// mappingEditor lets the user correct which field each column holds.
type mappingEditor struct {
	content fyne.CanvasObject
	selects map[string]*widget.Select // by column header
	initial map[string]string         // header → label chosen by the detection
	keyOf   map[string]string
}

func newMappingEditor(res *dossier.ImportResult) *mappingEditor {
	labels, keyOf := columnChoices()
	m := &mappingEditor{selects: map[string]*widget.Select{}, initial: map[string]string{}, keyOf: keyOf}
	labelOf := map[string]string{}
	for l, k := range keyOf {
		labelOf[k] = l
	}
	rows := container.NewVBox()
	add := func(c excel.ColumnInfo, current string) {
		sel := widget.NewSelect(labels, nil)
		sel.SetSelected(current)
		m.selects[c.Header] = sel
		m.initial[c.Header] = current
		rows.Add(container.NewBorder(nil, nil, widget.NewLabel(c.Letter+" « "+c.Header+" »"), nil, sel))
	}
	for _, c := range res.Columns {
		add(c, labelOf[c.Field])
	}
	for _, c := range res.Unknown {
		add(c, ignoreColumn)
	}
	m.content = rows
	return m
}

// mapping returns the user's corrections: header → field key ("" to ignore).
func (m *mappingEditor) mapping() map[string]string {
	out := map[string]string{}
	for h, sel := range m.selects {
		if sel.Selected != m.initial[h] {
			out[h] = m.keyOf[sel.Selected]
		}
	}
	return out
}
