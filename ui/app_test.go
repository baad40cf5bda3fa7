package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
	"github.com/certidepot/certidepot/core/excel"
)

func sampleDossier(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "exemple.certidepot")
	d, err := dossier.CreateSample(context.Background(), path, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), 50)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	return path
}

// openSample opens a fresh sample dossier in a test window.
func openSample(t *testing.T) *App {
	t.Helper()
	u := New(test.NewTempApp(t))
	if err := u.Open(sampleDossier(t)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(u.closeDossier)
	return u
}

func TestOpenSampleShowsCountsAndPassages(t *testing.T) {
	u := openSample(t)
	if got := u.win.Title(); got != "Certidépôt — exemple.certidepot" {
		t.Errorf("title %q", got)
	}
	if got := u.home.title.Text; got != "Dossier de l'émetteur 12ABC345" {
		t.Errorf("home title %q", got)
	}
	if got := u.home.counts[core.StatusPret].Text; got != "Prêt à déposer : 42" {
		t.Errorf("ready count %q", got)
	}
	if got := u.home.counts[core.StatusACompleter].Text; got != "À compléter : 8" {
		t.Errorf("to-complete count %q", got)
	}
	if rows, cols := u.list.table.Length(); rows != 50 || cols != 5 {
		t.Fatalf("table %dx%d", rows, cols)
	}
	if got := u.list.count.Text; got != "50 passages." {
		t.Errorf("count %q", got)
	}
	// Row 3 of the sample is the holder whose sex was typed "H".
	if got := u.list.cell(widget.TableCellID{Row: 3, Col: 3}); got != "À compléter" {
		t.Errorf("status cell %q", got)
	}
	if got := u.list.cell(widget.TableCellID{Row: 3, Col: 4}); got == "" || got[:6] != "Sexe :" {
		t.Errorf("first error cell %q", got)
	}
}

func TestOpenRefusesNonDossier(t *testing.T) {
	u := New(test.NewTempApp(t))
	err := u.Open(filepath.Join(t.TempDir(), "absent.certidepot"))
	if err == nil || u.d != nil {
		t.Fatal("opened a missing dossier")
	}
	if u.home.title.Text != "Aucun dossier ouvert" {
		t.Errorf("home changed: %q", u.home.title.Text)
	}
}

func TestExportFromWindowRecordsDepositAndRefreshes(t *testing.T) {
	u := openSample(t)
	out := filepath.Join(t.TempDir(), "depot.xml")
	res, err := u.exportTo(out)
	if err != nil || res.Exported != 42 || len(res.Files) != 1 {
		t.Fatalf("export: %+v %v", res, err)
	}
	summary := exportSummary(res)
	for _, want := range []string{"Fichier prêt : " + out, "42 passage(s), valide au regard du XSD 1.1.2", "8 passage(s) non exporté(s) : à compléter", "Déposer un fichier XML"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if got := u.home.counts[core.StatusDepose].Text; got != "Déposé, en attente de l'accusé : 42" {
		t.Errorf("deposited count %q", got)
	}
}

func TestImportAndAccuseFromWindow(t *testing.T) {
	u := openSample(t)
	tpl := filepath.Join(t.TempDir(), "modele.xlsx")
	if err := excel.WriteTemplate(tpl, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); err != nil { // another example than the dossier's
		t.Fatal(err)
	}
	imported, err := u.importNow(context.Background(), tpl, "", nil, nil)
	if err != nil || imported.Rows != 1 || imported.Imported != 1 {
		t.Fatalf("import: %+v %v", imported, err)
	}
	if got := u.list.count.Text; got != "51 passages." {
		t.Errorf("count after import %q", got)
	}
	dir := t.TempDir()
	res, err := u.exportTo(filepath.Join(dir, "depot.xml"))
	if err != nil {
		t.Fatal(err)
	}
	accuse := filepath.Join(dir, "accuse.xml")
	os.WriteFile(accuse, []byte("<rapport><idFlux>"+res.Files[0].IDFlux+"</idFlux><PassagesKO><passage><idTechnique>"+firstDeposited(t, u)+
		"</idTechnique><messageErreur>Plusieurs titulaires ont été identifiés</messageErreur></passage></PassagesKO></rapport>"), 0o600)
	ar, err := u.d.ReadAccuse(context.Background(), accuse)
	if err != nil {
		t.Fatal(err)
	}
	lines := accuseLines(ar)
	if len(lines) != 1 || lines[0].idTechnique == "" || !strings.Contains(lines[0].text, "Plusieurs titulaires possibles") {
		t.Fatalf("accusé lines: %+v", lines)
	}
	list := u.accuseList(lines)
	list.Select(0) // opens the rejected passage
	u.showAccuse(ar)
}

func firstDeposited(t *testing.T, u *App) string {
	var id string
	u.d.EachListRow(context.Background(), dossier.Filter{Status: core.StatusDepose}, func(r dossier.ListRow) error {
		if id == "" {
			id = r.IDTechnique
		}
		return nil
	})
	return id
}

func TestAboutShowsVersionAndDataLicences(t *testing.T) {
	text := aboutText()
	for _, want := range []string{"Certidépôt " + core.AppVersion, "Source : Insee, Code officiel géographique", "Licence Ouverte", "ODbL"} {
		if !strings.Contains(text, want) {
			t.Errorf("À propos lacks %q", want)
		}
	}
}

func TestPassagesFiltersAndSearch(t *testing.T) {
	u := openSample(t)
	u.list.status.SetSelected(core.StatusACompleter.Label())
	if n := len(u.list.rows); n != 8 {
		t.Fatalf("filter on status: %d rows", n)
	}
	u.list.status.SetSelected(allOption)
	test.Type(u.list.search, "lefevre")
	if n := len(u.list.rows); n == 0 || n > 5 {
		t.Fatalf("search: %d rows", n)
	}
	for _, r := range u.list.rows {
		if !strings.HasPrefix(r.holder, "Lefèvre") {
			t.Fatalf("search found %q", r.holder)
		}
	}
	u.list.search.SetText("")
	u.list.cert.SetSelected("RS5286 — Utilisation d'un tableur")
	if n := len(u.list.rows); n != 25 {
		t.Fatalf("filter on certification: %d rows", n)
	}
}

// The Fiche passage shows, under each field, its problem as the user
// types, and clears it once the value is right.
func TestPassageFormInlineErrors(t *testing.T) {
	u := openSample(t)
	id := u.list.rows[3].idTechnique // the sample's holder whose sex was typed "H"
	pf, err := u.openPassage(id)
	if err != nil {
		t.Fatal(err)
	}
	sexe := pf.fields[core.KeySexe]
	if !sexe.msg.Visible() || !strings.Contains(sexe.msg.Text, "« H » n'est pas une valeur possible") {
		t.Fatalf("sex message %q", sexe.msg.Text)
	}
	if !strings.Contains(pf.status.Text, "1 erreur(s)") {
		t.Fatalf("status %q", pf.status.Text)
	}
	sexe.sel.SetSelected("Masculin")
	if sexe.msg.Visible() {
		t.Fatalf("message not cleared: %q", sexe.msg.Text)
	}
	deliv := pf.fields[core.KeyDateDebutValid]
	deliv.entry.SetText("")
	test.Type(deliv.entry, "31/02/2026")
	if !deliv.msg.Visible() || !strings.Contains(deliv.msg.Text, "Date de délivrance") {
		t.Fatalf("date message %q", deliv.msg.Text)
	}
	deliv.entry.SetText("")
	test.Type(deliv.entry, "15/06/2026")
	if deliv.msg.Visible() || pf.status.Text != "Prêt à déposer." {
		t.Fatalf("after fixing: %q / %q", deliv.msg.Text, pf.status.Text)
	}
	// "Donnée non connue" for a nillable field; a nillable field cannot be
	// left empty otherwise.
	usage := pf.fields[core.KeyNomUsage]
	usage.unknown.SetChecked(false)
	if !usage.msg.Visible() || !strings.Contains(usage.msg.Text, "cochez « donnée non connue »") {
		t.Fatalf("nillable message %q", usage.msg.Text)
	}
	usage.unknown.SetChecked(true)
	// Born abroad: the country fields show, the commune ones hide.
	pf.birth.SetSelected(core.BornAbroad.Label())
	if pf.fields[core.KeyLibelleCommune].box.Visible() || !pf.fields[core.KeyCodePays].box.Visible() {
		t.Fatal("birthplace choice does not switch fields")
	}
	pf.birth.SetSelected(core.BornInFrance.Label())
	if err := pf.saveNow(); err != nil {
		t.Fatal(err)
	}
	if pf.p.Status != core.StatusPret {
		t.Fatalf("status after save %s: %v", pf.p.Status, pf.p.Issues)
	}
	if got := u.home.counts[core.StatusPret].Text; got != "Prêt à déposer : 43" {
		t.Errorf("dashboard after save %q", got)
	}
}

func TestOrganismeShowsXSDAndDeposits(t *testing.T) {
	u := openSample(t)
	if !strings.Contains(u.org.xsd.Text, "XSD 1.1.2, schéma intégré") || !strings.Contains(u.org.certifs.Text, "12ABC345 — contrat MCFCER000123") {
		t.Fatalf("organisme: %q %q", u.org.xsd.Text, u.org.certifs.Text)
	}
	if _, err := u.exportTo(filepath.Join(t.TempDir(), "depot.xml")); err != nil {
		t.Fatal(err)
	}
	u.Refresh()
	if !strings.Contains(u.org.deposits.Text, "depot.xml — 42 passage(s) — en attente de l'accusé") {
		t.Fatalf("deposits: %q", u.org.deposits.Text)
	}
	msg, err := u.loadXSD("../testdata/cdc/xsd-1.1.2.xsd")
	if err != nil || !strings.Contains(msg, "XSD 1.1.2 chargé") {
		t.Fatalf("load XSD: %q %v", msg, err)
	}
	u.Refresh()
	if !strings.Contains(u.org.xsd.Text, "chargé depuis xsd-1.1.2.xsd") {
		t.Fatalf("xsd: %q", u.org.xsd.Text)
	}
}

func TestHomeDashboardAlertsAndNextAction(t *testing.T) {
	u := New(test.NewTempApp(t))
	path := filepath.Join(t.TempDir(), "d.certidepot")
	d, err := dossier.CreateSample(context.Background(), path, time.Now(), 50)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if err := u.Open(path); err != nil {
		t.Fatal(err)
	}
	defer u.closeDossier()
	if !strings.Contains(u.home.alerts.Text, "plus de 2 mois et demi ne sont pas encore acceptés") {
		t.Fatalf("alerts %q", u.home.alerts.Text)
	}
	if !u.home.fix.Visible() || u.home.fix.Text != "Corriger les 8 passage(s) à compléter" {
		t.Fatalf("next action %q", u.home.fix.Text)
	}
	test.Tap(u.home.fix)
	if u.tabs.SelectedIndex() != 1 || len(u.list.rows) != 8 {
		t.Fatalf("next action did not open the passages to complete: tab %d, %d rows", u.tabs.SelectedIndex(), len(u.list.rows))
	}
}

func TestRestoreBackupFromWindow(t *testing.T) {
	u := openSample(t)
	if _, err := u.exportTo(filepath.Join(t.TempDir(), "depot.xml")); err != nil {
		t.Fatal(err)
	}
	u.Refresh()
	bs, _ := u.d.Backups()
	if len(bs) != 1 || !strings.Contains(bs[0].Name, "avant-export") {
		t.Fatalf("backups %+v", bs)
	}
	if err := u.restore(bs[0].Path); err != nil {
		t.Fatal(err)
	}
	if got := u.home.counts[core.StatusDepose].Text; got != "Déposé, en attente de l'accusé : 0" {
		t.Fatalf("after restore: %q", got)
	}
}

// The birthplace search proposes the code valid at the date of birth.
func TestBirthplaceSearchInForm(t *testing.T) {
	u := openSample(t)
	pf, err := u.openPassage(u.list.rows[0].idTechnique)
	if err != nil {
		t.Fatal(err)
	}
	pf.fields[core.KeyAnnee].entry.SetText("1980")
	found := pf.placeCandidates("annecy le vieux")
	if len(found) == 0 || found[0].Code != "74011" {
		t.Fatalf("candidates %+v", found)
	}
	pf.applyPlace(found[0])
	if got := pf.fields[core.KeyCodeInsee].entry.Text; got != "74011" || pf.fields[core.KeyLibelleCommune].entry.Text != "Annecy-le-Vieux" {
		t.Fatalf("applied %q", got)
	}
	pf.birth.SetSelected(core.BornAbroad.Label())
	found = pf.placeCandidates("Allemagne de l'Ouest")
	if len(found) == 0 || found[0].Code != "99142" {
		t.Fatalf("country candidates %+v", found)
	}
	pf.applyPlace(found[0])
	if pf.fields[core.KeyCodePays].entry.Text != "142" || pf.fields[core.KeyCodePays].msg.Visible() {
		t.Fatalf("country applied: %q %q", pf.fields[core.KeyCodePays].entry.Text, pf.fields[core.KeyCodePays].msg.Text)
	}
}

// The import wizard: preview of the columns and defaults, import, then an
// error list whose lines open the passage.
func TestImportWizard(t *testing.T) {
	u := openSample(t)
	path := filepath.Join(t.TempDir(), "liste.csv")
	os.WriteFile(path, []byte("Nom;Prénom;Sexe;Date de naissance;Code INSEE;Code certification;Date de délivrance;Remarque\n"+
		"Garcia;Inès;F;23/04/1990;31555;RS5286;12/05/2026;ok\nLopez;Tom;X;14/05/1991;31555;RS5286;12/05/2026;\n"), 0o600)
	res, sheets, err := dossier.PreviewSheet(path, "", nil)
	if err != nil || len(sheets) != 1 {
		t.Fatal(err)
	}
	// The user says the "Remarque" column holds the option label.
	editor := newMappingEditor(res)
	editor.selects["Remarque"].SetSelected(core.FieldByKey("libelleOption").Label)
	mapping := editor.mapping()
	if len(mapping) != 1 || mapping["Remarque"] != "libelleOption" {
		t.Fatalf("mapping %v", mapping)
	}
	text := previewText(res)
	for _, want := range []string{"Colonnes reconnues (7)", "A « Nom » → Nom de naissance", "H « Remarque » : titre non reconnu", "Résultat définitif : Oui"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q:\n%s", want, text)
		}
	}
	var calls int
	res, err = u.importNow(context.Background(), path, "", mapping, func(done, total int) { calls++ })
	if err != nil || res.Imported != 2 || res.Flagged != 1 || calls == 0 {
		t.Fatalf("import: %+v %v (progress calls %d)", res, err, calls)
	}
	list := u.importResultList(res)
	if list.Length() != 1 || res.Errors[0].IDTechnique == "" {
		t.Fatalf("error list: %d %+v", list.Length(), res.Errors)
	}
	list.Select(0) // opens the passage's form without error
	if got := u.list.count.Text; got != "52 passages." {
		t.Errorf("list after import %q", got)
	}
	if saved := u.savedMapping(); saved["Remarque"] != "libelleOption" {
		t.Errorf("correction not kept for next time: %v", saved)
	}
}

func TestDepositPreview(t *testing.T) {
	text := depositPreview(map[core.Status]int{core.StatusPret: 42, core.StatusACompleter: 8, core.StatusAccepte: 3})
	for _, want := range []string{"42 passage(s) prêt(s) partiront", "8 à compléter : restent, leurs erreurs sont à corriger", "3 accepté par la cdc : ne seront jamais renvoyés"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(depositPreview(map[core.Status]int{}), "Aucun passage n'est prêt") {
		t.Error("empty preview")
	}
}

func TestCreateDossierAndRecent(t *testing.T) {
	a := test.NewTempApp(t)
	u := New(a)
	dir := t.TempDir()
	if err := u.createDossier(filepath.Join(dir, "organisme"), dossier.Organisation{Emetteur: "1234567", Contrat: "MCF1"}); err == nil || !strings.Contains(err.Error(), "exactement 8 caractères") {
		t.Fatalf("invalid BCR: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "organisme.certidepot")); !os.IsNotExist(err) {
		t.Fatal("a refused dossier was left on disk")
	}
	if err := u.createDossier(filepath.Join(dir, "organisme"), dossier.Organisation{Emetteur: "12ABC345", Contrat: "MCF1", Nature: "CERTIFICATEUR"}); err != nil {
		t.Fatal(err)
	}
	defer u.closeDossier()
	if u.home.title.Text != "Dossier de l'émetteur 12ABC345" || !strings.Contains(u.org.certifs.Text, "12ABC345 — contrat MCF1 — Le certificateur") {
		t.Fatalf("new dossier: %q / %q", u.home.title.Text, u.org.certifs.Text)
	}
	if r := u.recent(); len(r) != 1 || r[0] != filepath.Join(dir, "organisme.certidepot") {
		t.Fatalf("recent %v", r)
	}
}

func TestOrganismeAndCertificationEditing(t *testing.T) {
	u := openSample(t)
	if err := u.setEmetteur("12"); err == nil || !strings.Contains(err.Error(), "exactement 8 caractères (ici 2)") {
		t.Fatalf("emetteur check: %v", err)
	}
	if err := u.addCertificateur(core.Certificateur{IDClient: "98XYZ765", Contrat: "MCF2", Nature: "TIERS_CONFIANCE"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(u.org.certifs.Text, "98XYZ765 — contrat MCF2 — Un tiers de confiance") {
		t.Fatalf("certificateurs %q", u.org.certifs.Text)
	}
	var cert core.Certification
	certs, _ := u.d.Certifications(context.Background())
	for _, c := range certs {
		if c.Code == "RS5286" {
			cert = c
		}
	}
	cert.Titre = "Tableur — niveau avancé"
	if err := u.saveCertification(cert); err != nil {
		t.Fatal(err)
	}
	u.list.cert.SetSelected("RS5286 — Tableur — niveau avancé")
	if n := len(u.list.rows); n != 25 {
		t.Fatalf("renamed certification filter: %d rows", n)
	}
}

func TestActionsOnShownPassages(t *testing.T) {
	u := openSample(t)
	test.Type(u.list.search, "martin")
	shown := len(u.list.shown(core.StatusPret))
	if shown == 0 {
		t.Fatal("no ready Martin")
	}
	res, err := u.depositShown(filepath.Join(t.TempDir(), "martin.xml"))
	if err != nil || res.Exported != shown {
		t.Fatalf("deposit of the shown passages: %+v %v (shown %d)", res, err, shown)
	}
	u.list.search.SetText("")
	u.list.status.SetSelected(core.StatusACompleter.Label())
	n, err := u.deleteShown()
	if err != nil || n != 8 {
		t.Fatalf("delete shown: %d %v", n, err)
	}
	if got := u.home.counts[core.StatusACompleter].Text; got != "À compléter : 0" {
		t.Fatalf("after delete %q", got)
	}
	if n, err := u.resendShown(); err != nil || n != 0 {
		t.Fatalf("resend with no rejected passage: %d %v", n, err)
	}
}

// The Fiche passage can be filled with the keyboard: Tab goes from one
// input to the next.
func TestFormKeyboardNavigation(t *testing.T) {
	u := openSample(t)
	pf, err := u.openPassage(u.list.rows[0].idTechnique)
	if err != nil {
		t.Fatal(err)
	}
	c := pf.win.Canvas()
	c.Focus(pf.fields[core.KeyNomNaissance].entry)
	c.FocusNext()
	next := c.Focused()
	if next == nil || next == pf.fields[core.KeyNomNaissance].entry {
		t.Fatalf("Tab did not move the focus: %v", next)
	}
	test.Type(c.Focused(), "X")
	if pf.fields[core.KeyNomNaissance].entry.Text == "MartinX" {
		t.Fatal("typing went to the previous field")
	}
}
