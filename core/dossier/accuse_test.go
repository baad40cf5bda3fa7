package dossier

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// exported returns a sample dossier whose 42 ready passages were exported,
// with the deposit and its spans.
func exported(t *testing.T) (*Dossier, string, store.Deposit, []core.Span) {
	t.Helper()
	db, dir := sampleDossier(t)
	if _, err := db.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot.xml")}); err != nil {
		t.Fatal(err)
	}
	var deps []store.Deposit
	var spans []core.Span
	err := db.db.View(ctx, func(tx *store.Tx) error {
		var err error
		if deps, err = tx.Deposits(); err != nil {
			return err
		}
		spans, err = tx.DepositSpans(deps[0].ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, dir, deps[0], spans
}

func writeAccuse(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// accuseB builds a variant-B accusé: the first ko spans rejected, the
// others accepted, plus extra unknown ids.
func accuseB(header string, spans []core.Span, ko int, messages []string, unknown ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<rapport xmlns:ns2=\"urn:cdc:cpf:pc5:rapport:schema\">" + header + "<PassagesKO>")
	for i := 0; i < ko; i++ {
		fmt.Fprintf(&b, "<passage><idTechnique>%s</idTechnique><messageErreur>%s</messageErreur></passage>", spans[i].IDTechnique, messages[i%len(messages)])
	}
	b.WriteString("</PassagesKO><PassagesOK>")
	for _, s := range spans[ko:] {
		fmt.Fprintf(&b, "<idTechnique>%s</idTechnique>", s.IDTechnique)
	}
	for _, u := range unknown {
		fmt.Fprintf(&b, "<idTechnique>%s</idTechnique>", u)
	}
	b.WriteString("</PassagesOK></rapport>\n")
	return b.String()
}

func counts(t *testing.T, db *Dossier) map[core.Status]int {
	t.Helper()
	c, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAccuseOKKOReconciliation(t *testing.T) {
	db, dir, dep, spans := exported(t)
	msgs := []string{"Aucun titulaire ne correspond aux critères obligatoires", "Plusieurs titulaires ont été identifiés"}
	path := writeAccuse(t, dir, "Accusé de traitement_depot.xml_20261201.xml",
		accuseB("<nomFichier>depot.xml</nomFichier><idFlux>"+dep.IDFlux+"</idFlux><idTraitement>67598</idTraitement>", spans, 2, msgs, "inconnu-1"))
	res, err := db.ReadAccuse(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.OK) != 40 || len(res.KO) != 2 || len(res.Unknown) != 1 || res.Unknown[0] != "inconnu-1" || res.Refused {
		t.Fatalf("result: ok %d ko %d unknown %v", len(res.OK), len(res.KO), res.Unknown)
	}
	if res.Deposit.IDFlux != dep.IDFlux || res.Deposit.Status != core.DepositWithKO {
		t.Fatalf("deposit: %+v", res.Deposit)
	}
	ko := res.KO[0]
	if ko.Holder == "" || ko.Explanation.Title != "Titulaire introuvable" || ko.Messages[0] != msgs[0] {
		t.Fatalf("KO: %+v", ko)
	}
	if c := counts(t, db); c[core.StatusAccepte] != 40 || c[core.StatusRejete] != 2 || c[core.StatusDepose] != 0 {
		t.Fatalf("statuses: %v", c)
	}
	var p *core.Passage
	var events []store.Event
	db.db.View(ctx, func(tx *store.Tx) error {
		p, err = tx.Passage(spans[0].IDTechnique)
		events, _ = tx.Events(p.ID)
		return err
	})
	if p.AccuseMessage != msgs[0] || events[len(events)-1].Kind != core.EventRejected {
		t.Fatalf("rejected passage: %q %+v", p.AccuseMessage, events)
	}
	// The timeline shows the deposit between the creation and the answer.
	if n := len(events); n < 3 || events[n-2].Kind != core.EventExported || events[n-2].Detail != "depot.xml" || events[0].Kind == core.EventExported {
		t.Fatalf("timeline: %+v", events)
	}

	// The same accusé again changes nothing.
	again, err := db.ReadAccuse(ctx, path)
	if err != nil || !again.AlreadyImported {
		t.Fatalf("second import: %+v %v", again, err)
	}
	if c := counts(t, db); c[core.StatusAccepte] != 40 || c[core.StatusRejete] != 2 {
		t.Fatalf("statuses after re-import: %v", c)
	}

	// Accepted passages are locked; the explicit unlock keeps them accepted.
	var acc *core.Passage
	db.db.View(ctx, func(tx *store.Tx) error { acc, err = tx.Passage(spans[5].IDTechnique); return err })
	acc.Holder.Set("prenom2", "Louise")
	if err := db.db.Update(ctx, func(tx *store.Tx) error { return tx.UpdatePassage(acc) }); err == nil {
		t.Fatal("accepted passage edited without unlock")
	}
	if err := db.db.Update(ctx, func(tx *store.Tx) error { return tx.UpdateAccepted(acc) }); err != nil || acc.Status != core.StatusAccepte {
		t.Fatalf("unlock: %v %s", err, acc.Status)
	}

	// Re-deposit: one KO corrected, the other sent as it is; the next file
	// holds exactly those two.
	p.Holder.Set(core.KeyNomNaissance, "Martin-Durand")
	if err := db.db.Update(ctx, func(tx *store.Tx) error { return tx.UpdatePassage(p) }); err != nil || p.Status != core.StatusPret {
		t.Fatalf("correction: %v %s", err, p.Status)
	}
	var n int
	db.db.Update(ctx, func(tx *store.Tx) error {
		n, err = tx.MarkForResend([]string{spans[1].IDTechnique, spans[2].IDTechnique})
		return err
	})
	if n != 1 {
		t.Fatalf("resend changed %d passages", n)
	}
	exp, err := db.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot-2.xml")})
	if err != nil || exp.Exported != 2 {
		t.Fatalf("re-deposit: %+v %v", exp, err)
	}
	body, _ := os.ReadFile(filepath.Join(dir, "depot-2.xml"))
	if !strings.Contains(string(body), spans[0].IDTechnique) || !strings.Contains(string(body), spans[1].IDTechnique) {
		t.Fatal("re-deposit does not hold the two rejected passages")
	}
}

func TestAccuseFoundByFileNameThenByIDs(t *testing.T) {
	db, dir, _, spans := exported(t)
	byName := writeAccuse(t, dir, "a1.xml", accuseB("<nomFichier>depot.xml</nomFichier><idDemande>1</idDemande>", spans[:10], 0, nil))
	res, err := db.ReadAccuse(ctx, byName)
	if err != nil || len(res.OK) != 10 || res.Deposit.Status != core.DepositPartial {
		t.Fatalf("by file name: %+v %v", res, err)
	}
	byIDs := writeAccuse(t, dir, "a2.xml", accuseB("", spans[10:], 0, nil))
	res, err = db.ReadAccuse(ctx, byIDs)
	if err != nil || len(res.OK) != 32 || res.Deposit.Status != core.DepositSuccess {
		t.Fatalf("by ids: %+v %v", res, err)
	}
	if c := counts(t, db); c[core.StatusAccepte] != 42 {
		t.Fatalf("statuses: %v", c)
	}
	none := writeAccuse(t, dir, "a3.xml", `<rapport><nomFichier>autre.xml</nomFichier><PassagesOK><idTechnique>x</idTechnique></PassagesOK></rapport>`)
	if _, err := db.ReadAccuse(ctx, none); !errors.Is(err, ErrNoDeposit) {
		t.Fatalf("unmatched accusé: %v", err)
	}
}

// Variant A: the file was refused; errors point at real lines of the
// exported file and land on the right passage and field.
func TestRefusedFileAccuseMapsLinesToPassages(t *testing.T) {
	db, dir, dep, spans := exported(t)
	target := spans[7]
	body := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema"><nomFichier>%s</nomFichier><idTraitement>68548</idTraitement>
<erreurs>
<erreur><type>XSD</type><message>cvc-enumeration-valid : La valeur 'H' n'est pas un facet valide par rapport à l'énumération '[M, F]'. Elle doit être une valeur de l'énumération.</message><ligne>%d</ligne><colonne>900</colonne></erreur>
<erreur><type>XSD</type><message>cvc-type.3.1.3 : La valeur 'H' de l'élément 'cpf:sexe' n'est pas valide.</message><ligne>%d</ligne><colonne>900</colonne></erreur>
<erreur><type>XSD</type><message>cvc-complex-type.2.4.b : Le contenu de l'élément 'cpf:emetteur' n'est pas complet.</message><ligne>4</ligne><colonne>10</colonne></erreur>
</erreurs></rapport>`, dep.FileName, target.LineStart, target.LineStart)
	res, err := db.ReadAccuse(ctx, writeAccuse(t, dir, "refus.xml", body))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Refused || res.Deposit.Status != core.DepositRefused || len(res.Errors) != 3 {
		t.Fatalf("result: %+v", res)
	}
	var onTarget int
	for _, e := range res.Errors {
		if e.IDTechnique == target.IDTechnique {
			onTarget++
			if e.Holder == "" || e.Line != target.LineStart {
				t.Errorf("mapped error: %+v", e)
			}
		}
	}
	if onTarget != 2 || res.Errors[0].Line != 4 || res.Errors[0].IDTechnique != "" || res.Errors[1].Field != core.KeySexe ||
		!strings.HasPrefix(res.Errors[1].Message, "Sexe : « H » n'est pas une valeur permise") {
		t.Fatalf("errors: %+v", res.Errors)
	}
	if c := counts(t, db); c[core.StatusRejete] != 42 {
		t.Fatalf("a refused file sends every passage back: %v", c)
	}
	var p, other *core.Passage
	db.db.View(ctx, func(tx *store.Tx) error {
		p, _ = tx.Passage(target.IDTechnique)
		other, err = tx.Passage(spans[0].IDTechnique)
		return err
	})
	if !strings.Contains(p.AccuseMessage, "à cause de ce passage") || !strings.Contains(p.AccuseMessage, "Sexe : la valeur « H »") {
		t.Fatalf("target message: %q", p.AccuseMessage)
	}
	if !strings.Contains(other.AccuseMessage, "n'a pas été examiné") {
		t.Fatalf("other message: %q", other.AccuseMessage)
	}
}

// An accusé only speaks for the passages whose latest deposit it answers:
// read after a passage was sent again, it leaves that passage to the
// later deposit's accusé.
func TestOlderAccuseDoesNotOverrideALaterDeposit(t *testing.T) {
	db, dir, dep1, spans := exported(t)
	first := writeAccuse(t, dir, "accuse-1-rejets.xml",
		accuseB("<idFlux>"+dep1.IDFlux+"</idFlux>", spans, 1, []string{"Aucun titulaire ne correspond aux critères obligatoires"}))
	if _, err := db.ReadAccuse(ctx, first); err != nil {
		t.Fatal(err)
	}
	target := spans[0].IDTechnique
	if _, err := db.Resend(ctx, []string{target}); err != nil {
		t.Fatal(err)
	}
	res2, err := db.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot-2.xml")})
	if err != nil || res2.Exported != 1 {
		t.Fatalf("second deposit: %+v %v", res2, err)
	}
	// A second accusé of deposit 1 (say, downloaded late) says KO again.
	late := writeAccuse(t, dir, "accuse-1-bis.xml", "<rapport><idFlux>"+dep1.IDFlux+"</idFlux><PassagesKO><passage><idTechnique>"+target+
		"</idTechnique><messageErreur>Plusieurs titulaires ont été identifiés</messageErreur></passage></PassagesKO></rapport>")
	res, err := db.ReadAccuse(ctx, late)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.KO) != 0 || len(res.Superseded) != 1 || res.Superseded[0] != target {
		t.Fatalf("late accusé of deposit 1: ko %d superseded %v", len(res.KO), res.Superseded)
	}
	p, _ := db.Passage(ctx, target)
	if p.Passage.Status != core.StatusDepose {
		t.Fatalf("the re-sent passage changed: %s", p.Passage.Status)
	}
	ok2 := writeAccuse(t, dir, "accuse-2.xml", "<rapport><idFlux>"+res2.Files[0].IDFlux+"</idFlux><PassagesOK><idTechnique>"+target+"</idTechnique></PassagesOK></rapport>")
	res, err = db.ReadAccuse(ctx, ok2)
	if err != nil || len(res.OK) != 1 {
		t.Fatalf("deposit 2's accusé: %+v %v", res, err)
	}
	if p, _ := db.Passage(ctx, target); p.Passage.Status != core.StatusAccepte {
		t.Fatalf("deposit 2's OK ignored: %s", p.Passage.Status)
	}
}

// The same accusé downloaded again (other bytes, same content) is
// recognised: nothing is applied twice, counts are not doubled, and no
// backup is written for it; neither for an accusé matching no deposit.
func TestSameAccuseWithOtherBytesAndRefusedOnesChangeNothing(t *testing.T) {
	db, dir, dep, spans := exported(t)
	body := accuseB("<idFlux>"+dep.IDFlux+"</idFlux>", spans, 2, []string{"Plusieurs titulaires ont été identifiés"})
	if _, err := db.ReadAccuse(ctx, writeAccuse(t, dir, "a.xml", body)); err != nil {
		t.Fatal(err)
	}
	backups := func() int { bs, _ := db.Backups(); return len(bs) }
	before := backups()
	again, err := db.ReadAccuse(ctx, writeAccuse(t, dir, "a-copie.xml", strings.Replace(body, "<PassagesKO>", "\n  <PassagesKO>", 1)))
	if err != nil || !again.AlreadyImported {
		t.Fatalf("same accusé, other bytes: %+v %v", again, err)
	}
	deps, _ := db.Deposits(ctx)
	if deps[0].Accuse.OK != 40 || deps[0].Accuse.KO != 2 {
		t.Fatalf("counts doubled: %+v", deps[0].Accuse)
	}
	if _, err := db.ReadAccuse(ctx, writeAccuse(t, dir, "autre.xml", `<rapport><idFlux>inconnu</idFlux><PassagesOK><idTechnique>x</idTechnique></PassagesOK></rapport>`)); !errors.Is(err, ErrNoDeposit) {
		t.Fatalf("unmatched: %v", err)
	}
	if backups() != before {
		t.Fatalf("a repeated or refused accusé wrote a backup: %d → %d", before, backups())
	}
}

// Two deposits with the same file name (depot.xml in two folders): an
// accusé naming only the file is matched by its ids, not to the newest.
func TestAmbiguousFileNameIsMatchedByIDs(t *testing.T) {
	db, dir, _, spans := exported(t)
	other := t.TempDir()
	// A second deposit named depot.xml, in another folder.
	if _, err := db.ImportSheet(ctx, sheet(t, [][]any{
		{"Nom de naissance", "Prénom", "Sexe", "Date de naissance", "Code INSEE", "Code certification", "Date de délivrance"},
		{"Nouveau", "Passage", "F", date(1990, 5, 17), "31555", "RS5286", date(2026, 6, 1)},
	}), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if res, err := db.Export(ctx, ExportOptions{Out: filepath.Join(other, "depot.xml")}); err != nil || res.Exported != 1 {
		t.Fatalf("second depot.xml: %+v %v", res, err)
	}
	accuse := writeAccuse(t, dir, "accuse.xml", accuseB("<nomFichier>depot.xml</nomFichier>", spans, 0, nil))
	res, err := db.ReadAccuse(ctx, accuse)
	if err != nil || len(res.OK) != 42 {
		t.Fatalf("accusé of the first depot.xml: %+v %v", res, err)
	}
}

// An accusé whose idFlux is no deposit's is matched by its passages, and
// the user is told to check it answers that deposit.
func TestAccuseWithAnotherIDFluxSaysSo(t *testing.T) {
	db, dir, dep, spans := exported(t)
	path := writeAccuse(t, dir, "accuse.xml", accuseB("<idFlux>00000000-0000-0000-0000-000000000000</idFlux>", spans, 0, nil))
	res, err := db.ReadAccuse(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Deposit.IDFlux != dep.IDFlux || len(res.OK) != len(spans) || len(res.Notices) != 1 ||
		!strings.Contains(res.Notices[0], "00000000-0000-0000-0000-000000000000, qui n'est celui d'aucun dépôt") {
		t.Fatalf("deposit %s, ok %d, notices %q", res.Deposit.IDFlux, len(res.OK), res.Notices)
	}
	// The deposit's own accusé says nothing of the kind.
	db2, dir2, dep2, spans2 := exported(t)
	res, err = db2.ReadAccuse(ctx, writeAccuse(t, dir2, "accuse.xml", accuseB("<idFlux>"+dep2.IDFlux+"</idFlux>", spans2, 0, nil)))
	if err != nil || len(res.Notices) != 0 {
		t.Fatalf("notices %q, %v", res.Notices, err)
	}
}
