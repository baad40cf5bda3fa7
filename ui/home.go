package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// homeView is the Accueil screen: the dossier's organisation and its
// passages counted per status.
type homeView struct {
	u        *App
	content  fyne.CanvasObject
	title    *widget.Label
	org      *widget.Label
	counts   map[core.Status]*widget.Label
	countBox *fyne.Container
	alerts   *widget.Label
	fix      *widget.Button
	recent   *fyne.Container
}

func newHomeView(u *App) *homeView {
	h := &homeView{
		u:      u,
		title:  widget.NewLabelWithStyle("Aucun dossier ouvert", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		org:    widget.NewLabel("Ouvrez un dossier Certidépôt (.certidepot) pour commencer."),
		counts: map[core.Status]*widget.Label{},
	}
	h.countBox = container.NewVBox()
	for _, s := range core.Statuses {
		l := widget.NewLabel(statusCountLabel(s, 0))
		h.counts[s] = l
		h.countBox.Add(l)
	}
	h.alerts = widget.NewLabel("")
	h.alerts.Wrapping = fyne.TextWrapWord
	h.alerts.Importance = widget.WarningImportance
	h.fix = widget.NewButton("Corriger les passages à compléter", func() { u.ShowScreen("a-completer") })
	h.fix.Hide()
	open := widget.NewButton("Ouvrir un dossier…", u.openDialog)
	create := widget.NewButton("Nouveau dossier…", u.newDossierDialog)
	h.recent = container.NewVBox(u.recentBox())
	imp := widget.NewButton("Importer une liste Excel…", u.importDialog)
	tpl := widget.NewButton("Modèle Excel…", u.templateDialog)
	deposit := widget.NewButton("Déposer les passages prêts…", u.depositDialog)
	deposit.Importance = widget.HighImportance
	accuse := widget.NewButton("Lire un accusé de traitement…", u.accuseDialog)
	about := widget.NewButton("À propos", u.showAbout)
	h.content = container.NewVBox(h.title, h.org, widget.NewSeparator(),
		widget.NewLabelWithStyle("Passages par statut", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		h.countBox, h.alerts, container.NewHBox(h.fix), widget.NewSeparator(), container.NewHBox(create, open, imp, tpl), container.NewHBox(deposit, accuse), container.NewHBox(about),
		widget.NewSeparator(), widget.NewLabelWithStyle("Dossiers récents", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), h.recent)
	return h
}

func (h *homeView) load(d *dossier.Dossier) error {
	h.recent.Objects = []fyne.CanvasObject{h.u.recentBox()}
	h.recent.Refresh()
	s, err := d.Summary(bg, time.Now())
	if err != nil {
		return err
	}
	h.showCounts(s.Counts)
	{
		h.title.SetText("Dossier de l'émetteur " + s.Emetteur)
		org := "Certificateur(s) :"
		for _, c := range s.Certificateurs {
			org += " " + c.IDClient + " (contrat " + c.Contrat + ")"
		}
		h.org.SetText(org)
		overdue, waiting := s.Overdue, s.AwaitingAccuse
		var alerts []string
		if overdue > 0 {
			alerts = append(alerts, fmt.Sprintf("%d passage(s) délivré(s) il y a plus de 2 mois et demi ne sont pas encore acceptés par la CDC : la loi laisse 3 mois après la délivrance.", overdue))
		}
		if waiting > 0 {
			alerts = append(alerts, fmt.Sprintf("%d dépôt(s) attendent leur accusé de traitement : lisez-le dès qu'il est disponible sur l'espace certificateur.", waiting))
		}
		h.alerts.SetText(strings.Join(alerts, "\n"))
	}
	return nil
}

// showCounts shows the passages per status and the "fix" action: after a
// save, only this changes on the home screen.
func (h *homeView) showCounts(counts map[core.Status]int) {
	for s, l := range h.counts {
		l.SetText(statusCountLabel(s, counts[s]))
	}
	h.fix.SetText(fmt.Sprintf("Corriger les %d passage(s) à compléter", counts[core.StatusACompleter]))
	if counts[core.StatusACompleter] > 0 {
		h.fix.Show()
	} else {
		h.fix.Hide()
	}
}
