package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/dossier"
)

// ficheScreen is the fiche of one passage: a form built from the field
// dictionary, checked as the user types, with one status banner. Accepted
// and deposited passages are read-only; leaving with unsaved changes asks
// first.
type ficheScreen struct {
	u       *App
	from    screen // where Fermer goes back to
	id      string
	content *fyne.Container

	p        *core.Passage
	cert     core.Certification
	opt      core.Options
	events   []dossier.Event
	cross    []core.Issue // the comparisons with the dossier's other passages, as saved
	fields   map[string]*fieldInput
	order    []*fieldInput
	boxes    map[string]*fyne.Container
	ident    *widget.RadioGroup
	birth    *widget.RadioGroup
	banner   *fyne.Container
	certText *widget.Label
	certBtn  *btn
	tabs     *container.AppTabs
	holderSc *container.Scroll
	dataSc   *container.Scroll
	saveBtn  *btn
	nextBtn  *btn
	unlocked bool
	saved    core.Values // the record as loaded or last saved
	building bool
	saving   bool
}

// openFiche shows the fiche of a passage; Fermer goes back to from.
func (u *App) openFiche(id string, from screen) {
	u.leave(func() {
		f := &ficheScreen{u: u, from: from, id: id, content: container.NewStack(widget.NewLabel("Chargement de la fiche…"))}
		u.showScreen(f)
		f.load()
	})
}

func (f *ficheScreen) view() fyne.CanvasObject { return f.content }
func (f *ficheScreen) show()                   {}

// escape closes the fiche (asking first if there are unsaved changes).
func (f *ficheScreen) escape() bool {
	f.close()
	return true
}

func (f *ficheScreen) close() {
	to := f.from
	if to == nil {
		to = f.u.list
	}
	f.u.goTo(to)
}

// leave asks what to do with unsaved changes before the fiche goes.
func (f *ficheScreen) leave(then func()) {
	if !f.dirty() {
		then()
		return
	}
	name := "cette fiche"
	if f.p != nil {
		name = "la fiche de " + core.HolderName(f.p.Holder)
	}
	f.u.askUnsaved(name, func() { f.save(then) }, then)
}

type ficheLoad struct {
	pd    *dossier.PassageDetail
	cross []core.Issue
}

func (f *ficheScreen) load() {
	d := f.u.d
	background(&f.u.jobs, ctxBG, func(ctx context.Context) (ficheLoad, error) {
		var l ficheLoad
		var err error
		if l.pd, err = d.Passage(ctx, f.id); err != nil {
			return l, err
		}
		l.cross, err = d.PassageRisks(ctx, f.id)
		return l, err
	}, func(l ficheLoad, err error) {
		if f.u.current != f {
			return
		}
		if err != nil {
			f.u.showError(err)
			f.close()
			return
		}
		pd := l.pd
		f.p, f.cert, f.opt, f.events, f.cross = pd.Passage, pd.Certification, pd.Options, pd.Events, l.cross
		f.build()
	})
}

// readCross reads the comparisons with the other passages again, once
// the passage is saved.
func (f *ficheScreen) readCross() {
	d, id := f.u.d, f.id
	background(&f.u.jobs, ctxBG, func(ctx context.Context) ([]core.Issue, error) { return d.PassageRisks(ctx, id) },
		func(cross []core.Issue, err error) {
			if err != nil || f.u.current != f || f.u.d != d {
				return
			}
			f.cross = cross
			f.changed()
		})
}

// locked reports whether the passage is read-only now.
func (f *ficheScreen) locked() bool {
	return f.p.Status.Locked() && !(f.p.Status == core.StatusAccepte && f.unlocked)
}

func (f *ficheScreen) build() {
	f.building = true
	defer func() { f.building = false }()
	u := f.u
	rec := f.p.Record(f.cert)
	f.fields, f.order, f.boxes = map[string]*fieldInput{}, nil, map[string]*fyne.Container{}

	identField := core.FieldByKey(core.KeyIdentification)
	var idents []string
	for _, e := range identField.Enum {
		idents = append(idents, e.Label)
	}
	f.ident = widget.NewRadioGroup(idents, func(string) { f.changed() })
	f.ident.Horizontal = true
	f.ident.Selected = identField.EnumLabel(rec.Identification())
	var places []string
	for _, b := range core.Birthplaces {
		places = append(places, b.Label())
	}
	f.birth = widget.NewRadioGroup(places, func(string) { f.changed() })
	f.birth.Horizontal = true
	f.birth.Selected = core.BirthplaceOf(rec).Label()

	var wheels []*wheelPass
	holderGrid := container.New(layout.NewAdaptiveGridLayout(2))
	birthGrid := container.New(layout.NewAdaptiveGridLayout(2))
	dataGrid := container.New(layout.NewAdaptiveGridLayout(2))
	for _, fd := range core.Fields() {
		if fd.Kind == core.KindChoice || fd.Key == core.KeyIDTechnique || (fd.Scope != core.ScopeHolder && fd.Scope != core.ScopePassage) {
			continue
		}
		fi := newFieldInput(u, fd, rec[fd.Key], f.changed)
		if fd.Key == core.KeyCodeInsee {
			fi.extra = button("Chercher…", theme.SearchIcon(), widget.LowImportance, f.searchPlace)
			fi.input = container.NewBorder(nil, nil, nil, fi.extra, fi.input)
		}
		if fi.wheel != nil {
			wheels = append(wheels, fi.wheel)
		}
		f.fields[fd.Key] = fi
		f.order = append(f.order, fi)
		box := fi.box()
		f.boxes[fd.Key] = box
		switch {
		case fd.Scope == core.ScopePassage:
			dataGrid.Add(box)
		case fd.Branch == core.BranchInsee || fd.Branch == core.BranchPostal || fd.Key == core.KeyLibelleCommune || fd.Key == core.KeyCodePays || fd.Key == core.KeyLibellePays:
			birthGrid.Add(box)
		default:
			holderGrid.Add(box)
		}
	}
	holder := container.NewVBox(bold("Mode d'identification"), f.ident, holderGrid, widget.NewSeparator(),
		bold("Lieu de naissance"), f.birth, birthGrid)
	f.holderSc = scrolled(holder, wheels...)
	f.dataSc = scrolled(dataGrid, wheels...)
	// Each text field passes the wheel to the page it is on.
	for _, fd := range core.Fields() {
		if fi := f.fields[fd.Key]; fi != nil && fi.wheel != nil {
			if fd.Scope == core.ScopePassage {
				fi.wheel.target = f.dataSc
			} else {
				fi.wheel.target = f.holderSc
			}
		}
	}
	timeline := container.NewVBox()
	for _, e := range f.events {
		timeline.Add(widget.NewLabel(eventText(e)))
	}
	if len(f.events) == 0 {
		timeline.Add(dim("Aucun événement."))
	}
	f.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Titulaire", theme.AccountIcon(), f.holderSc),
		container.NewTabItemWithIcon("Certification obtenue", theme.DocumentIcon(), f.dataSc),
		container.NewTabItemWithIcon("Historique", theme.HistoryIcon(), scrolled(timeline)),
	)

	f.certText = widget.NewLabel(f.cert.Type + " · " + f.cert.Label())
	f.certText.Truncation = fyne.TextTruncateEllipsis
	f.certBtn = button("Changer de certification…", theme.ViewRefreshIcon(), widget.LowImportance, f.changeCertification)
	f.banner = container.NewVBox()
	back := button("Liste des passages", theme.NavigateBackIcon(), widget.LowImportance, f.close)
	head := container.NewVBox(
		container.NewBorder(nil, nil, back, nil, heading(core.HolderName(f.p.Holder))),
		container.NewBorder(nil, nil, bold("Certification"), f.certBtn, f.certText),
		capped(f.banner, 260))

	f.saveBtn = button("Enregistrer", theme.DocumentSaveIcon(), widget.HighImportance, func() { f.save(nil) })
	f.nextBtn = button("Enregistrer et suivant", theme.NavigateNextIcon(), widget.MediumImportance, f.saveAndNext)
	closeBtn := button("Fermer", theme.CancelIcon(), widget.MediumImportance, f.close)
	prev := button("Précédent", theme.NavigateBackIcon(), widget.LowImportance, func() { f.go_(-1) })
	next := button("Suivant", theme.NavigateNextIcon(), widget.LowImportance, func() { f.go_(1) })
	if f.u.list.neighbour(f.id, -1) == "" {
		prev.Disable()
	}
	if f.u.list.neighbour(f.id, 1) == "" {
		next.Disable()
		f.nextBtn.Hide()
	}
	foot := container.NewBorder(nil, nil, container.NewHBox(closeBtn, prev, next), container.NewHBox(f.nextBtn, f.saveBtn))
	f.content.Objects = []fyne.CanvasObject{container.NewBorder(head, container.NewVBox(widget.NewSeparator(), foot), nil, nil, f.tabs)}
	f.content.Refresh()
	f.building = false
	f.applyLock()
	f.changed()
	f.saved = f.record()
	if !f.locked() {
		if first := f.firstError(); first != nil {
			key := first.Field
			f.u.afterDraw(func() {
				if f.u.current == f {
					f.focusField(key)
				}
			})
		}
	}
}

func eventText(e dossier.Event) string {
	at := e.At
	if t, err := time.Parse(time.RFC3339, e.At); err == nil {
		at = t.Local().Format("02/01/2006 à 15:04")
	}
	if e.Detail != "" {
		return at + " — " + e.Kind.Label() + " : " + e.Detail
	}
	return at + " — " + e.Kind.Label()
}

// applyLock makes every input read-only for a locked passage.
func (f *ficheScreen) applyLock() {
	on := f.locked()
	for _, fi := range f.order {
		fi.setLocked(on)
	}
	for _, w := range []fyne.Disableable{f.ident, f.birth, f.certBtn} {
		if on {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if on {
		f.saveBtn.Disable()
		f.nextBtn.Disable()
	} else {
		f.saveBtn.Enable()
		f.nextBtn.Enable()
	}
}

// record gathers the form's values, following the identification and
// birthplace choices.
func (f *ficheScreen) record() core.Values {
	rec := core.Values{}
	identField := core.FieldByKey(core.KeyIdentification)
	for _, e := range identField.Enum {
		if e.Label == f.ident.Selected {
			rec.Set(core.KeyIdentification, e.Code)
		}
	}
	for _, fi := range f.order {
		if v := fi.value(); !v.Empty() {
			rec[fi.f.Key] = v
		}
	}
	f.birthplace().Apply(rec)
	rec.Set(core.KeyIDTechnique, f.p.IDTechnique)
	rec.Set(core.KeyCertType, f.cert.Type)
	rec.Set(core.KeyCertCode, f.cert.Code)
	rec.Set(core.KeyNatureDeposant, f.cert.Nature)
	return rec
}

func (f *ficheScreen) birthplace() core.Birthplace {
	for _, b := range core.Birthplaces {
		if b.Label() == f.birth.Selected {
			return b
		}
	}
	return core.BornInFrance
}

// dirty reports unsaved changes.
func (f *ficheScreen) dirty() bool {
	if f.p == nil || f.saved == nil || f.locked() {
		return false
	}
	return !f.saved.Equal(f.record())
}

// issues validates the form as it stands; the comparisons with other
// passages are those of the passage as saved.
func (f *ficheScreen) issues() []core.Issue {
	return append(f.u.d.Validator().Passage(f.record(), f.opt), f.cross...)
}

func (f *ficheScreen) firstError() *core.Issue {
	for _, is := range f.issues() {
		if !is.Warning {
			return &is
		}
	}
	return nil
}

// changed validates the form, shows each field's problem under it, shows
// only the fields that apply, and redraws the banner.
func (f *ficheScreen) changed() {
	if f.building || f.ident == nil || f.banner == nil {
		return
	}
	rec := f.record()
	issues := append(f.u.d.Validator().Passage(rec, f.opt), f.cross...)
	first := map[string]*core.Issue{}
	for i := range issues {
		if _, seen := first[issues[i].Field]; !seen {
			first[issues[i].Field] = &issues[i]
		}
	}
	place := f.birthplace()
	for _, fi := range f.order {
		box := f.boxes[fi.f.Key]
		if fi.f.Applies(rec) && place.Shows(fi.f.Key) {
			box.Show()
		} else {
			box.Hide()
		}
		fi.show(first[fi.f.Key])
	}
	f.showBanner(issues)
}

// showBanner draws the one status banner: what the passage's status means
// for a locked passage; for an editable one, what saving it gives, with
// each error and warning named and linked to its field.
func (f *ficheScreen) showBanner(issues []core.Issue) {
	f.banner.Objects = nil
	st := f.p.Status
	var errs, warns []core.Issue
	for _, is := range issues {
		if is.Warning {
			warns = append(warns, is)
		} else {
			errs = append(errs, is)
		}
	}
	var body []fyne.CanvasObject
	tone := st.Tone()
	title := st.Label()
	switch {
	case st == core.StatusAccepte && f.unlocked:
		title = "Accepté par la CDC — déverrouillé"
		body = append(body, note("Vos corrections restent dans le dossier, mais elles ne seront pas transmises à la CDC : le passage accepté n'est jamais renvoyé."))
	case st.Locked():
		body = append(body, note(st.Explain()+" Fiche en lecture seule."))
		if st == core.StatusAccepte {
			body = append(body, container.NewHBox(button("Déverrouiller pour corriger…", theme.VisibilityIcon(), widget.MediumImportance, f.askUnlock)))
		}
	case st == core.StatusRejete || st == core.StatusRetire:
		if f.p.AccuseMessage != "" && st == core.StatusRejete {
			ex := cdc.Explain(f.p.AccuseMessage)
			text := "Message de la CDC : « " + f.p.AccuseMessage + " »\n" + ex.Title + " — " + ex.Meaning
			for _, c := range ex.Check {
				text += "\n• " + c
			}
			if ex.Documents != "" {
				text += "\n" + ex.Documents
			}
			body = append(body, note(text))
		}
		body = append(body, note(st.Explain()))
	case len(errs) > 0:
		tone, title = core.ToneTodo, fmt.Sprintf("À compléter : %s", plural(len(errs), "erreur à corriger", "erreurs à corriger"))
	default:
		tone, title = core.ToneReady, "Prêt à déposer"
		if len(warns) > 0 {
			title += fmt.Sprintf(", avec %s", plural(len(warns), "avertissement", "avertissements"))
		}
		if f.dirty() {
			title += " une fois enregistré"
		}
		if len(warns) == 0 {
			body = append(body, note(core.StatusPret.Explain()))
		}
	}
	if !f.locked() {
		body = append(body, f.issueLinks(errs, "")...)
		body = append(body, f.issueLinks(warns, "Attention : ")...)
	}
	f.banner.Add(toneCard(tone, append([]fyne.CanvasObject{bold(title)}, body...)...))
	f.banner.Refresh()
}

// maxLinks is how many problems the banner names before « … et N autres ».
const maxLinks = 5

// issueLinks names each problem's field as a link that brings the field
// to the keyboard, with the message beside it.
func (f *ficheScreen) issueLinks(issues []core.Issue, prefix string) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for i, is := range issues {
		if i == maxLinks {
			out = append(out, dim(fmt.Sprintf("… et %s.", plural(len(issues)-maxLinks, "autre", "autres"))))
			break
		}
		key := is.Field
		name := key
		if fd := core.FieldByKey(key); fd != nil {
			name = fd.Label
		}
		// Whole, wrapped: the end of a message says what to do.
		msg := widget.NewLabel(prefix + issueText(is))
		msg.Wrapping = fyne.TextWrapWord
		var fix fyne.CanvasObject
		if is.Code == core.CodePrenomsMultiples {
			fix = button("Séparer les prénoms", theme.ContentCutIcon(), widget.MediumImportance, f.splitFirstNames)
		}
		var fixBox fyne.CanvasObject
		if fix != nil {
			fixBox = container.NewVBox(fix)
		}
		out = append(out, container.NewBorder(nil, nil, container.NewVBox(link(name, func() { f.focusField(key) })), fixBox, msg))
	}
	return out
}

// splitFirstNames moves the extra names of « Prénom » to the second and
// third first names, in the form: the user checks them, then saves.
func (f *ficheScreen) splitFirstNames() {
	rec := f.record()
	if !core.SplitFirstNames(rec) {
		return
	}
	for _, k := range []string{core.KeyPrenom1, "prenom2", "prenom3"} {
		fi := f.fields[k]
		if fi == nil || fi.entry == nil {
			continue
		}
		if t := rec.Text(k); t != "" && fi.unknown != nil && fi.unknown.Checked {
			fi.unknown.SetChecked(false)
		}
		fi.entry.SetText(rec.Text(k))
	}
	f.changed()
	// Once the banner has shrunk: the three first names in sight.
	f.u.afterDraw(func() {
		if f.u.current == f {
			f.focusField(core.KeyPrenom1)
		}
	})
}

// focusField shows a field's tab, scrolls to it and gives it the keyboard.
func (f *ficheScreen) focusField(key string) {
	fi := f.fields[key]
	if fi == nil {
		return
	}
	sc := f.holderSc
	f.tabs.SelectIndex(0)
	if fi.f.Scope == core.ScopePassage {
		sc = f.dataSc
		f.tabs.SelectIndex(1)
	}
	if box := f.boxes[key]; box != nil {
		drv := fyne.CurrentApp().Driver()
		y := drv.AbsolutePositionForObject(box).Y - drv.AbsolutePositionForObject(sc.Content).Y
		sc.ScrollToOffset(fyne.NewPos(0, max(y-theme.Padding()*4, 0)))
	}
	if w := fi.focusable(); w != nil && !fi.locked {
		f.u.win.Canvas().Focus(w)
	}
}

// askUnlock unlocks an accepted passage, after confirmation.
func (f *ficheScreen) askUnlock() {
	f.u.confirm("Déverrouiller un passage accepté",
		"La CDC a accepté ce passage. Vous pouvez corriger la fiche pour vos dossiers, mais la correction ne sera pas transmise à la CDC : un passage accepté n'est jamais renvoyé. Déverrouiller ?",
		"Déverrouiller", widget.DangerImportance, func() {
			f.unlocked = true
			f.applyLock()
			f.saved = f.record()
			f.changed()
		})
}

// save writes the form to the dossier, then runs then (if any).
func (f *ficheScreen) save(then func()) {
	if f.p == nil || f.locked() || f.saving {
		return
	}
	f.saving = true
	d, rec := f.u.d, f.record()
	edit := dossier.Edit{IDTechnique: f.p.IDTechnique, Values: rec, Unlocked: f.unlocked}
	background(&f.u.jobs, ctxBG, func(ctx context.Context) (*core.Passage, error) { return d.SavePassage(ctx, edit) },
		func(p *core.Passage, err error) {
			f.saving = false
			if err != nil {
				f.u.showError(err)
				return
			}
			f.p.Status, f.p.Issues, f.p.Holder = p.Status, p.Issues, p.Holder
			f.saved = rec
			f.u.passageSaved(f.p.IDTechnique)
			if f.u.current == f {
				f.changed()
				f.readCross()
			}
			if then != nil {
				then()
			}
		})
}

func (f *ficheScreen) saveAndNext() {
	next := f.u.list.neighbour(f.id, 1)
	f.save(func() {
		if next != "" {
			f.saved = f.record() // saved: the next fiche opens without asking
			f.u.openFiche(next, f.from)
		}
	})
}

// go_ opens the previous (-1) or next (1) passage of the list.
func (f *ficheScreen) go_(step int) {
	if id := f.u.list.neighbour(f.id, step); id != "" {
		f.u.openFiche(id, f.from)
	}
}

// changeCertification moves the passage to another certification at once.
func (f *ficheScreen) changeCertification() {
	u := f.u
	u.chooseCertification("Certification de ce passage", f.cert.ID, func(c core.Certification) {
		if c.ID == f.cert.ID {
			return
		}
		d, id := u.d, f.p.IDTechnique
		background(&u.jobs, ctxBG, func(ctx context.Context) (int, error) { return d.ChangeCertification(ctx, []string{id}, c.ID) },
			func(_ int, err error) {
				if err != nil {
					u.showError(err)
					return
				}
				f.cert = c
				f.certText.SetText(c.Type + " · " + c.Label())
				f.saved.Set(core.KeyCertType, c.Type)
				f.saved.Set(core.KeyCertCode, c.Code)
				f.saved.Set(core.KeyNatureDeposant, c.Nature)
				f.changed()
				u.passageSaved(id)
			})
	})
}
