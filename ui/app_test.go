package ui

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

func TestOpenShowsDashboard(t *testing.T) {
	u := openSample(t)
	if got := u.win.Title(); got != "Certidépôt — exemple.certidepot" {
		t.Errorf("title %q", got)
	}
	if u.current != u.home || u.home.title.Text != "Dossier de l'émetteur 12ABC345" {
		t.Fatalf("home: %T %q", u.current, u.home.title.Text)
	}
	if c := u.home.bar.counts; c[core.StatusPret] != 42 || c[core.StatusACompleter] != 8 {
		t.Fatalf("bar counts %v", c)
	}
	if u.home.next.Text != "Corriger 8 passages à compléter" {
		t.Fatalf("next step %q", u.home.next.Text)
	}
	test.Tap(u.home.next)
	u.Wait()
	if u.current != u.list || len(u.list.rows) != 8 {
		t.Fatalf("next step: %T, %d rows", u.current, len(u.list.rows))
	}
	for _, r := range u.list.rows {
		if r.status != core.StatusACompleter || r.problem == "" {
			t.Fatalf("row %+v", r)
		}
	}
}

func TestOpenRefusesNonDossier(t *testing.T) {
	u := newTestApp(t)
	if err := u.Open(filepath.Join(t.TempDir(), "absent.certidepot")); err == nil || u.d != nil {
		t.Fatal("opened a missing dossier")
	}
	if u.current != u.welcome {
		t.Fatalf("screen %T", u.current)
	}
}

// Clicking a column's title sorts the list by it; a second click reverses.
func TestSortingByColumn(t *testing.T) {
	u := openSample(t)
	u.goTo(u.list)
	u.Wait()
	holders := func() []string {
		var out []string
		for _, r := range u.list.rows {
			out = append(out, r.holderKey)
		}
		return out
	}
	if sort.StringsAreSorted(holders()) {
		t.Fatal("the sample is already in name order: the test proves nothing")
	}
	test.Tap(u.list.heads[colHolder])
	if h := holders(); !sort.StringsAreSorted(h) || !u.list.heads[colHolder].icon.Visible() {
		t.Fatalf("not sorted by holder: %v", h)
	}
	test.Tap(u.list.heads[colHolder])
	h := holders()
	sort.Sort(sort.Reverse(sort.StringSlice(h)))
	if strings.Join(h, "|") != strings.Join(holders(), "|") {
		t.Fatal("second click did not reverse the order")
	}
	test.Tap(u.list.heads[colStatus])
	for i := 1; i < len(u.list.rows); i++ {
		if statusOrder[u.list.rows[i-1].status] > statusOrder[u.list.rows[i].status] {
			t.Fatalf("not sorted by status at %d", i)
		}
	}
	test.Tap(u.list.heads[colDelivered])
	for i := 1; i < len(u.list.rows); i++ {
		if u.list.rows[i-1].delivered > u.list.rows[i].delivered {
			t.Fatalf("not sorted by delivery at %d", i)
		}
	}
	// The index follows the order: a saved row is found again.
	if id := u.list.rows[5].id; u.list.index[id] != 5 {
		t.Fatal("index not rebuilt after sorting")
	}
}

// Tab reaches the list, the arrows move, Entrée opens the fiche.
func TestKeyboardOpensFiche(t *testing.T) {
	u := openSample(t)
	shortcut(t, u, fyne.KeyF) // Ctrl+F: the passages list's search
	c := u.win.Canvas()
	if u.current != u.list || c.Focused() != u.list.search {
		t.Fatalf("Ctrl+F: screen %T, focus %T", u.current, c.Focused())
	}
	reached := false
	for i := 0; i < 8 && !reached; i++ {
		c.FocusNext()
		reached = c.Focused() == u.list.list
	}
	if !reached {
		t.Fatal("Tab never reaches the list")
	}
	typeKey(u, fyne.KeyDown)
	typeKey(u, fyne.KeyDown)
	want := u.list.rows[2].id
	typeKey(u, fyne.KeyReturn)
	f := fiche(t, u)
	if f.id != want || f.p == nil {
		t.Fatalf("opened %s, want %s", f.id, want)
	}
	// Échap closes it and comes back to the list.
	typeKey(u, fyne.KeyEscape)
	if u.current != u.list {
		t.Fatalf("Échap left %T in front", u.current)
	}
	// Espace checks the highlighted row.
	c.Focus(u.list.list)
	typeKey(u, fyne.KeySpace)
	if len(u.list.sel) != 1 {
		t.Fatalf("Espace checked %d rows", len(u.list.sel))
	}
}

// Leaving a fiche with unsaved changes asks « Enregistrer / Ne pas
// enregistrer / Annuler ».
func TestUnsavedChangesPrompt(t *testing.T) {
	u := openSample(t)
	u.list.showStatus(core.StatusPret)
	u.Wait()
	u.list.open(0)
	u.Wait()
	f := fiche(t, u)
	id := f.id
	f.fields["libelleOption"].entry.SetText("Option A")
	if !f.dirty() {
		t.Fatal("a change is not seen")
	}
	typeKey(u, fyne.KeyEscape)
	for _, b := range []string{"Enregistrer", "Ne pas enregistrer", "Annuler"} {
		if !shows(u, b) {
			t.Fatalf("prompt lacks %q: %q", b, texts(u))
		}
	}
	tapButton(t, u, "Annuler") // stays
	if u.current != f || f.fields["libelleOption"].entry.Text != "Option A" {
		t.Fatal("« Annuler » left the fiche or lost the input")
	}
	tapButton(t, u, "Fermer")
	tapButton(t, u, "Ne pas enregistrer")
	if u.current != u.list {
		t.Fatalf("« Ne pas enregistrer » left %T in front", u.current)
	}
	if pd, _ := u.d.Passage(context.Background(), id); pd.Passage.Data.Text("libelleOption") != "" {
		t.Fatal("discarded change was saved")
	}
	// Opening another dossier with changes asks too; « Enregistrer » saves.
	u.openFiche(id, u.list)
	u.Wait()
	fiche(t, u).fields["libelleOption"].entry.SetText("Option B")
	u.closeDossierFromMenu()
	tapButton(t, u, "Enregistrer")
	if u.current != u.welcome {
		t.Fatalf("after saving, %T in front", u.current)
	}
	d, _ := dossier.Open(u.recent()[0])
	defer d.Close()
	if pd, _ := d.Passage(context.Background(), id); pd.Passage.Data.Text("libelleOption") != "Option B" {
		t.Fatal("« Enregistrer » did not save")
	}
}

// An accepted passage is read-only until an unlock the user confirms.
func TestAcceptedPassageIsReadOnly(t *testing.T) {
	u := openSample(t)
	accepted(t, u)
	u.list.showStatus(core.StatusAccepte)
	u.Wait()
	u.list.open(0)
	u.Wait()
	f := fiche(t, u)
	name := f.fields[core.KeyNomNaissance]
	before := name.entry.Text
	if !name.entry.Disabled() || !f.saveBtn.Disabled() || !f.fields[core.KeySexe].sel.Disabled() || !f.ident.Disabled() {
		t.Fatal("an accepted passage is editable")
	}
	test.Type(name.entry, "X")
	if name.entry.Text != before {
		t.Fatalf("typing changed a locked field: %q", name.entry.Text)
	}
	if !shows(u, "Accepté par la CDC") || shows(u, "Prêt à déposer") {
		t.Fatalf("banner contradicts the status: %q", texts(u))
	}
	tapButton(t, u, "Déverrouiller pour corriger…")
	if !name.entry.Disabled() {
		t.Fatal("unlocked without confirmation")
	}
	tapButton(t, u, "Annuler")
	if !name.entry.Disabled() {
		t.Fatal("« Annuler » unlocked")
	}
	tapButton(t, u, "Déverrouiller pour corriger…")
	tapButton(t, u, "Déverrouiller")
	if name.entry.Disabled() || f.saveBtn.Disabled() {
		t.Fatal("confirmed unlock did not unlock")
	}
	name.entry.SetText("Nouveau")
	tapButton(t, u, "Enregistrer")
	pd, _ := u.d.Passage(context.Background(), f.id)
	if pd.Passage.Holder.Text(core.KeyNomNaissance) != "Nouveau" || pd.Passage.Status != core.StatusAccepte {
		t.Fatalf("unlocked save: %v %s", pd.Passage.Holder.Get(core.KeyNomNaissance), pd.Passage.Status)
	}
}

// A deposited passage is read-only, with no way to unlock it.
func TestDepositedPassageIsReadOnly(t *testing.T) {
	u := openSample(t)
	if _, err := u.d.Export(context.Background(), dossier.ExportOptions{Out: filepath.Join(t.TempDir(), "d.xml")}); err != nil {
		t.Fatal(err)
	}
	u.list.showStatus(core.StatusDepose)
	u.Wait()
	u.list.open(0)
	u.Wait()
	f := fiche(t, u)
	if !f.fields[core.KeyPrenom1].entry.Disabled() || shows(u, "Déverrouiller pour corriger…") {
		t.Fatal("a deposited passage can be edited")
	}
}

// The fiche shows one banner, its errors named and linked to their field;
// optional blocks only when they apply.
func TestFicheBannerAndOptionalBlocks(t *testing.T) {
	u := openSample(t)
	u.goTo(u.list)
	u.Wait()
	u.list.open(rowOf(t, u, core.StatusACompleter))
	u.Wait()
	f := fiche(t, u)
	if !shows(u, "À compléter : 1 erreur à corriger") {
		t.Fatalf("banner: %q", texts(u))
	}
	if f.boxes[core.KeyNiveauLangue].Visible() || f.boxes[core.KeyScoreGeneral].Visible() || f.boxes[core.KeyVoieAccesVAE].Visible() {
		t.Fatal("blocks set to « Non » are shown")
	}
	f.fields[core.KeyPresenceLangue].sel.SetSelected("Oui")
	if !f.boxes[core.KeyNiveauLangue].Visible() || !shows(u, "Niveau de langue européen") {
		t.Fatal("the language level does not show once its gate is open")
	}
	f.fields[core.KeyPresenceLangue].sel.SetSelected("Non")
	// Fix every error: the banner says ready, and the save makes it so.
	for first := f.firstError(); first != nil; first = f.firstError() {
		fi := f.fields[first.Field]
		switch {
		case fi == nil:
			t.Fatalf("error on %s, not a field of the fiche", first.Field)
		case fi.sel != nil:
			fi.sel.SetSelectedIndex(0)
		case fi.unknown != nil:
			fi.unknown.SetChecked(true)
		default:
			fi.entry.SetText("15/06/2026")
		}
	}
	if !shows(u, "Prêt à déposer une fois enregistré") {
		t.Fatalf("banner after fixing: %q", texts(u))
	}
	tapButton(t, u, "Enregistrer")
	if f.p.Status != core.StatusPret || !shows(u, "Prêt à déposer") || shows(u, "une fois enregistré") {
		t.Fatalf("after saving: %s %q", f.p.Status, texts(u))
	}
	// Only its row and the counts changed.
	if r := u.list.rows[u.list.index[f.id]]; r.status != core.StatusPret || r.problem != "" {
		t.Fatalf("row after save: %+v", r)
	}
	if u.home.summary.Counts[core.StatusPret] != 43 {
		t.Fatalf("counts after save: %v", u.home.summary.Counts)
	}
}

func TestBulkEditAndUndo(t *testing.T) {
	u := openSample(t)
	u.list.showStatus(core.StatusPret)
	u.Wait()
	for i := 0; i < 3; i++ {
		u.list.toggle(i)
	}
	ids := u.list.selected()
	before := map[string]string{}
	for _, id := range ids {
		pd, _ := u.d.Passage(context.Background(), id)
		before[id] = pd.Passage.Data.Text(core.KeyDateDebutValid)
	}
	tapButton(t, u, "Modifier un champ…")
	// The field list opens, sorted and searchable: « délivr » finds the date.
	search, ok := u.win.Canvas().Focused().(*entry)
	if !ok {
		t.Fatalf("the field list does not take the keyboard: %T", u.win.Canvas().Focused())
	}
	test.Type(search, "délivr")
	if !shows(u, "Date de délivrance") || shows(u, "Mention") {
		t.Fatalf("field search: %q", texts(u))
	}
	search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	input, ok := u.win.Canvas().Focused().(*entry)
	if !ok {
		t.Fatalf("the value does not take the keyboard: %T", u.win.Canvas().Focused())
	}
	test.Type(input, "31/02/2026")
	if !shows(u, "n'est pas une date") || !tapDisabled(u, "Appliquer") {
		t.Fatalf("no message for an impossible date: %q", texts(u))
	}
	input.SetText("")
	test.Type(input, "15/06/2026")
	tapButton(t, u, "Appliquer")
	for _, id := range ids {
		pd, _ := u.d.Passage(context.Background(), id)
		if got := pd.Passage.Data.Text(core.KeyDateDebutValid); got != "2026-06-15" {
			t.Fatalf("%s: %q", id, got)
		}
	}
	if !shows(u, "mis à « 15/06/2026 » sur 3 passages") {
		t.Fatalf("undo bar: %q", texts(u))
	}
	tapButton(t, u, "Annuler la modification")
	for _, id := range ids {
		pd, _ := u.d.Passage(context.Background(), id)
		if got := pd.Passage.Data.Text(core.KeyDateDebutValid); got != before[id] {
			t.Fatalf("%s not restored: %q, want %q", id, got, before[id])
		}
	}
	if !shows(u, "Modification annulée") {
		t.Fatalf("after undo: %q", texts(u))
	}
}

// The certification of a passage can be changed from its fiche.
func TestChangePassageCertification(t *testing.T) {
	u := openSample(t)
	u.goTo(u.list)
	u.Wait()
	u.list.open(rowOf(t, u, core.StatusPret))
	u.Wait()
	f := fiche(t, u)
	from := f.cert
	tapButton(t, u, "Changer de certification…")
	var other core.Certification
	certs, _ := u.d.Certifications(context.Background())
	for _, c := range certs {
		if c.ID != from.ID {
			other = c
		}
	}
	tapButton(t, u, from.Label()) // the picker shows the current one
	search := u.win.Canvas().Focused().(*entry)
	test.Type(search, other.Code)
	search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tapButton(t, u, "Choisir")
	pd, _ := u.d.Passage(context.Background(), f.id)
	if pd.Certification.ID != other.ID || f.cert.ID != other.ID || !shows(u, other.Label()) {
		t.Fatalf("certification: stored %s, fiche %s", pd.Certification.Code, f.cert.Code)
	}
	if f.dirty() {
		t.Fatal("the change of certification left the fiche unsaved")
	}
	if r := u.list.rows[u.list.index[f.id]]; r.cert != other.Code {
		t.Fatalf("row: %+v", r)
	}
}

// A deposit proposes a dated name, refuses an existing file, and can be
// cancelled when it was never uploaded.
func TestDepositAndCancel(t *testing.T) {
	u := openSample(t)
	u.goTo(u.dep)
	u.Wait()
	dir := t.TempDir()
	u.dep.dir = dir
	u.dep.fill()
	name := u.dep.name.Text
	if !strings.HasPrefix(name, "depot-") || !strings.HasSuffix(name, "-12ABC345.xml") {
		t.Fatalf("default name %q", name)
	}
	os.WriteFile(filepath.Join(dir, "pris.xml"), []byte("x"), 0o600)
	u.dep.name.SetText("pris.xml")
	if !u.dep.run.Disabled() || !u.dep.nameMsg.Visible() {
		t.Fatal("an existing file's name is accepted")
	}
	u.dep.name.SetText(name)
	tapButton(t, u, "Déposer 42 passages")
	path := filepath.Join(dir, name)
	if !fileExists(path) || !shows(u, "Fichier de dépôt prêt") {
		t.Fatalf("deposit: %q", texts(u))
	}
	if c, _ := u.d.Counts(context.Background()); c[core.StatusDepose] != 42 {
		t.Fatalf("counts %v", c)
	}
	// The next deposit of the day does not propose the same name.
	if next := u.dep.defaultName(sampleNow); fileExists(filepath.Join(dir, next)) && next == name {
		t.Fatal("same name proposed twice")
	}
	tapButton(t, u, "Je n'ai pas envoyé ce fichier : annuler ce dépôt…")
	tapButton(t, u, "Annuler le dépôt")
	if fileExists(path) {
		t.Fatal("the cancelled deposit's file is still there")
	}
	if c, _ := u.d.Counts(context.Background()); c[core.StatusPret] != 42 || c[core.StatusDepose] != 0 {
		t.Fatalf("counts after cancel %v", c)
	}
	tapButton(t, u, "Fermer")
	u.goTo(u.acc)
	u.Wait()
	if !shows(u, "annulé le") {
		t.Fatalf("deposits list: %q", texts(u))
	}
}

// The new dossier form checks the identifiers as they are typed and keeps
// them when it shows an error.
func TestNewDossierChecksAsTyped(t *testing.T) {
	u := newTestApp(t)
	u.newDossierDialog()
	var form *orgForm
	visible(u, func(o fyne.CanvasObject) {
		if e, ok := o.(*entry); ok && e.PlaceHolder == "8 caractères, par exemple 12ABC345" {
			form = &orgForm{emetteur: e}
		}
	})
	if form == nil {
		t.Fatal("no emetteur field")
	}
	test.Type(form.emetteur, "1234567")
	if err := form.emetteur.Validate(); err == nil || !strings.Contains(err.Error(), "exactement 8 caractères (ici 7)") {
		t.Fatalf("not checked as typed: %v", err)
	}
	tapButton(t, u, "Choisir où l'enregistrer…")
	if form.emetteur.Text != "1234567" || !shows(u, "exactement 8 caractères") {
		t.Fatalf("the form lost its input or its message: %q", texts(u))
	}
}

func TestCreateDossierAndRecent(t *testing.T) {
	u := newTestApp(t)
	dir := t.TempDir()
	if err := u.createDossier(filepath.Join(dir, "organisme"), dossier.Organisation{Emetteur: "12ABC345", Contrat: "MCF1", Nature: "CERTIFICATEUR"}); err != nil {
		t.Fatal(err)
	}
	defer u.closeDossier()
	u.Wait()
	if u.home.title.Text != "Dossier de l'émetteur 12ABC345" {
		t.Fatalf("new dossier: %q", u.home.title.Text)
	}
	gone := filepath.Join(dir, "parti.certidepot")
	u.app.Preferences().SetStringList(recentKey, append(u.app.Preferences().StringList(recentKey), gone))
	if r := u.recent(); len(r) != 1 || r[0] != filepath.Join(dir, "organisme.certidepot") {
		t.Fatalf("recent %v", r)
	}
}

func TestImportWizard(t *testing.T) {
	u := openSample(t)
	path := filepath.Join(t.TempDir(), "liste.csv")
	os.WriteFile(path, []byte("Nom;Prénom;Sexe;Date de naissance;Code INSEE;Code certification;Date de délivrance;Remarque\n"+
		"Garcia;Inès;F;03/04/1990;31555;RS5286;12/05/2026;ok\nLopez;Tom;X;04/05/1991;31555;RS5286;12/05/2026;\nDiaz;Léo;X;05/05/1991;31555;RS5286;12/05/2026;\n"), 0o600)
	u.goTo(u.imp)
	u.imp.choose(path)
	u.Wait()
	if len(u.imp.cols) != 8 || !shows(u, "H · Remarque") || !shows(u, "03/04/1990") {
		t.Fatalf("columns step: %q", texts(u))
	}
	tapButton(t, u, "Suivant : les valeurs")
	if !shows(u, "« X » — 2 lignes : non reconnu, veut dire") || !shows(u, "« F » — 1 ligne : compris comme « Féminin »") {
		t.Fatalf("values step: %q", texts(u))
	}
	var pick *choice
	visible(u, func(o fyne.CanvasObject) {
		if c, ok := o.(*choice); ok && c.Selected == keepAsIs {
			pick = c
		}
	})
	pick.SetSelected("Masculin")
	tapButton(t, u, "Importer")
	if !shows(u, "3 lignes lues : 3 passages ajoutés") {
		t.Fatalf("result: %q", texts(u))
	}
	c, _ := u.d.Counts(context.Background())
	if c[core.StatusACompleter] != 8 {
		t.Fatalf("the chosen meaning was not applied: %v", c)
	}
	if !shows(u, "« X » lu comme « Masculin », comme vous l'avez choisi : 2 ligne(s)") {
		t.Fatalf("the result does not say the choice: %q", texts(u))
	}
	// The next import of a list like it proposes the same meaning.
	saved, err := u.d.SavedMapping(context.Background(), dossier.WizardMapping)
	if err != nil || saved == nil || saved.Values["Sexe"]["X"] != "M" {
		t.Fatalf("choice not kept: %+v %v", saved, err)
	}
	u.imp.choose(path)
	u.Wait()
	tapButton(t, u, "Suivant : les valeurs")
	if !shows(u, "« X » — 2 lignes : veut dire, comme choisi la dernière fois,") || !shows(u, "Masculin") {
		t.Fatalf("values step the second time: %q", texts(u))
	}
}

// Messages of an import are grouped by kind with their count, each group
// opening the passages concerned.
func TestImportResultGroups(t *testing.T) {
	u := openSample(t)
	path := filepath.Join(t.TempDir(), "liste.csv")
	os.WriteFile(path, []byte("Nom;Prénom;Sexe;Date de naissance;Code INSEE;Code certification;Date de délivrance\n"+
		"A;Inès;X;03/04/1990;31555;RS5286;12/05/2026\nB;Tom;X;04/05/1991;31555;RS5286;12/05/2026\nC;Léo;M;05/05/1991;31555;RS5286;31/02/2026\n"), 0o600)
	u.goTo(u.imp)
	u.imp.choose(path)
	u.Wait()
	u.imp.readValues()
	u.Wait()
	u.imp.run()
	u.Wait()
	if !shows(u, "2 lignes : Sexe") || !shows(u, "1 ligne : Date de délivrance") {
		t.Fatalf("groups: %q", texts(u))
	}
	tapButton(t, u, "Voir ces 2 passages")
	if u.current != u.list || len(u.list.rows) != 2 {
		t.Fatalf("group opened %T with %d rows", u.current, len(u.list.rows))
	}
}

// An existing certificateur's contract and nature can be changed; the
// form keeps its input when the contract is refused.
func TestOrganismeEditsCertificateur(t *testing.T) {
	u := openSample(t)
	u.goTo(u.org)
	u.Wait()
	var edit *btn
	walk(u.org.certifs, func(o fyne.CanvasObject) {
		if b, ok := o.(*btn); ok && b.Text == "Modifier…" {
			edit = b
		}
	})
	test.Tap(edit)
	var contrat *entry
	visible(u, func(o fyne.CanvasObject) {
		if e, ok := o.(*entry); ok && e.Text == "MCFCER000123" {
			contrat = e
		}
	})
	if contrat == nil {
		t.Fatalf("no contract field with the current contract: %q", texts(u))
	}
	contrat.SetText(strings.Repeat("9", 21))
	tapButton(t, u, "Enregistrer")
	if !shows(u, "20 caractères au plus") || contrat.Text != strings.Repeat("9", 21) {
		t.Fatalf("refused contract: %q", texts(u))
	}
	contrat.SetText("MCF-2027")
	tapButton(t, u, "Enregistrer")
	cs, _ := u.d.Certificateurs(context.Background())
	if cs[0].Contrat != "MCF-2027" || !shows(u, "12ABC345 — contrat MCF-2027") {
		t.Fatalf("certificateur: %+v %q", cs[0], texts(u))
	}
}

func TestRowShowsCDCMessageOnlyWhenRejected(t *testing.T) {
	r := toRow(dossier.ListRow{IDTechnique: "x", Status: core.StatusDepose, AccuseMessage: "Plusieurs titulaires"})
	if r.problem != "" {
		t.Fatalf("an old rejection shows on a passage sent again: %q", r.problem)
	}
	r = toRow(dossier.ListRow{IDTechnique: "x", Status: core.StatusRejete, AccuseMessage: "Plusieurs titulaires"})
	if r.problem != "CDC : Plusieurs titulaires" {
		t.Fatalf("rejected: %q", r.problem)
	}
}

func TestCountsInFrench(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1\u202f000", 200000: "200\u202f000", 1234567: "1\u202f234\u202f567"} {
		if got := num(n); got != want {
			t.Errorf("%d: %q", n, got)
		}
	}
	if got := plural(200000, "passage", "passages"); got != "200\u202f000 passages" {
		t.Errorf("%q", got)
	}
}

// Entrée on a button that has the keyboard presses it, as on Windows.
func TestEnterPressesButton(t *testing.T) {
	u := openSample(t)
	u.win.Canvas().Focus(u.home.next)
	typeKey(u, fyne.KeyReturn)
	if u.current != u.list || len(u.list.rows) != 8 {
		t.Fatalf("Entrée on « %s »: %T", u.home.next.Text, u.current)
	}
}

// The window opens at a size that fits a 1024×700 screen, then at the
// size the user left it.
func TestWindowSizeRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	u := New(a)
	if s := u.rememberedSize(); s != defaultSize || s.Width > 1024 || s.Height > 700 {
		t.Fatalf("first size %v", s)
	}
	u.win.Resize(fyne.NewSize(1200, 740))
	u.quit()
	if s := New(a).rememberedSize(); s != fyne.NewSize(1200, 740) {
		t.Fatalf("size not kept: %v", s)
	}
}

// The name search answers at each letter, any case or accents, on the
// rows of the other filters; clearing it shows them all again.
func TestListSearchByName(t *testing.T) {
	u := openSample(t)
	u.goTo(u.list)
	u.Wait()
	all := len(u.list.rows)
	test.Type(u.list.search, "LEFEVRE")
	u.Wait()
	if n := len(u.list.rows); n == 0 || n == all {
		t.Fatalf("search: %d of %d rows", n, all)
	}
	for _, r := range u.list.rows {
		if !strings.Contains(r.holderKey, "lefevre") {
			t.Fatalf("row %q does not match", r.holder)
		}
	}
	u.list.status.SetSelected(core.StatusACompleter.Label())
	u.Wait()
	for _, r := range u.list.rows {
		if r.status != core.StatusACompleter || !strings.Contains(r.holderKey, "lefevre") {
			t.Fatalf("search and status: %+v", r)
		}
	}
	u.list.status.SetSelected(allStatuses)
	u.list.search.SetText("")
	u.Wait()
	if len(u.list.rows) != all {
		t.Fatalf("cleared: %d of %d", len(u.list.rows), all)
	}
}

// Checking passages shows their actions under the list: the rows and the
// header's box stay where the mouse is, so that the next click never lands
// on an action that appeared there (« Supprimer… »).
func TestCheckingRowsDoesNotMoveTheList(t *testing.T) {
	u := openSample(t)
	u.win.Resize(fyne.NewSize(1000, 640))
	u.showScreen(u.list)
	u.Wait()
	listAt, headAt := u.list.list.Position(), u.list.all.Position()
	u.list.checkAll(true)
	u.Wait()
	u.win.Content().Refresh()
	if u.list.list.Position() != listAt || u.list.all.Position() != headAt {
		t.Fatalf("checking all moved the list from %v to %v (header box %v → %v)", listAt, u.list.list.Position(), headAt, u.list.all.Position())
	}
	found := false
	visible(u, func(o fyne.CanvasObject) {
		if b, ok := o.(*btn); ok && b.Text == "Supprimer…" {
			found = true
			if abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(b); abs.Y < fyne.CurrentApp().Driver().AbsolutePositionForObject(u.list.list).Y {
				t.Errorf("« Supprimer… » above the list, at %v", abs)
			}
		}
	})
	if !found {
		t.Fatal("no « Supprimer… » for 50 checked passages")
	}
}
