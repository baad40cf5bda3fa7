package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// setHolder changes values of a passage's holder and saves them, as the
// fiche would, then lets the screens read the dossier again.
func setHolder(t testing.TB, u *App, id string, kv ...string) {
	t.Helper()
	ctx := context.Background()
	pd, err := u.d.Passage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rec := pd.Passage.Record(pd.Certification)
	for i := 0; i+1 < len(kv); i += 2 {
		rec.Set(kv[i], kv[i+1])
	}
	if _, err := u.d.SavePassage(ctx, dossier.Edit{IDTechnique: id, Values: rec}); err != nil {
		t.Fatal(err)
	}
	u.changedAll()
	u.Wait()
}

// readyIDs returns the ready passages, in the dossier's order.
func readyIDs(t testing.TB, u *App) []string {
	t.Helper()
	var ids []string
	u.d.EachListRow(context.Background(), dossier.Filter{Status: core.StatusPret}, func(r dossier.ListRow) error {
		ids = append(ids, r.IDTechnique)
		return nil
	})
	return ids
}

// withRisks gives two ready passages of the sample a risk of rejection:
// two first names in « Prénom », a married name in the birth name.
func withRisks(t testing.TB, u *App) (firstNames, married string) {
	t.Helper()
	ids := readyIDs(t, u)
	setHolder(t, u, ids[0], core.KeyPrenom1, "Marie Claire")
	setHolder(t, u, ids[1], core.KeyNomNaissance, "DUPONT épouse MARTIN")
	return ids[0], ids[1]
}

// tapLinkBeside taps the link linkText on the row that shows label.
func tapLinkBeside(t testing.TB, u *App, label, linkText string) {
	t.Helper()
	var found *widget.Hyperlink
	visible(u, func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok {
			return
		}
		var l *widget.Hyperlink
		has := false
		for _, x := range c.Objects {
			switch w := x.(type) {
			case *widget.Label:
				has = has || w.Text == label
			case *widget.Hyperlink:
				if w.Text == linkText {
					l = w
				}
			}
		}
		if has && l != nil {
			found = l
		}
	})
	if found == nil {
		t.Fatalf("no link %q beside %q among %q", linkText, label, texts(u))
	}
	// A link takes a tap over its text only.
	test.TapAt(found, fyne.NewPos(found.Size().Width/2, found.Size().Height/2))
	u.Wait()
}

func checkLabel(code string) string {
	c, _ := core.IdentityCheckOf(code)
	return c.Label
}

// The home screen counts the passages at risk per reason; each reason
// opens the list filtered on it, a filter the user sees and clears.
func TestHomeShowsRisksAndOpensThem(t *testing.T) {
	u := openSample(t)
	if shows(u, "Risques de rejet par la CDC") {
		t.Fatal("the sample's holders are correct: no risk to show")
	}
	firstNames, married := withRisks(t, u)
	u.goTo(u.home)
	u.Wait()
	if !shows(u, "Risques de rejet par la CDC") || !shows(u, "2 passages encore à déposer présentent un risque de rejet") {
		t.Fatalf("home: %q", texts(u))
	}
	for _, code := range []string{core.CodePrenomsMultiples, core.CodeNomMarital} {
		if !shows(u, checkLabel(code)) {
			t.Fatalf("home does not name %s: %q", code, texts(u))
		}
	}
	tapLinkBeside(t, u, checkLabel(core.CodePrenomsMultiples), "Voir")
	if u.current != u.list || len(u.list.rows) != 1 || u.list.rows[0].id != firstNames {
		t.Fatalf("list: %T %+v", u.current, u.list.rows)
	}
	if u.list.risk.Selected != checkLabel(core.CodePrenomsMultiples) || !shows(u, "Passages encore à déposer qui présentent ce risque de rejet") {
		t.Fatalf("the filter is not shown: %q, %q", u.list.risk.Selected, texts(u))
	}
	// The other filters apply over it; the passages at risk are kept.
	u.list.status.SetSelected(core.StatusAccepte.Label())
	u.Wait()
	if len(u.list.rows) != 0 {
		t.Fatalf("%d accepted passages at risk", len(u.list.rows))
	}
	u.list.status.SetSelected(allStatuses)
	u.Wait()
	// Chosen in the list itself: any reason.
	u.list.risk.SetSelected(anyRisk)
	u.Wait()
	if _, ok := u.list.index[married]; len(u.list.rows) != 2 || !ok {
		t.Fatalf("any risk: %+v", u.list.rows)
	}
	tapButton(t, u, "Voir tous les passages")
	if len(u.list.rows) != 50 || u.list.risk.Selected != anyRiskOrNone || len(u.list.onlyBar.Objects) != 0 {
		t.Fatalf("cleared: %d rows, %q", len(u.list.rows), u.list.risk.Selected)
	}
	// A status from the home screen clears the risk filter too.
	u.list.risk.SetSelected(checkLabel(core.CodeNomMarital))
	u.Wait()
	u.list.showStatus(core.StatusPret)
	u.Wait()
	if u.list.risk.Selected != anyRiskOrNone || len(u.list.rows) != 42 {
		t.Fatalf("status after risk: %q, %d rows", u.list.risk.Selected, len(u.list.rows))
	}
}

// The fiche splits the first names of « Prénom » in one click; once
// saved, the home screen no longer counts the risk.
func TestFicheSplitsFirstNames(t *testing.T) {
	u := openSample(t)
	id, _ := withRisks(t, u)
	u.goTo(u.home)
	u.Wait()
	u.openFiche(id, u.home)
	u.Wait()
	f := fiche(t, u)
	if !shows(u, "Prêt à déposer, avec 1 avertissement") {
		t.Fatalf("banner: %q", texts(u))
	}
	f.fields["prenom2"].entry.SetText("Sophie")
	tapButton(t, u, "Séparer les prénoms")
	for k, want := range map[string]string{core.KeyPrenom1: "Marie", "prenom2": "Claire", "prenom3": "Sophie"} {
		if got := f.fields[k].entry.Text; got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if shows(u, "Séparer les prénoms") || !f.dirty() {
		t.Fatalf("after the split: dirty %v, %q", f.dirty(), texts(u))
	}
	tapButton(t, u, "Enregistrer")
	u.goTo(u.home)
	u.Wait()
	if shows(u, checkLabel(core.CodePrenomsMultiples)) || !shows(u, checkLabel(core.CodeNomMarital)) || !shows(u, "1 passage encore à déposer présente un risque de rejet : vérifiez-le avant le dépôt, sa fiche dit quoi corriger") {
		t.Fatalf("home after the save: %q", texts(u))
	}
}

// The fiche shows the comparisons with the dossier's other passages: the
// same person with another sex elsewhere.
func TestFicheShowsComparisons(t *testing.T) {
	u := openSample(t)
	ids := readyIDs(t, u)
	pd, _ := u.d.Passage(context.Background(), ids[0])
	h := pd.Passage.Holder
	setHolder(t, u, ids[1], core.KeyNomNaissance, h.Text(core.KeyNomNaissance), core.KeyPrenom1, h.Text(core.KeyPrenom1),
		core.KeyAnnee, h.Text(core.KeyAnnee), core.KeyMois, h.Text(core.KeyMois), core.KeyJour, h.Text(core.KeyJour),
		core.KeySexe, map[string]string{"M": "F", "F": "M"}[h.Text(core.KeySexe)])
	u.openFiche(ids[0], u.list)
	u.Wait()
	if !shows(u, "Attention : Un autre passage du même titulaire") {
		t.Fatalf("fiche: %q", texts(u))
	}
}

// Before the file is written, the deposit screen shows the ready passages
// at risk, per reason; the user may see them or deposit anyway.
func TestDepositShowsRisks(t *testing.T) {
	u := openSample(t)
	withRisks(t, u)
	u.goTo(u.dep)
	u.Wait()
	u.dep.dir = t.TempDir()
	u.dep.fill()
	if !shows(u, "2 passages prêts sur 42 présentent un risque de rejet par la CDC") || !shows(u, checkLabel(core.CodeNomMarital)) {
		t.Fatalf("deposit: %q", texts(u))
	}
	tapLinkBeside(t, u, checkLabel(core.CodeNomMarital), "Voir")
	if u.current != u.list || len(u.list.rows) != 1 || u.list.status.Selected != core.StatusPret.Label() {
		t.Fatalf("list: %T %d rows, %q", u.current, len(u.list.rows), u.list.status.Selected)
	}
	// Limited to checked passages: only theirs count.
	u.list.showStatus(core.StatusPret)
	u.Wait()
	u.list.toggle(u.list.index[readyIDs(t, u)[0]])
	u.list.toggle(u.list.index[readyIDs(t, u)[5]])
	tapButton(t, u, "Déposer…")
	if !shows(u, "1 passage prêt sur 2 présente un risque de rejet par la CDC") {
		t.Fatalf("deposit of the checked: %q", texts(u))
	}
	tapButton(t, u, "Déposer tous les prêts")
	u.dep.dir = t.TempDir()
	u.dep.fill()
	tapButton(t, u, "Déposer 42 passages")
	if !shows(u, "Fichier de dépôt prêt") {
		t.Fatalf("deposit anyway: %q", texts(u))
	}
}
