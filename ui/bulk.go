package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// The actions on the checked passages of the list.

// bulkFields are the fields a bulk edit may set, by label.
func bulkFields() (labels []string, byLabel map[string]*core.Field) {
	byLabel = map[string]*core.Field{}
	for _, f := range core.FieldsOfScope(core.ScopePassage) {
		if f.Key == core.KeyIDTechnique {
			continue
		}
		labels = append(labels, f.Label)
		byLabel[f.Label] = f
	}
	return labels, byLabel
}

// bulkEdit sets one field to one value on the checked passages. The field
// list opens first; the picker is returned for the documentation's
// screenshots to choose a field.
func (v *passagesScreen) bulkEdit() *picker {
	u := v.u
	ids := v.selected()
	locked := len(v.selected(core.StatusDepose, core.StatusAccepte))
	labels, byLabel := bulkFields()
	holder := container.NewVBox()
	var input *fieldInput
	var f *core.Field
	var apply *btn
	check := func() {
		if input == nil {
			apply.Disable()
			return
		}
		val := input.value()
		if val.Empty() {
			input.show(nil) // nothing typed yet: nothing to say
			apply.Disable()
			return
		}
		msg := core.CheckValue(f, val)
		if msg != "" {
			input.show(&core.Issue{Field: f.Key, Message: f.Label + " : " + msg})
			apply.Disable()
			return
		}
		input.show(nil)
		apply.Enable()
	}
	pick := newPicker(u, "Champ à modifier", nil, labels, "", func(label string) {
		f = byLabel[label]
		input = newFieldInput(u, f, core.Value{}, check)
		holder.Objects = []fyne.CanvasObject{input.box()}
		holder.Refresh()
		check()
		u.win.Canvas().Focus(input.focusable())
	})
	scope := fmt.Sprintf("La valeur sera donnée aux %s, qui seront vérifiés à nouveau.", plural(len(ids), "passage coché", "passages cochés"))
	if locked > 0 {
		scope += fmt.Sprintf(" %s (déposés ou acceptés) resteront tels quels.", plural(locked, "passage verrouillé", "passages verrouillés"))
	}
	var m *modal
	apply = button("Appliquer", theme.ConfirmIcon(), widget.HighImportance, func() {
		if input == nil {
			return
		}
		edit := dossier.FieldEdit{IDs: ids, Field: f.Key, Value: input.value()}
		m.hide()
		d := u.d
		background(&u.jobs, ctxBG, func(ctx context.Context) (*dossier.FieldEditResult, error) { return d.SetField(ctx, edit) },
			func(res *dossier.FieldEditResult, err error) {
				if err != nil {
					u.showError(err)
					return
				}
				v.showUndo(res)
				u.invalidate(u.list, u.home)
				u.dirty[u.dep] = true
			})
	})
	apply.Disable()
	m = u.newModal("Modifier un champ des passages cochés", container.NewVBox(note(scope), container.NewBorder(nil, nil, bold("Champ"), nil, pick.btn), holder))
	m.buttons(button("Annuler", theme.CancelIcon(), widget.MediumImportance, m.hide), apply).show()
	m.resize(620, 420)
	pick.open()
	return pick
}

// showUndo tells what a bulk edit did, with the button that undoes it.
func (v *passagesScreen) showUndo(res *dossier.FieldEditResult) {
	u := v.u
	f := core.FieldByKey(res.Field)
	text := fmt.Sprintf("« %s » mis à « %s » sur %s.", f.Label, dossier.DisplayValue(f, res.Value), plural(len(res.Changed), "passage", "passages"))
	if res.Unchanged > 0 {
		text += fmt.Sprintf(" %s l'avaient déjà.", plural(res.Unchanged, "passage", "passages"))
	}
	if len(res.Locked) > 0 {
		text += fmt.Sprintf(" %s, verrouillés, sont restés tels quels.", plural(len(res.Locked), "passage", "passages"))
	}
	var undo *btn
	undo = button("Annuler la modification", theme.ContentUndoIcon(), widget.MediumImportance, func() {
		undo.Disable()
		d := u.d
		background(&u.jobs, ctxBG, func(ctx context.Context) (int, error) { return d.UndoSetField(ctx, res) }, func(n int, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			v.undoBar.Objects = []fyne.CanvasObject{toneCard(core.ToneReady, note(fmt.Sprintf("Modification annulée : %s retrouvé leur valeur.", plural(n, "passage a", "passages ont"))),
				container.NewHBox(button("Fermer", theme.CancelIcon(), widget.LowImportance, v.closeUndo)))}
			v.undoBar.Refresh()
			u.invalidate(u.list, u.home)
		})
	})
	if len(res.Changed) == 0 {
		undo.Disable()
	}
	v.undoBar.Objects = []fyne.CanvasObject{toneCard(core.ToneReady, note(text),
		container.NewHBox(undo, button("Fermer", theme.CancelIcon(), widget.LowImportance, v.closeUndo)))}
	v.undoBar.Refresh()
}

func (v *passagesScreen) closeUndo() {
	v.undoBar.Objects = nil
	v.undoBar.Refresh()
}

// changeCertification moves the checked passages to a certification of
// the dossier (or a new one).
func (v *passagesScreen) changeCertification() {
	u := v.u
	ids := v.selected()
	if n := len(v.selected(core.StatusDepose, core.StatusAccepte)); n > 0 {
		u.showError(fmt.Errorf("%s cochés sont déposés ou acceptés : leur certification ne peut plus changer. Décochez-les, puis recommencez", plural(n, "passage", "passages")))
		return
	}
	u.chooseCertification(fmt.Sprintf("Certification des %s", plural(len(ids), "passage coché", "passages cochés")), 0, func(c core.Certification) {
		d := u.d
		background(&u.jobs, ctxBG, func(ctx context.Context) (int, error) { return d.ChangeCertification(ctx, ids, c.ID) }, func(n int, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			u.info("Certification changée", fmt.Sprintf("%s désormais rattaché(s) à %s, et vérifié(s) à nouveau.", plural(n, "passage est", "passages sont"), c.Label()))
			u.invalidate(u.list, u.home)
		})
	})
}

// resend puts the checked rejected passages back in the next deposit as
// they are, after confirmation.
func (v *passagesScreen) resend() {
	u := v.u
	ids := v.selected(core.StatusRejete)
	u.confirm("Renvoyer tels quels", fmt.Sprintf("Remettre %s dans le prochain dépôt sans les modifier ? À faire seulement si la CDC les a rejetés à tort (par exemple un titulaire qu'elle ne trouvait pas encore).",
		plural(len(ids), "passage rejeté", "passages rejetés")), "Renvoyer", widget.HighImportance, func() {
		d := u.d
		background(&u.jobs, ctxBG, func(ctx context.Context) (int, error) { return d.Resend(ctx, ids) }, func(n int, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			u.info("Renvoyer", fmt.Sprintf("%s dans le prochain dépôt.", plural(n, "passage remis", "passages remis")))
			u.invalidate(u.list, u.home)
			u.dirty[u.dep] = true
		})
	})
}

// deleteSelected deletes the checked passages never sent, after
// confirmation.
func (v *passagesScreen) deleteSelected() {
	u := v.u
	ids := v.selected(core.StatusACompleter, core.StatusPret)
	others := len(v.sel) - len(ids)
	text := fmt.Sprintf("Supprimer définitivement %s jamais envoyés à la CDC ? Cette action ne peut pas être annulée (une sauvegarde du dossier permet de revenir en arrière).", plural(len(ids), "passage", "passages"))
	if others > 0 {
		text += fmt.Sprintf(" %s envoyés à la CDC restent dans le dossier.", plural(others, "passage coché", "passages cochés"))
	}
	u.confirm("Supprimer des passages", text, "Supprimer", widget.DangerImportance, func() {
		d := u.d
		background(&u.jobs, ctxBG, func(ctx context.Context) (int, error) { return d.Delete(ctx, ids) }, func(n int, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			u.info("Supprimer", plural(n, "passage supprimé.", "passages supprimés."))
			u.invalidate(u.list, u.home)
			u.dirty[u.dep] = true
		})
	})
}

// chooseCertification asks for one of the dossier's certifications, or a
// new one; current is the one to show selected (0: none).
func (u *App) chooseCertification(title string, current int64, then func(core.Certification)) {
	d := u.d
	background(&u.jobs, ctxBG, func(ctx context.Context) (map[int64]core.Certification, error) { return d.Certifications(ctx) },
		func(certs map[int64]core.Certification, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			labels := []string{}
			byLabel := map[string]core.Certification{}
			sel := ""
			for _, c := range certs {
				labels = append(labels, c.Label())
				byLabel[c.Label()] = c
				if c.ID == current {
					sel = c.Label()
				}
			}
			const addNew = "Ajouter une certification…"
			var m *modal
			pick := newPicker(u, "Certification", []string{addNew}, labels, sel, nil)
			ok := button("Choisir", theme.ConfirmIcon(), widget.HighImportance, func() {
				switch pick.selected {
				case "":
					return
				case addNew:
					m.hide()
					u.org.certificationDialog(core.Certification{Type: "RNCP"}, func(c core.Certification) { then(c) })
				default:
					m.hide()
					then(byLabel[pick.selected])
				}
			})
			m = u.newModal(title, container.NewVBox(note("Choisissez parmi les certifications du dossier, ou ajoutez-en une."), pick.btn))
			m.buttons(button("Annuler", theme.CancelIcon(), widget.MediumImportance, m.hide), ok).show()
			m.resize(560, 220)
		})
}
