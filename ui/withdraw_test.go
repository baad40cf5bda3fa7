package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
)

// Accepted passages are withdrawn from the list: the 1.1.2 format says
// how to change it; then a confirmation, a dated file never over another
// one, and once its accusé is read, « retiré » everywhere.
func TestWithdrawAcceptedPassages(t *testing.T) {
	u := openSample(t)
	// A dossier made before the 1.1.5 kit (new ones target 1.1.5).
	if _, err := u.d.UseBuiltinXSD(context.Background(), core.Version112); err != nil {
		t.Fatal(err)
	}
	accepted(t, u)
	u.list.showStatus(core.StatusAccepte)
	u.Wait()
	u.list.toggle(0)
	u.list.toggle(1)
	tapButton(t, u, "Retirer de la CDC…")
	if !says(u, "Le retrait d'un passage n'existe qu'à partir du format 1.1.5 de la CDC, et ce dossier vise le format 1.1.2") {
		t.Fatalf("1.1.2: %q", texts(u))
	}
	tapButton(t, u, "Ouvrir l'écran Organisme")
	if u.current != u.org {
		t.Fatalf("screen %T", u.current)
	}
	tapButton(t, u, "Passer au format 1.1.5…")
	tapButton(t, u, "Passer au format 1.1.5")
	if f, _ := u.d.Format(context.Background()); f.Version != core.Version115 || !says(u, "Le dossier vise désormais le format 1.1.5") {
		t.Fatalf("format %+v: %q", f, texts(u))
	}
	tapButton(t, u, "Fermer")
	if shows(u, "Passer au format 1.1.5…") {
		t.Fatal("1.1.5 still offered")
	}

	// Two accepted passages and one of another status checked.
	u.list.showStatus(core.StatusAccepte)
	u.Wait()
	withdrawn := []string{u.list.rows[0].id, u.list.rows[1].id}
	u.list.toggle(0)
	u.list.toggle(1)
	u.list.status.SetSelected(allStatuses)
	u.Wait()
	u.list.toggle(u.list.index[withdrawn[0]])
	u.list.toggle(u.list.index[withdrawn[1]])
	u.list.toggle(rowOf(t, u, core.StatusACompleter))
	tapButton(t, u, "Retirer de la CDC…")
	for _, s := range []string{"Retirer 2 passages acceptés de la CDC ?", "supprimer ces passages des comptes de leurs titulaires",
		"déposer sur l'espace certificateur de la CDC, comme un dépôt ordinaire", "L'autre passage coché n'est pas accepté par la CDC"} {
		if !says(u, s) {
			t.Errorf("confirmation does not say %q: %q", s, texts(u))
		}
	}
	tapButton(t, u, "Préparer le fichier de retrait…")
	name := "retrait-" + time.Now().Format("2006-01-02") + "-12ABC345.xml"
	if !shows(u, name) {
		t.Fatalf("save dialog: %q", texts(u))
	}
	tapButton(t, u, "Enregistrer")
	path := filepath.Join(filepath.Dir(u.d.Path()), name)
	if !fileExists(path) || !says(u, "Fichier de retrait prêt : "+name+" — 2 passages, valide au regard du format (XSD) 1.1.5") {
		t.Fatalf("withdrawal: %q", texts(u))
	}
	tapButton(t, u, "Voir les dépôts et les accusés")
	if !shows(u, "Retrait "+name+" — en attente de l'accusé") || !says(u, "2 passages à retirer") {
		t.Fatalf("deposits: %q", texts(u))
	}
	// The next one of the day does not take its name.
	if next := datedName("retrait", filepath.Dir(path), []string{"12ABC345"}, time.Now()); next == name {
		t.Fatal("same name proposed twice")
	}

	// The CDC withdraws them.
	deps, _ := u.d.Deposits(context.Background())
	accuse := filepath.Join(t.TempDir(), "accuse-retrait.xml")
	os.WriteFile(accuse, []byte(fmt.Sprintf("<rapport><idFlux>%s</idFlux><PassagesOK><idTechnique>%s</idTechnique><idTechnique>%s</idTechnique></PassagesOK></rapport>",
		deps[len(deps)-1].IDFlux, withdrawn[0], withdrawn[1])), 0o600)
	if err := u.ShowScreen("accuses", accuse); err != nil {
		t.Fatal(err)
	}
	if !says(u, "Retrait "+name+" : 2 passages retirés de la CDC") || !says(u, "2 retirés, 0 retrait refusé") || shows(u, "Préparer les demandes aux titulaires…") {
		t.Fatalf("withdrawal accusé: %q", texts(u))
	}
	// « Retiré » on the home screen, in the list, in the deposit screen.
	u.goTo(u.home)
	u.Wait()
	if u.home.summary.Counts[core.StatusRetire] != 2 || !shows(u, "Retiré") {
		t.Fatalf("home: %v %q", u.home.summary.Counts, texts(u))
	}
	u.list.showStatus(core.StatusRetire)
	u.Wait()
	if len(u.list.rows) != 2 || u.list.rows[0].status != core.StatusRetire || !shows(u, "Retiré") {
		t.Fatalf("list: %+v", u.list.rows)
	}
	u.goTo(u.dep)
	u.Wait()
	if !shows(u, core.StatusRetire.HeldBack()) {
		t.Fatalf("deposit: %q", texts(u))
	}
}
