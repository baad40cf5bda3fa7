package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
	"github.com/certidepot/certidepot/core/excel"
)

// importScreen is the import wizard: choose a list; see each column with
// its first values and correct what it holds; see the values of the list
// columns and say what the unknown ones mean; import with a progress bar
// that can be cancelled; then the messages grouped by kind, each opening
// the passages concerned.
type importScreen struct {
	u       *App
	content *fyne.Container

	path    string
	sheet   string
	sheets  []string
	mapping map[string]string // the user's column corrections (header → field key, "" ignores)
	saved   map[string]string // the corrections kept by the dossier from the last import
	cols    []dossier.ColumnPreview
	choices map[string]map[string]string // column title → value as typed → code chosen
	hidden  []int                        // rows hidden or filtered out in Excel
	// withHidden imports the hidden rows too; samepeople applies the rows
	// that give another person for a known passage (the user confirmed).
	withHidden, samePeople bool
	result                 *dossier.ImportResult
}

func newImportScreen(u *App) *importScreen {
	s := &importScreen{u: u, content: container.NewStack()}
	s.reset()
	return s
}

func (s *importScreen) view() fyne.CanvasObject { return s.content }
func (s *importScreen) show()                   {}

// reset comes back to the first step.
func (s *importScreen) reset() {
	s.path, s.sheet, s.mapping, s.cols, s.result, s.choices = "", "", map[string]string{}, nil, nil, map[string]map[string]string{}
	s.hidden, s.withHidden, s.samePeople = nil, false, false
	s.stepChoose()
}

func (s *importScreen) set(content fyne.CanvasObject) {
	s.content.Objects = []fyne.CanvasObject{content}
	s.content.Refresh()
}

// steps is the wizard's progress line.
func steps(current int) fyne.CanvasObject {
	names := []string{"1. Fichier", "2. Colonnes", "3. Valeurs", "4. Résultat"}
	row := container.NewHBox()
	for i, n := range names {
		l := widget.NewLabel(n)
		if i == current {
			l.TextStyle.Bold = true
			l.Importance = widget.HighImportance
		} else {
			l.Importance = widget.LowImportance
		}
		row.Add(l)
	}
	return row
}

func (s *importScreen) stepChoose() {
	u := s.u
	choose := button("Choisir un classeur Excel ou un fichier CSV…", theme.FolderOpenIcon(), widget.HighImportance, func() {
		u.chooseOpen("Importer une liste de diplômés", []string{".xlsx", ".xlsm", ".csv"}, s.choose)
	})
	tpl := button("Écrire le modèle Excel…", theme.DocumentSaveIcon(), widget.MediumImportance, u.templateDialog)
	s.set(scrolled(container.NewVBox(heading("Importer une liste de diplômés"), steps(0),
		note("Choisissez le classeur de vos diplômés (une ligne par passage). Certidépôt reconnaît les titres de colonnes usuels (« Nom », « Date de naissance », « Code RNCP »…) ; vous pourrez corriger ce que contient chaque colonne avant d'importer. Vous pouvez aussi faire glisser le fichier sur la fenêtre."),
		container.NewHBox(choose),
		widget.NewSeparator(),
		note("Pas encore de classeur ? Partez du modèle : ses colonnes sont celles du dépôt, avec une aide pour chacune."),
		container.NewHBox(tpl))))
}

// choose starts the wizard on a file.
func (s *importScreen) choose(path string) {
	s.path, s.sheet, s.mapping, s.choices, s.result = path, "", map[string]string{}, map[string]map[string]string{}, nil
	s.hidden, s.withHidden, s.samePeople = nil, false, false
	d := s.u.d
	background(&s.u.jobs, ctxBG, func(ctx context.Context) (*dossier.Choices, error) {
		return d.SavedMapping(ctx, dossier.WizardMapping)
	},
		func(m *dossier.Choices, err error) {
			if err != nil {
				s.u.showError(err)
			}
			s.saved = nil
			if m != nil {
				// The values given a meaning last time are proposed again.
				s.saved = m.Columns
				for h, vs := range m.Values {
					s.choices[h] = map[string]string{}
					for v, code := range vs {
						s.choices[h][v] = code
					}
				}
			}
			s.preview()
		})
}

// effective is the mapping the import will use: the dossier's kept
// corrections, then this file's.
func (s *importScreen) effective() map[string]string {
	m := map[string]string{}
	for h, k := range s.saved {
		m[h] = k
	}
	for h, k := range s.mapping {
		m[h] = k
	}
	return m
}

type preview struct {
	cols   []dossier.ColumnPreview
	res    *dossier.ImportResult
	sheets []string
}

// preview reads the columns and their first values, then shows them.
func (s *importScreen) preview() {
	path, sheet, mapping := s.path, s.sheet, s.effective()
	background(&s.u.jobs, ctxBG, func(ctx context.Context) (preview, error) {
		var p preview
		var err error
		if p.res, p.sheets, err = dossier.PreviewSheet(path, sheet, mapping); err != nil {
			return p, err
		}
		p.cols, err = dossier.PreviewColumns(path, p.res.Sheet, mapping, previewRows)
		return p, err
	}, func(p preview, err error) {
		if err != nil {
			s.u.showError(err)
			if s.cols == nil {
				s.stepChoose()
			}
			return
		}
		s.sheet, s.sheets, s.cols = p.res.Sheet, p.sheets, p.cols
		s.stepColumns(p.res)
	})
}

// previewRows is how many rows the column step shows.
const previewRows = 5

// ignoreColumn is the choice that leaves a column out of the import.
const ignoreColumn = "(ignorer cette colonne)"

// columnChoices are the fields a column can hold, by French label.
func columnChoices() (labels []string, keyOf map[string]string, labelOf map[string]string) {
	keyOf, labelOf = map[string]string{ignoreColumn: ""}, map[string]string{"": ignoreColumn}
	add := func(f *core.Field) {
		labels = append(labels, f.Label)
		keyOf[f.Label], labelOf[f.Key] = f.Key, f.Label
	}
	for _, f := range core.SheetFields() {
		add(f)
	}
	for _, f := range core.Fields() {
		if f.Kind != core.KindChoice && (f.Scope == core.ScopeCertification || f.Scope == core.ScopePassage || f.Scope == core.ScopeHolder) {
			add(f)
		}
	}
	return labels, keyOf, labelOf
}

func (s *importScreen) stepColumns(res *dossier.ImportResult) {
	u := s.u
	labels, keyOf, labelOf := columnChoices()
	grid := container.NewHBox()
	for _, c := range s.cols {
		col := c
		current := labelOf[col.Field]
		if col.Ignored {
			current = ignoreColumn
		}
		pick := newPicker(u, "Colonne "+col.Letter+" « "+col.Header+" »", []string{ignoreColumn}, labels, current, func(label string) {
			s.mapping[col.Header] = keyOf[label]
			s.preview()
		})
		pick.maxRunes = 22 // the card's width
		pick.set(current)
		head := bold(col.Letter + " · " + col.Header)
		head.Truncation = fyne.TextTruncateEllipsis
		cells := container.NewVBox(head, pick.btn)
		for _, v := range col.Samples {
			l := widget.NewLabel(core.MaskNIRsIn(v)) // a list of people: never a NIR in clear
			l.Truncation = fyne.TextTruncateEllipsis
			if col.Ignored {
				l.Importance = widget.LowImportance
			}
			cells.Add(l)
		}
		if col.Ignored {
			cells.Add(dim(strings.TrimSuffix(col.Reason, " : colonne ignorée")))
		}
		grid.Add(container.New(&fixedWidth{w: 210}, card(cells)))
	}
	table := container.NewHScroll(grid)
	sheet := newChoice(s.sheets, func(name string) {
		if name != s.sheet {
			s.sheet = name
			s.preview()
		}
	})
	sheet.Selected = s.sheet
	var defaults []string
	for _, d := range res.Defaults {
		defaults = append(defaults, d.Label+" : "+d.Value)
	}
	defaultsText := "Aucune : chaque donnée du dépôt a sa colonne."
	if len(defaults) > 0 {
		defaultsText = strings.Join(defaults, " · ")
	}
	back := button("Autre fichier", theme.NavigateBackIcon(), widget.MediumImportance, s.stepChoose)
	next := button("Suivant : les valeurs", theme.NavigateNextIcon(), widget.HighImportance, s.readValues)
	next.IconPlacement = widget.ButtonIconTrailingText
	top := container.NewVBox(heading("Importer "+filepath.Base(s.path)), steps(1))
	body := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Feuille"), nil, sheet),
		note(fmt.Sprintf("%s. Vérifiez sous chaque titre ce que Certidépôt a compris ; corrigez une colonne en cliquant sur son choix (la liste se filtre en tapant). Vos corrections sont gardées pour le prochain import.",
			plural(len(res.Columns), "colonne reconnue", "colonnes reconnues"))),
		table,
		bold("Valeurs données aux données absentes du classeur"), note(defaultsText))
	s.set(container.NewBorder(top, container.NewBorder(nil, nil, back, next), nil, nil, scrolled(body)))
}

// readValues reads the distinct values of the list columns (the whole
// sheet: a progress bar, cancellable), then shows the value step.
func (s *importScreen) readValues() {
	path, sheet, mapping, choices := s.path, s.sheet, s.effective(), s.sheetChoices()
	withProgress(s.u, "Lecture des valeurs", "Lecture du classeur", func(ctx context.Context, report func(int, int)) (*dossier.SheetValues, error) {
		return dossier.ReadSheetValues(ctx, path, sheet, mapping, choices, report)
	}, func(v *dossier.SheetValues, err error) {
		if err != nil {
			s.u.showError(err)
			return
		}
		s.hidden = v.HiddenRows
		s.stepValues(valueColumns(v))
	})
}

// sheetChoices are the value choices that apply to this sheet's columns:
// those kept from another file name columns this one may not have.
func (s *importScreen) sheetChoices() map[string]map[string]string {
	titles := map[string]string{}
	for _, c := range s.cols {
		if !c.Ignored {
			titles[core.Fold(c.Header)] = c.Header
		}
	}
	out := map[string]map[string]string{}
	for h, vs := range s.choices {
		if t, ok := titles[core.Fold(h)]; ok && len(vs) > 0 {
			if f := core.FieldByKey(s.fieldOf(t)); f == nil || len(f.Enum) == 0 {
				continue
			}
			out[t] = vs
		}
	}
	return out
}

// fieldOf is the field a column of the sheet is read as.
func (s *importScreen) fieldOf(header string) string {
	for _, c := range s.cols {
		if c.Header == header && !c.Ignored {
			return c.Field
		}
	}
	return ""
}

// valueColumn is one list column and its distinct values.
type valueColumn struct {
	Letter, Header, Field string
	Values                []valueCount
}

// valueCount is one distinct value: as typed, its rows, and what it was
// understood as ("" when it was not).
type valueCount struct {
	Text       string
	Rows       int
	Understood string   // French label of the code understood
	How        string   // how it was recognised, in French
	Chosen     bool     // the user's choice, kept from before
	Candidates []string // the codes an ambiguous value could mean
}

func valueColumns(v *dossier.SheetValues) []valueColumn {
	var out []valueColumn
	for _, c := range v.Columns {
		vc := valueColumn{Letter: c.Letter, Header: c.Header, Field: c.Field}
		for _, x := range c.Values {
			one := valueCount{Text: x.Value, Rows: x.Rows, Understood: x.Label, Candidates: x.Candidates, Chosen: x.How == excel.HowChosen}
			if h := core.ParseHow(x.How); x.Code != "" && h != core.HowCode && h != core.HowLabel && !one.Chosen {
				one.How = h.Label()
			}
			vc.Values = append(vc.Values, one)
		}
		out = append(out, vc)
	}
	return out
}

// keepAsIs is the choice that leaves an unknown value as it is (the
// passage is then to complete, the fiche says why).
const keepAsIs = "(laisser tel quel, à corriger ensuite)"

func (s *importScreen) stepValues(cols []valueColumn) {
	body := container.NewVBox()
	unknown := 0
	for _, c := range cols {
		f := core.FieldByKey(c.Field)
		if f == nil || len(c.Values) == 0 {
			continue
		}
		title := c.Letter + " · " + c.Header
		if core.Fold(c.Header) != core.Fold(f.Label) {
			title += " (" + f.Label + ")"
		}
		body.Add(bold(title))
		// The values to decide first, then those understood.
		values := append([]valueCount{}, c.Values...)
		toDecide := func(v valueCount) bool { return v.Understood == "" || v.Chosen }
		sort.SliceStable(values, func(i, j int) bool { return toDecide(values[i]) && !toDecide(values[j]) })
		for _, v := range values {
			count := plural(v.Rows, "ligne", "lignes")
			if !toDecide(v) {
				line := widget.NewLabel(fmt.Sprintf("« %s » — %s : compris comme « %s »", v.Text, count, v.Understood))
				if v.Understood == v.Text {
					line.SetText(fmt.Sprintf("« %s » — %s : reconnu", v.Text, count))
				}
				if v.How != "" {
					line.SetText(line.Text + " (" + v.How + ")")
				}
				line.Wrapping = fyne.TextWrapWord // a long label, whole on a narrow window
				body.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(toneIcon(core.ToneDone))), nil, line))
				continue
			}
			unknown++
			// An ambiguous value's possible meanings come first.
			opts := []string{keepAsIs}
			for _, code := range v.Candidates {
				opts = append(opts, f.EnumLabel(code))
			}
			for _, e := range f.Enum {
				if !slices.Contains(v.Candidates, e.Code) {
					opts = append(opts, e.Label)
				}
			}
			header, raw := c.Header, v.Text
			pick := newChoice(opts, func(label string) {
				if s.choices[header] == nil {
					s.choices[header] = map[string]string{}
				}
				delete(s.choices[header], raw)
				for _, e := range f.Enum {
					if e.Label == label {
						s.choices[header][raw] = e.Code
					}
				}
			})
			pick.Selected = keepAsIs
			if code := chosenCode(s.choices[header], raw, f); code != "" {
				pick.Selected = f.EnumLabel(code)
			}
			what := "non reconnu, veut dire"
			switch {
			case v.Chosen:
				what = "veut dire, comme choisi la dernière fois,"
			case len(v.Candidates) > 0:
				what = "plusieurs sens possibles, veut dire"
			}
			line := widget.NewLabel(fmt.Sprintf("« %s » — %s : %s", v.Text, count, what))
			body.Add(container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(toneIcon(core.ToneTodo)), line), nil, pick))
		}
		body.Add(widget.NewSeparator())
	}
	intro := "Chaque valeur des colonnes à choix (sexe, mention, modalité d'accès…) a été reconnue."
	if unknown > 0 {
		intro = fmt.Sprintf("%s : dites ce que chacune veut dire, ou laissez-la telle quelle pour la corriger ensuite dans la fiche.",
			plural(unknown, "valeur n'est pas reconnue", "valeurs ne sont pas reconnues"))
	}
	if len(cols) == 0 {
		intro = "Le classeur n'a pas de colonne à choix (sexe, mention, modalité d'accès…) : rien à vérifier ici."
	}
	if n := len(s.hidden); n > 0 {
		hidden := widget.NewCheck(fmt.Sprintf("Importer aussi %s dans Excel (sinon, laissées de côté)", plural(n, "ligne masquée ou filtrée", "lignes masquées ou filtrées")),
			func(on bool) { s.withHidden = on })
		hidden.SetChecked(s.withHidden)
		body.Add(toneCard(core.ToneWaiting, bold("Lignes masquées"), note(rowsText(s.hidden)), hidden))
	}
	back := button("Colonnes", theme.NavigateBackIcon(), widget.MediumImportance, s.preview)
	run := button("Importer", theme.DownloadIcon(), widget.HighImportance, s.run)
	top := container.NewVBox(heading("Importer "+filepath.Base(s.path)), steps(2), note(intro))
	s.set(container.NewBorder(top, container.NewBorder(nil, nil, back, run), nil, nil, scrolled(body)))
}

// run imports with a progress bar and « Annuler », then shows the result.
func (s *importScreen) run() {
	u := s.u
	d := u.d
	opt := dossier.ImportOptions{Window: true, Sheet: s.sheet, Mapping: s.effective(), Values: s.sheetChoices(),
		HiddenRows: s.withHidden, AcceptIdentityChanges: s.samePeople}
	if len(s.mapping) > 0 || len(opt.Values) > 0 {
		opt.SaveMapping = dossier.WizardMapping
	}
	path := s.path
	withProgress(u, "Import en cours", "Lecture des lignes", func(ctx context.Context, report func(int, int)) (*dossier.ImportResult, error) {
		opt.Progress = report
		return d.ImportSheet(ctx, path, opt)
	}, func(res *dossier.ImportResult, err error) {
		u.changedAll()
		if err != nil {
			u.showError(err)
			return
		}
		s.result = res
		s.stepResult()
	})
}

// messageGroup is the import's messages of one kind (one field, errors or
// warnings), with the rows and passages they concern.
type messageGroup struct {
	field   string
	warning bool
	rows    int
	example string
	ids     []string
}

func groupMessages(errs []dossier.RowError) []messageGroup {
	byKey := map[string]*messageGroup{}
	var order []string
	for _, e := range errs {
		k := fmt.Sprintf("%s\x00%v", e.Field, e.Warning)
		g := byKey[k]
		if g == nil {
			g = &messageGroup{field: e.Field, warning: e.Warning, example: e.Message}
			byKey[k] = g
			order = append(order, k)
		}
		g.rows++
		if e.IDTechnique != "" && (len(g.ids) == 0 || g.ids[len(g.ids)-1] != e.IDTechnique) {
			g.ids = append(g.ids, e.IDTechnique)
		}
	}
	out := make([]messageGroup, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].warning != out[j].warning {
			return !out[i].warning
		}
		return out[i].rows > out[j].rows
	})
	return out
}

// seeText is the label of a button opening n passages.
func seeText(n int) string {
	if n == 1 {
		return "Voir ce passage"
	}
	return "Voir ces " + num(n) + " passages"
}

func (g messageGroup) title() string {
	name := g.field
	if f := core.FieldByKey(g.field); f != nil {
		name = f.Label
	}
	if name == "" {
		name = "Autres messages"
	}
	return fmt.Sprintf("%s : %s", plural(g.rows, "ligne", "lignes"), name)
}

func (s *importScreen) stepResult() {
	u, res := s.u, s.result
	body := container.NewVBox()
	summary := fmt.Sprintf("%s : %s, %s, %s", plural(res.Rows, "ligne lue", "lignes lues"), plural(res.Imported, "passage ajouté", "passages ajoutés"),
		plural(res.Updated, "mis à jour", "mis à jour"), plural(res.Unchanged, "inchangé", "inchangés"))
	if res.Locked > 0 {
		summary += fmt.Sprintf(", %s (déjà déposés ou acceptés)", plural(res.Locked, "laissé tel quel", "laissés tels quels"))
	}
	summary += "."
	tone := core.ToneReady
	verdict := "Tous les passages importés sont prêts à déposer."
	if res.Flagged > 0 {
		tone, verdict = core.ToneTodo, fmt.Sprintf("%s à compléter : les messages ci-dessous disent quoi corriger.", plural(res.Flagged, "passage est", "passages sont"))
	}
	body.Add(toneCard(tone, bold(summary), note(verdict)))
	if res.IdentityChanges > 0 && !s.samePeople {
		same := button("Ce sont les mêmes personnes", theme.ConfirmIcon(), widget.MediumImportance, func() {
			u.confirm("Appliquer les changements d'identité",
				fmt.Sprintf("%s du fichier %s une autre identité (nom, prénom, date de naissance ou sexe) à un passage déjà dans le dossier. Si ce sont bien les mêmes personnes (changement de nom, erreur corrigée), ces lignes remplaceront ce que le dossier avait. Sinon, laissez-les : rien n'a été remplacé.",
					plural(res.IdentityChanges, "ligne", "lignes"), agree(res.IdentityChanges, "donne", "donnent")),
				"Appliquer ces lignes", widget.DangerImportance, func() {
					s.samePeople = true
					s.run()
				})
		})
		body.Add(toneCard(core.ToneTodo, container.NewBorder(nil, nil, nil, same,
			bold(fmt.Sprintf("%s non %s, pour ne remplacer personne", plural(res.IdentityChanges, "ligne", "lignes"), agree(res.IdentityChanges, "appliquée", "appliquées")))),
			note("Leur identifiant technique est celui d'un passage du dossier, mais pour une autre personne : voyez le détail ci-dessous.")))
	}
	for _, n := range res.Notices {
		body.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, note(core.MaskNIRsIn(n))))
	}
	for _, g := range groupMessages(res.Errors) {
		grp := g
		t := core.ToneTodo
		if g.warning {
			t = core.ToneWaiting
		}
		var open fyne.CanvasObject = widget.NewLabel("")
		if len(g.ids) > 0 {
			open = button(seeText(len(g.ids)), theme.ListIcon(), widget.MediumImportance, func() {
				u.list.showOnly(grp.ids, "Import de "+filepath.Base(s.path)+" — "+grp.title())
			})
		}
		ex := widget.NewLabel("Par exemple : " + core.MaskNIRsIn(g.example))
		ex.Truncation = fyne.TextTruncateEllipsis
		body.Add(toneCard(t, container.NewBorder(nil, nil, nil, open, bold(g.title())), ex))
	}
	again := button("Importer un autre fichier", theme.DownloadIcon(), widget.MediumImportance, s.reset)
	undo := button("Annuler cet import…", theme.ContentUndoIcon(), widget.LowImportance, s.undo)
	fix := button("Corriger les passages à compléter", theme.NavigateNextIcon(), widget.HighImportance, func() { u.list.showStatus(core.StatusACompleter) })
	if res.Flagged == 0 {
		fix = button("Déposer les passages prêts", theme.UploadIcon(), widget.HighImportance, func() { u.goTo(u.dep) })
	}
	top := container.NewVBox(heading("Import de "+filepath.Base(s.path)+" terminé"), steps(3))
	s.set(container.NewBorder(top, container.NewBorder(nil, nil, container.NewHBox(again, undo), fix), nil, nil, scrolled(body)))
}

// undo cancels the import just made, after confirmation.
func (s *importScreen) undo() {
	u, res := s.u, s.result
	u.confirmOr("Annuler l'import", fmt.Sprintf("Retirer les %s par cet import et remettre ceux qu'il a mis à jour comme avant ?", plural(res.Imported, "passage ajouté", "passages ajoutés")),
		"Garder l'import", "Annuler l'import", widget.DangerImportance, func() {
			d := u.d
			background(&u.jobs, ctxBG, func(ctx context.Context) (string, error) {
				_, removed, restored, err := d.UndoImport(ctx, res.ImportID)
				return fmt.Sprintf("Import annulé : %s, %s.", plural(removed, "passage retiré", "passages retirés"), plural(restored, "passage remis comme avant", "passages remis comme avant")), err
			}, func(msg string, err error) {
				u.changedAll()
				if err != nil {
					u.showError(err)
					return
				}
				u.info("Annuler l'import", msg)
				s.reset()
			})
		})
}

// chosenCode is the code chosen for a value, its title and value compared
// as the import compares them.
func chosenCode(choices map[string]string, raw string, f *core.Field) string {
	for v, code := range choices {
		if core.Fold(v) == core.Fold(raw) {
			return core.ChoiceCode(f, code)
		}
	}
	return ""
}

// rowsText names the rows, a few of them when there are many, as a
// sentence.
func rowsText(rows []int) string {
	return sentence(dossier.RowList(rows)) + "."
}
