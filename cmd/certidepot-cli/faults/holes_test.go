//go:build unix

package faults

// One test per hole reported against Certidépôt ("Nothing lost, ever"):
// each reproduces the case through the CLI and fails while the hole is
// open. They run in the full run only (CERTIDEPOT_FAULTS=full, make
// faults), so that make test stays green until the holes are closed.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// holeCheck reports what a hole test found, counted in the summary as
// one fault of op (hole tests run in the full run, where every violation
// fails).
func holeCheck(t *testing.T, op, kind, what string, vs []violation) {
	t.Helper()
	report(t, op, kind, what, vs)
}

// `restaurer` while an import runs: both say success, and the import is
// in neither the dossier nor any backup.
func TestHoleRestoreDuringImport(t *testing.T) {
	needFull(t)
	s := newSandbox(t, fixture(t, "exported")) // a real backup, made after its deposit
	backup := filepath.Join(backupsDir, backupWith(t, s, "manuelle"))
	rows := 20000
	s.must("exemple-liste", s.input("grande-liste.xlsx"), "--lignes", strconv.Itoa(rows))
	before := countIn(s.path(dossier), false)
	imp := s.start(nil, "import-xlsx", dossier, "grande-liste.xlsx", "--json")
	// Restore once the import's transaction writes (its -wal grows).
	walStart := fileSize(s.path(dossier + "-wal"))
	s.observe(imp, func(time.Duration) bool { return fileSize(s.path(dossier+"-wal")) > walStart+256<<10 })
	if !imp.running() {
		t.Fatalf("the import ended before the restore could start")
	}
	rest := s.run("restaurer", dossier, backup)
	ir := imp.wait()
	var res struct {
		Imported int `json:"imported"`
	}
	json.Unmarshal([]byte(ir.stdout), &res)
	t.Logf("import: exit %d, %d passages added; restaurer: %v", ir.code, res.Imported, rest)
	var vs []violation
	if (ir.code == 0 || ir.code == 1) && res.Imported > 0 {
		best, where := countIn(s.path(dossier), false), "the dossier"
		for _, b := range s.backupNames() {
			if n := countIn(s.path(filepath.Join(backupsDir, b)), true); n > best {
				best, where = n, b
			}
		}
		if best < before+res.Imported && rest.code == 0 {
			vs = append(vs, violation{invRestoreLost, fmt.Sprintf("import-xlsx said « %d passage(s) ajouté(s) » (exit %d) and restaurer said « %s », but those passages are in neither the dossier (%d passages) nor any backup (at most %d passages, in %s; %d before the import)",
				res.Imported, ir.code, strings.TrimSpace(rest.stdout), countIn(s.path(dossier), false), best, where, before)})
		}
	}
	_, cv := s.cliListing()
	vs = append(vs, cv...)
	holeCheck(t, "concurrent", "concurrent", "restaurer during import-xlsx", append(vs, s.takeViolations()...))
}

// A backup cut short by kill -9 is left as a partial file (0644), listed
// as the newest; restoring it says « restauré » and leaves a broken or
// empty dossier.
func TestHoleBackupCutShortByKill(t *testing.T) {
	needFull(t)
	var vs []violation
	for try := 0; try < 5; try++ {
		s := newSandbox(t, fixture(t, "big"))
		before := countIn(s.path(dossier), false)
		w := newWatcher(s)
		p := s.start(nil, "export", dossier, "-o", "depot.xml")
		if s.observe(p, func(time.Duration) bool { sn := w.snap(p); return sn.newBackupSize > 0 && !sn.newBackupComplete }) {
			p.kill()
		}
		if r := p.wait(); !r.killed {
			continue
		}
		l, v := s.cliListing()
		vs = append(vs, v...)
		vs = append(vs, s.checkBackups(l)...)
		if len(l.backups) == 0 {
			break
		}
		newest := l.backups[0]
		r := s.run("restaurer", dossier, newest.Path)
		after := countIn(s.path(dossier), false)
		if r.code == 0 && after != before {
			vs = append(vs, violation{invBackups, fmt.Sprintf("restaurer %s (%d bytes, cut short by kill -9) said « %s » and the dossier now has %d passages (it had %d)",
				newest.Name, newest.Size, strings.TrimSpace(r.stdout), after, before)})
		}
		vs = append(vs, s.takeViolations()...)
		break
	}
	holeCheck(t, "backup", "watch", "backup cut short by kill -9", vs)
}

// Refused or no-op commands still write a backup: ten of them push every
// real backup out of the ten kept.
func TestHoleRefusedCommandsWriteBackups(t *testing.T) {
	needFull(t)
	s := newSandbox(t, fixture(t, "answered"))
	real := s.backupNames()
	unmatched := writeAccuse(t, s, "autre-accuse.xml", accuse{nomFichier: "inconnu.xml", idTraitement: "1", ok: []string{"pas-un-passage"}})
	var vs []violation
	step := func(what string, want int, args ...string) {
		before := s.backupNames()
		r := s.run(args...)
		if r.code != want {
			vs = append(vs, violation{invRefusal, fmt.Sprintf("%s: %v (expected exit %d)", what, r, want)})
		}
		if written := newNames(before, s.backupNames()); len(written) > 0 {
			vs = append(vs, violation{invNoOpBackup, fmt.Sprintf("%s (exit %d) wrote a backup: %s", what, r.code, strings.Join(written, ", "))})
		}
	}
	for i := 0; i < 11; i++ {
		step("import-accuse of an accusé of no deposit of the dossier", 2, "import-accuse", dossier, unmatched)
	}
	step("import-accuse of an accusé already imported", 0, "import-accuse", dossier, "accuse.xml")
	step("export with no passage ready", 0, "export", dossier, "-o", "rien.xml")
	left := s.backupNames()
	for _, b := range real {
		if !contains(left, b) {
			vs = append(vs, violation{invNoOpBackup, fmt.Sprintf("the real backup %s is no longer kept: the %d kept are %s", b, len(left), strings.Join(left, ", "))})
		}
	}
	holeCheck(t, "backup", "refused", "refused and no-op commands", append(vs, s.takeViolations()...))
}

// Export killed after the deposit file is complete but before it is
// recorded: a full depot.xml, nothing recorded, its passages still
// « prêt »; the next export writes them again, and the first file's
// accusé is attached to the second deposit.
func TestHoleExportKilledBetweenFileAndRecord(t *testing.T) {
	needFull(t)
	var vs []violation
	hits := 0
	for try := 0; try < 5; try++ {
		s := newSandbox(t, fixture(t, "big"))
		p := s.start(nil, "export", dossier, "-o", "depot.xml")
		if s.observe(p, func(time.Duration) bool { return exists(s.path("depot.xml")) }) {
			p.kill()
		}
		if r := p.wait(); !r.killed {
			t.Logf("try %d: export ended before being killed", try+1)
			continue
		}
		hits++
		st, v := s.dossierState()
		vs = append(vs, v...)
		if st == nil || len(st.deposits) > 0 {
			continue
		}
		xml, _ := os.ReadFile(s.path("depot.xml"))
		inFile := strings.Count(string(xml), "<cpf:passageCertification>")
		vs = append(vs, violation{invDeposit, fmt.Sprintf("try %d: depot.xml complete on disk (%d bytes, %d passages, closed by </cpf:flux>: %v) but no deposit recorded; %d passages still « pret »",
			try+1, len(xml), inFile, bytes.Contains(xml, []byte("</cpf:flux>")), st.counts["pret"])})
		if try > 0 {
			continue
		}
		// What follows: the same passages exported again, and the first
		// file's accusé read against the second deposit.
		r := s.run("export", dossier, "-o", "depot-2.xml", "--json")
		var ex struct {
			Exported int `json:"exported"`
		}
		json.Unmarshal([]byte(r.stdout), &ex)
		if ex.Exported > 0 {
			vs = append(vs, violation{invDeposit, fmt.Sprintf("the next export wrote %d passages into depot-2.xml, %d of them already in the unrecorded depot.xml", ex.Exported, min(ex.Exported, inFile))})
		}
		idFlux := between(string(xml), "<cpf:idFlux>", "</cpf:idFlux>")
		var ids []string
		for _, d := range s.deposits() {
			ids = append(ids, s.depositIDs(d.IDFlux)...)
		}
		acc := writeAccuse(t, s, "accuse-depot.xml", accuse{nomFichier: "depot.xml", idFlux: idFlux, idTraitement: "80001", ok: ids})
		r = s.run("import-accuse", dossier, acc, "--json")
		var ar struct {
			Deposit struct {
				File string `json:"file"`
			} `json:"deposit"`
		}
		json.Unmarshal([]byte(r.stdout), &ar)
		if r.code != 2 && ar.Deposit.File != "" && ar.Deposit.File != "depot.xml" {
			vs = append(vs, violation{invDeposit, fmt.Sprintf("the accusé of depot.xml (idFlux %s) was attached to the deposit %s (exit %d)", idFlux, ar.Deposit.File, r.code)})
		}
		s.takeViolations()
	}
	if hits == 0 {
		t.Fatal("no export was killed between its file and its record in 5 tries")
	}
	holeCheck(t, "export", "watch", "export killed once depot.xml has its final name", vs)
}

// An accusé for deposit 1 read after the passage was re-sent in deposit 2
// marks it rejected; deposit 2's OK is then ignored while the command
// prints « 1 accepté ».
func TestHoleLateAccuseOverridesResentPassage(t *testing.T) {
	needFull(t)
	s := newSandbox(t, fixture(t, "exported"))
	dep1 := s.deposits()[0]
	ids := s.depositIDs(dep1.IDFlux)
	p := ids[0]
	first := accuse{nomFichier: dep1.File, idFlux: dep1.IDFlux, idTraitement: "71001", ok: ids[1:], ko: [][2]string{{p, "Aucun titulaire ne correspond aux critères obligatoires"}}}
	s.must("import-accuse", dossier, writeAccuse(t, s, "accuse-1.xml", first))
	s.must("renvoyer", dossier, p)
	s.must("export", dossier, "-o", "depot-2.xml")
	var dep2 depositJSON
	for _, d := range s.deposits() {
		if d.File == "depot-2.xml" {
			dep2 = d
		}
	}
	var vs []violation
	late := first
	late.idTraitement = "71002" // the same answer, issued again by the CDC
	r := s.run("import-accuse", dossier, writeAccuse(t, s, "accuse-1-bis.xml", late))
	if got := statusOf(s.passages())[p]; got != "depose" {
		vs = append(vs, violation{invAtomic, fmt.Sprintf("a late accusé of deposit 1 (%s) changed passage %s, re-sent in deposit 2 and awaiting its answer, to « %s » (exit %d)", dep1.File, p, got, r.code)})
	}
	r = s.run("import-accuse", dossier, writeAccuse(t, s, "accuse-2.xml", accuse{nomFichier: dep2.File, idFlux: dep2.IDFlux, idTraitement: "71003", ok: []string{p}}))
	if got := statusOf(s.passages())[p]; got != "accepte" {
		vs = append(vs, violation{invNothingLost, fmt.Sprintf("deposit 2's accusé accepts %s, but it is « %s », while the command printed « %s »", p, got, firstLine(r.stdout, "accept"))})
	}
	holeCheck(t, "accuse", "order", "accusés read in the wrong order", append(vs, s.takeViolations()...))
}

// A refused accusé is matched by file name to the newest deposit of that
// name, while two deposits may share a file name (depot.xml in two
// folders).
func TestHoleRefusedAccuseMatchedByFileName(t *testing.T) {
	needFull(t)
	s := newSandbox(t, fixture(t, "imported"))
	os.MkdirAll(s.path("a"), 0o700)
	os.MkdirAll(s.path("b"), 0o700)
	s.must("export", dossier, "-o", "a/depot.xml")
	s.must("import-xlsx", dossier, "list-plus.xlsx")
	s.must("export", dossier, "-o", "b/depot.xml")
	deps := s.deposits()
	if len(deps) != 2 || deps[0].File != deps[1].File {
		t.Fatalf("setup: deposits %+v", deps)
	}
	before := statusOf(s.passages())
	refused := accuse{nomFichier: "depot.xml", idTraitement: "72001", errors: []accuseError{{"Le contenu de l'élément « cpf:sexe » n'est pas valide.", 5, 20}}}
	r := s.run("import-accuse", dossier, writeAccuse(t, s, "accuse-refus.xml", refused), "--json")
	changed := 0
	for id, st := range statusOf(s.passages()) {
		if before[id] != st {
			changed++
		}
	}
	var vs []violation
	if r.code != 2 || changed > 0 {
		var ar struct {
			Deposit struct {
				IDFlux string `json:"idFlux"`
			} `json:"deposit"`
		}
		json.Unmarshal([]byte(r.stdout), &ar)
		which := "?"
		for _, d := range deps {
			if d.IDFlux == ar.Deposit.IDFlux {
				which = d.Path
			}
		}
		vs = append(vs, violation{invRefusal, fmt.Sprintf("a refused accusé naming « depot.xml » (two deposits have that name: a/depot.xml, b/depot.xml) was applied to %s without asking: exit %d, %d passages changed to « rejete »", which, r.code, changed)})
	}
	holeCheck(t, "accuse", "ambiguous", "refused accusé matched by file name", append(vs, s.takeViolations()...))
}

// The same accusé downloaded again with one byte changed is applied again
// and its counts doubled.
func TestHoleAccuseOneByteChangedAppliedTwice(t *testing.T) {
	needFull(t)
	s := newSandbox(t, fixture(t, "answered"))
	b, _ := os.ReadFile(s.path("accuse.xml"))
	os.WriteFile(s.path("accuse-bis.xml"), append(b, '\n'), 0o600)
	s.input("accuse-bis.xml")
	want := s.deposits()[0]
	r := s.run("import-accuse", dossier, "accuse-bis.xml")
	got := s.deposits()[0]
	var vs []violation
	if got.Accuse.OK != want.Accuse.OK || got.Accuse.KO != want.Accuse.KO {
		vs = append(vs, violation{invAtomic, fmt.Sprintf("the accusé re-read with one byte changed (a final newline) was applied again (« %s »): deposits --json now says ok=%d ko=%d for a deposit of %d passages (before: ok=%d ko=%d)",
			firstLine(r.stdout, "accept"), got.Accuse.OK, got.Accuse.KO, got.Passages, want.Accuse.OK, want.Accuse.KO)})
	}
	holeCheck(t, "accuse", "duplicate", "accusé re-read with one byte changed", append(vs, s.takeViolations()...))
}

// Copying the .certidepot file while the dossier is open elsewhere (the
// window) gives an incomplete copy: the data is still in the -wal.
func TestHoleCopyWhileOpenIsIncomplete(t *testing.T) {
	needFull(t)
	s := newSandbox(t, fixture(t, "base"))
	s.must("exemple-liste", s.input("petite-liste.xlsx"), "--lignes", "300")
	// The window keeps the dossier open; this process does the same.
	db, err := openRO(s.path(dossier), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRowContext(context.Background(), "SELECT count(*) FROM passages").Scan(&n); err != nil {
		t.Fatal(err)
	}
	s.must("import-xlsx", dossier, "petite-liste.xlsx")
	in := countIn(s.path(dossier), false)
	os.MkdirAll(s.path("copie"), 0o700)
	if err := copyFile(s.path(dossier), s.path("copie/d.certidepot"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.inputs["copie/d.certidepot"] = true
	r := s.run("passages", "copie/d.certidepot", "--json")
	var ps []passageJSON
	json.Unmarshal([]byte(r.stdout), &ps)
	var vs []violation
	if r.code != 0 || len(ps) != in {
		vs = append(vs, violation{invNothingLost, fmt.Sprintf("a copy of d.certidepot made while the dossier is open has %d passages (exit %d); the dossier has %d, the rest is in d.certidepot-wal (%d bytes)",
			len(ps), r.code, in, fileSize(s.path(dossier+"-wal")))})
	}
	holeCheck(t, "import", "copy", "copy of the dossier file while open", append(vs, s.takeViolations()...))
}

// titulaire --effacer leaves readable copies of the holder's data and of
// its search key inside the file.
func TestHoleEraseLeavesCopiesInFile(t *testing.T) {
	needFull(t)
	s := newSandbox(t, "")
	s.must("exemple", dossier)
	r := s.must("titulaire", dossier, "lefevre", "--json")
	var hs []struct {
		Name string         `json:"nom"`
		Data map[string]any `json:"donnees"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &hs); err != nil || len(hs) != 1 {
		t.Fatalf("titulaire --json: %v %s", err, r.stdout)
	}
	nom, _ := hs[0].Data["Nom de naissance"].(string)
	prenom, _ := hs[0].Data["Prénom"].(string)
	s.must("titulaire", dossier, "lefevre", "--effacer")
	raw, _ := os.ReadFile(s.path(dossier))
	wal, _ := os.ReadFile(s.path(dossier + "-wal"))
	raw = append(raw, wal...)
	key := strings.ToLower(foldASCII(nom + " " + prenom))
	data := `"` + nom + `"`
	var vs []violation
	if n, k := bytes.Count(raw, []byte(data)), bytes.Count(raw, []byte(key)); n > 0 || k > 0 {
		vs = append(vs, violation{invLeftovers, fmt.Sprintf("after titulaire --effacer, d.certidepot (and its -wal) still holds %d readable copies of the holder's data (« %s ») and %d of its search key (« %s »)", n, data, k, key)})
	}
	holeCheck(t, "erase", "erase", "erased holder still in the file", append(vs, s.takeViolations()...))
}

// foldASCII drops the accents of French names, as the search key does.
func foldASCII(s string) string {
	r := strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "ç", "c", "î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "É", "e", "È", "e")
	return r.Replace(s)
}

// treeBytes is the size of the files under dir.
func treeBytes(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if info, err := e.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// After a kill -9, personal data stays in the system's temp folder as
// excelize-* files (the whole unzipped sheet), and next to the deposit as
// hidden .depot.xml.N.tmp files.
func TestHoleTempFilesLeftAfterKill(t *testing.T) {
	needFull(t)
	t.Run("excelize", func(t *testing.T) {
		s := newSandbox(t, fixture(t, "base"))
		// More than 64 MB of sheet XML: excelize unzips it into TMPDIR.
		s.must("exemple-liste", s.input("tres-grande-liste.xlsx"), "--lignes", "56000")
		p := s.start(nil, "import-xlsx", dossier, "tres-grande-liste.xlsx")
		if !s.observe(p, func(time.Duration) bool { return treeBytes(s.tmp) > 32<<20 }) {
			r := p.wait()
			t.Fatalf("excelize wrote nothing to TMPDIR: %v", r)
		}
		p.kill()
		p.wait()
		l, v := s.cliListing() // the next command on the dossier
		st, _ := readState(s.path(dossier), false)
		vs := append(v, s.checkLeftovers(st, l)...)
		filepath.WalkDir(s.tmp, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte("Lefèvre")) {
				rel, _ := filepath.Rel(s.tmp, path)
				vs = append(vs, violation{invLeftovers, fmt.Sprintf("tmp/%s (%d MB) holds holders' names (« Lefèvre »…) after kill -9 of import-xlsx and one more command", rel, len(b)>>20)})
			}
			return nil
		})
		holeCheck(t, "import", "watch", "import-xlsx killed while excelize holds the sheet in TMPDIR", append(vs, s.takeViolations()...))
	})
	t.Run("deposit", func(t *testing.T) {
		s := newSandbox(t, fixture(t, "big"))
		w := newWatcher(s)
		p := s.start(nil, "export", dossier, "-o", "depot.xml")
		if s.observe(p, func(time.Duration) bool { return w.snap(p).tmpSize > 1<<20 }) {
			p.kill()
		}
		if r := p.wait(); !r.killed {
			t.Fatalf("export not killed: %v", r)
		}
		l, v := s.cliListing()
		st, _ := readState(s.path(dossier), false)
		holeCheck(t, "export", "watch", "export killed while writing its hidden file", append(append(v, s.checkLeftovers(st, l)...), s.takeViolations()...))
	})
}

// A dossier truncated to 0 bytes silently becomes an empty dossier.
func TestHoleTruncatedDossier(t *testing.T) {
	needFull(t)
	s := newSandbox(t, fixture(t, "imported"))
	os.Truncate(s.path(dossier), 0)
	os.Remove(s.path(dossier + "-wal"))
	os.Remove(s.path(dossier + "-shm"))
	var vs []violation
	for _, args := range [][]string{{"passages", dossier}, {"export", dossier, "-o", "depot.xml"}, {"import-xlsx", dossier, "list.xlsx"}} {
		r := s.run(args...)
		if r.code != 2 {
			vs = append(vs, violation{invRefusal, fmt.Sprintf("certidepot-cli %s on a dossier truncated to 0 bytes: exit %d, « %s » (file now %d bytes)", args[0], r.code, oneLine(r.stdout+r.stderr), fileSize(s.path(dossier)))})
		}
	}
	if n := fileSize(s.path(dossier)); n != 0 {
		vs = append(vs, violation{invRefusal, fmt.Sprintf("the 0-byte dossier was turned into an empty dossier of %d bytes", n)})
	}
	holeCheck(t, "inputs", "truncated", "dossier truncated to 0 bytes", append(vs, s.takeViolations()...))
}

// The refusal of DTDs and entities is a prefix scan: a DOCTYPE after a
// 70 KB comment, or in a UTF-16 file, is called « Fichier valide ».
func TestHoleDoctypeNotInFirstBytes(t *testing.T) {
	needFull(t)
	s := newSandbox(t, "")
	src := officialExample(t)
	i := bytes.Index(src, []byte("?>")) + 2
	doctype := []byte("\n<!DOCTYPE cpf:flux [<!ENTITY e \"x\">]>\n")
	comment := append(append([]byte("\n<!--"), bytes.Repeat([]byte("x"), 70_000)...), "-->"...)
	late := append(append(append(append([]byte{}, src[:i]...), comment...), doctype...), src[i:]...)
	os.WriteFile(s.path("commentaire.xml"), late, 0o600)
	u16 := strings.Replace(string(src[:i]), "UTF-8", "UTF-16", 1) + string(doctype) + string(src[i:])
	os.WriteFile(s.path("utf16.xml"), utf16LE(u16), 0o600)
	acc := append([]byte("<?xml version=\"1.0\"?>\n<!--"+strings.Repeat("x", 70_000)+"-->\n<!DOCTYPE rapport [<!ENTITY e \"x\">]>\n"), []byte("<rapport><nomFichier>depot.xml</nomFichier></rapport>")...)
	os.WriteFile(s.path("accuse-dtd.xml"), acc, 0o600)
	s.input("commentaire.xml")
	s.input("utf16.xml")
	s.input("accuse-dtd.xml")
	var vs []violation
	for _, c := range []struct{ what, file string }{{"a DOCTYPE after a 70 KB comment", "commentaire.xml"}, {"a DOCTYPE in a UTF-16 file", "utf16.xml"}} {
		r := s.run("validate", c.file)
		if r.code != 2 {
			vs = append(vs, violation{invRefusal, fmt.Sprintf("validate of %s: exit %d, « %s » (a DTD must be refused, exit 2)", c.what, r.code, oneLine(r.stdout+r.stderr))})
		}
	}
	// A dossier of the example's emetteur, with a backup: import-xml must
	// refuse the file for its DTD, and import-accuse too.
	s2 := newSandbox(t, "")
	s2.must("init", dossier, "--emetteur", "AB123CDE", "--certificateur", "E564ACB0", "--contrat", "2560080000127J")
	os.WriteFile(s2.path("accuse-dtd.xml"), acc, 0o600)
	os.WriteFile(s2.path("commentaire.xml"), late, 0o600)
	s2.input("accuse-dtd.xml")
	s2.input("commentaire.xml")
	for _, args := range [][]string{{"import-xml", dossier, "commentaire.xml"}, {"import-accuse", dossier, "accuse-dtd.xml"}} {
		before := s2.backupNames()
		r := s2.run(args...)
		if r.code != 2 || !strings.Contains(r.stderr, "DTD") {
			vs = append(vs, violation{invRefusal, fmt.Sprintf("%s of a file declaring a DTD after a 70 KB comment: exit %d, « %s »", args[0], r.code, oneLine(r.stdout+r.stderr))})
		}
		if len(newNames(before, s2.backupNames())) > 0 {
			vs = append(vs, violation{invNoOpBackup, args[0] + " of a refused file wrote a backup"})
		}
	}
	vs = append(vs, s.takeViolations()...)
	holeCheck(t, "inputs", "hostile", "DTD not in the first 64 KB", append(vs, s2.takeViolations()...))
}

// English reaches the user.
func TestHoleEnglishMessages(t *testing.T) {
	needFull(t)
	t.Run("database-locked", func(t *testing.T) {
		s := newSandbox(t, fixture(t, "imported"))
		db, err := openRW(s.path(dossier))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		conn, _ := db.Conn(context.Background())
		defer conn.Close()
		if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		r := s.run("annuler-import", dossier)
		conn.ExecContext(context.Background(), "ROLLBACK")
		vs := s.takeViolations()
		if r.code != 2 || !strings.Contains(r.stderr, "occupé") {
			vs = append(vs, violation{invRefusal, "a write while another process writes: " + r.String()})
		}
		holeCheck(t, "concurrent", "concurrent", "dossier locked by another process", vs)
	})
	t.Run("cannot-convert-cell", func(t *testing.T) {
		s := newSandbox(t, fixture(t, "base"))
		src, _ := os.ReadFile(s.path("list.xlsx"))
		bad, err := rewriteSheet(src, func(x []byte) []byte { return bytes.Replace(x, []byte(`r="B3"`), []byte(`r="B3!"`), 1) })
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(s.path("cellule.xlsx"), bad, 0o600)
		s.input("cellule.xlsx")
		r := s.run("import-xlsx", dossier, "cellule.xlsx")
		vs := s.takeViolations()
		if r.code != 2 {
			vs = append(vs, violation{invRefusal, r.String()})
		}
		holeCheck(t, "inputs", "corrupt", "cell with a broken reference", vs)
	})
	t.Run("libxml2", func(t *testing.T) {
		s := newSandbox(t, "")
		for i, m := range libxml2Cases(t) {
			name := fmt.Sprintf("cas-%02d.xml", i+1)
			os.WriteFile(s.path(name), m, 0o600)
			s.input(name)
			s.run("validate", name)
		}
		kit := brokenKitXSD(t)
		os.WriteFile(s.path("kit.xsd"), kit, 0o600)
		s.input("kit.xsd")
		os.WriteFile(s.path("exemple.xml"), officialExample(t), 0o600)
		s.input("exemple.xml")
		s.run("validate", "exemple.xml", "--xsd", "kit.xsd")
		holeCheck(t, "inputs", "corrupt", "untranslated libxml2 messages", s.takeViolations())
	})
	t.Run("utf16-accuse", func(t *testing.T) {
		s := newSandbox(t, fixture(t, "exported"))
		b, _ := os.ReadFile(s.path("accuse.xml"))
		os.WriteFile(s.path("accuse-utf16.xml"), utf16LE(strings.Replace(string(b), "UTF-8", "UTF-16", 1)), 0o600)
		s.input("accuse-utf16.xml")
		s.run("import-accuse", dossier, "accuse-utf16.xml")
		holeCheck(t, "inputs", "corrupt", "accusé in UTF-16", s.takeViolations())
	})
	t.Run("nul-bytes", func(t *testing.T) {
		s := newSandbox(t, fixture(t, "exported"))
		// 2 GB of NUL bytes (a sparse file: nothing is written).
		for _, n := range []string{"nuls.xml"} {
			f, _ := os.Create(s.path(n))
			f.Truncate(2 << 30)
			f.Close()
			s.input(n)
		}
		var vs []violation
		r := s.run("validate", "nuls.xml")
		if r.code != 2 || strings.Contains(r.stdout+r.stderr, "est vide") {
			vs = append(vs, violation{invRefusal, fmt.Sprintf("validate of 2 GB of NUL bytes: exit %d, « %s » (the file is not empty: it is not XML)", r.code, oneLine(r.stdout+r.stderr))})
		}
		holeCheck(t, "inputs", "corrupt", "2 GB of NUL bytes", append(vs, s.takeViolations()...))
	})
}
