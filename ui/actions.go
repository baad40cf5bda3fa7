package ui

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/certidepot/certidepot/core/excel"
)

// chooseFileThen asks for a file to read, then calls then with its path.
func (u *App) chooseFileThen(exts []string, then func(path string)) {
	if u.d == nil {
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
		then(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Show()
}

// importDialog asks for a spreadsheet, then opens the import wizard.
func (u *App) importDialog() {
	u.chooseFileThen([]string{".xlsx", ".xlsm", ".csv"}, u.importWizard)
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

// templateDialog writes the Excel template where the user chooses.
func (u *App) templateDialog() {
	u.chooseSavePath("modele-certidepot.xlsx", func(path string) {
		u.runAndReport(func() (string, error) {
			if err := excel.WriteTemplate(path, time.Now()); err != nil {
				return "", err
			}
			return "Modèle écrit : " + path + "\nRemplissez une ligne par passage, puis importez-le.", nil
		})
	})
}
