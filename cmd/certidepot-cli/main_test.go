package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core/dossier"
)

// cli runs a command as the binary would and returns exit code and outputs.
func cli(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(&env{stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestInitThenPassagesJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "org.certidepot")
	code, out, stderr := cli("init", path, "--emetteur", "12ABC345", "--certificateur", "98XYZ765", "--contrat", "MCFCER000123", "--nature", "TIERS_CONFIANCE")
	if code != exitOK || !strings.Contains(out, "Dossier créé") {
		t.Fatalf("init: %d %q %q", code, out, stderr)
	}
	code, out, _ = cli("passages", path, "--json")
	if code != exitOK || strings.TrimSpace(out) != "[]" {
		t.Fatalf("passages of an empty dossier: %d %q", code, out)
	}
	code, _, stderr = cli("init", path, "--emetteur", "12ABC345", "--contrat", "X")
	if code != exitRefused || !strings.Contains(stderr, "existe déjà") {
		t.Fatalf("init over an existing dossier: %d %q", code, stderr)
	}
}

func TestInitRefusesInvalidIdentifiersAndCreatesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "org.certidepot")
	code, _, stderr := cli("init", path, "--emetteur", "1234567", "--contrat", "MCF", "--nature", "AUTRE")
	if code != exitRefused {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"dossier non créé", "exactement 8 caractères (ici 7)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a refused init left %s behind", path)
	}
	code, _, stderr = cli("init", path, "--emetteur", "12ABC345", "--contrat", "MCF", "--nature", "AUTRE")
	if code != exitRefused || !strings.Contains(stderr, "« AUTRE » n'est pas une valeur possible") {
		t.Fatalf("bad nature: %d %q", code, stderr)
	}
}

func TestSamplePassagesAndCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "exemple.certidepot")
	if code, _, stderr := cli("exemple", path); code != exitOK {
		t.Fatalf("exemple: %s", stderr)
	}
	code, out, _ := cli("passages", "--json", path)
	if code != exitOK {
		t.Fatalf("passages: %d", code)
	}
	var ps []map[string]any
	if err := json.Unmarshal([]byte(out), &ps); err != nil {
		t.Fatalf("passages --json is not a JSON array: %v\n%s", err, out)
	}
	if len(ps) != 50 {
		t.Fatalf("%d passages", len(ps))
	}
	statuses := map[string]int{}
	for _, p := range ps {
		for _, k := range []string{"idTechnique", "status", "errors", "source", "certification", "nomNaissance", "prenom1", "accuseMessage"} {
			if _, ok := p[k]; !ok {
				t.Fatalf("passage lacks %q: %v", k, p)
			}
		}
		statuses[p["status"].(string)]++
		if src := p["source"].(map[string]any); src["file"] != "diplomes-2026.xlsx" || src["sheet"] != "Diplômés" || src["row"].(float64) < 2 {
			t.Fatalf("source: %v", src)
		}
		if c := p["certification"].(map[string]any); c["type"] == "" || !strings.HasPrefix(c["code"].(string), c["type"].(string)) {
			t.Fatalf("certification: %v", c)
		}
		errs := p["errors"].([]any)
		if (p["status"] == "a_completer") != (len(errs) > 0) {
			t.Fatalf("status %v with errors %v", p["status"], errs)
		}
		for _, e := range errs {
			m := e.(map[string]any)
			if m["field"] == "" || !strings.Contains(m["message"].(string), " : ") {
				t.Fatalf("error shape: %v", m)
			}
		}
	}
	if statuses["pret"] != 42 || statuses["a_completer"] != 8 {
		t.Fatalf("statuses: %v", statuses)
	}

	code, out, _ = cli("check", path, "--json")
	var chk dossier.CheckResult
	if err := json.Unmarshal([]byte(out), &chk); err != nil {
		t.Fatal(err)
	}
	if code != exitFlagged || chk.Passages != 50 || chk.WithErrors != 8 || len(chk.Errors) != 8 {
		t.Fatalf("check: exit %d, %+v", code, chk)
	}
	code, out, _ = cli("check", path)
	if code != exitFlagged || !strings.Contains(out, "Petit Inès (diplomes-2026.xlsx, ligne 5) — Sexe : « H »") {
		t.Fatalf("check text: %d\n%s", code, out)
	}
}

func TestRefusals(t *testing.T) {
	dir := t.TempDir()
	notDossier := filepath.Join(dir, "liste.csv")
	os.WriteFile(notDossier, []byte("Nom;Prénom\n"), 0o600)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"inconnue"}, "commande inconnue « inconnue »"},
		{[]string{"passages"}, "il manque le chemin du DOSSIER"},
		{[]string{"passages", "a", "b"}, "argument en trop : « b »"},
		{[]string{"passages", notDossier, "--xml"}, "option inconnue : --xml"},
		{[]string{"passages", notDossier}, "n'est pas un dossier Certidépôt"},
		{[]string{"check", filepath.Join(dir, "absent.certidepot")}, "n'existe pas"},
		{[]string{"init", filepath.Join(dir, "x.certidepot"), "--emetteur", "12ABC345"}, "--contrat est obligatoire"},
		{[]string{"export", notDossier, "-o", "x.xml", "--max-passages", "beaucoup"}, "valeur « beaucoup » impossible pour l'option --max-passages"},
		{[]string{"passages", notDossier, "--json=peut-être"}, "valeur « peut-être » impossible pour l'option --json"},
		{[]string{"passages", notDossier, "---json"}, "option mal écrite : « ---json »"},
	}
	for _, c := range cases {
		code, out, stderr := cli(c.args...)
		if code != exitRefused || out != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q (want %q)", c.args, code, out, stderr, c.want)
		}
	}
	// Help after a command: its usage on stdout, nothing done.
	for _, h := range []string{"-h", "--help"} {
		code, out, stderr := cli("export", h)
		if code != exitOK || stderr != "" || !strings.Contains(out, "Usage : certidepot-cli export DOSSIER -o FICHIER.xml") || strings.Contains(out, "help") {
			t.Errorf("export %s: exit %d, stdout %q, stderr %q", h, code, out, stderr)
		}
	}
	if code, out, _ := cli("aide"); code != exitOK || !strings.Contains(out, "certidepot-cli passages DOSSIER [--json]") {
		t.Errorf("aide: %d %q", code, out)
	}
	if code, out, _ := cli("version"); code != exitOK || !strings.HasPrefix(out, "Certidépôt ") {
		t.Errorf("version: %d %q", code, out)
	}
}

const refDir = "../../testdata/cdc/"

func officialExampleFile(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(refDir + "example-1.1.2-officiel-v2.0.0.xml")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "exemple-officiel.xml")
	os.WriteFile(p, b, 0o600)
	return p
}

func TestValidateCommand(t *testing.T) {
	good := officialExampleFile(t)
	code, out, _ := cli("validate", good, "--xsd", refDir+"xsd-1.1.2.xsd")
	if code != exitOK || !strings.Contains(out, "Fichier valide au regard du XSD 1.1.2") {
		t.Fatalf("valid file: %d %q", code, out)
	}
	b, _ := os.ReadFile(good)
	bad := filepath.Join(t.TempDir(), "faux.xml")
	os.WriteFile(bad, []byte(strings.Replace(string(b), "<cpf:sexe>M</cpf:sexe>", "<cpf:sexe>H</cpf:sexe>", 1)), 0o600)
	code, out, _ = cli("validate", "--json", bad)
	var res dossier.FileCheck
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var errs []dossier.FileProblem // the official example's warnings aside
	for _, e := range res.Errors {
		if !e.Warning {
			errs = append(errs, e)
		}
	}
	if code != exitFlagged || res.Valid || len(errs) != 1 {
		t.Fatalf("invalid file: %d %+v", code, res)
	}
	e := errs[0]
	if e.Line != 65 || e.Column == 0 || e.Field != "sexe" || !strings.Contains(e.Message, "« H » n'est pas une valeur permise ; choisissez parmi M (Masculin), F (Féminin)") {
		t.Fatalf("error: %+v", e)
	}
	// Valid against the XSD, but against the CDC's rules: an end of
	// validity before the delivery date.
	ruled := filepath.Join(t.TempDir(), "regle.xml")
	os.WriteFile(ruled, []byte(strings.Replace(string(b), "<cpf:dateFinValidite>2030-12-13</cpf:dateFinValidite>", "<cpf:dateFinValidite>2019-01-31</cpf:dateFinValidite>", 1)), 0o600)
	code, out, _ = cli("validate", "--json", ruled)
	res = dossier.FileCheck{}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range res.Errors {
		found = found || e.Kind == dossier.KindRule && e.Field == "dateFinValidite" && !e.Warning && e.Line > 0
	}
	if code != exitFlagged || res.Valid || !found {
		t.Fatalf("rule error in a valid file: %d %+v", code, res)
	}
	// The official 1.1.5 withdrawal file: told 1.1.5 by its content, valid
	// against its XSD; its placeholder birthplace code never existed.
	code, out, _ = cli("validate", refDir+"kit-2026/SUPPRESSION.xml")
	if code != exitFlagged || !strings.Contains(out, "format détecté : XSD 1.1.5 (balise action") || !strings.Contains(out, "Fichier conforme au XSD 1.1.5") ||
		!strings.Contains(out, "Ligne 19 : Code INSEE du lieu de naissance : « 12345 »") {
		t.Fatalf("official SUPPRESSION.xml: %d %s", code, out)
	}
	code, out, _ = cli("validate", good)
	if code != exitOK || !strings.Contains(out, "XSD 1.1.2 (aucune balise propre au 1.1.5") {
		t.Fatalf("1.1.2 example told: %d %s", code, out)
	}
	code, _, stderr := cli("validate", filepath.Join(t.TempDir(), "absent.xml"))
	if code != exitRefused || !strings.Contains(stderr, "n'existe pas") {
		t.Fatalf("missing file: %d %q", code, stderr)
	}
	bomb := filepath.Join(t.TempDir(), "bombe.xml")
	os.WriteFile(bomb, []byte(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><cpf:flux>&lol2;</cpf:flux>`), 0o600)
	code, _, stderr = cli("validate", bomb)
	if code != exitRefused || !strings.Contains(stderr, "DTD") {
		t.Fatalf("DTD: %d %q", code, stderr)
	}
}

func TestImportXMLExportAndXSDCommands(t *testing.T) {
	dir := t.TempDir()
	dossier := filepath.Join(dir, "migration.certidepot")
	if code, _, stderr := cli("init", dossier, "--emetteur", "AB123CDE", "--certificateur", "E564ACB0", "--contrat", "2560080000127J"); code != exitOK {
		t.Fatal(stderr)
	}
	src := officialExampleFile(t)
	code, out, _ := cli("import-xml", dossier, src, "--json")
	if code != exitOK || !strings.Contains(out, `"imported":3`) {
		t.Fatalf("import-xml: %d %s", code, out)
	}
	code, out, _ = cli("import-xml", dossier, src)
	if code != exitOK || !strings.Contains(out, "3 passage(s) déjà présents") {
		t.Fatalf("second import-xml: %d %s", code, out)
	}

	xml1 := filepath.Join(dir, "depot.xml")
	code, out, stderr := cli("export", dossier, "-o", xml1, "--json")
	if code != exitOK {
		t.Fatalf("export: %d %s %s", code, out, stderr)
	}
	var res struct {
		Files []struct {
			Path     string `json:"path"`
			Passages int    `json:"passages"`
		} `json:"files"`
		Exported int `json:"exported"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Exported != 3 || len(res.Files) != 1 || res.Files[0].Path != xml1 {
		t.Fatalf("export JSON: %v %s", err, out)
	}
	// New dossiers target the CDC's current kit.
	if code, out, _ := cli("validate", xml1, "--xsd", refDir+"kit-2026/certifications-cdc.xsd"); code != exitOK || !strings.Contains(out, "XSD 1.1.5") {
		t.Fatalf("exported file invalid against the official XSD 1.1.5: %s", out)
	}
	code, out, _ = cli("passages", dossier, "--json")
	if code != exitOK || strings.Count(out, `"status":"depose"`) != 3 {
		t.Fatalf("statuses after export: %s", out)
	}
	code, out, _ = cli("export", dossier, "-o", filepath.Join(dir, "rien.xml"))
	if code != exitOK || !strings.Contains(out, "Aucun passage prêt") || !strings.Contains(out, "3 passage(s) non exporté(s) — Déposé") {
		t.Fatalf("empty export: %d %s", code, out)
	}

	code, out, _ = cli("xsd", dossier, "--load", refDir+"xsd-1.1.2.xsd")
	if code != exitOK || !strings.Contains(out, "XSD 1.1.2, chargé depuis xsd-1.1.2.xsd") {
		t.Fatalf("xsd --load: %d %s", code, out)
	}
	notXSD := filepath.Join(dir, "pas-un.xsd")
	os.WriteFile(notXSD, []byte("<html/>"), 0o600)
	if code, _, stderr := cli("xsd", dossier, "--load", notXSD); code != exitRefused || !strings.Contains(stderr, "n'est pas un schéma XSD") {
		t.Fatalf("xsd --load of a non-XSD: %d %s", code, stderr)
	}
	code, out, _ = cli("xsd", dossier, "--json")
	if code != exitOK || !strings.Contains(out, `"source":"charge"`) {
		t.Fatalf("xsd --json: %s", out)
	}
	if code, _, stderr := cli("export", dossier); code != exitRefused || !strings.Contains(stderr, "-o") {
		t.Fatalf("export without -o: %d %s", code, stderr)
	}
}

func TestAccuseCommands(t *testing.T) {
	dir := t.TempDir()
	dossier := filepath.Join(dir, "exemple.certidepot")
	cli("exemple", dossier)
	xmlPath := filepath.Join(dir, "depot.xml")
	if code, _, stderr := cli("export", dossier, "-o", xmlPath); code != exitOK {
		t.Fatal(stderr)
	}
	_, out, _ := cli("passages", dossier, "--json")
	var ps []struct {
		IDTechnique string `json:"idTechnique"`
		Status      string `json:"status"`
	}
	json.Unmarshal([]byte(out), &ps)
	var deposited []string
	for _, p := range ps {
		if p.Status == "depose" {
			deposited = append(deposited, p.IDTechnique)
		}
	}
	var b strings.Builder
	b.WriteString("<rapport><nomFichier>depot.xml</nomFichier><idTraitement>9</idTraitement><PassagesKO><passage><idTechnique>" + deposited[0] +
		"</idTechnique><messageErreur>Aucun titulaire ne correspond aux critères obligatoires</messageErreur></passage></PassagesKO><PassagesOK>")
	for _, id := range deposited[1:] {
		b.WriteString("<idTechnique>" + id + "</idTechnique>")
	}
	b.WriteString("<idTechnique>inconnu</idTechnique></PassagesOK></rapport>")
	accuse := filepath.Join(dir, "accuse.xml")
	os.WriteFile(accuse, []byte(b.String()), 0o600)

	code, out, _ := cli("import-accuse", dossier, accuse, "--json")
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err, out)
	}
	for _, k := range []string{"deposit", "ok", "ko", "unknown", "errors"} {
		if _, ok := res[k]; !ok {
			t.Fatalf("import-accuse --json lacks %q: %s", k, out)
		}
	}
	if code != exitFlagged || len(res["ok"].([]any)) != 41 || len(res["ko"].([]any)) != 1 || res["unknown"].([]any)[0] != "inconnu" {
		t.Fatalf("import-accuse: %d %s", code, out)
	}
	code, out, _ = cli("import-accuse", dossier, accuse)
	if code != exitOK || !strings.Contains(out, "déjà été importé") {
		t.Fatalf("second import: %d %s", code, out)
	}
	code, out, _ = cli("passages", dossier, "--json")
	if !strings.Contains(out, `"accuseMessage":"Aucun titulaire ne correspond aux critères obligatoires"`) || strings.Count(out, `"status":"accepte"`) != 41 {
		t.Fatalf("passages after accusé: %s", out)
	}
	code, out, _ = cli("deposits", dossier, "--json")
	if code != exitOK || !strings.Contains(out, `"status":"traite_erreurs"`) || !strings.Contains(out, `"ok":41,"ko":1,"waiting":0`) {
		t.Fatalf("deposits: %s", out)
	}
	code, out, _ = cli("renvoyer", dossier, "--tous")
	if code != exitOK || !strings.Contains(out, "1 passage(s) rejeté(s) remis") {
		t.Fatalf("renvoyer: %d %s", code, out)
	}
	code, out, _ = cli("export", dossier, "-o", filepath.Join(dir, "depot-2.xml"), "--json")
	if code != exitOK || !strings.Contains(out, `"exported":1`) {
		t.Fatalf("re-deposit: %s", out)
	}
	other := filepath.Join(dir, "autre.xml")
	os.WriteFile(other, []byte("<rapport><nomFichier>x.xml</nomFichier></rapport>"), 0o600)
	if code, _, stderr := cli("import-accuse", dossier, other); code != exitRefused || !strings.Contains(stderr, "aucun dépôt de ce dossier") {
		t.Fatalf("unmatched: %d %s", code, stderr)
	}
}

func TestExcelCommands(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "modele.xlsx")
	if code, out, _ := cli("template", tpl); code != exitOK || !strings.Contains(out, "Modèle écrit") {
		t.Fatalf("template: %d %s", code, out)
	}
	if code, _, stderr := cli("template", tpl); code != exitRefused || !strings.Contains(stderr, "existe déjà") {
		t.Fatalf("template over a file: %d %s", code, stderr)
	}
	dossier := filepath.Join(dir, "d.certidepot")
	cli("init", dossier, "--emetteur", "12ABC345", "--contrat", "MCF1")
	if code, out, _ := cli("import-xlsx", dossier, tpl); code != exitOK || !strings.Contains(out, "La personne d'exemple du modèle") || !strings.Contains(out, "0 passage(s) ajouté(s)") {
		t.Fatalf("the template's example imported: %d %s", code, out)
	}
	// The example row, filled in for a real person.
	f, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Passages", "F2", "Hélène")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, out, _ := cli("import-xlsx", dossier, tpl, "--json")
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err, out)
	}
	for _, k := range []string{"rows", "imported", "flagged", "errors"} {
		if _, ok := res[k]; !ok {
			t.Fatalf("import-xlsx --json lacks %q", k)
		}
	}
	if code != exitOK || res["rows"].(float64) != 1 || res["imported"].(float64) != 1 {
		t.Fatalf("import-xlsx: %d %s", code, out)
	}
	if code, out, _ := cli("annuler-import", dossier); code != exitOK || !strings.Contains(out, "1 passage(s) retiré(s)") {
		t.Fatalf("annuler-import: %d %s", code, out)
	}
	if code, out, _ := cli("colonnes"); code != exitOK || !strings.Contains(out, "Nom de naissance (nomNaissance) : Nom de naissance, Nom, NOM") {
		t.Fatalf("colonnes: %s", out)
	}
	if code, _, stderr := cli("import-xlsx", dossier, filepath.Join(dir, "absent.xlsx")); code != exitRefused || !strings.Contains(stderr, "n'existe pas") {
		t.Fatalf("missing file: %d %s", code, stderr)
	}
}

func TestTitulaireExportAndErase(t *testing.T) {
	dir := t.TempDir()
	dossier := filepath.Join(dir, "exemple.certidepot")
	cli("exemple", dossier)
	code, out, _ := cli("titulaire", dossier, "lefevre")
	if code != exitOK || !strings.Contains(out, "Lefèvre") {
		t.Fatalf("search: %d %s", code, out)
	}
	export := filepath.Join(dir, "lefevre.json")
	if code, _, stderr := cli("titulaire", dossier, "lefèvre", "--exporter", export); code != exitOK {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(export)
	st, _ := os.Stat(export)
	if !strings.Contains(string(b), `"Nom de naissance": "Lefèvre"`) || !strings.Contains(string(b), "historique") || st.Mode().Perm() != 0o600 {
		t.Fatalf("export %v: %s", st.Mode().Perm(), b)
	}
	if code, out, _ := cli("titulaire", dossier, "lefevre", "--effacer"); code != exitOK || !strings.Contains(out, "effacés du dossier") {
		t.Fatalf("erase: %d %s", code, out)
	}
	if _, out, _ := cli("passages", dossier, "--json"); strings.Contains(out, "Lefèvre") {
		t.Fatal("holder still in the dossier")
	}
	if code, _, stderr := cli("titulaire", dossier, "a", "--effacer"); code != exitRefused || !strings.Contains(stderr, "précisez le nom") {
		t.Fatalf("ambiguous erase: %d %s", code, stderr)
	}
}

func TestLieuAndPaysCommands(t *testing.T) {
	code, out, _ := cli("lieu", "Annecy-le-Vieux", "--date", "1990-01-01", "--json")
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil || code != exitOK || len(items) == 0 || items[0]["code"] != "74011" || items[0]["nom"] != "Annecy-le-Vieux" {
		t.Fatalf("lieu: %d %s", code, out)
	}
	code, out, _ = cli("pays", "--date", "1970-06-01", "Allemagne de l'Ouest", "--json")
	if err := json.Unmarshal([]byte(out), &items); err != nil || code != exitOK || items[0]["code"] != "99142" {
		t.Fatalf("pays: %d %s", code, out)
	}
	if code, out, _ := cli("lieu", "Toulouse"); code != exitOK || !strings.Contains(out, "31555  Toulouse") {
		t.Fatalf("lieu text: %s", out)
	}
	if code, _, stderr := cli("lieu", "Paris", "--date", "1990"); code != exitRefused || !strings.Contains(stderr, "AAAA-MM-JJ") {
		t.Fatalf("bad date: %d %s", code, stderr)
	}
}

// --valeur gives an unknown value its meaning for all its rows; --json
// lists each interpretation and how each column was recognised.
func TestImportValueFlag(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "d.certidepot")
	cli("init", d, "--emetteur", "12ABC345", "--contrat", "MCF1")
	list := filepath.Join(dir, "liste.csv")
	os.WriteFile(list, []byte("Nom;Prénom;Civilité;Né(e) le;Code INSEE;N° RNCP/RS;Délivré le;Modalité d'accès\n"+
		"Durand;Zoé;Mme;15/11/1996;31555;RS5286;12/05/2026;Cursus B\n"+
		"Martin;Léo;M.;16/11/1996;31555;RS5286;12/05/2026;Cursus B\n"+
		"Petit;Ana;Mme;17/11/1996;31555;RS5286;12/05/2026;VAE\n"), 0o600)
	code, out, _ := cli("import-xlsx", d, list)
	if code != exitFlagged || !strings.Contains(out, "« Cursus B » n'est pas une valeur reconnue : 2 ligne(s)") || !strings.Contains(out, `--valeur "Modalité d'accès:Cursus B=CODE"`) {
		t.Fatalf("unknown value: %d %s", code, out)
	}
	if code, _, stderr := cli("import-xlsx", d, list, "--valeur", "Modalité d'accès Cursus B"); code != exitRefused || !strings.Contains(stderr, "Titre de colonne:valeur=CODE") {
		t.Fatalf("malformed --valeur: %d %s", code, stderr)
	}
	code, out, _ = cli("import-xlsx", d, list, "--valeur", "Modalité d'accès:Cursus B=FORMATION_INITIALE_APPRENTISSAGE", "--json")
	var res struct {
		Flagged int `json:"flagged"`
		Updated int `json:"updated"`
		Columns []struct {
			Header, How string
		} `json:"columns"`
		Values []struct {
			Column, Value, Code, How string
			Rows                     int
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err, out)
	}
	if code != exitOK || res.Flagged != 0 || res.Updated != 2 {
		t.Fatalf("with --valeur: %d %s", code, out)
	}
	found := false
	for _, v := range res.Values {
		if v.Column == "Modalité d'accès" && v.Value == "Cursus B" && v.Code == "FORMATION_INITIALE_APPRENTISSAGE" && v.How == "choix" && v.Rows == 2 {
			found = true
		}
	}
	hows := map[string]string{}
	for _, c := range res.Columns {
		hows[c.Header] = c.How
	}
	if !found || hows["Délivré le"] != "mots" || hows["Nom"] != "synonyme" {
		t.Fatalf("--json interpretations: %+v, columns %v", res.Values, hows)
	}
}
