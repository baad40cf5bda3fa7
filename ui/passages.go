package ui

import (
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// passageRow is what the table shows of one passage.
type passageRow struct {
	idTechnique                                         string
	status                                              core.Status
	holder, certification, delivered, statusText, first string
}

// passagesView is the Passages screen: filters, search and a virtualised
// table, so thousands of rows cost only the visible cells.
type passagesView struct {
	u       *App
	content fyne.CanvasObject
	table   *widget.Table
	rows    []passageRow
	index   map[string]int // row of each idTechnique
	count   *widget.Label
	status  *widget.Select
	cert    *widget.Select
	search  *widget.Entry
	certIDs map[string]int64
}

const allOption = "Tous"

var passageColumns = []struct {
	title string
	width float32
}{
	{"Titulaire", 220}, {"Certification", 140}, {"Délivrance", 100}, {"Statut", 210}, {"Première erreur", 520},
}

func newPassagesView(u *App) *passagesView {
	v := &passagesView{u: u, count: widget.NewLabel(""), certIDs: map[string]int64{}}
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), len(passageColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.SetText(v.cell(id))
			l.Importance = widget.MediumImportance
			if id.Col == 3 && id.Row < len(v.rows) {
				l.Importance = statusImportance[v.rows[id.Row].status]
			}
			l.Refresh()
		},
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
	v.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(v.rows) && u.d != nil {
			if _, err := u.openPassage(v.rows[id.Row].idTechnique); err != nil {
				u.showError(err)
			}
		}
		v.table.UnselectAll()
	}
	statusOpts := []string{allOption}
	for _, s := range core.Statuses {
		statusOpts = append(statusOpts, s.Label())
	}
	v.status = widget.NewSelect(statusOpts, func(string) { v.reload() })
	v.status.Selected = allOption
	v.cert = widget.NewSelect([]string{allOption}, func(string) { v.reload() })
	v.cert.Selected = allOption
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Rechercher un nom…")
	v.search.OnChanged = func(string) { v.reload() }
	filters := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("Statut"), v.status, widget.NewLabel("Certification"), v.cert), nil, v.search)
	v.content = container.NewBorder(container.NewVBox(filters, v.count), v.actions(), nil, nil, v.table)
	return v
}

var statusImportance = map[core.Status]widget.Importance{
	core.StatusACompleter: widget.DangerImportance,
	core.StatusPret:       widget.MediumImportance,
	core.StatusDepose:     widget.WarningImportance,
	core.StatusAccepte:    widget.SuccessImportance,
	core.StatusRejete:     widget.DangerImportance,
}

func (v *passagesView) cell(id widget.TableCellID) string {
	if id.Row < 0 || id.Row >= len(v.rows) {
		return ""
	}
	r := v.rows[id.Row]
	return [...]string{r.holder, r.certification, r.delivered, r.statusText, r.first}[id.Col]
}

// filter returns the store filter of the current choices.
func (v *passagesView) filter() dossier.Filter {
	f := dossier.Filter{Search: v.search.Text, CertificationID: v.certIDs[v.cert.Selected]}
	for _, s := range core.Statuses {
		if s.Label() == v.status.Selected {
			f.Status = s
		}
	}
	return f
}

func (v *passagesView) reload() {
	if v.u.d == nil {
		return
	}
	if err := v.load(v.u.d); err != nil {
		v.u.showError(err)
	}
}

func (v *passagesView) load(d *dossier.Dossier) error {
	certs, err := d.Certifications(bg)
	if err != nil {
		return err
	}
	var certOpts []string
	v.certIDs = map[string]int64{}
	for id, c := range certs {
		v.certIDs[c.Label()] = id
		certOpts = append(certOpts, c.Label())
	}
	var rows []passageRow
	index := map[string]int{}
	err = d.EachListRow(bg, v.filter(), func(lr dossier.ListRow) error {
		index[lr.IDTechnique] = len(rows)
		rows = append(rows, toRow(lr))
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(certOpts)
	v.cert.Options = append([]string{allOption}, certOpts...)
	v.rows, v.index = rows, index
	v.count.SetText(countText(len(rows)))
	v.table.Refresh()
	return nil
}

func toRow(lr dossier.ListRow) passageRow {
	r := passageRow{idTechnique: lr.IDTechnique, status: lr.Status, holder: lr.Holder,
		certification: lr.Certification, delivered: lr.Delivered, statusText: lr.Status.Label(), first: lr.FirstIssue}
	if d, ok := core.ParseISODate(r.delivered); ok {
		r.delivered = core.FrenchDate(d)
	}
	if r.first == "" && lr.AccuseMessage != "" {
		r.first = "CDC : " + lr.AccuseMessage
	}
	return r
}

// updateRow shows a passage's new values in its row, if it is listed: a
// save changes one row, not the list.
func (v *passagesView) updateRow(lr dossier.ListRow) {
	if i, ok := v.index[lr.IDTechnique]; ok {
		v.rows[i] = toRow(lr)
		v.table.RefreshItem(widget.TableCellID{Row: i, Col: 0})
		for c := 1; c < len(passageColumns); c++ {
			v.table.RefreshItem(widget.TableCellID{Row: i, Col: c})
		}
	}
}

// passageChanged shows a saved passage: its row in the list and the
// counts of the home screen, without reading the whole dossier again.
func (u *App) passageChanged(idTechnique string) error {
	lr, err := u.d.ListRow(bg, idTechnique)
	if err != nil {
		return err
	}
	counts, err := u.d.Counts(bg)
	if err != nil {
		return err
	}
	u.list.updateRow(lr)
	u.home.showCounts(counts)
	return nil
}

func countText(n int) string {
	switch n {
	case 0:
		return "Aucun passage."
	case 1:
		return "1 passage."
	}
	return strconv.Itoa(n) + " passages."
}
