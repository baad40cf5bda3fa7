package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// accusesScreen lists the deposits and what the CDC said of each, reads
// an accusé de traitement, and cancels a deposit never uploaded.
type accusesScreen struct {
	u        *App
	content  fyne.CanvasObject
	result   *fyne.Container
	deposits *fyne.Container
	gen      int
}

func newAccusesScreen(u *App) *accusesScreen {
	s := &accusesScreen{u: u, result: container.NewVBox(), deposits: container.NewVBox()}
	read := button("Lire un accusé de traitement…", theme.MailReplyIcon(), widget.HighImportance, s.readDialog)
	s.content = scrolled(container.NewVBox(
		heading("Dépôts et accusés de traitement"),
		note("Quelques jours après un dépôt, la CDC met à disposition sur l'espace certificateur un accusé de traitement (un fichier XML) : téléchargez-le, puis lisez-le ici. Les passages acceptés sont verrouillés ; les rejetés disent pourquoi, et repartent une fois corrigés."),
		container.NewHBox(read),
		s.result,
		widget.NewSeparator(),
		bold("Dépôts"),
		s.deposits))
	return s
}

func (s *accusesScreen) view() fyne.CanvasObject { return s.content }
func (s *accusesScreen) show()                   {}

func (s *accusesScreen) reload() {
	d := s.u.d
	if d == nil {
		return
	}
	s.gen++
	gen := s.gen
	background(&s.u.jobs, ctxBG, func(ctx context.Context) ([]dossier.DepositInfo, error) { return d.Deposits(ctx) },
		func(deps []dossier.DepositInfo, err error) {
			if gen != s.gen || s.u.d != d {
				return
			}
			if err != nil {
				s.u.showError(err)
				return
			}
			s.fill(deps)
		})
}

// depositTone is how a deposit reads at a glance.
func depositTone(dep dossier.DepositInfo) core.Tone {
	switch {
	case dep.CancelledAt != "":
		return core.ToneMuted
	case dep.Accuse.Status == core.DepositAwaiting:
		return core.ToneWaiting
	case dep.Accuse.Status == core.DepositSuccess:
		return core.ToneDone
	case dep.Accuse.Status == core.DepositRefused || dep.Accuse.KO > 0:
		return core.ToneProblem
	}
	return core.ToneWaiting
}

// frenchTime shows an RFC 3339 time as JJ/MM/AAAA à HH:MM.
func frenchTime(s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Local().Format("02/01/2006 à 15:04")
	}
	return s
}

func (s *accusesScreen) fill(deps []dossier.DepositInfo) {
	s.deposits.Objects = nil
	if len(deps) == 0 {
		s.deposits.Add(dim("Aucun dépôt pour l'instant : préparez-en un depuis « Déposer » (Ctrl+D)."))
	}
	for i := len(deps) - 1; i >= 0; i-- {
		dep := deps[i]
		state := dep.Accuse.Label
		detail := fmt.Sprintf("Préparé le %s · %s", frenchTime(dep.CreatedAt), plural(dep.Passages, "passage", "passages"))
		if dep.Accuse.Status != core.DepositAwaiting {
			detail += fmt.Sprintf(" · %s, %s, %s", plural(dep.Accuse.OK, "accepté", "acceptés"), plural(dep.Accuse.KO, "rejeté", "rejetés"), plural(dep.Accuse.Waiting, "sans réponse", "sans réponse"))
		}
		var actions fyne.CanvasObject = widget.NewLabel("")
		switch {
		case dep.CancelledAt != "":
			state = "annulé le " + frenchTime(dep.CancelledAt) + " (jamais envoyé)"
		case dep.Accuse.Status == core.DepositAwaiting:
			d := dep
			actions = button("Annuler ce dépôt…", theme.ContentUndoIcon(), widget.LowImportance, func() { s.askCancel(d.IDFlux, d.File, nil) })
		}
		s.deposits.Add(toneCard(depositTone(dep), container.NewBorder(nil, nil, nil, actions, bold(dep.File+" — "+state)), dim(detail), dim("Fichier : "+shortPath(dep.Path))))
	}
	s.deposits.Refresh()
}

// askCancel cancels a deposit never uploaded, after confirmation.
func (s *accusesScreen) askCancel(idFlux, file string, after func()) {
	u := s.u
	u.confirm("Annuler un dépôt", fmt.Sprintf("Annuler le dépôt « %s » ? À faire seulement si ce fichier n'a pas été déposé sur l'espace certificateur de la CDC. Ses passages redeviendront prêts pour le prochain dépôt, et le fichier sera supprimé pour qu'il ne soit pas envoyé par erreur.", file),
		"Annuler le dépôt", widget.DangerImportance, func() {
			d := u.d
			background(&u.jobs, ctxBG, func(ctx context.Context) (*dossier.CancelResult, error) { return d.CancelDeposit(ctx, idFlux) },
				func(res *dossier.CancelResult, err error) {
					u.changedAll()
					if err != nil {
						u.showError(err)
						return
					}
					msg := fmt.Sprintf("Dépôt « %s » annulé : %s dans le prochain dépôt.", res.File, plural(res.Passages, "passage remis", "passages remis"))
					if res.FileLeft {
						msg += "\n\nLe fichier n'a pas pu être supprimé (il est peut-être ouvert dans un autre programme) : ne l'envoyez pas ; il sera supprimé à la prochaine ouverture du dossier."
					}
					u.info("Dépôt annulé", msg)
					if after != nil {
						after()
					}
				})
		})
}

// readDialog reads an accusé chosen by the user, behind a progress bar
// with « Annuler ».
func (s *accusesScreen) readDialog() {
	u := s.u
	if !u.needDossier() {
		return
	}
	u.chooseOpen("Lire un accusé de traitement", []string{".xml"}, func(path string) {
		d := u.d
		withProgress(u, "Lecture de l'accusé", "Lecture et rapprochement avec le dépôt", func(ctx context.Context, _ func(int, int)) (*dossier.AccuseResult, error) {
			return d.ReadAccuse(ctx, path)
		}, func(res *dossier.AccuseResult, err error) {
			u.changedAll()
			if err != nil {
				u.showError(err)
				return
			}
			s.showAccuse(res)
		})
	})
}

// accuseLine is one line of an accusé: a rejected passage with the
// explanation, or a structural error of a refused file.
type accuseLine struct {
	idTechnique, who, text string
}

func accuseLines(res *dossier.AccuseResult) []accuseLine {
	var out []accuseLine
	for _, k := range res.KO {
		text := k.Explanation.Title
		if len(k.Explanation.Check) > 0 {
			text += " : " + k.Explanation.Check[0]
		}
		out = append(out, accuseLine{k.IDTechnique, k.Holder, text})
	}
	for _, e := range res.Errors {
		who := "En-tête du fichier"
		if e.Holder != "" {
			who = e.Holder
		}
		out = append(out, accuseLine{e.IDTechnique, who, fmt.Sprintf("%s (ligne %d)", e.Message, e.Line)})
	}
	return out
}

// showAccuse shows what an accusé said, each rejection opening its fiche.
func (s *accusesScreen) showAccuse(res *dossier.AccuseResult) {
	u := s.u
	var tone core.Tone
	var head string
	switch {
	case res.AlreadyImported:
		tone, head = core.ToneMuted, "Cet accusé a déjà été lu : rien n'a changé."
	case res.Refused:
		tone, head = core.ToneProblem, fmt.Sprintf("La CDC a refusé tout le fichier %s (erreur de structure) : ses passages sont à renvoyer une fois corrigés.", res.Deposit.File)
	case len(res.KO) > 0:
		tone, head = core.ToneProblem, fmt.Sprintf("Dépôt %s : %s, %s. Corrigez les rejetés : ils repartiront dans le prochain dépôt.", res.Deposit.File,
			plural(len(res.OK)+len(res.AlreadyAtCDC), "passage accepté", "passages acceptés"), plural(len(res.KO), "rejeté", "rejetés"))
	default:
		tone, head = core.ToneDone, fmt.Sprintf("Dépôt %s : %s par la CDC.", res.Deposit.File, plural(len(res.OK)+len(res.AlreadyAtCDC), "passage accepté", "passages acceptés"))
	}
	if len(res.Unknown) > 0 {
		head += fmt.Sprintf(" %s de ce dépôt, non pris en compte.", plural(len(res.Unknown), "identifiant inconnu", "identifiants inconnus"))
	}
	box := []fyne.CanvasObject{bold("Accusé de traitement lu"), note(head)}
	lines := accuseLines(res)
	var ids []string
	for i, l := range lines {
		if l.idTechnique != "" {
			ids = append(ids, l.idTechnique)
		}
		if i < 20 {
			line := l
			var who fyne.CanvasObject = bold(line.who)
			if line.idTechnique != "" {
				who = link(line.who, func() { u.openFiche(line.idTechnique, s) })
			}
			t := widget.NewLabel(line.text)
			t.Truncation = fyne.TextTruncateEllipsis
			box = append(box, container.NewBorder(nil, nil, who, nil, t))
		}
	}
	if len(lines) > 20 {
		box = append(box, dim(fmt.Sprintf("… et %s.", plural(len(lines)-20, "autre", "autres"))))
	}
	if len(ids) > 0 {
		box = append(box, container.NewHBox(button(seeText(len(ids)), theme.ListIcon(), widget.MediumImportance, func() {
			u.list.showOnly(ids, "Accusé de traitement de "+res.Deposit.File)
		})))
	}
	s.result.Objects = []fyne.CanvasObject{toneCard(tone, box...)}
	s.result.Refresh()
}
