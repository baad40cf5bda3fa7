package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core/dossier"
)

// accuseDialog reads an accusé chosen by the user and shows its result.
func (u *App) accuseDialog() {
	u.chooseFileThen([]string{".xml"}, func(path string) {
		u.withProgress("Lecture de l'accusé", func() (func(), error) {
			res, err := u.d.ReadAccuse(bg, path)
			if err != nil {
				return nil, err
			}
			return func() {
				if err := u.Refresh(); err != nil {
					u.showError(err)
				}
				u.showAccuse(res)
			}, nil
		})
	})
}

// accuseLine is one line of the accusé screen: a rejected passage with
// the explanation, or a structural error of a refused file.
type accuseLine struct {
	idTechnique, text string
}

func accuseLines(res *dossier.AccuseResult) []accuseLine {
	var out []accuseLine
	for _, k := range res.KO {
		text := k.Holder + " — " + k.Explanation.Title
		if len(k.Explanation.Check) > 0 {
			text += " : " + k.Explanation.Check[0]
		}
		out = append(out, accuseLine{k.IDTechnique, text})
	}
	for _, e := range res.Errors {
		who := "En-tête du fichier"
		if e.Holder != "" {
			who = e.Holder
		}
		out = append(out, accuseLine{e.IDTechnique, fmt.Sprintf("%s — %s (ligne %d)", who, e.Message, e.Line)})
	}
	return out
}

// accuseList lists the lines; choosing one opens its passage.
func (u *App) accuseList(lines []accuseLine) *widget.List {
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[i].text) })
	list.OnSelected = func(i widget.ListItemID) {
		if id := lines[i].idTechnique; id != "" {
			if _, err := u.openPassage(id); err != nil {
				u.showError(err)
			}
		}
		list.UnselectAll()
	}
	return list
}

func (u *App) showAccuse(res *dossier.AccuseResult) {
	var head string
	switch {
	case res.AlreadyImported:
		head = "Cet accusé a déjà été importé : rien n'a changé."
	case res.Refused:
		head = fmt.Sprintf("La CDC a refusé tout le fichier %s (erreur de structure) : ses passages sont à renvoyer une fois corrigés.", res.Deposit.File)
	default:
		head = fmt.Sprintf("Dépôt %s : %d passage(s) accepté(s), %d rejeté(s).", res.Deposit.File, len(res.OK), len(res.KO))
		if len(res.Unknown) > 0 {
			head += fmt.Sprintf(" %d identifiant(s) inconnu(s) de ce dépôt, non pris en compte.", len(res.Unknown))
		}
		if len(res.KO) > 0 {
			head += "\nCliquez sur un passage rejeté pour le corriger : il repartira dans le prochain dépôt."
		}
	}
	label := widget.NewLabel(head)
	label.Wrapping = fyne.TextWrapWord
	var body fyne.CanvasObject = widget.NewLabel("")
	if lines := accuseLines(res); len(lines) > 0 {
		body = u.accuseList(lines)
	}
	d := dialog.NewCustom("Accusé de traitement", "Fermer", container.NewBorder(label, nil, nil, nil, body), u.win)
	d.Resize(fyne.NewSize(820, 520))
	d.Show()
}
