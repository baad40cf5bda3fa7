package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// organismeView is the Organisme screen: emetteur, certificateurs and the
// targeted XSD, and the deposits with what the CDC said of them.
type organismeView struct {
	u        *App
	content  fyne.CanvasObject
	emetteur *widget.Label
	certifs  *widget.Label
	certList *fyne.Container
	xsd      *widget.Label
	deposits *widget.Label
}

func newOrganismeView(u *App) *organismeView {
	v := &organismeView{u: u, emetteur: widget.NewLabel(""), certifs: widget.NewLabel(""), xsd: widget.NewLabel(""), deposits: widget.NewLabel(""),
		certList: container.NewVBox()}
	v.deposits.Wrapping = fyne.TextWrapWord
	load := widget.NewButton("Charger le XSD du kit CDC…", u.loadXSDDialog)
	backups := widget.NewButton("Restaurer une sauvegarde…", u.backupsDialog)
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.content = container.NewVScroll(container.NewVBox(
		bold("Émetteur"), container.NewBorder(nil, nil, nil, widget.NewButton("Modifier…", u.emetteurDialog), v.emetteur),
		bold("Certificateur(s)"), v.certifs, container.NewHBox(widget.NewButton("Ajouter un certificateur…", u.certificateurDialog)),
		widget.NewSeparator(), bold("Certifications"), v.certList,
		widget.NewSeparator(), bold("Format de dépôt"), v.xsd, container.NewHBox(load),
		widget.NewSeparator(), bold("Dépôts"), v.deposits,
		widget.NewSeparator(), bold("Sauvegardes"), widget.NewLabel("Une copie du dossier est faite avant chaque export et chaque lecture d'accusé."), container.NewHBox(backups),
	))
	return v
}

func (v *organismeView) load(d *dossier.Dossier) error {
	s, err := d.Summary(bg, time.Now())
	if err != nil {
		return err
	}
	v.emetteur.SetText(core.FieldByKey(core.KeyEmetteurID).Label + " : " + s.Emetteur)
	var lines []string
	for _, c := range s.Certificateurs {
		line := fmt.Sprintf("%s — contrat %s", c.IDClient, c.Contrat)
		if c.Nature != "" {
			line += " — " + core.FieldByKey(core.KeyNatureDeposant).EnumLabel(c.Nature)
		}
		lines = append(lines, line)
	}
	v.certifs.SetText(strings.Join(lines, "\n"))
	byID, err := d.Certifications(bg)
	if err != nil {
		return err
	}
	certs := make([]core.Certification, 0, len(byID))
	for _, c := range byID {
		certs = append(certs, c)
	}
	sort.Slice(certs, func(i, j int) bool { return certs[i].Code < certs[j].Code })
	v.certList.Objects = []fyne.CanvasObject{v.u.certificationsBox(certs, s.Certificateurs)}
	v.certList.Refresh()
	f, err := d.Format(bg)
	if err != nil {
		return err
	}
	if f.Source == dossier.SourceLoaded {
		v.xsd.SetText(fmt.Sprintf("XSD %s, chargé depuis %s : il valide chaque export.", f.Version, f.FileName))
	} else {
		v.xsd.SetText(fmt.Sprintf("XSD %s, schéma intégré à Certidépôt. Chargez le XSD de votre kit CDC pour passer à une version plus récente.", f.Version))
	}
	deps, err := d.Deposits(bg)
	if err != nil {
		return err
	}
	if len(deps) == 0 {
		v.deposits.SetText("Aucun dépôt pour l'instant.")
		return nil
	}
	lines = lines[:0]
	for i := len(deps) - 1; i >= 0; i-- {
		dep := deps[i]
		lines = append(lines, fmt.Sprintf("%s — %d passage(s) — %s — OK %d, KO %d, en attente %d", dep.File, dep.Passages, dep.Accuse.Label, dep.Accuse.OK, dep.Accuse.KO, dep.Accuse.Waiting))
	}
	v.deposits.SetText(strings.Join(lines, "\n"))
	return nil
}

// loadXSD stores an XSD from a CDC kit in the dossier and checks every
// passage again against the version it declares.
func (u *App) loadXSD(path string) (string, error) {
	f, err := u.d.LoadXSD(bg, path)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("XSD %s chargé : il validera les prochains exports. %d passage(s) ont des erreurs au regard de ce format.", f.Version, f.WithErrors), nil
}

func (u *App) loadXSDDialog() {
	if u.d == nil {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			if err != nil {
				u.showError(err)
			}
			return
		}
		path := r.URI().Path()
		r.Close()
		u.runAndReport(func() (string, error) { return u.loadXSD(path) })
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xsd"}))
	d.Show()
}
