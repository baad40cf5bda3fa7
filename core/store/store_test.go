package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
)

var ctx = context.Background()

func newDossier(t testing.TB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "essai"+Extension)
	d, err := Create(path, testValidator)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d, path
}

func TestCreateMakesPrivateCurrentDossier(t *testing.T) {
	d, path := newDossier(t)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("dossier permissions %v, want 0600", st.Mode().Perm())
	}
	var appID, version int
	d.db.QueryRow("PRAGMA application_id").Scan(&appID)
	d.db.QueryRow("PRAGMA user_version").Scan(&version)
	if appID != applicationID || version != SchemaVersion() || version < 1 {
		t.Errorf("application_id %x, user_version %d", appID, version)
	}
	var mode string
	var fk int
	d.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	d.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if mode != "wal" || fk != 1 {
		t.Errorf("journal_mode %s, foreign_keys %d", mode, fk)
	}
	if _, err := Create(path, testValidator); err == nil || !strings.Contains(err.Error(), "existe déjà") {
		t.Errorf("second Create: %v", err)
	}
}

func TestOpenRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	foreign := filepath.Join(dir, "autre.sqlite")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE clients(nom TEXT)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	cases := map[string]string{
		filepath.Join(dir, "absent.certidepot"):                           "n'existe pas",
		write("texte.certidepot", []byte("Nom;Prénom\nDupont;Antoine\n")): "n'est pas un dossier Certidépôt",
		write("zeros.certidepot", make([]byte, 4096)):                     "n'est pas un dossier Certidépôt",
		foreign: "pas un dossier Certidépôt",
		dir:     "répertoire",
	}
	for path, want := range cases {
		d, err := Open(path, testValidator)
		if err == nil {
			d.Close()
			t.Errorf("%s: opened", path)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
}

// An empty or cut-short file is refused with a message offering the
// backups, and left as it is: it never silently becomes an empty dossier.
func TestOpenRefusesEmptyAndTruncatedFiles(t *testing.T) {
	d, path := newDossier(t)
	seed(t, d)
	d.Close()
	full, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, c := range map[string]struct {
		body []byte
		want string
	}{
		"vide":    {nil, "est vide"},
		"tronque": {full[:len(full)/2+100], "tronqué"},
		"entete":  {full[:50], "n'est pas un dossier"},
	} {
		p := filepath.Join(dir, name+Extension)
		if err := os.WriteFile(p, c.body, 0o600); err != nil {
			t.Fatal(err)
		}
		// Without a backups folder (another file given), no backup to offer.
		_, err := Open(p, testValidator)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "sauvegarde") {
			t.Errorf("%s: %v, want %q and no backups offered", name, err, c.want)
		}
		os.MkdirAll(BackupDirOf(p), 0o700)
		_, err = Open(p, testValidator)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "sauvegarde") {
			t.Errorf("%s: %v, want %q and the backups offered", name, err, c.want)
		}
		if after, _ := os.ReadFile(p); len(after) != len(c.body) {
			t.Errorf("%s: the refused file changed (%d → %d bytes)", name, len(c.body), len(after))
		}
	}
}

func TestOpenRefusesNewerDossier(t *testing.T) {
	d, path := newDossier(t)
	if _, err := d.db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	_, err := Open(path, testValidator)
	if err == nil || !strings.Contains(err.Error(), "version plus récente de Certidépôt") {
		t.Fatalf("newer dossier: %v", err)
	}
}

func TestOpenMigratesOlderDossierAfterBackup(t *testing.T) {
	d, path := newDossier(t)
	d.Close()
	orig := migrations
	migrations = append(append([]string{}, orig...), "CREATE TABLE future_table(x TEXT);")
	defer func() { migrations = orig }()

	d, err := Open(path, testValidator)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var version int
	d.db.QueryRow("PRAGMA user_version").Scan(&version)
	if version != len(orig)+1 {
		t.Fatalf("user_version %d, want %d", version, len(orig)+1)
	}
	backup := fmt.Sprintf("%s.avant-migration-v%d%s", strings.TrimSuffix(path, Extension), len(orig), Extension)
	st, err := os.Stat(backup)
	if err != nil {
		t.Fatalf("no backup before migration: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup permissions %v", st.Mode().Perm())
	}
}

// seed creates an emetteur, a certificateur and a certification.
func seed(t testing.TB, d *DB) core.Certification {
	t.Helper()
	cert := core.Certification{Type: "RNCP", Code: "RNCP34825", Titre: "Développeur web"}
	err := d.Update(ctx, func(tx *Tx) error {
		if err := tx.SetEmetteur("12ABC345"); err != nil {
			return err
		}
		c := core.Certificateur{IDClient: "12ABC345", Contrat: "MCFCER000123"}
		if err := tx.AddCertificateur(&c); err != nil {
			return err
		}
		cert.CertificateurID = c.ID
		return tx.EnsureCertification(&cert)
	})
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func holder(nom, prenom string) core.Values {
	h := core.Values{}
	h.Set(core.KeyNomNaissance, nom)
	h.Set(core.KeyPrenom1, prenom)
	h.SetNil(core.KeyNomUsage)
	h.Set(core.KeyAnnee, "1990")
	h.Set(core.KeyMois, "5")
	h.Set(core.KeyJour, "17")
	h.Set(core.KeySexe, "F")
	h.Set(core.KeyCodeInsee, "31555")
	return h
}

func passageData(delivrance string) core.Values {
	p := core.Values{}
	p.Set("obtentionCertification", "PAR_ADMISSION")
	p.Set("donneeCertifiee", "true")
	p.Set(core.KeyDateDebutValid, delivrance)
	p.SetNil(core.KeyDateFinValid)
	p.Set(core.KeyPresenceLangue, "false")
	p.Set(core.KeyPresenceNumeriq, "false")
	p.SetNil("scoring")
	p.SetNil("mentionValidee")
	p.SetNil(core.KeyModaliteAcces)
	return p
}

func TestPassageLifeCycle(t *testing.T) {
	d, _ := newDossier(t)
	cert := seed(t, d)
	good := &core.Passage{CertificationID: cert.ID, Holder: holder("Lefèvre", "Zoé"), Data: passageData("2024-07-01")}
	bad := &core.Passage{CertificationID: cert.ID, Holder: holder("Martin", "Paul"), Data: passageData("2024-07-01"),
		Source: &core.Source{File: "diplomes.xlsx", Sheet: "Feuil1", Row: 3}, IDTechnique: "ID-MARTIN"}
	bad.Holder.Set(core.KeySexe, "H")
	err := d.Update(ctx, func(tx *Tx) error {
		if err := tx.AddPassage(good); err != nil {
			return err
		}
		return tx.AddPassage(bad)
	})
	if err != nil {
		t.Fatal(err)
	}
	if good.Status != core.StatusPret || len(good.IDTechnique) != 36 {
		t.Errorf("good passage: %s %q %v", good.Status, good.IDTechnique, good.Issues)
	}
	if bad.Status != core.StatusACompleter || len(bad.Issues) != 1 || bad.Issues[0].Field != core.KeySexe {
		t.Fatalf("bad passage: %s %v", bad.Status, bad.Issues)
	}

	// Listing, filters and accent-insensitive search.
	var listed []*core.Passage
	d.View(ctx, func(tx *Tx) error {
		return tx.EachPassage(Filter{Search: "lefevre"}, func(p *core.Passage) error { listed = append(listed, p); return nil })
	})
	if len(listed) != 1 || listed[0].IDTechnique != good.IDTechnique || listed[0].Holder.Text(core.KeyPrenom1) != "Zoé" ||
		!listed[0].Data.Get(core.KeyDateFinValid).Nil {
		t.Fatalf("search by folded name: %+v", listed)
	}
	var p *core.Passage
	d.View(ctx, func(tx *Tx) error { p, err = tx.Passage("ID-MARTIN"); return err })
	if p == nil || p.Source == nil || p.Source.Row != 3 || p.Status != core.StatusACompleter || len(p.Issues) != 1 {
		t.Fatalf("stored passage: %+v", p)
	}

	// Fixing the value makes it ready; the timeline records both steps.
	p.Holder.Set(core.KeySexe, "M")
	if err := d.Update(ctx, func(tx *Tx) error { return tx.UpdatePassage(p) }); err != nil {
		t.Fatal(err)
	}
	var events []Event
	var counts map[core.Status]int
	d.View(ctx, func(tx *Tx) error {
		p, _ = tx.Passage("ID-MARTIN")
		events, _ = tx.Events(p.ID)
		counts, err = tx.Counts()
		return err
	})
	if p.Status != core.StatusPret || len(p.Issues) != 0 {
		t.Fatalf("after fix: %s %v", p.Status, p.Issues)
	}
	if len(events) != 2 || events[0].Kind != core.EventImported || events[0].Detail != "diplomes.xlsx, feuille Feuil1, ligne 3" || events[1].Kind != core.EventEdited {
		t.Fatalf("timeline: %+v", events)
	}
	if counts[core.StatusPret] != 2 {
		t.Fatalf("counts: %v", counts)
	}

	// Locked passages refuse edits.
	d.db.Exec("UPDATE passages SET status = 'accepte' WHERE id = ?", p.ID)
	err = d.Update(ctx, func(tx *Tx) error { return tx.UpdatePassage(p) })
	if err == nil || !strings.Contains(err.Error(), "verrouillé (accepté par la cdc)") {
		t.Fatalf("edit of accepted passage: %v", err)
	}
}

func TestDuplicateIDTechniqueAndRollback(t *testing.T) {
	d, _ := newDossier(t)
	cert := seed(t, d)
	err := d.Update(ctx, func(tx *Tx) error {
		if err := tx.AddPassage(&core.Passage{IDTechnique: "X1", CertificationID: cert.ID, Holder: holder("A", "B"), Data: passageData("2024-01-01")}); err != nil {
			return err
		}
		return tx.AddPassage(&core.Passage{IDTechnique: "X1", CertificationID: cert.ID, Holder: holder("C", "D"), Data: passageData("2024-01-01")})
	})
	if err == nil || !strings.Contains(err.Error(), `"X1" est déjà utilisé`) {
		t.Fatalf("duplicate idTechnique: %v", err)
	}
	var n int
	d.db.QueryRow("SELECT count(*) FROM passages").Scan(&n)
	var h int
	d.db.QueryRow("SELECT count(*) FROM holders").Scan(&h)
	if n != 0 || h != 0 {
		t.Fatalf("failed operation left %d passages, %d holders", n, h)
	}
}

func TestRevalidateAfterVersionChange(t *testing.T) {
	d, _ := newDossier(t)
	cert := seed(t, d)
	h := core.Values{}
	h.Set(core.KeyIdentification, core.BranchNIR)
	h.Set(core.KeyNIR, "1960231555123")
	h.Set(core.KeyNomNaissanceNIR, "Durand")
	p := &core.Passage{CertificationID: cert.ID, Holder: h, Data: passageData("2024-07-01")}
	if err := d.Update(ctx, func(tx *Tx) error { return tx.AddPassage(p) }); err != nil {
		t.Fatal(err)
	}
	if p.Status != core.StatusACompleter {
		t.Fatalf("NIR under 1.1.2 accepted: %v", p.Issues)
	}
	var withErrors int
	err := d.Update(ctx, func(tx *Tx) error {
		if err := tx.SetVersion(core.Version115); err != nil {
			return err
		}
		var err error
		withErrors, err = tx.Revalidate()
		return err
	})
	if err != nil || withErrors != 0 {
		t.Fatalf("revalidate: %d errors, %v", withErrors, err)
	}
	d.View(ctx, func(tx *Tx) error { p, err = tx.Passage(p.IDTechnique); return err })
	if p.Status != core.StatusPret {
		t.Fatalf("status after revalidation: %s", p.Status)
	}
}

func TestSetEmetteurValidates(t *testing.T) {
	d, _ := newDossier(t)
	err := d.Update(ctx, func(tx *Tx) error { return tx.SetEmetteur("1234567") })
	var ie IssuesError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "exactement 8 caractères (ici 7)") {
		t.Fatalf("short BCR: %v", err)
	}
}

func TestCreateSample(t *testing.T) {
	path := filepath.Join(t.TempDir(), "exemple"+Extension)
	d, err := CreateSample(ctx, path, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), testValidator)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var counts map[core.Status]int
	d.View(ctx, func(tx *Tx) error { counts, err = tx.Counts(); return err })
	if counts[core.StatusPret] != 42 || counts[core.StatusACompleter] != 8 {
		t.Fatalf("sample counts: %v", counts)
	}
	if _, err := CreateSample(ctx, path, time.Now(), testValidator); err == nil {
		t.Fatal("sample overwrote an existing dossier")
	}
}

func TestDeleteUnsentPassagesAndEditCertification(t *testing.T) {
	d, _ := newDossier(t)
	cert := seed(t, d)
	a := &core.Passage{CertificationID: cert.ID, Holder: holder("A", "Un"), Data: passageData("2026-01-01")}
	b := &core.Passage{CertificationID: cert.ID, Holder: holder("B", "Deux"), Data: passageData("2026-01-01")}
	err := d.Update(ctx, func(tx *Tx) error {
		if err := tx.AddPassage(a); err != nil {
			return err
		}
		return tx.AddPassage(b)
	})
	if err != nil {
		t.Fatal(err)
	}
	d.db.Exec("UPDATE passages SET status = 'accepte' WHERE id = ?", b.ID)
	var n int
	err = d.Update(ctx, func(tx *Tx) error { n, err = tx.DeletePassages([]string{a.IDTechnique}); return err })
	if err != nil || n != 1 {
		t.Fatalf("delete: %d %v", n, err)
	}
	if err := d.Update(ctx, func(tx *Tx) error { _, err := tx.DeletePassages([]string{b.IDTechnique}); return err }); err == nil || !strings.Contains(err.Error(), "envoyé à la CDC") {
		t.Fatalf("deleting an accepted passage: %v", err)
	}
	cert.Code = "RS5286" // now inconsistent with type RNCP: the passages say so
	if err := d.Update(ctx, func(tx *Tx) error { return tx.UpdateCertification(cert) }); err != nil {
		t.Fatal(err)
	}
	var p *core.Passage
	d.View(ctx, func(tx *Tx) error { p, err = tx.Passage(b.IDTechnique); return err })
	if len(p.Issues) == 0 || p.Issues[0].Field != core.KeyCertCode {
		t.Fatalf("passages not revalidated after the certification changed: %v", p.Issues)
	}
}

// The light list rows say the same as the full passages.
func TestListRowsMatchPassages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "exemple"+Extension)
	d, err := CreateSample(ctx, path, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), testValidator)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	full := map[string]*core.Passage{}
	certs := map[int64]core.Certification{}
	d.View(ctx, func(tx *Tx) error {
		certs, _ = tx.Certifications()
		return tx.EachPassage(Filter{}, func(p *core.Passage) error { full[p.IDTechnique] = p; return nil })
	})
	n := 0
	err = d.View(ctx, func(tx *Tx) error {
		return tx.EachListRow(Filter{Status: core.StatusACompleter}, func(r ListRow) error {
			n++
			p := full[r.IDTechnique]
			if r.Holder != core.HolderName(p.Holder) || r.Status != p.Status || r.Certification != certs[p.CertificationID].Code ||
				r.Delivered != p.Data.Text(core.KeyDateDebutValid) || r.FirstIssue != p.Issues[0].Message {
				t.Errorf("list row %+v differs from passage", r)
			}
			return nil
		})
	})
	if err != nil || n != 8 {
		t.Fatalf("%d rows, %v", n, err)
	}
}

// testValidator is the dictionary's validation, without reference rules.
var testValidator = core.NewValidator()
