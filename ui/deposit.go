package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// depositScreen prepares a deposit: what leaves and what stays (and why),
// where the file goes (a dated name, never over another file), then the
// file, checked, with the next step on the CDC's portal — and a way back
// if the file was never uploaded.
type depositScreen struct {
	u       *App
	content *fyne.Container
	only    map[string]bool // the checked passages of the list, when the deposit is limited to them
	dir     string
	name    *entry
	nameMsg *widget.Label
	where   *widget.Label
	run     *btn
	counts  map[core.Status]int
	bcr     []string
	last    *dossier.ExportResult
	gen     int

	// The ready passages at risk of a rejection, read after the counts.
	riskBox *fyne.Container
	riskGen int
}

const prefDepositDir = "depots.dossier"

func newDepositScreen(u *App) *depositScreen {
	s := &depositScreen{u: u, content: container.NewStack(), name: newEntry(), nameMsg: note(""), where: widget.NewLabel(""), riskBox: container.NewVBox()}
	s.nameMsg.Importance = widget.DangerImportance
	s.where.Truncation = fyne.TextTruncateEllipsis
	s.name.OnChanged = func(string) { s.checkName() }
	s.name.OnSubmitted = func(string) { s.start() }
	return s
}

func (s *depositScreen) view() fyne.CanvasObject { return s.content }
func (s *depositScreen) show()                   {}

func (s *depositScreen) reset() { s.only, s.last, s.dir = nil, nil, "" }

// depositOnly limits the next deposit to some ready passages.
func (s *depositScreen) depositOnly(ids []string) {
	s.only = map[string]bool{}
	for _, id := range ids {
		s.only[id] = true
	}
	s.last = nil
	s.u.dirty[s] = true
	s.u.goTo(s)
}

type depositLoad struct {
	counts map[core.Status]int
	bcr    []string
}

func (s *depositScreen) reload() {
	d := s.u.d
	if d == nil {
		return
	}
	s.gen++
	gen := s.gen
	background(&s.u.jobs, ctxBG, func(ctx context.Context) (depositLoad, error) {
		var l depositLoad
		var err error
		if l.counts, err = d.Counts(ctx); err != nil {
			return l, err
		}
		cs, err := d.Certificateurs(ctx)
		for _, c := range cs {
			l.bcr = append(l.bcr, c.IDClient)
		}
		return l, err
	}, func(l depositLoad, err error) {
		if gen != s.gen || s.u.d != d {
			return
		}
		if err != nil {
			s.u.showError(err)
			return
		}
		s.counts, s.bcr = l.counts, l.bcr
		s.fill()
		s.readRisks()
	})
}

// readRisks reads which ready passages carry a risk of rejection (among
// the checked ones when the deposit is limited to them), then shows them
// before the file is written.
func (s *depositScreen) readRisks() {
	d := s.u.d
	if d == nil || s.last != nil {
		return
	}
	s.riskGen++
	gen := s.riskGen
	var only []string
	for id := range s.only {
		only = append(only, id)
	}
	limited := s.only != nil
	background(&s.u.jobs, ctxBG, func(ctx context.Context) (*dossier.Risks, error) {
		if limited {
			return d.RisksAmong(ctx, only)
		}
		return d.Risks(ctx)
	}, func(r *dossier.Risks, err error) {
		if gen != s.riskGen || s.u.d != d {
			return
		}
		if err != nil {
			s.u.showError(err)
			return
		}
		s.fillRisks(r)
	})
}

// fillRisks shows the ready passages at risk, per reason, each reason
// opening its passages: the user fixes them first, or deposits anyway.
func (s *depositScreen) fillRisks(r *dossier.Risks) {
	u := s.u
	s.riskBox.Objects = nil
	if n := r.ReadyAtRisk; n > 0 {
		body := []fyne.CanvasObject{
			bold(fmt.Sprintf("%s sur %s %s un risque de rejet par la CDC", plural(n, "passage prêt", "passages prêts"), num(r.Ready), agree(n, "présente", "présentent"))),
			note(fmt.Sprintf("Vous pouvez %s d'abord (%s dit quoi vérifier) : %s dans un prochain dépôt. Ou déposer quand même : ce sont des avertissements, le fichier sera valide, mais la CDC risque de %s.",
				agree(n, "le corriger", "les corriger"), agree(n, "sa fiche", "la fiche de chacun"), agree(n, "il partira", "ils partiront"), agree(n, "le rejeter", "les rejeter"))),
		}
		for _, rc := range r.Reasons {
			if rc.Ready == 0 {
				continue
			}
			code := rc.Code
			label := widget.NewLabel(rc.Label)
			label.Truncation = fyne.TextTruncateEllipsis
			body = append(body, container.NewBorder(nil, nil, container.New(&fixedWidth{w: 48}, bold(num(rc.Ready))),
				link("Voir", func() { u.list.showRisk(code, core.StatusPret) }), label))
		}
		body = append(body, container.NewHBox(button(seeText(n), theme.ListIcon(), widget.MediumImportance, func() { u.list.showRisk(anyRiskCode, core.StatusPret) })))
		s.riskBox.Add(toneCard(core.ToneTodo, body...))
	}
	s.riskBox.Refresh()
}

// defaultName is depot-AAAA-MM-JJ-<certificateur>.xml, numbered when a
// file of that name is already there: the next month's deposit never
// proposes the last one's name.
func (s *depositScreen) defaultName(now time.Time) string {
	return datedName("depot", s.dir, s.bcr, now)
}

// datedName is PREFIX-AAAA-MM-JJ-<certificateur>.xml (the certificateur
// when the dossier has one), numbered when dir has a file of that name.
func datedName(prefix, dir string, bcr []string, now time.Time) string {
	base := prefix + "-" + now.Format("2006-01-02")
	if len(bcr) == 1 {
		base += "-" + bcr[0]
	}
	name := base + ".xml"
	for i := 2; fileExists(filepath.Join(dir, name)); i++ {
		name = fmt.Sprintf("%s-%d.xml", base, i)
	}
	return name
}

func (s *depositScreen) startDir() string {
	for _, d := range []string{s.u.app.Preferences().String(prefDepositDir), dossierDir(s.u)} {
		if st, err := os.Stat(d); d != "" && err == nil && st.IsDir() {
			return d
		}
	}
	h, _ := os.UserHomeDir()
	return h
}

func (s *depositScreen) ready() int {
	n := s.counts[core.StatusPret]
	if s.only != nil {
		n = min(n, len(s.only))
	}
	return n
}

func (s *depositScreen) fill() {
	if s.last != nil {
		s.showResult(s.last)
		return
	}
	u := s.u
	if s.dir == "" {
		s.dir = s.startDir()
	}
	s.where.SetText(shortPath(s.dir))
	s.name.SetText(s.defaultName(core.Now()))
	n := s.ready()
	goes := fmt.Sprintf("%s dans le fichier de dépôt, vérifié au regard du format de la CDC avant d'être gardé.", plural(n, "passage prêt partira", "passages prêts partiront"))
	if s.only != nil {
		goes = fmt.Sprintf("Seulement les passages cochés dans la liste : %s.", plural(n, "passage prêt partira", "passages prêts partiront"))
	}
	if n == 0 {
		goes = "Aucun passage n'est prêt à déposer : corrigez d'abord les passages à compléter."
	}
	stays := container.NewVBox()
	for _, st := range core.Statuses {
		if c := s.counts[st]; c > 0 && st != core.StatusPret {
			status := st
			ch := newChip()
			ch.set(st)
			stays.Add(container.NewBorder(nil, nil, container.NewHBox(ch, bold(num(c))),
				link("Voir", func() { u.list.showStatus(status) }), note(st.HeldBack())))
		}
	}
	if len(stays.Objects) == 0 {
		stays.Add(dim("Aucun : tout ce qui n'est pas encore à la CDC part."))
	}
	change := button("Changer de dossier…", theme.FolderOpenIcon(), widget.LowImportance, s.chooseDir)
	s.run = button(fmt.Sprintf("Déposer %s", plural(n, "passage", "passages")), theme.UploadIcon(), widget.HighImportance, s.start)
	if n == 0 {
		s.run.Disable()
	}
	goesBox := []fyne.CanvasObject{bold("Ce qui part"), note(goes)}
	if s.only != nil {
		goesBox = append(goesBox, container.NewHBox(button("Déposer tous les prêts", theme.ContentClearIcon(), widget.LowImportance, func() { s.only = nil; s.fill(); s.readRisks() })))
	}
	s.content.Objects = []fyne.CanvasObject{scrolled(container.NewVBox(
		heading("Déposer les passages prêts"),
		toneCard(core.ToneReady, goesBox...),
		s.riskBox,
		card(bold("Ce qui reste, et pourquoi"), stays),
		card(bold("Fichier de dépôt"),
			container.NewBorder(nil, nil, widget.NewLabel("Dossier"), change, s.where),
			container.NewBorder(nil, nil, widget.NewLabel("Nom du fichier"), nil, s.name),
			s.nameMsg,
			dim("Le nom porte la date et le certificateur : chaque dépôt a son fichier, aucun n'en remplace un autre.")),
		container.NewHBox(s.run),
	))}
	s.content.Refresh()
	s.checkName()
}

func (s *depositScreen) chooseDir() {
	// A folder is chosen through the file chooser: the deposit's name is
	// proposed there, and refused if a file has it.
	s.u.chooseSave("Où enregistrer le fichier de dépôt", s.name.Text, []string{".xml"}, refuseOverwrite, func(path string) {
		s.dir = filepath.Dir(path)
		s.where.SetText(shortPath(s.dir))
		s.name.SetText(filepath.Base(path))
	})
}

// path is the file the deposit will write.
func (s *depositScreen) path() string {
	name := strings.TrimSpace(s.name.Text)
	if name != "" && !strings.EqualFold(filepath.Ext(name), ".xml") {
		name += ".xml"
	}
	return filepath.Join(s.dir, name)
}

// checkName refuses, as it is typed, a name already taken.
func (s *depositScreen) checkName() {
	msg := ""
	switch name := strings.TrimSpace(s.name.Text); {
	case name == "":
		msg = "Indiquez le nom du fichier."
	case strings.ContainsAny(name, `/\:*?"<>|`):
		msg = "Un nom de fichier ne peut pas contenir / \\ : * ? \" < > |."
	case fileExists(s.path()):
		msg = "Un fichier de ce nom existe déjà dans ce dossier : un fichier de dépôt ne doit jamais en remplacer un autre. Choisissez un autre nom."
	}
	s.nameMsg.SetText(msg)
	if msg == "" {
		s.nameMsg.Hide()
	} else {
		s.nameMsg.Show()
	}
	if s.run != nil {
		if msg == "" && s.ready() > 0 {
			s.run.Enable()
		} else {
			s.run.Disable()
		}
	}
}

// start exports, behind a progress bar with « Annuler ».
func (s *depositScreen) start() {
	s.checkName()
	if s.run == nil || s.run.Disabled() {
		return
	}
	u, d, path, only := s.u, s.u.d, s.path(), s.only
	u.app.Preferences().SetString(prefDepositDir, s.dir)
	withProgress(u, "Dépôt en cours", "Écriture et vérification du fichier", func(ctx context.Context, report func(int, int)) (*dossier.ExportResult, error) {
		res, err := d.Export(ctx, dossier.ExportOptions{Out: path, Only: only, Progress: report})
		if errors.Is(err, dossier.ErrInvalidExport) {
			return res, err
		}
		return res, err
	}, func(res *dossier.ExportResult, err error) {
		u.changedAll()
		switch {
		case errors.Is(err, dossier.ErrInvalidExport):
			s.showInvalid(res)
		case err != nil:
			u.showError(err)
		default:
			s.only = nil
			s.last = res
			s.showResult(res)
		}
	})
}

// showResult says where the file is and what to do with it.
func (s *depositScreen) showResult(res *dossier.ExportResult) {
	u := s.u
	body := container.NewVBox(heading("Fichier de dépôt prêt"))
	if res.Exported == 0 {
		body.Add(note("Aucun passage prêt à déposer : aucun fichier n'a été créé."))
	}
	for _, f := range res.Files {
		file := f
		cancel := button("Je n'ai pas envoyé ce fichier : annuler ce dépôt…", theme.ContentUndoIcon(), widget.LowImportance, func() {
			u.acc.askCancel(file.IDFlux, filepath.Base(file.Path), false, func() {
				s.last = nil
				s.fill()
			})
		})
		body.Add(toneCard(core.ToneReady, bold(filepath.Base(file.Path)),
			note(fmt.Sprintf("%s, %s, valide au regard du format (XSD) %s de la CDC.\nEnregistré dans %s", plural(file.Passages, "passage", "passages"), sizeText(file.Size), file.XSDVersion, shortPath(filepath.Dir(file.Path)))),
			container.NewHBox(cancel)))
	}
	if res.Exported > 0 {
		body.Add(card(bold("Étape suivante"), note(core.DepositNextStep)))
	}
	again := button("Préparer un autre dépôt", theme.UploadIcon(), widget.MediumImportance, func() { s.last = nil; s.reload() })
	acc := button("Voir les dépôts et les accusés", theme.MailReplyIcon(), widget.HighImportance, func() { u.goTo(u.acc) })
	body.Add(container.NewHBox(again, acc))
	s.content.Objects = []fyne.CanvasObject{scrolled(body)}
	s.content.Refresh()
}

// showInvalid lists the passages that made the file invalid (nothing was
// kept), each opening its fiche.
func (s *depositScreen) showInvalid(res *dossier.ExportResult) {
	u := s.u
	body := container.NewVBox(heading("Dépôt annulé"),
		toneCard(core.ToneProblem, bold("Le fichier produit n'est pas valide au regard du format de la CDC : rien n'a été enregistré."),
			note("Corrigez les passages cités (un clic ouvre la fiche), ou vérifiez le XSD chargé dans « Organisme ».")))
	for i, e := range res.Errors {
		if i == 50 {
			body.Add(dim(fmt.Sprintf("… et %s.", plural(len(res.Errors)-50, "autre erreur", "autres erreurs"))))
			break
		}
		who := e.Holder
		if who == "" {
			who = "Fichier"
		}
		pe := e
		var open fyne.CanvasObject = widget.NewLabel(who)
		if pe.IDTechnique != "" {
			open = link(who, func() { u.openFiche(pe.IDTechnique, s) })
		}
		body.Add(container.NewBorder(nil, nil, open, nil, note(core.MaskNIRsIn(e.Message))))
	}
	body.Add(container.NewHBox(button("Revenir au dépôt", theme.NavigateBackIcon(), widget.MediumImportance, s.reload)))
	s.content.Objects = []fyne.CanvasObject{scrolled(body)}
	s.content.Refresh()
}
