package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core/dossier"
	"github.com/certidepot/certidepot/core/excel"
)

// importWizard shows what a spreadsheet holds (sheet, columns and what
// each is taken for, ignored columns, defaults) and lets the user correct
// the columns before importing it. Corrections are kept in the dossier for
// the next import.
func (u *App) importWizard(path string) {
	saved := u.savedMapping()
	res, sheets, err := dossier.PreviewSheet(path, "", saved)
	if err != nil {
		u.showError(err)
		return
	}
	var editor *mappingEditor
	body := container.NewVBox()
	show := func(r *dossier.ImportResult) {
		res = r
		editor = newMappingEditor(r)
		summary := widget.NewLabel(previewText(r))
		summary.Wrapping = fyne.TextWrapWord
		body.Objects = []fyne.CanvasObject{widget.NewLabelWithStyle("Ce que contient chaque colonne (corrigez si besoin) :", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			editor.content, widget.NewSeparator(), summary}
		body.Refresh()
	}
	show(res)
	sheet := widget.NewSelect(sheets, func(s string) {
		if r, _, err := dossier.PreviewSheet(path, s, saved); err == nil {
			show(r)
		} else {
			u.showError(err)
		}
	})
	sheet.Selected = res.Sheet
	content := container.NewBorder(container.NewHBox(widget.NewLabel("Feuille"), sheet), nil, nil, nil, container.NewVScroll(body))
	d := dialog.NewCustomConfirm("Importer "+shortName(path), "Importer", "Annuler", content, func(ok bool) {
		if ok {
			mapping := map[string]string{}
			for h, k := range saved {
				mapping[h] = k
			}
			for h, k := range editor.mapping() {
				mapping[h] = k
			}
			u.runImport(path, sheet.Selected, mapping)
		}
	}, u.win)
	d.Resize(fyne.NewSize(760, 600))
	d.Show()
}

// savedMapping returns the column choices kept by the wizard, if any.
func (u *App) savedMapping() map[string]string {
	if u.d == nil {
		return nil
	}
	m, _ := u.d.SavedMapping(bg, dossier.WizardMapping)
	if m == nil {
		return nil
	}
	return m.Columns
}

// previewText describes, in French, what an import will do.
func previewText(res *dossier.ImportResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Colonnes reconnues (%d) :\n", len(res.Columns))
	for _, c := range res.Columns {
		fmt.Fprintf(&b, "  %s « %s » → %s\n", c.Letter, c.Header, c.Label)
	}
	if len(res.Unknown)+len(res.Ignored) > 0 {
		b.WriteString("\nColonnes ignorées :\n")
		for _, c := range append(append([]excel.ColumnInfo{}, res.Unknown...), res.Ignored...) {
			fmt.Fprintf(&b, "  %s « %s » : %s\n", c.Letter, c.Header, c.Reason)
		}
	}
	if len(res.Defaults) > 0 {
		b.WriteString("\nValeurs par défaut pour les données absentes :\n")
		for _, d := range res.Defaults {
			fmt.Fprintf(&b, "  %s : %s\n", d.Label, d.Value)
		}
	}
	return b.String()
}

// runImport imports with a progress bar and a cancel button, then shows
// the result.
func (u *App) runImport(path, sheet string, mapping map[string]string) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	label := widget.NewLabel("Lecture du classeur…")
	stop := widget.NewButton("Annuler l'import", cancel)
	progress := dialog.NewCustomWithoutButtons("Import en cours", container.NewVBox(label, bar, stop), u.win)
	progress.Show()
	go func() {
		res, err := u.importNow(ctx, path, sheet, mapping, func(done, total int) {
			fyne.Do(func() {
				label.SetText(fmt.Sprintf("%d ligne(s) lue(s)", done))
				if total > 0 {
					bar.SetValue(float64(done) / float64(total))
				}
			})
		})
		fyne.Do(func() {
			progress.Hide()
			cancel()
			if err != nil {
				u.showError(err)
				return
			}
			u.showImportResult(res)
		})
	}()
}

// importNow runs the import and refreshes the views.
func (u *App) importNow(ctx context.Context, path, sheet string, mapping map[string]string, progress func(done, total int)) (*dossier.ImportResult, error) {
	opt := dossier.ImportOptions{Sheet: sheet, Progress: progress, Mapping: mapping}
	if len(mapping) > 0 {
		opt.SaveMapping = dossier.WizardMapping
	}
	res, err := u.d.ImportSheet(ctx, path, opt)
	fyne.Do(func() {
		if rerr := u.Refresh(); rerr != nil && err == nil {
			u.showError(rerr)
		}
	})
	return res, err
}

// importResultList lists a result's errors; choosing one opens its passage.
func (u *App) importResultList(res *dossier.ImportResult) *widget.List {
	list := widget.NewList(func() int { return len(res.Errors) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := res.Errors[i]
			place := fmt.Sprintf("Ligne %d", e.Row)
			if e.Column != "" {
				place += ", " + e.Column
			}
			o.(*widget.Label).SetText(place + " — " + e.Message)
		})
	list.OnSelected = func(i widget.ListItemID) {
		if id := res.Errors[i].IDTechnique; id != "" {
			if _, err := u.openPassage(id); err != nil {
				u.showError(err)
			}
		}
		list.UnselectAll()
	}
	return list
}

func (u *App) showImportResult(res *dossier.ImportResult) {
	head := widget.NewLabel(fmt.Sprintf("%d ligne(s) lue(s) : %d passage(s) ajouté(s), %d mis à jour, %d inchangé(s) ; %d ligne(s) à compléter.\n%s",
		res.Rows, res.Imported, res.Updated, res.Unchanged, res.Flagged, strings.Join(res.Notices, "\n")))
	head.Wrapping = fyne.TextWrapWord
	var body fyne.CanvasObject = widget.NewLabel("Aucune erreur.")
	if len(res.Errors) > 0 {
		body = u.importResultList(res)
	}
	d := dialog.NewCustom("Import terminé", "Fermer", container.NewBorder(head, nil, nil, nil, body), u.win)
	d.Resize(fyne.NewSize(820, 520))
	d.Show()
}

func shortName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}
