package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// passageRow is what the table shows of one passage.
type passageRow struct {
	holder, certification, delivered, status, firstError string
}

// passagesView is the Passages screen: a virtualised table, so thousands
// of rows cost only the visible cells.
type passagesView struct {
	content fyne.CanvasObject
	table   *widget.Table
	rows    []passageRow
	count   *widget.Label
}

var passageColumns = []struct {
	title string
	width float32
}{
	{"Titulaire", 220}, {"Certification", 140}, {"Délivrance", 100}, {"Statut", 200}, {"Première erreur", 520},
}

func newPassagesView(u *App) *passagesView {
	v := &passagesView{count: widget.NewLabel("")}
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), len(passageColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.cell(id)) },
	)
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(passageColumns[id.Col].title)
		}
	}
	for i, c := range passageColumns {
		v.table.SetColumnWidth(i, c.width)
	}
	v.content = container.NewBorder(v.count, nil, nil, nil, v.table)
	return v
}

func (v *passagesView) cell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(v.rows) {
		return ""
	}
	r := v.rows[id.Row]
	return [...]string{r.holder, r.certification, r.delivered, r.status, r.firstError}[id.Col]
}

func (v *passagesView) load(db *store.DB) error {
	var rows []passageRow
	err := db.View(bg, func(tx *store.Tx) error {
		certs, err := tx.Certifications()
		if err != nil {
			return err
		}
		return tx.EachPassage(store.Filter{}, func(p *core.Passage) error {
			r := passageRow{holder: core.HolderName(p.Holder), certification: certs[p.CertificationID].Code,
				delivered: p.Data.Text(core.KeyDateDebutValid), status: p.Status.Label()}
			if d, ok := core.ParseISODate(r.delivered); ok {
				r.delivered = core.FrenchDate(d)
			}
			if len(p.Issues) > 0 {
				r.firstError = p.Issues[0].Message
			}
			rows = append(rows, r)
			return nil
		})
	})
	if err != nil {
		return err
	}
	v.rows = rows
	v.count.SetText(countText(len(rows)))
	v.table.Refresh()
	return nil
}

func countText(n int) string {
	switch n {
	case 0:
		return "Aucun passage dans ce dossier."
	case 1:
		return "1 passage."
	}
	return strconv.Itoa(n) + " passages."
}
