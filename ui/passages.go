package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// passageRow is what the list shows of one passage.
type passageRow struct {
	id        string
	status    core.Status
	holder    string
	holderKey string // folded, for sorting
	cert      string
	delivered string // AAAA-MM-JJ
	problem   string
}

func toRow(lr dossier.ListRow) passageRow {
	r := passageRow{id: lr.IDTechnique, status: lr.Status, holder: lr.Holder, holderKey: core.Fold(lr.Holder), cert: lr.Certification,
		delivered: lr.Delivered, problem: core.MaskNIRsIn(lr.FirstIssue)}
	// The CDC's message concerns a rejected passage only: once corrected
	// and sent again it is history (the fiche's timeline keeps it).
	if r.problem == "" && lr.Status == core.StatusRejete && lr.AccuseMessage != "" {
		r.problem = "CDC : " + core.MaskNIRsIn(lr.AccuseMessage)
	}
	return r
}

func (r passageRow) deliveredText() string {
	if d, ok := core.ParseISODate(r.delivered); ok {
		return core.FrenchDate(d)
	}
	return r.delivered
}

// Columns of the list.
const (
	colCheck = iota
	colHolder
	colCert
	colDelivered
	colStatus
	colProblem
	nColumns
)

var columnTitles = [nColumns]string{"", "Titulaire", "Certification", "Délivrance", "Statut", "Problème à corriger"}

// passagesScreen is the list of passages: filters, search, sortable
// columns, a selection that actions apply to, and the keyboard.
type passagesScreen struct {
	u       *App
	content fyne.CanvasObject
	search  *entry
	status  *choice
	cert    *choice
	certIDs map[string]int64
	only    map[string]bool // a set shown from another screen (import, accusé)
	label   string          // what that set is
	onlyBar *fyne.Container
	// risk filters on a reason of rejection risk; the passages it gives
	// are read once (riskFor says for which reason) and kept while the
	// other filters change.
	risk    *choice
	riskIDs map[string]bool
	riskFor string
	count   *widget.Label
	list    *keyList
	heads   [nColumns]*headerCell
	all     *widget.Check

	rows []passageRow // shown, in display order
	// base are the rows read for the filters other than the name search,
	// which is applied to them in memory: a search in 200,000 passages
	// then answers at each letter typed.
	base     []passageRow
	index    map[string]int
	sel      map[string]bool
	sortCol  int
	sortDesc bool

	selText *widget.Label
	selBar  *fyne.Container
	undoBar *fyne.Container

	gen      int
	loaded   bool
	onLoaded func()
	// loading is true while the list is read; then runs what waited for
	// it (the home screen's risks: both read the whole dossier, and the
	// list is what the user waits for).
	loading bool
	then    []func()
}

// searchChanged shows the rows whose holder's name holds the text.
func (v *passagesScreen) searchChanged(string) {
	if !v.loaded {
		return // applied when the rows come
	}
	v.applySearch()
	v.updateSelection()
	v.list.Refresh()
}

// applySearch keeps, of the rows read, those matching the name searched
// (any case or accents), in the list's order.
func (v *passagesScreen) applySearch() {
	text := core.Fold(v.search.Text)
	if text == "" {
		v.rows = append(v.rows[:0:0], v.base...)
	} else {
		v.rows = v.rows[:0:0]
		for _, r := range v.base {
			if strings.Contains(r.holderKey, text) {
				v.rows = append(v.rows, r)
			}
		}
	}
	v.sortRows()
}

const (
	allStatuses = "Tous les statuts"
	allCerts    = "Toutes les certifications"
	// The risk filter's first two choices; the others are the reasons'
	// labels.
	anyRiskOrNone = "Avec ou sans risque de rejet"
	anyRisk       = "Avec un risque de rejet"
)

// anyRiskCode stands for every reason in the risk filter.
const anyRiskCode = "*"

// riskOptions are the risk filter's choices, and the code of each.
func riskOptions() ([]string, map[string]string) {
	opts, codes := []string{anyRiskOrNone, anyRisk}, map[string]string{anyRiskOrNone: "", anyRisk: anyRiskCode}
	for _, c := range core.IdentityChecks() {
		opts = append(opts, c.Label)
		codes[c.Label] = c.Code
	}
	return opts, codes
}

// riskLabel is the risk filter's choice for a reason's code.
func riskLabel(code string) string {
	switch code {
	case "":
		return anyRiskOrNone
	case anyRiskCode:
		return anyRisk
	}
	if c, ok := core.IdentityCheckOf(code); ok {
		return c.Label
	}
	return anyRisk
}

func newPassagesScreen(u *App) *passagesScreen {
	v := &passagesScreen{u: u, certIDs: map[string]int64{}, index: map[string]int{}, sel: map[string]bool{}, sortCol: -1,
		count: widget.NewLabel(""), selText: widget.NewLabel(""), onlyBar: container.NewVBox(), undoBar: container.NewVBox()}
	v.search = newEntry()
	v.search.SetPlaceHolder("Rechercher un nom (Ctrl+F)")
	v.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	v.search.OnChanged = v.searchChanged
	v.search.OnSubmitted = func(string) { u.win.Canvas().Focus(v.list) }
	v.search.onEscape = func() bool {
		if v.search.Text == "" {
			return false
		}
		v.search.SetText("")
		return true
	}
	opts := []string{allStatuses}
	for _, s := range core.Statuses {
		opts = append(opts, s.Label())
	}
	v.status = newChoice(opts, func(string) { v.refilter() })
	v.status.Selected = allStatuses
	v.cert = newChoice([]string{allCerts}, func(string) { v.refilter() })
	v.cert.Selected = allCerts
	riskOpts, _ := riskOptions()
	v.risk = newChoice(riskOpts, func(string) { v.riskChanged() })
	v.risk.Selected = anyRiskOrNone

	v.list = newKeyList(func() int { return len(v.rows) }, func() fyne.CanvasObject { return newRowView(v) },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*rowView).set(i) })
	v.list.onActivate = func(i widget.ListItemID) { v.open(i) }
	v.list.onToggle = func(i widget.ListItemID) { v.toggle(i) }

	header := container.New(rowLayout{})
	v.all = widget.NewCheck("", func(on bool) { v.checkAll(on) })
	header.Add(v.all)
	for c := colHolder; c < nColumns; c++ {
		col := c
		v.heads[c] = newHeaderCell(columnTitles[c], func() { v.sortBy(col) })
		header.Add(v.heads[c])
	}
	// The count and the actions wrap on a narrow window; the screen is
	// laid out again when they need another row.
	v.selBar = container.New(&wrapLayout{changed: func() { fyne.Do(func() { v.content.Refresh() }) }})
	// Four filters sharing the width, the search a larger share.
	filters := container.New(shares{1.35, 1, 1, 1}, v.search, v.status, v.cert, v.risk)
	top := container.NewVBox(heading("Passages"), filters, v.onlyBar, v.undoBar,
		widget.NewSeparator(), header)
	// The actions on the checked passages sit under the list: when they
	// appear, or wrap to another row, the rows and the header's box stay
	// where the mouse is (above, they pushed the list down, and the next
	// click landed on « Supprimer… »). The list comes after the filters in
	// the Tab order, the actions after the list.
	bottom := container.NewVBox(widget.NewSeparator(), v.selBar)
	v.content = container.New(layout.NewBorderLayout(top, bottom, nil, nil), top, v.list, bottom)
	v.updateSelection()
	return v
}

func (v *passagesScreen) view() fyne.CanvasObject { return v.content }

func (v *passagesScreen) show() {
	c := v.u.win.Canvas()
	if c.Focused() == nil || c.Focused() == v.search {
		c.Focus(v.list)
	}
}

// reset forgets the previous dossier's filters and selection.
func (v *passagesScreen) reset() {
	v.search.OnChanged, v.status.OnChanged, v.cert.OnChanged, v.risk.OnChanged = nil, nil, nil, nil
	defer v.listen()
	v.search.SetText("")
	v.status.SetSelected(allStatuses)
	v.cert.SetSelected(allCerts)
	v.risk.SetSelected(anyRiskOrNone)
	v.riskIDs, v.riskFor = nil, ""
	v.loading, v.then = false, nil
	v.only, v.label, v.sel, v.rows, v.base, v.index = nil, "", map[string]bool{}, nil, nil, map[string]int{}
	v.onlyBar.Objects, v.undoBar.Objects = nil, nil
	v.sortCol, v.sortDesc, v.loaded = -1, false, false
	v.list.Refresh()
	v.updateSelection()
}

// showStatus shows the passages of one status.
func (v *passagesScreen) showStatus(s core.Status) {
	v.u.leave(func() {
		v.setFilters(s.Label(), nil, "")
		v.u.showScreen(v)
	})
}

// showRisk shows the passages still to deposit that a reason of
// rejection risk flags (anyRiskCode: any reason), of a status if given.
func (v *passagesScreen) showRisk(code string, status core.Status) {
	v.u.leave(func() {
		label := allStatuses
		if status != "" {
			label = status.Label()
		}
		v.setFilters(label, nil, "")
		v.risk.OnChanged = nil
		v.risk.SetSelected(riskLabel(code))
		v.risk.OnChanged = func(string) { v.riskChanged() }
		v.updateOnlyBar()
		v.u.showScreen(v)
	})
}

// showOnly shows a set of passages (the rows of an import message, the
// rejections of an accusé), named by label.
func (v *passagesScreen) showOnly(ids []string, label string) {
	v.u.leave(func() {
		set := map[string]bool{}
		for _, id := range ids {
			set[id] = true
		}
		v.setFilters(allStatuses, set, label)
		v.u.showScreen(v)
	})
}

// listen sets the filters' reactions (cleared while they are set from
// code).
func (v *passagesScreen) listen() {
	v.search.OnChanged = v.searchChanged
	v.status.OnChanged = func(string) { v.refilter() }
	v.cert.OnChanged = func(string) { v.refilter() }
	v.risk.OnChanged = func(string) { v.riskChanged() }
}

func (v *passagesScreen) setFilters(status string, only map[string]bool, label string) {
	v.search.OnChanged, v.status.OnChanged, v.cert.OnChanged, v.risk.OnChanged = nil, nil, nil, nil
	v.status.SetSelected(status)
	v.cert.SetSelected(allCerts)
	v.search.SetText("")
	v.risk.SetSelected(anyRiskOrNone)
	v.listen()
	v.only, v.label = only, label
	v.updateOnlyBar()
	v.u.dirty[v] = true
}

// riskChanged follows a choice in the risk filter.
func (v *passagesScreen) riskChanged() {
	v.updateOnlyBar()
	v.refilter()
}

// riskCode is the reason the list is filtered on ("" for none).
func (v *passagesScreen) riskCode() string {
	_, codes := riskOptions()
	return codes[v.risk.Selected]
}

// updateOnlyBar says what limits the list besides the filters — a set
// shown from another screen, a reason of rejection risk — with a button
// that shows every passage again.
func (v *passagesScreen) updateOnlyBar() {
	v.onlyBar.Objects = nil
	var text string
	switch code := v.riskCode(); {
	case v.only != nil:
		text = v.label
	case code == anyRiskCode:
		text = "Passages encore à déposer qui présentent un risque de rejet par la CDC : la fiche de chacun dit quoi vérifier. Ce sont des avertissements : ils n'empêchent pas le dépôt."
	case code != "":
		c, _ := core.IdentityCheckOf(code)
		text = fmt.Sprintf("Passages encore à déposer qui présentent ce risque de rejet : %s. La CDC risque de répondre « %s » ; la fiche de chacun dit quoi vérifier.", lowerFirst(c.Label), c.Rejection)
	}
	if text != "" {
		v.onlyBar.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()),
			button("Voir tous les passages", theme.ContentClearIcon(), widget.LowImportance, func() { v.setFilters(allStatuses, nil, ""); v.reload() }),
			note(text)))
	}
	v.onlyBar.Refresh()
}

// lowerFirst puts a label's first letter in lower case, inside a sentence.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// filter is the dossier filter of the current choices (the name search
// aside: see applySearch).
func (v *passagesScreen) filter() dossier.Filter {
	f := dossier.Filter{CertificationID: v.certIDs[v.cert.Selected]}
	for _, s := range core.Statuses {
		if s.Label() == v.status.Selected {
			f.Status = s
		}
	}
	return f
}

type listLoad struct {
	rows    []passageRow
	certs   []string
	ids     map[string]int64
	riskIDs map[string]bool // read for this load, nil when kept
}

// reload reads the list off the UI goroutine, the passages at risk too;
// a newer reload wins.
func (v *passagesScreen) reload() {
	v.riskIDs, v.riskFor = nil, ""
	v.refilter()
}

// refilter reads the list again for new filters, keeping the passages at
// risk read for the same reason (their reading scans the whole dossier).
func (v *passagesScreen) refilter() {
	d := v.u.d
	if d == nil {
		return
	}
	v.gen++
	gen, f, only := v.gen, v.filter(), v.only
	risk, riskIDs := v.riskCode(), v.riskIDs
	if risk != v.riskFor {
		riskIDs = nil
	}
	v.count.SetText("Chargement…")
	v.loading = true
	background(&v.u.jobs, ctxBG, func(ctx context.Context) (listLoad, error) {
		var out listLoad
		certs, err := d.Certifications(ctx)
		if err != nil {
			return out, err
		}
		if risk != "" && riskIDs == nil {
			code := risk
			if code == anyRiskCode {
				code = ""
			}
			ids, err := d.PassagesAtRisk(ctx, code, "")
			if err != nil {
				return out, err
			}
			out.riskIDs = make(map[string]bool, len(ids))
			for _, id := range ids {
				out.riskIDs[id] = true
			}
			riskIDs = out.riskIDs
		}
		out.ids = map[string]int64{}
		for id, c := range certs {
			out.ids[c.Label()] = id
			out.certs = append(out.certs, c.Label())
		}
		sort.Strings(out.certs)
		err = d.EachListRow(ctx, f, func(lr dossier.ListRow) error {
			if (only == nil || only[lr.IDTechnique]) && (risk == "" || riskIDs[lr.IDTechnique]) {
				out.rows = append(out.rows, toRow(lr))
			}
			return nil
		})
		return out, err
	}, func(l listLoad, err error) {
		if gen != v.gen || v.u.d != d {
			return
		}
		v.loading = false
		defer v.runWaiting()
		if err != nil {
			v.u.showError(err)
			return
		}
		if l.riskIDs != nil {
			v.riskIDs, v.riskFor = l.riskIDs, risk
		}
		v.certIDs = l.ids
		v.cert.Options = append([]string{allCerts}, l.certs...)
		v.base = l.rows
		v.applySearch()
		v.loaded = true
		v.updateSelection()
		v.list.Refresh()
		if v.onLoaded != nil {
			v.onLoaded()
			v.onLoaded = nil
		}
	})
}

// afterLoad runs fn once the list being read is shown, at once if none is.
func (v *passagesScreen) afterLoad(fn func()) {
	if !v.loading {
		fn()
		return
	}
	v.then = append(v.then, fn)
}

func (v *passagesScreen) runWaiting() {
	fns := v.then
	v.then = nil
	for _, fn := range fns {
		fn()
	}
}

// refreshRow shows a passage's new state in its row, if it is listed.
func (v *passagesScreen) refreshRow(id string) {
	d := v.u.d
	background(&v.u.jobs, ctxBG, func(ctx context.Context) (dossier.ListRow, error) { return d.ListRow(ctx, id) },
		func(lr dossier.ListRow, err error) {
			if err != nil || v.u.d != d {
				return
			}
			row := toRow(lr)
			for j := range v.base {
				if v.base[j].id == id {
					v.base[j] = row
				}
			}
			if i, ok := v.index[id]; ok {
				v.rows[i] = row
				v.list.RefreshItem(i)
			}
		})
}

// sortBy sorts on a column; a second click reverses the order.
func (v *passagesScreen) sortBy(col int) {
	if v.sortCol == col {
		v.sortDesc = !v.sortDesc
	} else {
		v.sortCol, v.sortDesc = col, false
	}
	v.sortRows()
	v.list.Refresh()
}

func (v *passagesScreen) sortRows() {
	if v.sortCol >= 0 {
		less := rowLess(v.sortCol)
		desc := v.sortDesc
		sort.SliceStable(v.rows, func(i, j int) bool {
			if desc {
				return less(v.rows[j], v.rows[i])
			}
			return less(v.rows[i], v.rows[j])
		})
	}
	v.index = make(map[string]int, len(v.rows))
	for i, r := range v.rows {
		v.index[r.id] = i
	}
	for c := colHolder; c < nColumns; c++ {
		v.heads[c].setSort(c == v.sortCol, v.sortDesc)
	}
}

var statusOrder = func() map[core.Status]int {
	m := map[core.Status]int{}
	for i, s := range core.Statuses {
		m[s] = i
	}
	return m
}()

func rowLess(col int) func(a, b passageRow) bool {
	switch col {
	case colCert:
		return func(a, b passageRow) bool { return a.cert < b.cert }
	case colDelivered:
		return func(a, b passageRow) bool { return a.delivered < b.delivered }
	case colStatus:
		return func(a, b passageRow) bool { return statusOrder[a.status] < statusOrder[b.status] }
	case colProblem:
		return func(a, b passageRow) bool { return a.problem != "" && (b.problem == "" || a.problem < b.problem) }
	}
	return func(a, b passageRow) bool { return a.holderKey < b.holderKey }
}

// open opens the fiche of a row.
func (v *passagesScreen) open(i int) {
	if i >= 0 && i < len(v.rows) {
		v.u.openFiche(v.rows[i].id, v)
	}
}

// neighbour is the passage after (step 1) or before (-1) id in the list.
func (v *passagesScreen) neighbour(id string, step int) string {
	i, ok := v.index[id]
	if !ok || i+step < 0 || i+step >= len(v.rows) {
		return ""
	}
	return v.rows[i+step].id
}

func (v *passagesScreen) toggle(i int) {
	if i < 0 || i >= len(v.rows) {
		return
	}
	id := v.rows[i].id
	if v.sel[id] {
		delete(v.sel, id)
	} else {
		v.sel[id] = true
	}
	v.list.RefreshItem(i)
	v.updateSelection()
}

func (v *passagesScreen) checkAll(on bool) {
	v.sel = map[string]bool{}
	if on {
		for _, r := range v.rows {
			v.sel[r.id] = true
		}
	}
	v.list.Refresh()
	v.updateSelection()
}

// selected returns the checked passages shown, in display order, of the
// given statuses (all when none is given).
func (v *passagesScreen) selected(status ...core.Status) []string {
	var out []string
	for _, r := range v.rows {
		if !v.sel[r.id] {
			continue
		}
		if len(status) == 0 {
			out = append(out, r.id)
			continue
		}
		for _, s := range status {
			if r.status == s {
				out = append(out, r.id)
			}
		}
	}
	return out
}

// updateSelection shows the count and the actions on the checked passages.
func (v *passagesScreen) updateSelection() {
	switch n := len(v.rows); {
	case !v.loaded:
		v.count.SetText("")
	case n == 0:
		v.count.SetText("Aucun passage ne correspond.")
	default:
		v.count.SetText(plural(n, "passage affiché", "passages affichés"))
	}
	// Checked passages no longer shown are forgotten: actions apply to
	// what the user sees.
	for id := range v.sel {
		if _, ok := v.index[id]; !ok {
			delete(v.sel, id)
		}
	}
	n := len(v.sel)
	v.all.OnChanged = nil
	v.all.SetChecked(n > 0 && n == len(v.rows))
	v.all.OnChanged = func(on bool) { v.checkAll(on) }
	before := v.selBar.MinSize().Height
	v.selBar.Objects = []fyne.CanvasObject{v.count}
	if n == 0 {
		hint := widget.NewLabel("Cochez des passages (clic sur la case, ou Espace) pour les modifier ensemble.")
		hint.Importance = widget.LowImportance
		v.selBar.Add(hint)
	} else {
		v.selText.SetText(plural(n, "coché :", "cochés :"))
		v.selBar.Add(v.selText)
		v.selBar.Add(button("Modifier un champ…", theme.DocumentCreateIcon(), widget.HighImportance, func() { v.bulkEdit() }))
		v.selBar.Add(button("Changer de certification…", theme.ViewRefreshIcon(), widget.MediumImportance, v.changeCertification))
		if r := v.selected(core.StatusPret); len(r) > 0 {
			v.selBar.Add(button("Déposer…", theme.UploadIcon(), widget.MediumImportance, func() { v.u.dep.depositOnly(v.selected(core.StatusPret)) }))
		}
		if r := v.selected(core.StatusRejete); len(r) > 0 {
			v.selBar.Add(button("Renvoyer tels quels…", theme.MailForwardIcon(), widget.MediumImportance, v.resend))
		}
		if r := v.selected(core.StatusAccepte); len(r) > 0 {
			v.selBar.Add(button("Retirer de la CDC…", theme.ContentRemoveIcon(), widget.MediumImportance, v.withdraw))
		}
		if r := v.selected(core.StatusACompleter, core.StatusPret); len(r) > 0 {
			v.selBar.Add(button("Supprimer…", theme.DeleteIcon(), widget.DangerImportance, v.deleteSelected))
		}
		v.selBar.Add(button("Tout décocher", theme.ContentClearIcon(), widget.LowImportance, func() { v.checkAll(false) }))
	}
	v.selBar.Refresh()
	if v.content != nil && v.selBar.MinSize().Height != before {
		v.content.Refresh() // the bar needs another row, or one fewer
	}
}

// shares lays objects side by side, each its share of the width
// whatever its own minimum (a long choice is cut with an ellipsis).
type shares []float32

func (sh shares) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	total := float32(0)
	for _, w := range sh {
		total += w
	}
	pad := theme.Padding()
	room := s.Width - pad*float32(len(objs)-1)
	x := float32(0)
	for i, o := range objs {
		w := room * sh[i] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, s.Height))
		x += w + pad
	}
}

func (sh shares) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(0, h)
}

// rowLayout places a row's cells: the check, then the columns, the last
// one taking what is left.
type rowLayout struct{}

var columnWidths = [nColumns]float32{36, 0, 132, 112, 132, 0} // 0: share of what is left

func (rowLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	fixed := float32(0)
	for _, w := range columnWidths {
		fixed += w
	}
	pad := theme.Padding()
	rest := max(s.Width-fixed-pad*float32(nColumns-1), 0)
	holder := max(rest*0.42, 150)
	x := float32(0)
	for i, o := range objs {
		if i >= nColumns {
			break
		}
		w := columnWidths[i]
		switch i {
		case colHolder:
			w = holder
		case colProblem:
			w = max(s.Width-x, 0)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, s.Height))
		x += w + pad
	}
}

func (rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	w := float32(0)
	for _, cw := range columnWidths {
		w += cw
	}
	return fyne.NewSize(w+300, h)
}

// rowView is one row of the list, reused as the list scrolls.
type rowView struct {
	widget.BaseWidget
	v                          *passagesScreen
	i                          int
	check                      *rowCheck
	holder, cert, date, reason *widget.Label
	chip                       *chip
}

func newRowView(v *passagesScreen) *rowView {
	r := &rowView{v: v, holder: widget.NewLabel(""), cert: widget.NewLabel(""), date: widget.NewLabel(""), reason: widget.NewLabel(""), chip: newChip()}
	for _, l := range []*widget.Label{r.holder, r.cert, r.date, r.reason} {
		l.Truncation = fyne.TextTruncateEllipsis
	}
	r.reason.Importance = widget.LowImportance
	r.check = newRowCheck(func() {
		if r.i < len(v.rows) {
			v.toggle(r.i)
		}
	})
	r.ExtendBaseWidget(r)
	return r
}

func (r *rowView) set(i int) {
	r.i = i
	row := r.v.rows[i]
	r.check.set(r.v.sel[row.id])
	r.holder.SetText(row.holder)
	r.cert.SetText(row.cert)
	r.date.SetText(row.deliveredText())
	r.chip.set(row.status)
	r.reason.SetText(row.problem)
}

func (r *rowView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(rowLayout{}, r.check, r.holder, r.cert, r.date, r.chip, r.reason))
}

// rowCheck is a row's check box: a click checks the row. It is not in the
// Tab order (the list is, and Espace checks its highlighted row), so that
// Tab does not stop on every row.
type rowCheck struct {
	widget.BaseWidget
	on     bool
	icon   *widget.Icon
	tapped func()
}

func newRowCheck(tapped func()) *rowCheck {
	c := &rowCheck{icon: widget.NewIcon(theme.CheckButtonIcon()), tapped: tapped}
	c.ExtendBaseWidget(c)
	return c
}

func (c *rowCheck) set(on bool) {
	if c.on == on {
		return
	}
	c.on = on
	if on {
		c.icon.SetResource(theme.NewPrimaryThemedResource(theme.CheckButtonCheckedIcon()))
	} else {
		c.icon.SetResource(theme.CheckButtonIcon())
	}
}

func (c *rowCheck) Tapped(*fyne.PointEvent) { c.tapped() }
func (c *rowCheck) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewCenter(c.icon))
}

// headerCell is a column title that sorts the list when clicked. It is
// not in the Tab order: Tab goes from the filters straight to the list.
type headerCell struct {
	widget.BaseWidget
	title   string
	label   *widget.Label
	icon    *widget.Icon
	bg      *canvas.Rectangle
	tapped  func()
	hovered bool
}

func newHeaderCell(title string, tapped func()) *headerCell {
	h := &headerCell{title: title, label: bold(title), icon: widget.NewIcon(theme.MenuDropUpIcon()), bg: canvas.NewRectangle(theme.Color(theme.ColorNameHover)), tapped: tapped}
	h.icon.Hide()
	h.label.Truncation = fyne.TextTruncateEllipsis
	h.bg.Hide()
	h.ExtendBaseWidget(h)
	return h
}

func (h *headerCell) setSort(on, desc bool) {
	switch {
	case !on:
		h.icon.Hide()
		return
	case desc:
		h.icon.SetResource(theme.MenuDropDownIcon())
	default:
		h.icon.SetResource(theme.MenuDropUpIcon())
	}
	h.icon.Show()
}

func (h *headerCell) Tapped(*fyne.PointEvent)        { h.tapped() }
func (h *headerCell) MouseIn(*desktop.MouseEvent)    { h.bg.Show(); h.bg.Refresh() }
func (h *headerCell) MouseMoved(*desktop.MouseEvent) {}
func (h *headerCell) MouseOut()                      { h.bg.Hide(); h.bg.Refresh() }
func (h *headerCell) Cursor() desktop.Cursor         { return desktop.PointerCursor }
func (h *headerCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(h.bg, container.NewBorder(nil, nil, nil, h.icon, h.label)))
}
