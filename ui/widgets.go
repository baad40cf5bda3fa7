package ui

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
)

// Escape closes what is on top (a dialog, the fiche) from wherever the
// keyboard focus is: each window registers what Échap does.
var (
	escapeMu sync.Mutex
	escapers = map[fyne.Canvas]func() bool{}
)

func setEscaper(c fyne.Canvas, fn func() bool) {
	escapeMu.Lock()
	defer escapeMu.Unlock()
	if fn == nil {
		delete(escapers, c)
		return
	}
	escapers[c] = fn
}

// escapeFrom runs Échap for the window showing o; it reports whether
// something was closed.
func escapeFrom(o fyne.CanvasObject) bool {
	app := fyne.CurrentApp()
	if app == nil {
		return false
	}
	c := app.Driver().CanvasForObject(o)
	escapeMu.Lock()
	fn := escapers[c]
	escapeMu.Unlock()
	return fn != nil && fn()
}

// entry is a text field that passes Échap to its window (Fyne's keeps it).
type entry struct {
	widget.Entry
	onEscape func() bool // overrides the window's Échap, e.g. to clear a search
}

func newEntry() *entry {
	e := &entry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if e.onEscape != nil && e.onEscape() {
			return
		}
		escapeFrom(e)
		return
	}
	e.Entry.TypedKey(k)
}

// choice is a drop-down list with a French prompt, which passes Échap to
// its window.
type choice struct {
	widget.Select
}

// prompt is what a drop-down list shows before a choice (Fyne's own
// says « (Select one) »).
const prompt = "(choisir)"

func newChoice(options []string, changed func(string)) *choice {
	c := &choice{}
	c.Options, c.OnChanged, c.PlaceHolder = options, changed, prompt
	c.ExtendBaseWidget(c)
	return c
}

func (c *choice) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		escapeFrom(c)
		return
	}
	c.Select.TypedKey(k)
}

// wheelPass lies over a text field and passes the mouse wheel to the page
// that scrolls around it: Fyne's text fields keep the wheel for their own
// sideways scrolling, which stopped the page under the pointer.
type wheelPass struct {
	widget.BaseWidget
	target *container.Scroll
}

func newWheelPass() *wheelPass {
	w := &wheelPass{}
	w.ExtendBaseWidget(w)
	return w
}

func (w *wheelPass) Scrolled(ev *fyne.ScrollEvent) {
	if w.target != nil {
		w.target.Scrolled(ev)
	}
}

func (w *wheelPass) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(layout.NewSpacer())
}

// scrolled is a vertical scroll whose content keeps clear of the scroll
// bar, and whose text fields (given by wheels) pass it the mouse wheel.
func scrolled(content fyne.CanvasObject, wheels ...*wheelPass) *container.Scroll {
	s := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.Padding()*3), container.New(anyWidth{}, content)))
	for _, w := range wheels {
		w.target = s
	}
	return s
}

// heading is a screen or section title.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

func bold(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// note is a wrapped paragraph.
func note(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// dim is secondary text.
func dim(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

// card sets content on a lighter, rounded background.
func card(content ...fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(colorCard))
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius) * 2
	return container.NewStack(bg, container.NewPadded(container.NewVBox(content...)))
}

// toneCard is a card with a coloured edge and icon: the status banners
// and alerts.
func toneCard(t core.Tone, content ...fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(toneFill(t))
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius) * 2
	edge := canvas.NewRectangle(toneColors[t])
	edge.SetMinSize(fyne.NewSize(4, 4))
	icon := widget.NewIcon(toneIcon(t))
	body := container.NewBorder(nil, nil, container.NewVBox(icon), nil, container.NewVBox(content...))
	return container.NewStack(bg, container.NewBorder(nil, nil, edge, nil, container.NewPadded(body)))
}

// chip shows a status: its icon and short label on its tone's colour.
type chip struct {
	widget.BaseWidget
	bg    *canvas.Rectangle
	icon  *canvas.Image
	text  *canvas.Text
	label string
}

func newChip() *chip {
	c := &chip{bg: canvas.NewRectangle(color.Transparent), icon: canvas.NewImageFromResource(nil), text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	c.bg.CornerRadius = 10
	c.icon.FillMode = canvas.ImageFillContain
	c.icon.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize() * 0.8))
	c.text.TextSize = theme.CaptionTextSize() + 1
	c.ExtendBaseWidget(c)
	return c
}

func (c *chip) set(s core.Status) {
	if c.label == s.ShortLabel() {
		return
	}
	c.label = s.ShortLabel()
	c.bg.FillColor = toneFill(s.Tone())
	c.icon.Resource = toneIcon(s.Tone())
	c.text.Text = c.label
	c.Refresh()
}

// shortPath shows a folder the way its owner knows it: under the home
// folder, from there (« Documents/Certidépôt »); elsewhere, in full.
func shortPath(p string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return p
	}
	rel, err := filepath.Rel(home, p)
	switch {
	case err != nil || strings.HasPrefix(rel, ".."):
		return p
	case rel == ".":
		return "Dossier personnel"
	}
	return rel
}

func (c *chip) CreateRenderer() fyne.WidgetRenderer { return &chipRenderer{c: c} }

func (c *chip) Refresh() {
	c.text.Color = theme.Color(theme.ColorNameForeground)
	c.BaseWidget.Refresh()
}

// chipRenderer draws the chip at its own width, on the left of the room
// it is given: a short label has a short chip.
type chipRenderer struct{ c *chip }

const chipPadX, chipPadY = 8, 2

func (r *chipRenderer) MinSize() fyne.Size {
	is, ts := r.c.icon.MinSize(), r.c.text.MinSize()
	return fyne.NewSize(is.Width+ts.Width+3*chipPadX/2+4, max(is.Height, ts.Height)+2*chipPadY)
}

func (r *chipRenderer) Layout(s fyne.Size) {
	m := r.MinSize()
	w := min(m.Width, s.Width)
	y := (s.Height - m.Height) / 2
	r.c.bg.Move(fyne.NewPos(0, y))
	r.c.bg.Resize(fyne.NewSize(w, m.Height))
	is, ts := r.c.icon.MinSize(), r.c.text.MinSize()
	r.c.icon.Move(fyne.NewPos(chipPadX/2+2, y+(m.Height-is.Height)/2))
	r.c.icon.Resize(is)
	r.c.text.Move(fyne.NewPos(chipPadX/2+2+is.Width+chipPadX/2, y+(m.Height-ts.Height)/2))
	r.c.text.Resize(ts)
}

func (r *chipRenderer) Refresh() {
	r.Layout(r.c.Size())
	r.c.bg.Refresh()
	r.c.icon.Refresh()
	r.c.text.Refresh()
}

func (r *chipRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.c.bg, r.c.icon, r.c.text}
}
func (r *chipRenderer) Destroy() {}

// navItem is one destination of the sidebar: icon, name and shortcut.
type navItem struct {
	widget.BaseWidget
	icon     fyne.Resource
	label    string
	key      string
	selected bool
	hovered  bool
	focused  bool
	disabled bool
	onTap    func()
}

func newNavItem(icon fyne.Resource, label, key string, tapped func()) *navItem {
	n := &navItem{icon: icon, label: label, key: key, onTap: tapped}
	n.ExtendBaseWidget(n)
	return n
}

func (n *navItem) setSelected(on bool) {
	if n.selected != on {
		n.selected = on
		n.Refresh()
	}
}

func (n *navItem) setDisabled(on bool) {
	if n.disabled != on {
		n.disabled = on
		n.Refresh()
	}
}

func (n *navItem) Tapped(*fyne.PointEvent) {
	if !n.disabled && n.onTap != nil {
		n.onTap()
	}
}

func (n *navItem) MouseIn(*desktop.MouseEvent)    { n.hovered = true; n.Refresh() }
func (n *navItem) MouseMoved(*desktop.MouseEvent) {}
func (n *navItem) MouseOut()                      { n.hovered = false; n.Refresh() }
func (n *navItem) FocusGained()                   { n.focused = true; n.Refresh() }
func (n *navItem) FocusLost()                     { n.focused = false; n.Refresh() }
func (n *navItem) TypedRune(rune)                 {}
func (n *navItem) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		n.Tapped(nil)
	case fyne.KeyEscape:
		escapeFrom(n)
	}
}

func (n *navItem) CreateRenderer() fyne.WidgetRenderer {
	r := &navRenderer{n: n, bg: canvas.NewRectangle(color.Transparent), bar: canvas.NewRectangle(brand),
		icon: widget.NewIcon(n.icon), text: canvas.NewText(n.label, theme.Color(theme.ColorNameForeground)),
		key: canvas.NewText(n.key, theme.Color(theme.ColorNamePlaceHolder))}
	r.bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	r.key.TextSize = theme.CaptionTextSize()
	r.Refresh()
	return r
}

type navRenderer struct {
	n         *navItem
	bg, bar   *canvas.Rectangle
	icon      *widget.Icon
	text, key *canvas.Text
}

func (r *navRenderer) Layout(s fyne.Size) {
	p := theme.Padding()
	r.bg.Resize(s)
	r.bar.Move(fyne.NewPos(0, p))
	r.bar.Resize(fyne.NewSize(3, s.Height-2*p))
	is := theme.IconInlineSize()
	r.icon.Move(fyne.NewPos(3*p, (s.Height-is)/2))
	r.icon.Resize(fyne.NewSquareSize(is))
	ts := r.text.MinSize()
	r.text.Move(fyne.NewPos(5*p+is, (s.Height-ts.Height)/2))
	r.text.Resize(ts)
	ks := r.key.MinSize()
	r.key.Move(fyne.NewPos(s.Width-ks.Width-2*p, (s.Height-ks.Height)/2))
	r.key.Resize(ks)
}

func (r *navRenderer) MinSize() fyne.Size {
	p := theme.Padding()
	ts := r.text.MinSize()
	return fyne.NewSize(ts.Width+r.key.MinSize().Width+theme.IconInlineSize()+9*p, ts.Height+4*p)
}

func (r *navRenderer) Refresh() {
	n := r.n
	r.text.Text, r.text.TextStyle = n.label, fyne.TextStyle{Bold: n.selected}
	r.text.Color = theme.Color(theme.ColorNameForeground)
	if n.disabled {
		r.text.Color = theme.Color(theme.ColorNameDisabled)
	}
	r.key.Color = theme.Color(theme.ColorNamePlaceHolder)
	switch {
	case n.selected:
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
	case n.focused:
		r.bg.FillColor = theme.Color(theme.ColorNameFocus)
	case n.hovered && !n.disabled:
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
	default:
		r.bg.FillColor = color.Transparent
	}
	if n.selected {
		r.bar.Show()
	} else {
		r.bar.Hide()
	}
	r.icon.SetResource(n.icon)
	r.bg.Refresh()
	r.text.Refresh()
	r.key.Refresh()
}

func (r *navRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.bar, r.icon, r.text, r.key}
}
func (r *navRenderer) Destroy() {}

// countsBar draws the passages per status as one bar the eye reads at
// once, each status in its tone's colour, in life-cycle order.
type countsBar struct {
	widget.BaseWidget
	counts map[core.Status]int
}

func newCountsBar() *countsBar {
	b := &countsBar{counts: map[core.Status]int{}}
	b.ExtendBaseWidget(b)
	return b
}

func (b *countsBar) set(counts map[core.Status]int) {
	b.counts = counts
	b.Refresh()
}

func (b *countsBar) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{b: b, empty: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))}
	r.empty.CornerRadius = 6
	for _, s := range core.Statuses {
		seg := canvas.NewRectangle(toneColors[s.Tone()])
		r.segs = append(r.segs, seg)
	}
	return r
}

type barRenderer struct {
	b     *countsBar
	empty *canvas.Rectangle
	segs  []*canvas.Rectangle
}

func (r *barRenderer) Layout(s fyne.Size) {
	r.empty.Resize(s)
	total := 0
	for _, st := range core.Statuses {
		total += r.b.counts[st]
	}
	x := float32(0)
	const minWidth = 6 // a status with a few passages stays visible
	shown := 0
	for _, st := range core.Statuses {
		if r.b.counts[st] > 0 {
			shown++
		}
	}
	room := s.Width - float32(shown)*minWidth
	for i, st := range core.Statuses {
		seg := r.segs[i]
		n := r.b.counts[st]
		if n == 0 || total == 0 {
			seg.Hide()
			continue
		}
		w := minWidth + room*float32(n)/float32(total)
		seg.Show()
		seg.Move(fyne.NewPos(x, 0))
		seg.Resize(fyne.NewSize(w, s.Height))
		x += w
	}
}

func (r *barRenderer) MinSize() fyne.Size { return fyne.NewSize(120, 22) }
func (r *barRenderer) Refresh() {
	for i, st := range core.Statuses {
		r.segs[i].FillColor = toneColors[st.Tone()]
	}
	r.empty.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}
func (r *barRenderer) Objects() []fyne.CanvasObject {
	out := []fyne.CanvasObject{r.empty}
	for _, s := range r.segs {
		out = append(out, s)
	}
	return out
}
func (r *barRenderer) Destroy() {}

// btn is a button that Entrée activates as well as Espace (as Windows
// users expect), and that passes Échap to its window.
type btn struct {
	widget.Button
}

// button is a button with an icon and an importance.
func button(label string, icon fyne.Resource, imp widget.Importance, tapped func()) *btn {
	b := &btn{}
	b.Text, b.Icon, b.OnTapped, b.Importance = label, icon, tapped, imp
	b.ExtendBaseWidget(b)
	return b
}

func (b *btn) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
	case fyne.KeyEscape:
		escapeFrom(b)
	default:
		b.Button.TypedKey(k)
	}
}

// link is a tappable text.
func link(text string, tapped func()) *widget.Hyperlink {
	h := widget.NewHyperlink(text, nil)
	h.OnTapped = tapped
	return h
}

// capped shows content at its height up to h, then scrolls: a banner
// with many messages never pushes the form out of the window.
func capped(content fyne.CanvasObject, h float32) fyne.CanvasObject {
	return container.New(capLayout{h: h}, container.NewVScroll(content))
}

type capLayout struct{ h float32 }

func (c capLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	// The content's width is the window's (its text wraps): only its
	// height counts.
	sc := objs[0].(*container.Scroll)
	return fyne.NewSize(0, min(sc.Content.MinSize().Height, c.h))
}

func (c capLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(s)
}

// anyWidth lays its content at the width it is given, whatever the
// content's own minimum: the pages' text wraps, so a page never asks the
// window for more width than the window has.
type anyWidth struct{}

func (anyWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(0, objs[0].MinSize().Height)
}

func (anyWidth) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(s)
}

// containerBorder lays top above center, which takes the rest.
func containerBorder(top, center fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(top, nil, nil, nil, center)
}

// wrapLayout lays objects at their own size in a row, and goes on to the
// next row when the width is used up. Its height depends on its width:
// it remembers the width it was last given, and calls changed (if set)
// when a new width needs another height, so that what holds it is laid
// out again.
type wrapLayout struct {
	width, reported float32
	changed         func()
}

// place lays objs out at width, calling at (if set) with each object's
// position, and returns the room they take.
func (w *wrapLayout) place(objs []fyne.CanvasObject, width float32, at func(o fyne.CanvasObject, p fyne.Position)) fyne.Size {
	pad := theme.Padding()
	var x, y, rowH, maxW float32
	first := true
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if !first && x+m.Width > width {
			x, y = 0, y+rowH+pad
			rowH = 0
		}
		if at != nil {
			at(o, fyne.NewPos(x, y))
		}
		x += m.Width + pad
		rowH = max(rowH, m.Height)
		maxW = max(maxW, m.Width)
		first = false
	}
	return fyne.NewSize(maxW, y+rowH)
}

func (w *wrapLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	width := w.width
	if width <= 0 {
		width = 1 // not laid out yet: one object a row until it is
	}
	s := w.place(objs, width, nil)
	w.reported = s.Height
	return s
}

func (w *wrapLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	w.width = s.Width
	h := w.place(objs, s.Width, func(o fyne.CanvasObject, p fyne.Position) {
		o.Move(p)
		o.Resize(o.MinSize())
	}).Height
	if h != w.reported && w.changed != nil {
		w.reported = h
		w.changed()
	}
}
