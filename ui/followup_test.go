package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// answered exports the ready passages and writes an accusé rejecting the
// first ones (on the holder's identity) and accepting the others.
func answered(t testing.TB, u *App, rejected int) (accuse string, ids []string) {
	t.Helper()
	dir := t.TempDir()
	res, err := u.d.Export(context.Background(), dossier.ExportOptions{Out: filepath.Join(dir, "depot.xml")})
	if err != nil {
		t.Fatal(err)
	}
	u.d.EachListRow(context.Background(), dossier.Filter{Status: core.StatusDepose}, func(r dossier.ListRow) error {
		ids = append(ids, r.IDTechnique)
		return nil
	})
	var b strings.Builder
	fmt.Fprintf(&b, "<rapport><idFlux>%s</idFlux><PassagesKO>", res.Files[0].IDFlux)
	for _, id := range ids[:rejected] {
		fmt.Fprintf(&b, "<passage><idTechnique>%s</idTechnique><messageErreur>Aucun titulaire ne correspond aux critères obligatoires</messageErreur></passage>", id)
	}
	b.WriteString("</PassagesKO><PassagesOK>")
	for _, id := range ids[rejected:] {
		fmt.Fprintf(&b, "<idTechnique>%s</idTechnique>", id)
	}
	b.WriteString("</PassagesOK></rapport>")
	accuse = filepath.Join(dir, "accuse.xml")
	os.WriteFile(accuse, []byte(b.String()), 0o600)
	return accuse, ids
}

// says reports whether the window shows text, wrapped over lines or not.
func says(u *App, text string) bool {
	return strings.Contains(strings.Join(texts(u), " "), text)
}

// After an accusé with rejections, the requests to the holders are
// written in a folder the user chooses, and the window says what was
// written; a folder that has them already is refused.
func TestFollowUpsFromTheAccuse(t *testing.T) {
	u := openSample(t)
	first := readyIDs(t, u)[0]
	setHolder(t, u, first, core.KeyEmail, "titulaire@example.org")
	accuse, _ := answered(t, u, 2)
	if err := u.ShowScreen("accuses", accuse); err != nil {
		t.Fatal(err)
	}
	if !shows(u, "2 rejetés") {
		t.Fatalf("accusé: %q", texts(u))
	}
	tapButton(t, u, "Préparer les demandes aux titulaires…")
	want := "demandes-" + time.Now().Format("2006-01-02")
	if !shows(u, "Où écrire les demandes aux titulaires") || !shows(u, "Nouveau dossier") {
		t.Fatalf("folder chooser: %q", texts(u))
	}
	tapButton(t, u, "Choisir")
	dir := filepath.Join(filepath.Dir(u.d.Path()), want)
	if !fileExists(filepath.Join(dir, dossier.FollowUpWorkbook)) {
		t.Fatalf("no workbook in %s: %q", dir, texts(u))
	}
	for _, s := range []string{"le classeur demandes-aux-titulaires.xlsx : une ligne par titulaire (2 titulaires, 2 passages rejetés)",
		"1 brouillon d'e-mail (.eml)", "ouvrez-le dans votre messagerie", "1 titulaire sans adresse e-mail : contactez-le autrement"} {
		if !says(u, s) {
			t.Errorf("result does not say %q: %q", s, texts(u))
		}
	}
	tapButton(t, u, "Fermer")
	// The same folder again: refused, the dialog stays open.
	tapButton(t, u, "Préparer les demandes aux titulaires…")
	tapButton(t, u, "Choisir")
	if !shows(u, "Ce dossier contient déjà des demandes aux titulaires") {
		t.Fatalf("same folder: %q", texts(u))
	}
	tapButton(t, u, "Annuler")
	// The deposit's card offers it too, until the rejections are fixed.
	u.acc.reload()
	u.Wait()
	if !shows(u, "Préparer les demandes aux titulaires…") {
		t.Fatalf("deposits list: %q", texts(u))
	}
}

// An accusé accepting everything asks nothing of the holders.
func TestNoFollowUpWithoutRejection(t *testing.T) {
	u := openSample(t)
	accuse, _ := answered(t, u, 0)
	if err := u.ShowScreen("accuses", accuse); err != nil {
		t.Fatal(err)
	}
	if !shows(u, "42 passages acceptés par la CDC") || shows(u, "Préparer les demandes aux titulaires…") {
		t.Fatalf("accusé: %q", texts(u))
	}
}
