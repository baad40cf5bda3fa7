//go:build unix

package faults

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Sizes of the fixtures: small in the brief run, closer to a real office's
// lists in the full one.
func listRows() int    { return pick(400, 3000) }
func bigPassages() int { return pick(2000, 20000) }

// Fixtures are sandbox directories built once per run and copied for
// each trial:
//
//	base      an empty dossier (init), list.xlsx and list-plus.xlsx (a
//	          longer list: the first rows are those of list.xlsx)
//	imported  base + import of list.xlsx
//	exported  imported + export to depot.xml, and accuse.xml answering it
//	          (every tenth passage rejected)
//	answered  exported + import of accuse.xml
//	big       the sample dossier with many passages (exemple --passages)
var fixtureDirs = map[string]string{}

func fixture(t testing.TB, name string) string {
	t.Helper()
	if d, ok := fixtureDirs[name]; ok {
		return d
	}
	var s *sandbox
	switch name {
	case "base":
		s = newSandbox(t, "")
		s.must("init", dossier, "--emetteur", "12ABC345", "--contrat", "MCFCER000123")
		s.must("exemple-liste", s.input("list.xlsx"), "--lignes", strconv.Itoa(listRows()))
		s.must("exemple-liste", s.input("list-plus.xlsx"), "--lignes", strconv.Itoa(listRows()+listRows()/4))
	case "imported":
		s = newSandbox(t, fixture(t, "base"))
		s.must("import-xlsx", dossier, "list.xlsx")
	case "exported":
		s = newSandbox(t, fixture(t, "imported"))
		s.must("export", dossier, "-o", "depot.xml")
		// A backup with the deposit in it, for the restores: one from
		// before the deposit is refused (it would forget it).
		s.must("sauvegarder", dossier)
		deps := s.deposits()
		if len(deps) != 1 {
			t.Fatalf("fixture exported: %d deposits", len(deps))
		}
		writeAccuse(t, s, "accuse.xml", answerAll(t, s, deps[0], 10))
	case "answered":
		s = newSandbox(t, fixture(t, "exported"))
		s.must("import-accuse", dossier, "accuse.xml")
	case "big":
		s = newSandbox(t, "")
		s.must("exemple", dossier, "--passages", strconv.Itoa(bigPassages()))
	default:
		t.Fatalf("unknown fixture %q", name)
	}
	for _, v := range s.takeViolations() {
		if !full && v.hole() != "" {
			t.Logf("fixture %s: %v", name, v)
		} else {
			t.Errorf("fixture %s: %v", name, v)
		}
	}
	dir := filepath.Join(workRoot, "fixture-"+name)
	if err := os.Rename(s.dir, dir); err != nil {
		t.Fatal(err)
	}
	fixtureDirs[name] = dir
	return dir
}

// passages lists the dossier's passages through the CLI.
func (s *sandbox) passages() []passageJSON {
	s.t.Helper()
	var out []passageJSON
	r := s.must("passages", dossier, "--json")
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		s.t.Fatalf("passages --json: %v", err)
	}
	return out
}

// deposits lists the dossier's deposits through the CLI.
func (s *sandbox) deposits() []depositJSON {
	s.t.Helper()
	var out []depositJSON
	r := s.must("deposits", dossier, "--json")
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		s.t.Fatalf("deposits --json: %v", err)
	}
	return out
}

// backups lists the dossier's backups through the CLI.
func (s *sandbox) backups() []backupJSON {
	s.t.Helper()
	var out []backupJSON
	r := s.must("sauvegardes", dossier, "--json")
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		s.t.Fatalf("sauvegardes --json: %v", err)
	}
	return out
}

// statusOf maps idTechnique to status.
func statusOf(ps []passageJSON) map[string]string {
	m := map[string]string{}
	for _, p := range ps {
		m[p.IDTechnique] = p.Status
	}
	return m
}

// depositIDs reads the idTechnique of a deposit's passages from the file.
func (s *sandbox) depositIDs(idFlux string) []string {
	s.t.Helper()
	db, err := openRO(s.path(dossier), false)
	if err != nil {
		s.t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT dp.id_technique FROM deposit_passages dp JOIN deposits d ON d.id = dp.deposit_id
		WHERE d.id_flux = ? ORDER BY dp.line_start`, idFlux)
	if err != nil {
		s.t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}

// accuse is an accusé de traitement as the CDC writes it.
type accuse struct {
	nomFichier, idFlux, idTraitement string
	ok                               []string
	ko                               [][2]string // idTechnique, message
	errors                           []accuseError
}

type accuseError struct {
	message      string
	line, column int
}

func (a accuse) xml() []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<rapport xmlns:ns2=\"urn:cdc:cpf:pc5:rapport:schema\">\n")
	if a.nomFichier != "" {
		fmt.Fprintf(&b, "    <nomFichier>%s</nomFichier>\n", html.EscapeString(a.nomFichier))
	}
	if a.idFlux != "" {
		fmt.Fprintf(&b, "    <idFlux>%s</idFlux>\n", a.idFlux)
	}
	fmt.Fprintf(&b, "    <idTraitement>%s</idTraitement>\n", a.idTraitement)
	if len(a.errors) > 0 {
		b.WriteString("    <erreurs>\n")
		for _, e := range a.errors {
			fmt.Fprintf(&b, "        <erreur>\n            <type>XSD</type>\n            <message>%s</message>\n            <ligne>%d</ligne>\n            <colonne>%d</colonne>\n        </erreur>\n",
				html.EscapeString(e.message), e.line, e.column)
		}
		b.WriteString("    </erreurs>\n")
	} else {
		b.WriteString("    <PassagesKO>\n")
		for _, k := range a.ko {
			fmt.Fprintf(&b, "        <passage>\n            <idTechnique>%s</idTechnique>\n            <messageErreur>%s</messageErreur>\n        </passage>\n", k[0], html.EscapeString(k[1]))
		}
		b.WriteString("    </PassagesKO>\n    <PassagesOK>\n")
		for _, id := range a.ok {
			fmt.Fprintf(&b, "        <idTechnique>%s</idTechnique>\n", id)
		}
		b.WriteString("    </PassagesOK>\n")
	}
	b.WriteString("</rapport>\n")
	return []byte(b.String())
}

// answerAll is the accusé of a deposit accepting every passage but one in
// koEvery (0: none rejected).
func answerAll(t testing.TB, s *sandbox, d depositJSON, koEvery int) accuse {
	a := accuse{nomFichier: d.File, idFlux: d.IDFlux, idTraitement: "70001"}
	for i, id := range s.depositIDs(d.IDFlux) {
		if koEvery > 0 && i%koEvery == koEvery-1 {
			a.ko = append(a.ko, [2]string{id, "Aucun titulaire ne correspond aux critères obligatoires"})
		} else {
			a.ok = append(a.ok, id)
		}
	}
	if len(a.ok)+len(a.ko) == 0 {
		t.Fatalf("deposit %s has no passages", d.IDFlux)
	}
	return a
}

// writeAccuse writes an accusé into the sandbox, as an input.
func writeAccuse(t testing.TB, s *sandbox, rel string, a accuse) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(s.path(rel)), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.path(rel), a.xml(), 0o600); err != nil {
		t.Fatal(err)
	}
	return s.input(rel)
}
