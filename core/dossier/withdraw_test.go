package dossier

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

func validOfficial115(t *testing.T, path string) {
	t.Helper()
	rep, err := officialSchema115(t).ValidateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("%s invalid against the official XSD 1.1.5: %+v", filepath.Base(path), rep.Errors)
	}
}

// A withdrawal from end to end, against the CDC's official 1.1.5 kit:
// accepted passages are withdrawn by a SUPPRESSION file the official XSD
// accepts; its accusé moves them to « retiré »; one is corrected and goes
// in the next creation deposit, the other stays withdrawn.
func TestWithdrawRoundTrip(t *testing.T) {
	db, dir, dep, spans := exported(t)
	validOfficial115(t, dep.FilePath)
	ok := writeAccuse(t, dir, "accuse-1.xml", accuseB("<idFlux>"+dep.IDFlux+"</idFlux>", spans, 0, nil))
	if _, err := db.ReadAccuse(ctx, ok); err != nil {
		t.Fatal(err)
	}
	a, b := spans[0].IDTechnique, spans[1].IDTechnique

	// Only accepted passages can be withdrawn; nothing is written otherwise.
	refusedOut := filepath.Join(dir, "refus.xml")
	ready := passageWithStatus(t, db, core.StatusACompleter)
	if _, err := db.Withdraw(ctx, []string{a, ready}, ExportOptions{Out: refusedOut}); err == nil || !strings.Contains(err.Error(), "seul un passage accepté") {
		t.Fatalf("withdrawing a passage to complete: %v", err)
	}
	if _, err := os.Stat(refusedOut); !os.IsNotExist(err) {
		t.Fatalf("a refused withdrawal left %s", refusedOut)
	}

	out := filepath.Join(dir, "retrait.xml")
	res, err := db.Withdraw(ctx, []string{a, b}, ExportOptions{Out: out})
	if err != nil || res.Exported != 2 || len(res.Files) != 1 {
		t.Fatalf("withdraw: %+v %v", res, err)
	}
	validOfficial115(t, out)
	text, _ := os.ReadFile(out)
	if !strings.Contains(string(text), "<cpf:action>SUPPRESSION</cpf:action>") || strings.Count(string(text), "<cpf:passageCertification>") != 2 {
		t.Fatalf("withdrawal file:\n%s", text)
	}
	if c := counts(t, db); c[core.StatusAccepte] != 40 || c[core.StatusDepose] != 2 {
		t.Fatalf("statuses while the withdrawal waits for its accusé: %v", c)
	}

	wspans := depositSpans(t, db, res.Files[0].IDFlux)
	wok := writeAccuse(t, dir, "accuse-retrait.xml", accuseB("<idFlux>"+res.Files[0].IDFlux+"</idFlux>", wspans, 0, nil))
	if _, err := db.ReadAccuse(ctx, wok); err != nil {
		t.Fatal(err)
	}
	pa, _ := db.Passage(ctx, a)
	if pa.Passage.Status != core.StatusRetire || counts(t, db)[core.StatusRetire] != 2 {
		t.Fatalf("after the withdrawal's accusé: %s %v", pa.Passage.Status, counts(t, db))
	}

	// Corrected, one goes in the next deposit (a creation); the other
	// stays withdrawn and is not sent again.
	vs := core.Values{}
	for k, v := range pa.Passage.Holder {
		vs[k] = v
	}
	for k, v := range pa.Passage.Data {
		vs[k] = v
	}
	vs[core.KeyPrenom1] = core.Value{Text: "Corrigé"}
	if p, err := db.SavePassage(ctx, Edit{IDTechnique: a, Values: vs}); err != nil || p.Status != core.StatusPret {
		t.Fatalf("correcting a withdrawn passage: %+v %v", p, err)
	}
	again := filepath.Join(dir, "depot-2.xml")
	res2, err := db.Export(ctx, ExportOptions{Out: again})
	if err != nil || res2.Exported != 1 {
		t.Fatalf("next deposit: %+v %v", res2, err)
	}
	validOfficial115(t, again)
	text, _ = os.ReadFile(again)
	if !strings.Contains(string(text), a) || strings.Contains(string(text), b) || strings.Contains(string(text), "SUPPRESSION") {
		t.Fatalf("the next deposit must carry the corrected passage only, as a creation")
	}
}

// A dossier that targets 1.1.2 cannot withdraw: the message says how to
// change the format, and no file is written.
func TestWithdrawNeeds115(t *testing.T) {
	db, dir, dep, spans := exported(t)
	ok := writeAccuse(t, dir, "accuse-1.xml", accuseB("<idFlux>"+dep.IDFlux+"</idFlux>", spans, 0, nil))
	if _, err := db.ReadAccuse(ctx, ok); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UseBuiltinXSD(ctx, core.Version112); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "retrait.xml")
	_, err := db.Withdraw(ctx, []string{spans[0].IDTechnique}, ExportOptions{Out: out})
	if err == nil || !strings.Contains(err.Error(), "--integre 1.1.5") {
		t.Fatalf("withdrawal in 1.1.2: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a refused withdrawal wrote its file")
	}
}

// passageWithStatus is the idTechnique of a passage in that status.
func passageWithStatus(t *testing.T, db *Dossier, st core.Status) string {
	t.Helper()
	var id string
	err := db.db.View(ctx, func(tx *store.Tx) error {
		return tx.EachPassage(store.Filter{Status: st}, func(p *core.Passage) error { id = p.IDTechnique; return nil })
	})
	if err != nil || id == "" {
		t.Fatalf("no passage %s: %v", st, err)
	}
	return id
}

// depositSpans are the passages of the deposit with that idFlux.
func depositSpans(t *testing.T, db *Dossier, idFlux string) []core.Span {
	t.Helper()
	var spans []core.Span
	err := db.db.View(ctx, func(tx *store.Tx) error {
		deps, err := tx.Deposits()
		if err != nil {
			return err
		}
		for _, d := range deps {
			if d.IDFlux == idFlux {
				spans, err = tx.DepositSpans(d.ID)
				return err
			}
		}
		return nil
	})
	if err != nil || len(spans) == 0 {
		t.Fatalf("no spans for %s: %v", idFlux, err)
	}
	return spans
}

// A backup older than a deposit is not restored: the deposit would be
// forgotten while its file exists. Once the deposit is cancelled (never
// sent), it can be.
func TestRestoreRefusesABackupOlderThanADeposit(t *testing.T) {
	db, dir := sampleDossier(t)
	b, err := db.db.Backup("test")
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot.xml")})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Restore(ctx, b)
	if err == nil || !strings.Contains(err.Error(), "date d'avant le dépôt depot.xml") || !strings.Contains(err.Error(), "annuler-depot DOSSIER "+res.Files[0].IDFlux) {
		t.Fatalf("restore of an older backup: %v", err)
	}
	if c := counts(t, db); c[core.StatusDepose] != 42 {
		t.Fatalf("the refused restore changed the dossier: %v", c)
	}
	if _, err := db.CancelDeposit(ctx, res.Files[0].IDFlux); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, b); err != nil {
		t.Fatalf("restore once the deposit is cancelled: %v", err)
	}
	if _, err := os.Stat(res.Files[0].Path); !os.IsNotExist(err) {
		t.Fatal("the cancelled deposit's file is still there")
	}
}

// A withdrawal file never sent can be cancelled: its passages stay
// accepted, its file goes.
func TestCancelWithdrawal(t *testing.T) {
	db, dir, dep, spans := exported(t)
	ok := writeAccuse(t, dir, "accuse-1.xml", accuseB("<idFlux>"+dep.IDFlux+"</idFlux>", spans, 0, nil))
	if _, err := db.ReadAccuse(ctx, ok); err != nil {
		t.Fatal(err)
	}
	res, err := db.Withdraw(ctx, []string{spans[0].IDTechnique}, ExportOptions{Out: filepath.Join(dir, "retrait.xml")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.CancelDeposit(ctx, res.Files[0].IDFlux)
	if err != nil || c.Passages != 1 {
		t.Fatalf("cancel the withdrawal: %+v %v", c, err)
	}
	if p, _ := db.Passage(ctx, spans[0].IDTechnique); p.Passage.Status != core.StatusAccepte {
		t.Fatalf("after cancelling the withdrawal: %s", p.Passage.Status)
	}
	if _, err := os.Stat(res.Files[0].Path); !os.IsNotExist(err) {
		t.Fatal("the withdrawal file is still there")
	}
}
