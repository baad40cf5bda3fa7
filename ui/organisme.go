package ui

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// organismeScreen is the organisation: emetteur, certificateurs,
// certifications, the targeted format and the backups.
type organismeScreen struct {
	u        *App
	content  fyne.CanvasObject
	emetteur *widget.Label
	certifs  *fyne.Container
	certs    *fyne.Container
	xsd      *widget.Label
	to115    *btn
	eraseNIR *widget.Check
	data     orgData
	gen      int
}

type orgData struct {
	summary  dossier.Summary
	certs    []core.Certification
	format   dossier.Format
	eraseNIR bool
}

func newOrganismeScreen(u *App) *organismeScreen {
	s := &organismeScreen{u: u, emetteur: widget.NewLabel(""), certifs: container.NewVBox(), certs: container.NewVBox(), xsd: note("")}
	s.to115 = button("Passer au format 1.1.5…", theme.ViewRefreshIcon(), widget.LowImportance, s.use115)
	s.to115.Hide()
	s.eraseNIR = widget.NewCheck("Effacer le NIR des titulaires une fois leurs passages acceptés", nil)
	s.content = scrolled(container.NewVBox(
		heading("Organisme"),
		card(container.NewBorder(nil, nil, bold("Émetteur"), button("Modifier…", theme.DocumentCreateIcon(), widget.LowImportance, s.emetteurDialog), s.emetteur)),
		card(container.NewBorder(nil, nil, bold("Certificateurs"), button("Ajouter un certificateur…", theme.ContentAddIcon(), widget.LowImportance, func() { s.certificateurDialog(nil) })),
			s.certifs),
		card(container.NewBorder(nil, nil, bold("Certifications"), button("Ajouter une certification…", theme.ContentAddIcon(), widget.LowImportance, func() {
			s.certificationDialog(core.Certification{Type: "RNCP"}, nil)
		})), s.certs),
		card(bold("Format de dépôt"), s.xsd, container.NewHBox(button("Charger le XSD du kit CDC…", theme.FolderOpenIcon(), widget.LowImportance, s.loadXSDDialog), s.to115)),
		card(bold("Données personnelles"),
			note("Le NIR (numéro de sécurité sociale) ne sert qu'à identifier un titulaire auprès de la CDC : une fois tous ses passages acceptés, le dossier n'a plus besoin de le garder."),
			s.eraseNIR,
			dim("Après chaque accusé de traitement, le NIR des titulaires dont tous les passages sont acceptés est alors effacé du dossier."),
			container.NewHBox(button("Effacer maintenant les NIR des passages acceptés…", theme.DeleteIcon(), widget.LowImportance, s.eraseNIRsNow))),
		card(bold("Sauvegardes"), note("Une copie du dossier est faite avant chaque dépôt et chaque lecture d'accusé."),
			container.NewHBox(button("Restaurer une sauvegarde…", theme.HistoryIcon(), widget.LowImportance, s.backupsDialog))),
	))
	return s
}

func (s *organismeScreen) view() fyne.CanvasObject { return s.content }
func (s *organismeScreen) show()                   {}

func (s *organismeScreen) reload() {
	d := s.u.d
	if d == nil {
		return
	}
	s.gen++
	gen := s.gen
	background(&s.u.jobs, ctxBG, func(ctx context.Context) (orgData, error) {
		var o orgData
		var err error
		if o.summary, err = d.Summary(ctx, core.Now()); err != nil {
			return o, err
		}
		byID, err := d.Certifications(ctx)
		if err != nil {
			return o, err
		}
		for _, c := range byID {
			o.certs = append(o.certs, c)
		}
		sort.Slice(o.certs, func(i, j int) bool { return o.certs[i].Code < o.certs[j].Code })
		if o.format, err = d.Format(ctx); err != nil {
			return o, err
		}
		o.eraseNIR, err = d.EraseNIRWhenAccepted(ctx)
		return o, err
	}, func(o orgData, err error) {
		if gen != s.gen || s.u.d != d {
			return
		}
		if err != nil {
			s.u.showError(err)
			return
		}
		s.data = o
		s.fill()
	})
}

func (s *organismeScreen) fill() {
	o := s.data
	s.emetteur.SetText(core.FieldByKey(core.KeyEmetteurID).Label + " : " + o.summary.Emetteur)
	nature := core.FieldByKey(core.KeyNatureDeposant)
	s.certifs.Objects = nil
	for _, c := range o.summary.Certificateurs {
		ce := c
		text := fmt.Sprintf("%s — contrat %s", c.IDClient, c.Contrat)
		if l := nature.EnumLabel(c.Nature); l != "" {
			text += " — " + l
		}
		s.certifs.Add(container.NewBorder(nil, nil, nil, button("Modifier…", theme.DocumentCreateIcon(), widget.LowImportance, func() { s.certificateurDialog(&ce) }), widget.NewLabel(text)))
	}
	s.certifs.Refresh()
	s.certs.Objects = nil
	for _, c := range o.certs {
		cert := c
		l := widget.NewLabel(c.Label())
		l.Truncation = fyne.TextTruncateEllipsis
		s.certs.Add(container.NewBorder(nil, nil, nil, button("Modifier…", theme.DocumentCreateIcon(), widget.LowImportance, func() { s.certificationDialog(cert, nil) }), l))
	}
	if len(o.certs) == 0 {
		s.certs.Add(dim("Aucune certification : elles sont créées à l'import, ou ici."))
	}
	s.certs.Refresh()
	if o.format.Source == dossier.SourceLoaded {
		s.xsd.SetText(fmt.Sprintf("XSD %s, chargé depuis %s : il vérifie chaque dépôt.", o.format.Version, o.format.FileName))
	} else {
		s.xsd.SetText(fmt.Sprintf("XSD %s, schéma intégré à Certidépôt. Chargez le XSD de votre kit CDC pour passer à une version plus récente.", o.format.Version))
	}
	s.setEraseNIR(o.eraseNIR)
	if o.format.Withdrawals() {
		s.to115.Hide()
	} else {
		s.xsd.SetText(s.xsd.Text + " Le format 1.1.5, celui du kit actuel de la CDC, permet aussi de retirer des passages acceptés et d'identifier un titulaire par son NIR.")
		s.to115.Show()
	}
}

// setEraseNIR shows the setting, without acting on it.
func (s *organismeScreen) setEraseNIR(on bool) {
	s.eraseNIR.OnChanged = nil
	s.eraseNIR.SetChecked(on)
	s.eraseNIR.OnChanged = s.eraseNIRChanged
}

// eraseNIRChanged follows the check box: turned on, after confirmation,
// the NIRs of the holders whose passages were all accepted go now and
// after each accusé; turned off, they stay from now on.
func (s *organismeScreen) eraseNIRChanged(on bool) {
	u, d := s.u, s.u.d
	s.setEraseNIR(!on) // until it is done
	if !on {
		background(&u.jobs, ctxBG, func(ctx context.Context) (bool, error) { return false, d.SetEraseNIRWhenAccepted(ctx, false) },
			func(_ bool, err error) {
				if err != nil {
					u.showError(err)
					return
				}
				s.data.eraseNIR = false
				s.setEraseNIR(false)
			})
		return
	}
	u.confirmLong("Effacer le NIR des titulaires acceptés",
		"Dès maintenant, puis après chaque accusé de traitement, le NIR des titulaires dont tous les passages ont été acceptés par la CDC sera effacé du dossier, pour de bon : il ne pourra pas être retrouvé (sauf dans les sauvegardes faites avant). Le NIR des titulaires qui ont un passage à déposer, déposé ou rejeté est gardé.\n\nPour retirer plus tard de la CDC le passage d'un titulaire identifié par son NIR, il faudra saisir de nouveau ce NIR dans sa fiche.\n\nContinuer ?",
		"Activer et effacer", widget.DangerImportance, func() {
			s.eraseNIRs(true)
		})
}

// eraseNIRsNow erases, after confirmation, the NIRs of the holders whose
// passages were all accepted.
func (s *organismeScreen) eraseNIRsNow() {
	s.u.confirmLong("Effacer les NIR",
		"Effacer maintenant le NIR des titulaires dont tous les passages ont été acceptés par la CDC ? Il est effacé du dossier pour de bon : il ne pourra pas être retrouvé (sauf dans les sauvegardes faites avant). Le NIR des titulaires qui ont un passage à déposer, déposé ou rejeté est gardé.\n\nPour retirer plus tard de la CDC le passage d'un titulaire identifié par son NIR, il faudra saisir de nouveau ce NIR dans sa fiche.",
		"Effacer les NIR", widget.DangerImportance, func() { s.eraseNIRs(false) })
}

// eraseNIRs erases the NIRs of the holders whose passages were all
// accepted; auto also sets the setting.
func (s *organismeScreen) eraseNIRs(auto bool) {
	u, d := s.u, s.u.d
	var setting *bool
	if auto {
		setting = &auto
	}
	// The file is compacted after: no copy of the numbers stays in it.
	withProgress(u, "Effacement des NIR", "Effacement, puis compactage du dossier", func(ctx context.Context, _ func(int, int)) (int, error) {
		return d.EraseAcceptedNIRs(ctx, setting)
	}, func(n int, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if auto {
			s.data.eraseNIR = true
			s.setEraseNIR(true)
		}
		text := "Aucun NIR à effacer pour l'instant : aucun titulaire dont tous les passages sont acceptés n'en a dans le dossier."
		if n > 0 {
			text = plural(n, "NIR effacé", "NIR effacés") + " : " + agree(n, "celui du titulaire dont tous les passages sont acceptés", "ceux des titulaires dont tous les passages sont acceptés") + " par la CDC."
		}
		if auto {
			text += "\n\nDésormais, le NIR sera effacé après chaque accusé de traitement, dès que tous les passages du titulaire sont acceptés."
		}
		u.info("Données personnelles", text)
	})
}

// use115 makes the dossier target Certidépôt's own 1.1.5 schema, after
// confirmation: every passage not yet accepted is checked again.
func (s *organismeScreen) use115() {
	u := s.u
	u.confirm("Passer au format 1.1.5", "Le dossier visera le format 1.1.5 de la CDC, avec le schéma intégré à Certidépôt : les prochains dépôts seront écrits et vérifiés dans ce format. Chaque passage pas encore accepté par la CDC est vérifié de nouveau au regard de ce format. Continuer ?",
		"Passer au format 1.1.5", widget.HighImportance, func() {
			d := u.d
			withProgress(u, "Changement de format", "Vérification des passages au regard du nouveau format", func(ctx context.Context, _ func(int, int)) (dossier.Format, error) {
				return d.UseBuiltinXSD(ctx, core.Version115)
			}, func(f dossier.Format, err error) {
				u.changedAll()
				if err != nil {
					u.showError(err)
					return
				}
				errs := "Aucun passage n'a d'erreur"
				if f.WithErrors > 0 {
					errs = plural(f.WithErrors, "passage a des erreurs", "passages ont des erreurs")
				}
				u.info("Format de dépôt", fmt.Sprintf("Le dossier vise désormais le format %s. %s au regard de ce format.", f.Version, errs))
			})
		})
}

// changed reloads what an organisation change touches.
func (s *organismeScreen) changed() {
	s.u.invalidate(s, s.u.home, s.u.list)
}

func (s *organismeScreen) emetteurDialog() {
	u := s.u
	f := core.FieldByKey(core.KeyEmetteurID)
	e := newEntry()
	e.SetText(s.data.summary.Emetteur)
	e.Validator = func(t string) error {
		if is := core.ValidateScope(core.Values{f.Key: {Text: strings.TrimSpace(t)}}, core.ScopeEmetteur); len(is) > 0 {
			return errors.New(issueText(is[0]))
		}
		return nil
	}
	u.form("Émetteur", "Enregistrer", []*widget.FormItem{{Text: f.Label, Widget: e, HintText: "8 caractères"}}, func() error {
		if err := e.Validate(); err != nil {
			return err
		}
		if err := u.d.SetEmetteur(ctxBG, e.Text); err != nil {
			return err
		}
		s.changed()
		return nil
	})
}

// certificateurDialog adds a certificateur (c nil) or changes the
// contract and nature of one.
func (s *organismeScreen) certificateurDialog(c *core.Certificateur) {
	u := s.u
	id, contrat := newEntry(), newEntry()
	labels, codes := natureChoices()
	nature := newChoice(labels, nil)
	nature.SetSelectedIndex(0)
	title, action := "Ajouter un certificateur", "Ajouter"
	var idItem *widget.FormItem
	if c != nil {
		title, action = "Modifier le certificateur "+c.IDClient, "Enregistrer"
		contrat.SetText(c.Contrat)
		if l := core.FieldByKey(core.KeyNatureDeposant).EnumLabel(c.Nature); l != "" {
			nature.SetSelected(l)
		}
		idItem = &widget.FormItem{Text: core.FieldByKey(core.KeyCertifID).Label, Widget: widget.NewLabel(c.IDClient)}
	} else {
		idItem = &widget.FormItem{Text: core.FieldByKey(core.KeyCertifID).Label, Widget: id, HintText: "8 caractères"}
	}
	check := func(key string) func(string) error {
		return func(string) error {
			bcr := id.Text
			if c != nil {
				bcr = c.IDClient
			}
			for _, is := range core.ValidateScope(core.Values{core.KeyCertifID: {Text: strings.TrimSpace(bcr)}, core.KeyContrat: {Text: strings.TrimSpace(contrat.Text)}}, core.ScopeCertificateur) {
				if is.Field == key {
					return errors.New(issueText(is))
				}
			}
			return nil
		}
	}
	id.Validator, contrat.Validator = check(core.KeyCertifID), check(core.KeyContrat)
	u.form(title, action, []*widget.FormItem{idItem,
		{Text: core.FieldByKey(core.KeyContrat).Label, Widget: contrat, HintText: "20 caractères au plus"},
		{Text: core.FieldByKey(core.KeyNatureDeposant).Label, Widget: nature}}, func() error {
		var err error
		if c == nil {
			err = u.d.AddCertificateur(ctxBG, core.Certificateur{IDClient: id.Text, Contrat: contrat.Text, Nature: codes[nature.Selected]})
		} else {
			err = u.d.UpdateCertificateur(ctxBG, core.Certificateur{ID: c.ID, IDClient: c.IDClient, Contrat: contrat.Text, Nature: codes[nature.Selected]})
		}
		if err != nil {
			return err
		}
		s.changed()
		return nil
	})
}

// certificationDialog edits c, or creates one when c.ID is 0; then gets
// the saved certification. The code is checked against its type as it
// is typed, and the form keeps its input when saving fails.
func (s *organismeScreen) certificationDialog(c core.Certification, then func(core.Certification)) {
	u := s.u
	typeField := core.FieldByKey(core.KeyCertType)
	var typeLabels []string
	for _, e := range typeField.Enum {
		typeLabels = append(typeLabels, e.Label)
	}
	typ := newChoice(typeLabels, nil)
	typ.Selected = typeField.EnumLabel(c.Type)
	code, titre := newEntry(), newEntry()
	code.SetText(c.Code)
	code.SetPlaceHolder("par exemple RNCP34825 ou RS5286")
	titre.SetText(c.Titre)
	labels, codes := natureChoices()
	nature := newChoice(labels, nil)
	nature.SetSelectedIndex(0)
	if l := core.FieldByKey(core.KeyNatureDeposant).EnumLabel(c.Nature); l != "" {
		nature.Selected = l
	}
	typeCode := func() string {
		for _, e := range typeField.Enum {
			if e.Label == typ.Selected {
				return e.Code
			}
		}
		return ""
	}
	code.Validator = func(t string) error {
		rec := core.Values{}
		rec.Set(core.KeyCertType, typeCode())
		rec.Set(core.KeyCertCode, strings.TrimSpace(t))
		for _, is := range u.d.Validator().Passage(rec, core.Options{}) {
			if is.Field == core.KeyCertCode {
				return errors.New(issueText(is))
			}
		}
		return nil
	}
	typ.OnChanged = func(string) { code.Validate() }
	items := []*widget.FormItem{
		{Text: typeField.Label, Widget: typ},
		{Text: core.FieldByKey(core.KeyCertCode).Label, Widget: code, HintText: "Code de la fiche France compétences"},
		{Text: "Intitulé", Widget: titre, HintText: "Pour vous y retrouver ; il ne part pas à la CDC"},
		{Text: core.FieldByKey(core.KeyNatureDeposant).Label, Widget: nature},
	}
	var owner *choice
	certificateurs := s.data.summary.Certificateurs
	if c.ID == 0 && len(certificateurs) > 1 {
		var ids []string
		for _, ce := range certificateurs {
			ids = append(ids, ce.IDClient)
		}
		owner = newChoice(ids, nil)
		owner.SetSelectedIndex(0)
		items = append(items, &widget.FormItem{Text: "Certificateur", Widget: owner})
	}
	title := "Modifier la certification"
	if c.ID == 0 {
		title = "Ajouter une certification"
		if len(certificateurs) > 0 {
			c.CertificateurID = certificateurs[0].ID
		}
	}
	u.form(title, "Enregistrer", items, func() error {
		if typ.Selected == "" {
			return errors.New("Choisissez le type de la certification.")
		}
		if err := code.Validate(); err != nil {
			return err
		}
		c.Type, c.Code, c.Titre, c.Nature = typeCode(), code.Text, titre.Text, codes[nature.Selected]
		if owner != nil {
			for _, ce := range certificateurs {
				if ce.IDClient == owner.Selected {
					c.CertificateurID = ce.ID
				}
			}
		}
		saved, err := u.d.SaveCertification(ctxBG, c)
		if err != nil {
			return err
		}
		s.changed()
		if then != nil {
			then(saved)
		}
		return nil
	})
}

// loadXSDDialog stores an XSD from a CDC kit, behind a progress bar: each
// passage is checked again against the version it declares.
func (s *organismeScreen) loadXSDDialog() {
	u := s.u
	u.chooseOpen("Charger le XSD du kit CDC", []string{".xsd"}, func(path string) {
		d := u.d
		withProgress(u, "Chargement du XSD", "Vérification des passages au regard du nouveau format", func(ctx context.Context, _ func(int, int)) (dossier.Format, error) {
			return d.LoadXSD(ctx, path)
		}, func(f dossier.Format, err error) {
			u.changedAll()
			if err != nil {
				u.showError(err)
				return
			}
			u.info("Format de dépôt", fmt.Sprintf("XSD %s chargé : il vérifiera les prochains dépôts. %s au regard de ce format.", f.Version, plural(f.WithErrors, "passage a des erreurs", "passages ont des erreurs")))
		})
	})
}

// backupsDialog lists the dossier's automatic backups and restores the
// one the user picks, after confirmation.
func (s *organismeScreen) backupsDialog() {
	u := s.u
	if !u.needDossier() {
		return
	}
	bs, err := u.d.Backups()
	if err != nil {
		u.showError(err)
		return
	}
	if len(bs) == 0 {
		u.info("Sauvegardes", "Aucune sauvegarde pour l'instant : Certidépôt en fait une avant chaque dépôt et chaque lecture d'accusé.")
		return
	}
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = b.ModTime.Format("02/01/2006 à 15:04") + " — " + b.Name
	}
	choice := newChoice(names, nil)
	choice.SetSelectedIndex(0)
	var m *modal
	m = u.newModal("Restaurer une sauvegarde", container.NewVBox(note("Choisissez l'état du dossier à retrouver :"), choice))
	m.buttons(button("Annuler", theme.CancelIcon(), widget.MediumImportance, m.hide), button("Restaurer…", theme.HistoryIcon(), widget.HighImportance, func() {
		b := bs[choice.SelectedIndex()]
		m.hide()
		u.confirm("Restaurer une sauvegarde", fmt.Sprintf("Le dossier va revenir à son état du %s. L'état actuel sera d'abord sauvegardé. Continuer ?", b.ModTime.Format("02/01/2006 à 15:04")),
			"Restaurer", widget.DangerImportance, func() {
				if err := u.d.Restore(ctxBG, b.Path); err != nil {
					u.showError(err)
					return
				}
				u.changedAll()
				u.info("Sauvegardes", "Dossier restauré.")
			})
	})).show()
	m.resize(600, 220)
}
