package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/dossier"
)

// fieldWidget is the input of one dictionary field, with its inline
// message.
type fieldWidget struct {
	f       *core.Field
	entry   *widget.Entry
	sel     *widget.Select
	unknown *widget.Check // "donnée non connue", for nillable fields
	raw     string        // an imported value that is not in the list, kept until the user picks
	msg     *widget.Label
	box     *fyne.Container
}

// passageForm is the Fiche passage: a form generated from the field
// dictionary, checked as the user types.
type passageForm struct {
	u       *App
	p       *core.Passage
	cert    core.Certification
	opt     core.Options
	fields  map[string]*fieldWidget
	order   []*fieldWidget
	ident   *widget.RadioGroup
	birth   *widget.RadioGroup
	status  *widget.Label
	save    *widget.Button
	unlock  bool // editing an accepted passage, explicitly unlocked
	content fyne.CanvasObject
	win     fyne.Window // the form's own window, when opened from the list
	onSaved func()
}

// newPassageForm builds the form of a passage loaded from the dossier.
func newPassageForm(u *App, p *core.Passage, cert core.Certification, opt core.Options, events []dossier.Event) *passageForm {
	pf := &passageForm{u: u, p: p, cert: cert, opt: opt, fields: map[string]*fieldWidget{}, status: widget.NewLabel("")}
	pf.status.Wrapping = fyne.TextWrapWord
	rec := p.Record(cert)

	pf.ident = widget.NewRadioGroup(nil, nil)
	identField := core.FieldByKey(core.KeyIdentification)
	for _, e := range identField.Enum {
		pf.ident.Options = append(pf.ident.Options, e.Label)
	}
	pf.ident.Horizontal = true
	pf.ident.SetSelected(identField.EnumLabel(rec.Identification()))
	pf.ident.OnChanged = func(string) { pf.changed() }

	var places []string
	for _, b := range core.Birthplaces {
		places = append(places, b.Label())
	}
	pf.birth = widget.NewRadioGroup(places, func(string) { pf.changed() })
	pf.birth.Horizontal = true
	pf.birth.SetSelected(core.BirthplaceOf(rec).Label())

	holder := container.NewVBox(widget.NewLabelWithStyle("Mode d'identification", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), pf.ident)
	passage := container.NewVBox()
	for _, f := range core.Fields() {
		if f.Kind == core.KindChoice || f.Key == core.KeyIDTechnique || (f.Scope != core.ScopeHolder && f.Scope != core.ScopePassage) {
			continue
		}
		fw := pf.newField(f, rec[f.Key])
		pf.fields[f.Key] = fw
		pf.order = append(pf.order, fw)
		if f.Scope == core.ScopeHolder {
			if f.Key == core.KeyCodeInsee {
				holder.Add(widget.NewLabelWithStyle("Lieu de naissance", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
				holder.Add(pf.birth)
			}
			holder.Add(fw.box)
		} else {
			passage.Add(fw.box)
		}
	}
	pf.save = widget.NewButton("Enregistrer", pf.doSave)
	pf.save.Importance = widget.HighImportance
	head := widget.NewLabelWithStyle(fmt.Sprintf("%s — %s", core.HolderName(p.Holder), cert.Label()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewVBox(head, widget.NewLabel("Statut : "+p.Status.Label()+" · identifiant technique "+p.IDTechnique), pf.status)
	if p.AccuseMessage != "" {
		ex := cdc.Explain(p.AccuseMessage)
		text := "Rejet de la CDC : « " + p.AccuseMessage + " »\n" + ex.Title + " — " + ex.Meaning
		for _, c := range ex.Check {
			text += "\n• " + c
		}
		if ex.Documents != "" {
			text += "\n" + ex.Documents
		}
		card := widget.NewLabel(text)
		card.Wrapping = fyne.TextWrapWord
		card.Importance = widget.WarningImportance
		top.Add(card)
	}
	switch p.Status {
	case core.StatusDepose:
		pf.save.Disable()
		top.Add(widget.NewLabel("Ce passage est dans un dépôt en attente de l'accusé de traitement : il ne peut pas être modifié."))
	case core.StatusAccepte:
		pf.save.Disable()
		unlock := widget.NewButton("Déverrouiller pour corriger le dossier", func() {
			pf.unlock = true
			pf.save.Enable()
		})
		top.Add(container.NewVBox(widget.NewLabel("Accepté par la CDC : il ne sera plus jamais renvoyé. Une correction ne serait pas transmise."), unlock))
	}
	timeline := container.NewVBox(widget.NewLabelWithStyle("Historique", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, e := range events {
		timeline.Add(widget.NewLabel(eventText(e)))
	}
	tabs := container.NewAppTabs(
		container.NewTabItem("Titulaire", container.NewVScroll(holder)),
		container.NewTabItem("Passage", container.NewVScroll(passage)),
		container.NewTabItem("Historique", container.NewVScroll(timeline)),
	)
	pf.content = container.NewBorder(top, container.NewHBox(pf.save), nil, nil, tabs)
	pf.changed()
	return pf
}

func (pf *passageForm) newField(f *core.Field, v core.Value) *fieldWidget {
	fw := &fieldWidget{f: f, msg: widget.NewLabel("")}
	fw.msg.Importance = widget.DangerImportance
	fw.msg.Wrapping = fyne.TextWrapWord
	label := f.Label
	if f.Required() {
		label += " *"
	}
	title := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	help := widget.NewLabelWithStyle(f.Help, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	help.Wrapping = fyne.TextWrapWord
	var input fyne.CanvasObject
	switch f.Kind {
	case core.KindEnum, core.KindBool:
		opts := make([]string, len(f.Enum))
		for i, e := range f.Enum {
			opts[i] = e.Label
		}
		fw.sel = widget.NewSelect(opts, func(string) { pf.changed() })
		fw.sel.PlaceHolder = "(choisir)"
		if l := f.EnumLabel(v.Text); l != "" {
			fw.sel.Selected = l
		} else if v.Text != "" {
			fw.raw = v.Text
			fw.sel.PlaceHolder = v.Text + " (valeur importée, à corriger)"
		}
		input = fw.sel
	default:
		fw.entry = widget.NewEntry()
		fw.entry.SetText(displayText(f, v))
		switch {
		case f.Kind == core.KindDate:
			fw.entry.SetPlaceHolder("JJ/MM/AAAA")
			pick := widget.NewButton("Calendrier", func() { pf.pickDate(fw) })
			input = container.NewBorder(nil, nil, nil, pick, fw.entry)
		case f.Key == core.KeyCodeInsee:
			find := widget.NewButton("Chercher par nom…", pf.searchPlace)
			input = container.NewBorder(nil, nil, nil, find, fw.entry)
		default:
			input = fw.entry
		}
		fw.entry.OnChanged = func(string) { pf.changed() }
	}
	fw.box = container.NewVBox(title, input)
	if f.Nillable {
		fw.unknown = widget.NewCheck("Donnée non connue", func(on bool) {
			if on {
				if fw.entry != nil {
					fw.entry.Disable()
				}
				if fw.sel != nil {
					fw.sel.Disable()
				}
			} else {
				if fw.entry != nil {
					fw.entry.Enable()
				}
				if fw.sel != nil {
					fw.sel.Enable()
				}
			}
			pf.changed()
		})
		fw.unknown.Checked = v.Nil
		if v.Nil {
			if fw.entry != nil {
				fw.entry.Disable()
			}
			if fw.sel != nil {
				fw.sel.Disable()
			}
		}
		fw.box.Add(fw.unknown)
	}
	fw.box.Add(help)
	fw.box.Add(fw.msg)
	return fw
}

// displayText shows a stored value the way users type it.
func displayText(f *core.Field, v core.Value) string {
	if v.Nil {
		return ""
	}
	if f.Kind == core.KindDate {
		if d, ok := core.ParseISODate(v.Text); ok {
			return core.FrenchDate(d)
		}
	}
	return v.Text
}

// value reads a field's input as a dictionary value.
func (fw *fieldWidget) value() core.Value {
	if fw.unknown != nil && fw.unknown.Checked {
		return core.Value{Nil: true}
	}
	if fw.sel != nil {
		for _, e := range fw.f.Enum {
			if e.Label == fw.sel.Selected {
				return core.Value{Text: e.Code}
			}
		}
		return core.Value{Text: fw.raw}
	}
	return core.Convert(fw.f, fw.entry.Text)
}

// record gathers the form's values, following the identification and
// birthplace choices.
func (pf *passageForm) record() core.Values {
	rec := core.Values{}
	identField := core.FieldByKey(core.KeyIdentification)
	for _, e := range identField.Enum {
		if e.Label == pf.ident.Selected {
			rec.Set(core.KeyIdentification, e.Code)
		}
	}
	for _, fw := range pf.order {
		if v := fw.value(); !v.Empty() {
			rec[fw.f.Key] = v
		}
	}
	pf.birthplace().Apply(rec)
	rec.Set(core.KeyIDTechnique, pf.p.IDTechnique)
	rec.Set(core.KeyCertType, pf.cert.Type)
	rec.Set(core.KeyCertCode, pf.cert.Code)
	return rec
}

// changed validates the form and shows each field's first problem under
// it; fields of the other branches are hidden.
func (pf *passageForm) changed() {
	if pf.ident == nil || pf.birth == nil || len(pf.order) < len(pf.fields) {
		return // still building
	}
	rec := pf.record()
	issues := pf.u.d.Validator().Passage(rec, pf.opt)
	first := map[string]core.Issue{}
	for _, is := range issues {
		if _, seen := first[is.Field]; !seen {
			first[is.Field] = is
		}
	}
	for _, fw := range pf.order {
		visible := fw.f.ActiveIn(rec) && pf.birthplace().Shows(fw.f.Key)
		if visible {
			fw.box.Show()
		} else {
			fw.box.Hide()
		}
		is, ok := first[fw.f.Key]
		switch {
		case !ok:
			fw.msg.SetText("")
			fw.msg.Hide()
		case is.Warning:
			fw.msg.SetText("Attention — " + is.Message)
			fw.msg.Importance = widget.WarningImportance
			fw.msg.Show()
		default:
			fw.msg.SetText(is.Message)
			fw.msg.Importance = widget.DangerImportance
			fw.msg.Show()
		}
	}
	switch {
	case core.HasErrors(issues):
		var msgs []string
		for _, is := range issues {
			if !is.Warning {
				msgs = append(msgs, "• "+is.Message)
			}
		}
		text := fmt.Sprintf("%d erreur(s) à corriger avant le dépôt :\n", len(msgs))
		if len(msgs) > 3 {
			msgs = append(msgs[:3], "…")
		}
		pf.status.SetText(text + strings.Join(msgs, "\n"))
		pf.status.Importance = widget.DangerImportance
	case len(issues) > 0:
		pf.status.SetText("Prêt à déposer (avec des avertissements).")
		pf.status.Importance = widget.WarningImportance
	default:
		pf.status.SetText("Prêt à déposer.")
		pf.status.Importance = widget.SuccessImportance
	}
	pf.status.Refresh()
}

// birthplace is the birthplace chosen in the form.
func (pf *passageForm) birthplace() core.Birthplace {
	for _, b := range core.Birthplaces {
		if b.Label() == pf.birth.Selected {
			return b
		}
	}
	return core.BornInFrance
}

// doSave writes the form to the dossier.
func (pf *passageForm) doSave() {
	if err := pf.saveNow(); err != nil {
		pf.u.showError(err)
		return
	}
	if pf.onSaved != nil {
		pf.onSaved()
	}
}

func (pf *passageForm) saveNow() error {
	p, err := pf.u.d.SavePassage(bg, dossier.Edit{IDTechnique: pf.p.IDTechnique, Values: pf.record(), Unlocked: pf.unlock})
	if err != nil {
		return err
	}
	pf.p.Status, pf.p.Issues = p.Status, p.Issues
	return pf.u.passageChanged(p.IDTechnique)
}

// pickDate opens a calendar for a date field.
func (pf *passageForm) pickDate(fw *fieldWidget) {
	var d dialog.Dialog
	cal := widget.NewCalendar(time.Now(), func(t time.Time) {
		fw.entry.SetText(core.FrenchDate(t))
		d.Hide()
	})
	d = dialog.NewCustom(fw.f.Label, "Fermer", cal, pf.u.win)
	d.Show()
}

func eventText(e dossier.Event) string {
	at := e.At
	if t, err := time.Parse(time.RFC3339, e.At); err == nil {
		at = t.Local().Format("02/01/2006 15:04")
	}
	label := e.Kind.Label()
	if e.Detail != "" {
		return at + " — " + label + " : " + e.Detail
	}
	return at + " — " + label
}

// openPassage shows the Fiche passage of a passage in its own window.
func (u *App) openPassage(idTechnique string) (*passageForm, error) {
	pd, err := u.d.Passage(bg, idTechnique)
	if err != nil {
		return nil, err
	}
	p := pd.Passage
	pf := newPassageForm(u, p, pd.Certification, pd.Options, pd.Events)
	w := u.app.NewWindow("Fiche passage — " + core.HolderName(p.Holder))
	pf.win = w
	pf.onSaved = func() { w.Close() }
	w.SetContent(pf.content)
	w.Resize(fyne.NewSize(760, 760))
	w.Show()
	return pf, nil
}
