package dossier

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// ids returns the idTechnique of the passages of a status.
func ids(t *testing.T, db *Dossier, s core.Status) []string {
	t.Helper()
	var out []string
	if err := db.EachListRow(ctx, Filter{Status: s}, func(r ListRow) error { out = append(out, r.IDTechnique); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func value(t *testing.T, db *Dossier, id, key string) core.Value {
	t.Helper()
	pd, err := db.Passage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return pd.Passage.Data.Get(key)
}

func TestSetFieldAndUndo(t *testing.T) {
	db, _ := sampleDossier(t)
	ready := ids(t, db, core.StatusPret)[:5]
	before := map[string]core.Value{}
	for _, id := range ready {
		before[id] = value(t, db, id, core.KeyDateDebutValid)
	}
	// A value the dictionary refuses changes nothing.
	if _, err := db.SetField(ctx, FieldEdit{IDs: ready, Field: core.KeyDateDebutValid, Value: core.Value{Text: "2026-02-31"}}); err == nil || !strings.Contains(err.Error(), "Date de délivrance") {
		t.Fatalf("invalid date accepted: %v", err)
	}
	if _, err := db.SetField(ctx, FieldEdit{IDs: ready, Field: core.KeyIdentification, Value: core.Value{Text: core.BranchNIR}}); err == nil {
		t.Fatal("the identification branch was bulk-edited")
	}
	res, err := db.SetField(ctx, FieldEdit{IDs: ready, Field: core.KeyDateDebutValid, Value: core.Value{Text: "2026-06-15"}})
	if err != nil || len(res.Changed) != 5 {
		t.Fatalf("set: %+v %v", res, err)
	}
	for _, id := range ready {
		if v := value(t, db, id, core.KeyDateDebutValid); v.Text != "2026-06-15" {
			t.Fatalf("%s not set: %v", id, v)
		}
	}
	// One passage is edited again in between: the undo leaves it alone.
	if _, err := db.SetField(ctx, FieldEdit{IDs: ready[:1], Field: core.KeyDateDebutValid, Value: core.Value{Text: "2026-07-01"}}); err != nil {
		t.Fatal(err)
	}
	n, err := db.UndoSetField(ctx, res)
	if err != nil || n != 4 {
		t.Fatalf("undo: %d %v", n, err)
	}
	for _, id := range ready[1:] {
		if v := value(t, db, id, core.KeyDateDebutValid); v != before[id] {
			t.Fatalf("%s not restored: %v, want %v", id, v, before[id])
		}
	}
	if v := value(t, db, ready[0], core.KeyDateDebutValid); v.Text != "2026-07-01" {
		t.Fatalf("later edit undone: %v", v)
	}
	pd, _ := db.Passage(ctx, ready[1])
	if last := pd.Events[len(pd.Events)-1]; last.Kind != core.EventEdited || !strings.Contains(last.Detail, "annulation de la modification groupée") {
		t.Fatalf("timeline: %+v", last)
	}
}

// A bulk edit validates each passage again: a fixed field makes it ready,
// a broken one sends it back to complete; locked passages are left alone.
func TestSetFieldRevalidatesAndSkipsLocked(t *testing.T) {
	db, dir := sampleDossier(t)
	todo := ids(t, db, core.StatusACompleter)
	if _, err := db.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot.xml"), Only: map[string]bool{ids(t, db, core.StatusPret)[0]: true}}); err != nil {
		t.Fatal(err)
	}
	locked := ids(t, db, core.StatusDepose)
	ready := ids(t, db, core.StatusPret)[:3]
	sel := append(append([]string{}, ready...), locked...)
	res, err := db.SetField(ctx, FieldEdit{IDs: sel, Field: core.KeyDateFinValid, Value: core.Value{Text: "2000-01-01"}})
	if err != nil || len(res.Changed) != 3 || len(res.Locked) != 1 {
		t.Fatalf("set: %+v %v", res, err)
	}
	c := counts(t, db)
	if c[core.StatusACompleter] != len(todo)+3 {
		t.Fatalf("an end of validity before the delivery did not make them to complete: %v", c)
	}
	if _, err := db.UndoSetField(ctx, res); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, db); c[core.StatusACompleter] != len(todo) {
		t.Fatalf("after undo: %v", c)
	}
	// Where: only the passages holding that value.
	res, err = db.SetField(ctx, FieldEdit{IDs: ready, Field: core.KeyDateFinValid, Value: core.Value{Text: "2099-12-31"}, Where: &core.Value{Text: "nothing-like-this"}})
	if err != nil || len(res.Changed) != 0 || res.Unchanged != 3 {
		t.Fatalf("where: %+v %v", res, err)
	}
}

// A holder's field (an imported wording the import did not know) is set
// on the holder, and only where it still holds that wording.
func TestSetHolderFieldWhere(t *testing.T) {
	db, _ := sampleDossier(t)
	var id string
	db.EachListRow(ctx, Filter{Status: core.StatusACompleter}, func(r ListRow) error {
		if id == "" && strings.HasPrefix(r.FirstIssue, "Sexe") {
			id = r.IDTechnique
		}
		return nil
	})
	pd, _ := db.Passage(ctx, id)
	raw := pd.Passage.Holder.Get(core.KeySexe)
	others := ids(t, db, core.StatusPret)[:3]
	res, err := db.SetField(ctx, FieldEdit{IDs: append([]string{id}, others...), Field: core.KeySexe, Value: core.Value{Text: "M"}, Where: &raw})
	if err != nil || len(res.Changed) != 1 || res.Unchanged != 3 {
		t.Fatalf("set where: %+v %v", res, err)
	}
	pd, _ = db.Passage(ctx, id)
	if pd.Passage.Holder.Text(core.KeySexe) != "M" || pd.Passage.Status != core.StatusPret {
		t.Fatalf("holder after: %v %s", pd.Passage.Holder.Get(core.KeySexe), pd.Passage.Status)
	}
	if n, err := db.UndoSetField(ctx, res); err != nil || n != 1 {
		t.Fatalf("undo: %d %v", n, err)
	}
	if pd, _ = db.Passage(ctx, id); pd.Passage.Holder.Get(core.KeySexe) != raw {
		t.Fatalf("not restored: %v", pd.Passage.Holder.Get(core.KeySexe))
	}
}

func TestChangeCertification(t *testing.T) {
	db, _ := sampleDossier(t)
	certs, _ := db.Certifications(ctx)
	var rs, rncp core.Certification
	for _, c := range certs {
		if c.Type == "RS" {
			rs = c
		} else {
			rncp = c
		}
	}
	var id string
	db.EachListRow(ctx, Filter{CertificationID: rs.ID, Status: core.StatusPret}, func(r ListRow) error {
		if id == "" {
			id = r.IDTechnique
		}
		return nil
	})
	n, err := db.ChangeCertification(ctx, []string{id}, rncp.ID)
	if err != nil || n != 1 {
		t.Fatalf("change: %d %v", n, err)
	}
	pd, _ := db.Passage(ctx, id)
	if pd.Certification.ID != rncp.ID || pd.Passage.Status != core.StatusPret {
		t.Fatalf("after change: %+v %s", pd.Certification, pd.Passage.Status)
	}
	if last := pd.Events[len(pd.Events)-1]; !strings.Contains(last.Detail, "certification RS5286 remplacée par RNCP37873") {
		t.Fatalf("timeline: %+v", last)
	}
	if lr, _ := db.ListRow(ctx, id); lr.Certification != rncp.Code {
		t.Fatalf("list row: %+v", lr)
	}
	if _, err := db.ChangeCertification(ctx, []string{id}, 9999); err == nil {
		t.Fatal("unknown certification accepted")
	}
}

func TestCancelDeposit(t *testing.T) {
	db, dir, dep, _ := exported(t)
	res, err := db.CancelDeposit(ctx, dep.IDFlux)
	if err != nil || res.Passages != 42 || res.FileLeft {
		t.Fatalf("cancel: %+v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "depot.xml")); !os.IsNotExist(err) {
		t.Fatal("the cancelled deposit's file is still there")
	}
	if c := counts(t, db); c[core.StatusPret] != 42 || c[core.StatusDepose] != 0 {
		t.Fatalf("counts after cancel: %v", c)
	}
	s, _ := db.Summary(ctx, fixedNow())
	if s.AwaitingAccuse != 0 {
		t.Fatalf("a cancelled deposit still awaits its accusé: %+v", s)
	}
	deps, _ := db.Deposits(ctx)
	if len(deps) != 1 || deps[0].CancelledAt == "" {
		t.Fatalf("deposits: %+v", deps)
	}
	if _, err := db.CancelDeposit(ctx, dep.IDFlux); err == nil || !strings.Contains(err.Error(), "déjà annulé") {
		t.Fatalf("second cancel: %v", err)
	}
	// The same name can be used again; the new deposit is a new file.
	if _, err := db.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot.xml")}); err != nil {
		t.Fatal(err)
	}
}

func TestCancelDepositRefusedOnceAnswered(t *testing.T) {
	db, dir, dep, spans := exported(t)
	path := writeAccuse(t, dir, "accuse.xml", accuseB("<idFlux>"+dep.IDFlux+"</idFlux>", spans, 1, []string{"Plusieurs titulaires ont été identifiés"}))
	if _, err := db.ReadAccuse(ctx, path); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CancelDeposit(ctx, dep.IDFlux); !errors.Is(err, store.ErrDepositAnswered) {
		t.Fatalf("cancel after accusé: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "depot.xml")); err != nil {
		t.Fatal("the file of a refused cancellation went")
	}
}

// A process stopped between the cancellation and the removal of the file
// leaves the file: the next opening removes it, and only if it is the
// deposit's own file.
func TestCancelledFileRemovedAtNextOpening(t *testing.T) {
	db, dir, dep, _ := exported(t)
	file := filepath.Join(dir, "depot.xml")
	keep, _ := os.ReadFile(file)
	if _, err := db.CancelDeposit(ctx, dep.IDFlux); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, keep, 0o600) // as if the removal had not happened
	path := db.Path()
	db.Close()
	db2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatal("the file of a cancelled deposit survived the next opening")
	}
	os.WriteFile(file, []byte("<autre/>"), 0o600) // another file with the same name
	db2.Close()
	db3, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db3.Close()
	if _, err := os.Stat(file); err != nil {
		t.Fatal("another file with the deposit's name was removed")
	}
}

func TestUpdateCertificateur(t *testing.T) {
	db, _ := sampleDossier(t)
	cs, _ := db.Certificateurs(ctx)
	c := cs[0]
	c.Contrat, c.Nature = "MCF-NOUVEAU", "TIERS_CONFIANCE"
	if err := db.UpdateCertificateur(ctx, c); err != nil {
		t.Fatal(err)
	}
	cs, _ = db.Certificateurs(ctx)
	if cs[0].Contrat != "MCF-NOUVEAU" || cs[0].Nature != "TIERS_CONFIANCE" {
		t.Fatalf("not saved: %+v", cs[0])
	}
	c.Contrat = strings.Repeat("9", 21)
	if err := db.UpdateCertificateur(ctx, c); err == nil || !strings.Contains(err.Error(), "Numéro de contrat") {
		t.Fatalf("too long a contract: %v", err)
	}
}
