package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/excel"
)

// chooseFile asks for a file to read, then runs do with its path off the
// UI goroutine and shows what it returns.
func (u *App) chooseFile(exts []string, do func(path string) (string, error)) {
	if u.db == nil {
		u.showError(errors.New("ouvrez d'abord un dossier"))
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		u.runAndReport(func() (string, error) { return do(path) })
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Show()
}

// runAndReport runs work off the UI goroutine, then refreshes the views
// and shows the French summary or error.
func (u *App) runAndReport(work func() (string, error)) {
	go func() {
		summary, err := work()
		fyne.Do(func() {
			if rerr := u.Refresh(); rerr != nil && err == nil {
				err = rerr
			}
			if err != nil {
				u.showError(err)
				return
			}
			dialog.ShowInformation("Certidépôt", summary, u.win)
		})
	}()
}

// importSpreadsheet imports a list of graduates and summarises it.
func (u *App) importSpreadsheet(path string) (string, error) {
	res, err := excel.Import(bg, u.db, path, excel.Options{})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d ligne(s) lue(s) : %d passage(s) ajouté(s), %d mis à jour, %d inchangé(s).\n", res.Rows, res.Imported, res.Updated, res.Unchanged)
	if res.Flagged > 0 {
		fmt.Fprintf(&b, "%d ligne(s) à compléter : voyez l'onglet Passages.\n", res.Flagged)
	}
	for _, c := range res.Unknown {
		fmt.Fprintf(&b, "Colonne %s « %s » ignorée (titre non reconnu).\n", c.Letter, c.Header)
	}
	for i, e := range res.Errors {
		if i == 8 {
			fmt.Fprintf(&b, "… et %d autre(s).\n", len(res.Errors)-8)
			break
		}
		fmt.Fprintf(&b, "Ligne %d %s — %s\n", e.Row, e.Column, e.Message)
	}
	return b.String(), nil
}

// readAccuse reads an accusé de traitement and summarises it.
func (u *App) readAccuse(path string) (string, error) {
	res, err := cdc.ImportAccuse(bg, u.db, path)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	switch {
	case res.AlreadyImported:
		b.WriteString("Cet accusé a déjà été importé : rien n'a changé.")
	case res.Refused:
		fmt.Fprintf(&b, "La CDC a refusé le fichier %s (erreur de structure) : ses passages sont à renvoyer.\n", res.Deposit.File)
		for _, e := range res.Errors {
			fmt.Fprintf(&b, "%s — %s\n", e.Holder, e.Message)
		}
	default:
		fmt.Fprintf(&b, "Dépôt %s : %d passage(s) accepté(s), %d rejeté(s).\n", res.Deposit.File, len(res.OK), len(res.KO))
		for i, k := range res.KO {
			if i == 8 {
				fmt.Fprintf(&b, "… et %d autre(s).\n", len(res.KO)-8)
				break
			}
			fmt.Fprintf(&b, "%s — %s : %s\n", k.Holder, k.Explanation.Title, k.Explanation.Check[0])
		}
	}
	return b.String(), nil
}

// templateDialog writes the Excel template where the user chooses.
func (u *App) templateDialog() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			if err != nil {
				u.showError(err)
			}
			return
		}
		path := w.URI().Path()
		w.Close()
		u.runAndReport(func() (string, error) {
			if err := excel.WriteTemplate(path, time.Now()); err != nil {
				return "", err
			}
			return "Modèle écrit : " + path + "\nRemplissez une ligne par passage, puis importez-le.", nil
		})
	}, u.win)
	d.SetFileName("modele-certidepot.xlsx")
	d.Show()
}
