package ui

import (
	"context"
	"fmt"
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
		withdrawal := dep.Action == core.ActionSuppression
		state := dep.Accuse.Label
		title := dep.File
		detail := fmt.Sprintf("Préparé le %s · %s", frenchTime(dep.CreatedAt), plural(dep.Passages, "passage", "passages"))
		if withdrawal {
			title = "Retrait " + dep.File
			detail = fmt.Sprintf("Préparé le %s · %s", frenchTime(dep.CreatedAt), plural(dep.Passages, "passage à retirer", "passages à retirer"))
		}
		switch {
		case dep.Accuse.Status == core.DepositAwaiting:
		case withdrawal:
			detail += fmt.Sprintf(" · %s, %s, %s", plural(dep.Accuse.OK, "retiré", "retirés"), plural(dep.Accuse.KO, "retrait refusé", "retraits refusés"), plural(dep.Accuse.Waiting, "sans réponse", "sans réponse"))
		default:
			detail += fmt.Sprintf(" · %s, %s, %s", plural(dep.Accuse.OK, "accepté", "acceptés"), plural(dep.Accuse.KO, "rejeté", "rejetés"), plural(dep.Accuse.Waiting, "sans réponse", "sans réponse"))
		}
		var actions fyne.CanvasObject = widget.NewLabel("")
		d := dep
		switch {
		case dep.CancelledAt != "":
			state = "annulé le " + frenchTime(dep.CancelledAt) + " (jamais envoyé)"
		case dep.Accuse.Status == core.DepositAwaiting && withdrawal:
			actions = button("Annuler ce retrait…", theme.ContentUndoIcon(), widget.LowImportance, func() { s.askCancel(d.IDFlux, d.File, true, nil) })
		case withdrawal:
		case dep.Accuse.Status == core.DepositAwaiting:
			actions = button("Annuler ce dépôt…", theme.ContentUndoIcon(), widget.LowImportance, func() { s.askCancel(d.IDFlux, d.File, false, nil) })
		case dep.Accuse.KO > 0 && dep.Accuse.Status != core.DepositRefused: // a refused file is not the holders' to fix
			actions = button("Préparer les demandes aux titulaires…", theme.MailComposeIcon(), widget.LowImportance, func() { s.followUps(d.IDFlux, d.File) })
		}
		s.deposits.Add(toneCard(depositTone(dep), container.NewBorder(nil, nil, nil, actions, bold(title+" — "+state)), dim(detail), dim("Fichier : "+shortPath(dep.Path))))
	}
	s.deposits.Refresh()
}

// askCancel cancels a deposit never uploaded, after confirmation: a
// creation's passages are ready again; a withdrawal's stay accepted.
func (s *accusesScreen) askCancel(idFlux, file string, withdrawal bool, after func()) {
	u := s.u
	what, effect, done := "le dépôt", "Ses passages redeviendront prêts pour le prochain dépôt", "Dépôt « %s » annulé : %s dans le prochain dépôt."
	title, doneTitle, kept := "Annuler un dépôt", "Dépôt annulé", func(n int) string { return plural(n, "passage remis", "passages remis") }
	if withdrawal {
		what, effect, done = "le retrait", "Ses passages restent acceptés par la CDC", "Retrait « %s » annulé : %s."
		title, doneTitle, kept = "Annuler un retrait", "Retrait annulé", func(n int) string { return plural(n, "passage reste accepté", "passages restent acceptés") }
	}
	u.confirm(title, fmt.Sprintf("Annuler %s « %s » ? À faire seulement si ce fichier n'a pas été déposé sur l'espace certificateur de la CDC. %s, et le fichier sera supprimé pour qu'il ne soit pas envoyé par erreur.", what, file, effect),
		"Annuler "+what, widget.DangerImportance, func() {
			d := u.d
			background(&u.jobs, ctxBG, func(ctx context.Context) (*dossier.CancelResult, error) { return d.CancelDeposit(ctx, idFlux) },
				func(res *dossier.CancelResult, err error) {
					u.changedAll()
					if err != nil {
						u.showError(err)
						return
					}
					msg := fmt.Sprintf(done, res.File, kept(res.Passages))
					if res.FileLeft {
						msg += "\n\nLe fichier n'a pas pu être supprimé (il est peut-être ouvert dans un autre programme) : ne l'envoyez pas ; il sera supprimé à la prochaine ouverture du dossier."
					}
					u.info(doneTitle, msg)
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
		withProgress(u, "Lecture de l'accusé", "Lecture et rapprochement avec le dépôt", func(ctx context.Context, _ func(int, int)) (accuseRead, error) {
			return readAccuse(ctx, d, path)
		}, func(r accuseRead, err error) {
			u.changedAll()
			if err != nil {
				u.showError(err)
				return
			}
			s.showAccuse(r.res, r.withdrawal)
		})
	})
}

// accuseRead is an accusé read, and whether it answers a withdrawal.
type accuseRead struct {
	res        *dossier.AccuseResult
	withdrawal bool
}

func readAccuse(ctx context.Context, d *dossier.Dossier, path string) (accuseRead, error) {
	res, err := d.ReadAccuse(ctx, path)
	if err != nil {
		return accuseRead{}, err
	}
	out := accuseRead{res: res}
	deps, err := d.Deposits(ctx)
	for _, dep := range deps {
		if dep.IDFlux == res.Deposit.IDFlux {
			out.withdrawal = dep.Action == core.ActionSuppression
		}
	}
	return out, err
}

// followUps prepares the requests to the holders of a deposit's rejected
// passages, in a folder the user chooses, then says what was written.
func (s *accusesScreen) followUps(idFlux, file string) {
	u := s.u
	name := "demandes-" + core.Now().Format("2006-01-02")
	check := func(dir string) string {
		if fileExists(filepath.Join(dir, dossier.FollowUpWorkbook)) {
			return "Ce dossier contient déjà des demandes aux titulaires (" + dossier.FollowUpWorkbook + ") : choisissez-en un autre, aucun fichier n'est jamais remplacé."
		}
		return ""
	}
	u.chooseFolder("Où écrire les demandes aux titulaires", name, check, func(dir string) {
		d := u.d
		background(&u.jobs, ctxBG, func(ctx context.Context) (*dossier.FollowUpResult, error) {
			return d.WriteFollowUps(ctx, dossier.FollowUpOptions{IDFlux: idFlux, Dir: dir})
		}, func(res *dossier.FollowUpResult, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			u.infoLong("Demandes aux titulaires", followUpText(res, file, dir))
		})
	})
}

// followUpText says what WriteFollowUps wrote, and what to do with it.
func followUpText(res *dossier.FollowUpResult, file, dir string) string {
	if res.Workbook == "" {
		return fmt.Sprintf("Aucun passage rejeté du dépôt %s n'est à suivre (ils ont été corrigés depuis, ou le fichier a été refusé en entier) : rien n'a été écrit.", file)
	}
	lines := []string{fmt.Sprintf("Écrit dans %s :", shortPath(dir)),
		fmt.Sprintf("• le classeur %s : une ligne par titulaire (%s, %s), avec ce qu'il faut vérifier, le document à demander et une colonne « Suivi » pour noter les réponses ;",
			filepath.Base(res.Workbook), plural(res.Holders, "titulaire", "titulaires"), plural(res.Passages, "passage rejeté", "passages rejetés"))}
	if n := len(res.Drafts); n > 0 {
		lines = append(lines, fmt.Sprintf("• %s (.eml), un par titulaire qui a une adresse : %s dans votre messagerie, %s, puis %s ;",
			plural(n, "brouillon d'e-mail", "brouillons d'e-mail"), agree(n, "ouvrez-le", "ouvrez-les"), agree(n, "relisez-le", "relisez-les"), agree(n, "envoyez-le", "envoyez-les")))
	}
	if n := res.WithoutEmail; n > 0 {
		lines = append(lines, fmt.Sprintf("• %s sans adresse e-mail : %s autrement (%s du classeur dit quoi demander) ;",
			plural(n, "titulaire", "titulaires"), agree(n, "contactez-le", "contactez-les"), agree(n, "sa ligne", "leur ligne")))
	}
	if n := res.NothingToAsk; n > 0 {
		lines = append(lines, fmt.Sprintf("• %s à corriger par l'organisme (code de certification, dates) : rien à demander, %s.",
			plural(n, "titulaire dont le rejet est", "titulaires dont les rejets sont"), agree(n, "sa ligne le dit", "leur ligne le dit")))
	}
	last := lines[len(lines)-1]
	lines[len(lines)-1] = strings.TrimSuffix(last, " ;") + "."
	return strings.Join(lines, "\n") + "\n\nCes fichiers contiennent des données personnelles : ils ne sont lisibles que par vous."
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

// showAccuse shows what an accusé said, each rejection opening its fiche;
// withdrawal says it answers a withdrawal (its « OK » are withdrawn).
func (s *accusesScreen) showAccuse(res *dossier.AccuseResult, withdrawal bool) {
	u := s.u
	var tone core.Tone
	var head string
	switch {
	case res.AlreadyImported:
		tone, head = core.ToneMuted, "Cet accusé a déjà été lu : rien n'a changé."
	case withdrawal && res.Refused:
		tone, head = core.ToneProblem, fmt.Sprintf("La CDC a refusé tout le fichier de retrait %s (erreur de structure) : ses passages restent à la CDC.", res.Deposit.File)
	case withdrawal && len(res.KO) > 0:
		tone, head = core.ToneProblem, fmt.Sprintf("Retrait %s : %s de la CDC, %s : %s à la CDC, %s.", res.Deposit.File,
			plural(len(res.OK), "passage retiré", "passages retirés"), plural(len(res.KO), "retrait refusé", "retraits refusés"), agree(len(res.KO), "ce passage reste", "ces passages restent"), agree(len(res.KO), "accepté", "acceptés"))
	case withdrawal:
		tone, head = core.ToneDone, fmt.Sprintf("Retrait %s : %s de la CDC. Corrigés, %s pourront être envoyés de nouveau.", res.Deposit.File,
			plural(len(res.OK), "passage retiré", "passages retirés"), agree(len(res.OK), "il", "ils"))
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
	for _, n := range res.Notices {
		box = append(box, note(n))
	}
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
			// The CDC's message and what to do, whole: cut short, the
			// explanation lost what matters.
			t := widget.NewLabel(core.MaskNIRsIn(line.text))
			t.Wrapping = fyne.TextWrapWord
			box = append(box, container.NewBorder(nil, nil, container.NewVBox(who), nil, t))
		}
	}
	if len(lines) > 20 {
		box = append(box, dim(fmt.Sprintf("… et %s.", plural(len(lines)-20, "autre", "autres"))))
	}
	if len(ids) > 0 || len(res.KO) > 0 && !withdrawal {
		row := container.NewHBox()
		if len(ids) > 0 {
			row.Add(button(seeText(len(ids)), theme.ListIcon(), widget.MediumImportance, func() {
				u.list.showOnly(ids, "Accusé de traitement de "+res.Deposit.File)
			}))
		}
		// A rejection on the identity is fixed with the holder.
		if len(res.KO) > 0 && !withdrawal && !res.AlreadyImported && !res.Refused {
			row.Add(button("Préparer les demandes aux titulaires…", theme.MailComposeIcon(), widget.MediumImportance, func() {
				s.followUps(res.Deposit.IDFlux, res.Deposit.File)
			}))
		}
		box = append(box, row)
	}
	s.result.Objects = []fyne.CanvasObject{toneCard(tone, box...)}
	s.result.Refresh()
}
