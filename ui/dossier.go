package ui

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
	"github.com/certidepot/certidepot/core/excel"
)

const recentKey = "dossiers.recents"

// recent returns the dossiers opened lately, most recent first; those
// whose file is gone (moved, deleted) are dropped for good.
func (u *App) recent() []string {
	var out []string
	saved := u.recentList()
	for _, p := range saved {
		if p != "" && fileExists(p) {
			out = append(out, p)
		}
	}
	if len(out) != len(saved) {
		u.setRecentList(out)
	}
	return out
}

// maxRecent is how many recent dossiers are kept.
const maxRecent = 6

func (u *App) remember(path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	list := []string{path}
	for _, p := range u.recent() {
		if p != path && len(list) < maxRecent {
			list = append(list, p)
		}
	}
	u.setRecentList(list)
}

// openDialog lets the user choose a dossier file.
func (u *App) openDialog() {
	u.leave(func() {
		u.chooseOpen("Ouvrir un dossier Certidépôt", []string{dossier.Extension}, u.openPath)
	})
}

// issueText is an issue's message without its field's label, for a form
// that shows it under that field.
func issueText(is core.Issue) string {
	if f := core.FieldByKey(is.Field); f != nil {
		if rest, ok := strings.CutPrefix(is.Message, f.Label+" : "); ok {
			return sentence(rest)
		}
	}
	return is.Message
}

// natureChoices are the natureDeposant labels, and their codes.
func natureChoices() ([]string, map[string]string) {
	f := core.FieldByKey(core.KeyNatureDeposant)
	labels, codes := []string{"(non précisée)"}, map[string]string{"(non précisée)": ""}
	for _, e := range f.Enum {
		labels = append(labels, e.Label)
		codes[e.Label] = e.Code
	}
	return labels, codes
}

// orgForm is the organisation's identifiers, checked as they are typed.
type orgForm struct {
	emetteur, certificateur, contrat *entry
	nature                           *choice
	codes                            map[string]string
}

func newOrgForm() *orgForm {
	o := &orgForm{emetteur: newEntry(), certificateur: newEntry(), contrat: newEntry()}
	o.emetteur.SetPlaceHolder("8 caractères, par exemple 12ABC345")
	o.certificateur.SetPlaceHolder("vide : le même que l'émetteur")
	o.contrat.SetPlaceHolder("par exemple MCFCER000123")
	var labels []string
	labels, o.codes = natureChoices()
	o.nature = newChoice(labels, nil)
	o.nature.SetSelectedIndex(0)
	check := func(key string) func(string) error {
		return func(string) error {
			for _, is := range o.org().Check() {
				if is.Field == key {
					return errors.New(issueText(is))
				}
			}
			return nil
		}
	}
	o.emetteur.Validator = check(core.KeyEmetteurID)
	o.certificateur.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil // the emetteur's, checked there
		}
		return check(core.KeyCertifID)(s)
	}
	o.contrat.Validator = check(core.KeyContrat)
	return o
}

func (o *orgForm) org() dossier.Organisation {
	return dossier.Organisation{Emetteur: o.emetteur.Text, Certificateur: o.certificateur.Text, Contrat: o.contrat.Text, Nature: o.codes[o.nature.Selected]}
}

func (o *orgForm) items() []*widget.FormItem {
	return []*widget.FormItem{
		{Text: core.FieldByKey(core.KeyEmetteurID).Label, Widget: o.emetteur, HintText: "Communiqué par la Caisse des Dépôts à l'organisme qui dépose."},
		{Text: core.FieldByKey(core.KeyCertifID).Label, Widget: o.certificateur, HintText: "À remplir seulement si vous déposez pour un autre organisme (tiers de confiance)."},
		{Text: core.FieldByKey(core.KeyContrat).Label, Widget: o.contrat, HintText: " "},
		{Text: core.FieldByKey(core.KeyNatureDeposant).Label, Widget: o.nature},
	}
}

// newDossierDialog asks for the organisation's identifiers, checked as
// they are typed, then where to save the dossier; the form stays open
// with what was typed until the dossier is created.
func (u *App) newDossierDialog() {
	u.leave(func() {
		o := newOrgForm()
		var f *formDialog
		f = u.form("Nouveau dossier", "Choisir où l'enregistrer…", o.items(), func() error {
			if issues := o.org().Check(); len(issues) > 0 {
				return errors.New(issues[0].Message)
			}
			u.chooseSave("Enregistrer le nouveau dossier", strings.TrimSpace(o.emetteur.Text)+dossier.Extension, []string{dossier.Extension}, refuseOverwrite, func(path string) {
				if err := u.createDossier(path, o.org()); err != nil {
					f.fail(err.Error())
					return
				}
				f.hide()
			})
			return errKeepOpen
		})
	})
}

// errKeepOpen keeps a form open without a message (its action goes on
// in another dialog).
var errKeepOpen = errors.New("")

// createDossier makes a new dossier and opens it.
func (u *App) createDossier(path string, org dossier.Organisation) error {
	if !strings.HasSuffix(path, dossier.Extension) {
		path += dossier.Extension
	}
	d, err := dossier.Create(ctxBG, path, org)
	if err != nil {
		return err
	}
	d.Close()
	return u.Open(path)
}

// templateDialog writes the Excel template where the user chooses.
func (u *App) templateDialog() {
	u.chooseSave("Enregistrer le modèle Excel", "modele-certidepot.xlsx", []string{".xlsx"}, askOverwrite, func(path string) {
		if err := excel.WriteTemplate(path, core.Now()); err != nil {
			u.showError(err)
			return
		}
		u.info("Modèle Excel", "Modèle écrit : "+path+"\n\nRemplissez une ligne par diplômé, puis importez le classeur (Importer, Ctrl+I).")
	})
}
