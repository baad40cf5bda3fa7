package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// The Passages screen acts on the passages it shows: filter, search, then
// act on that selection.

func (v *passagesView) shown(status ...core.Status) []string {
	want := map[core.Status]bool{}
	for _, s := range status {
		want[s] = true
	}
	var ids []string
	for _, r := range v.rows {
		if len(want) == 0 || want[r.status] {
			ids = append(ids, r.idTechnique)
		}
	}
	return ids
}

// resendShown puts the rejected passages shown back in the next deposit.
func (u *App) resendShown() (int, error) {
	ids := u.list.shown(core.StatusRejete)
	if len(ids) == 0 {
		return 0, nil
	}
	n, err := u.d.Resend(bg, ids)
	if err == nil {
		err = u.Refresh()
	}
	return n, err
}

// deleteShown deletes the passages shown that were never sent.
func (u *App) deleteShown() (int, error) {
	ids := u.list.shown(core.StatusACompleter, core.StatusPret)
	n, err := u.d.Delete(bg, ids)
	if err == nil {
		err = u.Refresh()
	}
	return n, err
}

// depositShown exports only the ready passages shown.
func (u *App) depositShown(path string) (*dossier.ExportResult, error) {
	only := map[string]bool{}
	for _, id := range u.list.shown(core.StatusPret) {
		only[id] = true
	}
	res, err := u.d.Export(bg, dossier.ExportOptions{Out: path, Only: only})
	fyne.Do(func() {
		if rerr := u.Refresh(); rerr != nil {
			u.showError(rerr)
		}
	})
	return res, err
}

func (v *passagesView) actions() fyne.CanvasObject {
	u := v.u
	deposit := widget.NewButton("Déposer les prêts affichés…", func() {
		n := len(v.shown(core.StatusPret))
		if n == 0 {
			dialog.ShowInformation("Déposer", "Aucun passage prêt parmi ceux affichés.", u.win)
			return
		}
		u.chooseSavePath("depot-cdc.xml", func(path string) {
			u.withProgress("Dépôt en cours", func() (func(), error) {
				res, err := u.depositShown(path)
				return func() { u.showExportResult(res, err) }, nil
			})
		})
	})
	resend := widget.NewButton("Renvoyer les rejetés affichés", func() {
		n, err := u.resendShown()
		if err != nil {
			u.showError(err)
			return
		}
		dialog.ShowInformation("Renvoyer", fmt.Sprintf("%d passage(s) rejeté(s) remis dans le prochain dépôt.", n), u.win)
	})
	del := widget.NewButton("Supprimer les non envoyés affichés…", func() {
		n := len(v.shown(core.StatusACompleter, core.StatusPret))
		dialog.ShowConfirm("Supprimer", fmt.Sprintf("Supprimer définitivement les %d passage(s) affiché(s) jamais envoyés à la CDC ?", n), func(ok bool) {
			if !ok {
				return
			}
			if _, err := u.deleteShown(); err != nil {
				u.showError(err)
			}
		}, u.win)
	})
	return container.NewHBox(deposit, resend, del)
}

// chooseSavePath asks where to write a new file.
func (u *App) chooseSavePath(name string, then func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			if err != nil {
				u.showError(err)
			}
			return
		}
		path := w.URI().Path()
		w.Close()
		removeIfEmpty(path) // created by the dialog; the work writes its own
		then(path)
	}, u.win)
	d.SetFileName(name)
	d.Show()
}

// withProgress runs work off the UI goroutine behind a progress dialog;
// work returns what to show once done.
func (u *App) withProgress(title string, work func() (func(), error)) {
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewLabel("Veuillez patienter…"), bar), u.win)
	d.Show()
	go func() {
		done, err := work()
		fyne.Do(func() {
			d.Hide()
			if err != nil {
				u.showError(err)
				return
			}
			done()
		})
	}()
}
