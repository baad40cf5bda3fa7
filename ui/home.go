package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// welcomeScreen is what the window shows with no dossier open.
type welcomeScreen struct {
	u       *App
	content fyne.CanvasObject
	recent  *fyne.Container
}

func newWelcomeScreen(u *App) *welcomeScreen {
	w := &welcomeScreen{u: u, recent: container.NewVBox()}
	open := button("Ouvrir un dossier…", theme.FolderOpenIcon(), widget.HighImportance, u.openDialog)
	create := button("Nouveau dossier…", theme.FolderNewIcon(), widget.MediumImportance, u.newDossierDialog)
	w.content = scrolled(container.NewVBox(
		heading("Bienvenue dans Certidépôt"),
		note("Certidépôt prépare les dépôts de vos passages de certification à la Caisse des Dépôts : importez la liste de vos diplômés, corrigez ce qui manque, déposez le fichier produit sur l'espace certificateur, puis lisez l'accusé de traitement. Tout reste sur cet ordinateur, dans un seul fichier : le dossier (.certidepot)."),
		container.NewHBox(open, create),
		widget.NewSeparator(),
		bold("Dossiers récents"),
		w.recent,
	))
	return w
}

func (w *welcomeScreen) view() fyne.CanvasObject { return w.content }

func (w *welcomeScreen) show() {
	w.recent.Objects = recentButtons(w.u)
	w.recent.Refresh()
}

// recentButtons lists the recent dossiers whose file still exists.
func recentButtons(u *App) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, p := range u.recent() {
		path := p
		b := button(filepath.Base(path)+"  —  "+shortPath(filepath.Dir(path)), theme.FileIcon(), widget.LowImportance, func() { u.openPath(path) })
		b.Alignment = widget.ButtonAlignLeading
		out = append(out, b)
	}
	if len(out) == 0 {
		out = append(out, dim("Aucun dossier récent."))
	}
	return out
}

// homeScreen is the dashboard of the open dossier: what to do next, the
// passages per status drawn as one bar, and the deadline alerts.
type homeScreen struct {
	u        *App
	content  fyne.CanvasObject
	title    *widget.Label
	org      *widget.Label
	next     *btn
	nextText *widget.Label
	bar      *countsBar
	legend   *fyne.Container
	total    *widget.Label
	alerts   *fyne.Container
	recent   *fyne.Container
	summary  dossier.Summary
	gen      int
	onLoaded func()

	// The passages at risk of a rejection, read after the summary (the
	// whole dossier is compared); stale after a passage is saved, read
	// again when the screen comes back.
	risks       *fyne.Container
	riskGen     int
	riskStale   bool
	lastRisks   *dossier.Risks
	onRisksRead func()
}

func newHomeScreen(u *App) *homeScreen {
	h := &homeScreen{u: u, title: heading(""), org: dim(""), bar: newCountsBar(), legend: container.NewGridWrap(fyne.NewSize(170, 36)),
		total: bold(""), alerts: container.NewVBox(), recent: container.NewVBox(), nextText: note(""), risks: container.NewVBox()}
	h.next = button("", theme.NavigateNextIcon(), widget.HighImportance, nil)
	h.next.IconPlacement = widget.ButtonIconTrailingText
	h.content = scrolled(container.NewVBox(
		h.title, h.org,
		card(bold("Prochaine étape"), h.nextText, container.NewHBox(h.next)),
		card(container.NewBorder(nil, nil, bold("Passages par statut"), h.total), h.bar, h.legend),
		h.risks,
		h.alerts,
		widget.NewSeparator(),
		bold("Dossiers récents"), h.recent,
	))
	return h
}

func (h *homeScreen) view() fyne.CanvasObject { return h.content }

func (h *homeScreen) show() {
	h.recent.Objects = recentButtons(h.u)
	h.recent.Refresh()
	if h.riskStale && !h.u.dirty[h] {
		h.readRisks()
	}
}

// readRisks counts the passages at risk of a rejection off the UI
// goroutine, then shows them.
func (h *homeScreen) readRisks() {
	d := h.u.d
	if d == nil {
		return
	}
	h.riskStale = false
	h.riskGen++
	gen := h.riskGen
	background(&h.u.jobs, ctxBG, func(ctx context.Context) (*dossier.Risks, error) { return d.Risks(ctx) },
		func(r *dossier.Risks, err error) {
			if gen != h.riskGen || h.u.d != d {
				return
			}
			if err != nil {
				h.u.showError(err)
				return
			}
			h.lastRisks = r
			h.fillRisks()
			if h.onRisksRead != nil {
				h.onRisksRead()
				h.onRisksRead = nil
			}
		})
}

// fillRisks shows, per reason, how many passages still to deposit carry
// a risk of rejection, each opening the list of those passages.
func (h *homeScreen) fillRisks() {
	r := h.lastRisks
	h.risks.Objects = nil
	if r != nil && r.AtRisk > 0 {
		u := h.u
		body := []fyne.CanvasObject{
			container.NewBorder(nil, nil, bold("Risques de rejet par la CDC"), link("Tout voir", func() { u.list.showRisk(anyRiskCode, "") })),
			note(fmt.Sprintf("%s encore à déposer %s un risque de rejet : vérifiez%s avant le dépôt, %s dit quoi corriger. Ce sont des avertissements : ils n'empêchent pas de déposer.",
				plural(r.AtRisk, "passage", "passages"), agree(r.AtRisk, "présente", "présentent"), agree(r.AtRisk, "-le", "-les"), agree(r.AtRisk, "sa fiche", "la fiche de chacun"))),
		}
		for _, rc := range r.Reasons {
			code := rc.Code
			label := widget.NewLabel(rc.Label)
			label.Truncation = fyne.TextTruncateEllipsis
			body = append(body, container.NewBorder(nil, nil, container.New(&fixedWidth{w: 48}, bold(num(rc.Passages))),
				link("Voir", func() { u.list.showRisk(code, "") }), label))
		}
		h.risks.Add(toneCard(core.ToneTodo, body...))
	}
	h.risks.Refresh()
}

// reload reads the dossier's summary off the UI goroutine.
func (h *homeScreen) reload() {
	if h.u.d == nil {
		return
	}
	h.gen++
	gen, d := h.gen, h.u.d
	background(&h.u.jobs, ctxBG, func(ctx context.Context) (dossier.Summary, error) {
		return d.Summary(ctx, core.Now())
	}, func(s dossier.Summary, err error) {
		if gen != h.gen || h.u.d != d {
			return // a newer reload, or another dossier
		}
		if err != nil {
			h.u.showError(err)
			return
		}
		h.summary = s
		h.fill()
		if h.onLoaded != nil {
			h.onLoaded()
			h.onLoaded = nil
		}
		h.u.list.afterLoad(h.readRisks)
	})
}

// refreshCounts reads only the counts again (after one passage is saved).
func (h *homeScreen) refreshCounts() {
	d := h.u.d
	background(&h.u.jobs, ctxBG, func(ctx context.Context) (map[core.Status]int, error) {
		return d.Counts(ctx)
	}, func(c map[core.Status]int, err error) {
		if err != nil || h.u.d != d {
			return
		}
		h.summary.Counts = c
		h.fillCounts()
	})
}

func (h *homeScreen) fill() {
	s := h.summary
	h.title.SetText("Dossier de l'émetteur " + s.Emetteur)
	var certs []string
	for _, c := range s.Certificateurs {
		certs = append(certs, c.IDClient+" (contrat "+c.Contrat+")")
	}
	h.org.SetText("Certificateur : " + strings.Join(certs, ", "))
	h.fillCounts()
	h.alerts.Objects = nil
	if s.Overdue > 0 {
		h.alerts.Add(toneCard(core.ToneTodo, bold("Délai de dépôt bientôt dépassé"),
			note(fmt.Sprintf("%s il y a plus de 2 mois et demi, pas encore %s par la CDC : la loi laisse 3 mois après la délivrance.", plural(s.Overdue, "passage délivré", "passages délivrés"), agree(s.Overdue, "accepté", "acceptés")))))
	}
	if s.AwaitingAccuse > 0 {
		h.alerts.Add(toneCard(core.ToneWaiting, bold("Accusé de traitement attendu"),
			note(plural(s.AwaitingAccuse, "dépôt attend son accusé de traitement : lisez-le dès qu'il est disponible sur l'espace certificateur.",
				"dépôts attendent leur accusé de traitement : lisez-les dès qu'ils sont disponibles sur l'espace certificateur.")),
			container.NewHBox(button("Lire un accusé…", theme.MailReplyIcon(), widget.MediumImportance, func() { h.u.goTo(h.u.acc) }))))
	}
	h.alerts.Refresh()
}

// fillCounts shows the counts, the bar and the next step.
func (h *homeScreen) fillCounts() {
	s := h.summary
	total := 0
	for _, n := range s.Counts {
		total += n
	}
	h.total.SetText(plural(total, "passage", "passages"))
	h.bar.set(s.Counts)
	h.legend.Objects = nil
	for _, st := range core.Statuses {
		n := s.Counts[st]
		if n == 0 && (st == core.StatusRetire || st == core.StatusRejete) {
			continue
		}
		status := st
		c := newChip()
		c.set(st)
		h.legend.Add(container.NewHBox(c, link(num(n), func() { h.u.list.showStatus(status) })))
	}
	h.legend.Refresh()
	step, n := s.Next()
	u := h.u
	var text, label string
	var action func()
	switch step {
	case dossier.StepImport:
		text, label, action = "Le dossier n'a encore aucun passage : importez la liste de vos diplômés (un classeur Excel ou un fichier CSV).", "Importer une liste Excel", func() { u.goTo(u.imp) }
	case dossier.StepFix:
		text, label = fmt.Sprintf("%s des erreurs : corrigez-les pour qu'ils partent dans le prochain dépôt.", plural(n, "passage a", "passages ont")), fmt.Sprintf("Corriger %s", plural(n, "passage à compléter", "passages à compléter"))
		action = func() { u.list.showStatus(core.StatusACompleter) }
	case dossier.StepRejects:
		text, label = fmt.Sprintf("La CDC a rejeté %s : corrigez-les, ils repartiront dans le prochain dépôt.", plural(n, "passage", "passages")), fmt.Sprintf("Corriger %s", plural(n, "passage rejeté", "passages rejetés"))
		action = func() { u.list.showStatus(core.StatusRejete) }
	case dossier.StepDeposit:
		text, label = fmt.Sprintf("%s prêts à partir : préparez le fichier de dépôt, puis déposez-le sur l'espace certificateur de la CDC.", plural(n, "passage est", "passages sont")), fmt.Sprintf("Déposer %s", plural(n, "passage prêt", "passages prêts"))
		action = func() { u.goTo(u.dep) }
	case dossier.StepAccuse:
		text, label, action = "Tout est déposé : lisez l'accusé de traitement dès que la CDC l'a mis à disposition.", "Lire l'accusé de traitement", func() { u.goTo(u.acc) }
	default:
		text, label, action = "Tout est à jour : la CDC a accepté vos passages. Importez la prochaine liste quand elle est prête.", "Importer une liste Excel", func() { u.goTo(u.imp) }
	}
	h.nextText.SetText(text)
	h.next.SetText(label)
	h.next.OnTapped = action
}
