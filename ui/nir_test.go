package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/certidepot/certidepot/core"
)

const sampleNIR = "1850578006048"

// byNIR identifies a passage's holder by a NIR (the 1.1.5 format).
func byNIR(t testing.TB, u *App, id, nir string) {
	t.Helper()
	setHolder(t, u, id, core.KeyIdentification, core.BranchNIR, core.KeyNIR, nir, core.KeyNomNaissanceNIR, "DURAND", core.KeySexe, "M")
}

// The Organisme screen erases the NIR of the holders whose passages were
// all accepted, now or after each accusé; turning that off erases
// nothing.
func TestOrganismeErasesAcceptedNIRs(t *testing.T) {
	u := openSample(t)
	ctx := context.Background()
	if _, err := u.d.UseBuiltinXSD(ctx, core.Version115); err != nil {
		t.Fatal(err)
	}
	ids := readyIDs(t, u)
	byNIR(t, u, ids[0], sampleNIR)
	byNIR(t, u, ids[1], sampleNIR[:12]+"9")
	accepted(t, u)
	u.goTo(u.org)
	u.Wait()
	if u.org.eraseNIR.Checked || !shows(u, "Effacer le NIR des titulaires une fois leurs passages acceptés") {
		t.Fatalf("setting shown on: %q", texts(u))
	}
	tapButton(t, u, "Effacer maintenant les NIR des passages acceptés…")
	if !says(u, "Effacer maintenant le NIR des titulaires dont tous les passages ont été acceptés par la CDC ?") {
		t.Fatalf("confirmation: %q", texts(u))
	}
	tapButton(t, u, "Effacer les NIR")
	if !says(u, "2 NIR effacés : ceux des titulaires dont tous les passages sont acceptés par la CDC.") {
		t.Fatalf("result: %q", texts(u))
	}
	tapButton(t, u, "Fermer")
	pd, _ := u.d.Passage(ctx, ids[0])
	if pd.Passage.Holder.Text(core.KeyNIR) != "" {
		t.Fatal("the NIR is still there")
	}
	if on, _ := u.d.EraseNIRWhenAccepted(ctx); on {
		t.Fatal("erasing now set the setting")
	}

	// Checked: asked first; cancelled, nothing changes.
	test.Tap(u.org.eraseNIR)
	u.Wait()
	if u.org.eraseNIR.Checked || !says(u, "Dès maintenant, puis après chaque accusé de traitement") {
		t.Fatalf("no confirmation: %v %q", u.org.eraseNIR.Checked, texts(u))
	}
	tapButton(t, u, "Annuler")
	if on, _ := u.d.EraseNIRWhenAccepted(ctx); on || u.org.eraseNIR.Checked {
		t.Fatal("cancelled, yet set")
	}
	test.Tap(u.org.eraseNIR)
	u.Wait()
	tapButton(t, u, "Activer et effacer")
	if on, _ := u.d.EraseNIRWhenAccepted(ctx); !on || !u.org.eraseNIR.Checked || !says(u, "Aucun NIR à effacer pour l'instant") || !says(u, "Désormais, le NIR sera effacé après chaque accusé") {
		t.Fatalf("setting on: %v %q", on, texts(u))
	}
	tapButton(t, u, "Fermer")
	// The screen shows the setting as the dossier has it.
	u.org.setEraseNIR(false)
	u.org.reload()
	u.Wait()
	if !u.org.eraseNIR.Checked {
		t.Fatal("the setting is not shown")
	}
	// Unchecked: the setting goes, nothing is asked.
	test.Tap(u.org.eraseNIR)
	u.Wait()
	if on, _ := u.d.EraseNIRWhenAccepted(ctx); on || u.org.eraseNIR.Checked || len(u.escapes) != 0 {
		t.Fatalf("setting off: %v", on)
	}
}

// A list never shows a NIR in clear, even in a message about it.
func TestListsNeverShowANIR(t *testing.T) {
	u := openSample(t)
	ctx := context.Background()
	if _, err := u.d.UseBuiltinXSD(ctx, core.Version115); err != nil {
		t.Fatal(err)
	}
	ids := readyIDs(t, u)
	byNIR(t, u, ids[0], sampleNIR)
	wrong := "3" + sampleNIR[1:] // not 1 or 2 first: an error that quotes it
	byNIR(t, u, ids[1], wrong)
	u.goTo(u.list)
	u.Wait()
	row := u.list.rows[u.list.index[ids[1]]]
	if row.status != core.StatusACompleter || !strings.Contains(row.problem, "« 3••••") {
		t.Fatalf("row: %+v", row)
	}
	u.list.showStatus(core.StatusACompleter)
	u.Wait()
	for _, s := range texts(u) {
		if strings.Contains(s, sampleNIR[1:10]) {
			t.Fatalf("a NIR in clear: %q", s)
		}
	}
	// The fiche is where it is typed: there it shows.
	u.openFiche(ids[1], u.list)
	u.Wait()
	if got := fiche(t, u).fields[core.KeyNIR].entry.Text; got != wrong {
		t.Fatalf("fiche: %q", got)
	}
}
