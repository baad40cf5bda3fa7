package main

import (
	"bytes"
	"encoding/json"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

func TestCheckCountsRisksAndRelancesFollowsUpRejections(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "exemple.certidepot")
	if code, _, stderr := cli("exemple", path); code != exitOK {
		t.Fatal(stderr)
	}
	// Two holders whose data the CDC will probably reject.
	d, err := dossier.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	d.EachListRow(bg, dossier.Filter{Status: core.StatusPret}, func(r dossier.ListRow) error { ids = append(ids, r.IDTechnique); return nil })
	for i, id := range ids[:2] {
		det, err := d.Passage(bg, id)
		if err != nil {
			t.Fatal(err)
		}
		vs := det.Passage.Record(det.Certification)
		vs.Set(core.KeyPrenom1, []string{"Marie Claire", "Jean Paul"}[i])
		vs.Set(core.KeyEmail, []string{"marie.claire@exemple.fr", ""}[i])
		if _, err := d.SavePassage(bg, dossier.Edit{IDTechnique: id, Values: vs}); err != nil {
			t.Fatal(err)
		}
	}
	d.Close()

	code, out, _ := cli("check", path, "--json")
	var chk struct {
		Risks *dossier.Risks `json:"risks"`
	}
	if err := json.Unmarshal([]byte(out), &chk); err != nil || chk.Risks == nil {
		t.Fatalf("check --json: %v %s", err, out)
	}
	if code != exitFlagged || chk.Risks.Passages != 50 || chk.Risks.AtRisk != 2 || chk.Risks.ReadyAtRisk != 2 ||
		len(chk.Risks.Reasons) != 1 || chk.Risks.Reasons[0].Code != core.CodePrenomsMultiples || chk.Risks.Reasons[0].Passages != 2 {
		t.Fatalf("risks: %+v", chk.Risks)
	}
	if _, out, _ = cli("check", path); !strings.Contains(out, "Risque de rejet par la CDC : 2 passage(s) sur 50 à déposer (dont 2 prêt(s))") ||
		!strings.Contains(out, "2 — Plusieurs prénoms dans « Prénom »") {
		t.Fatalf("check text:\n%s", out)
	}

	// Deposited, the two are rejected.
	if code, _, stderr := cli("export", path, "-o", filepath.Join(dir, "depot.xml")); code != exitOK {
		t.Fatal(stderr)
	}
	var b strings.Builder
	b.WriteString("<rapport><nomFichier>depot.xml</nomFichier><PassagesKO>")
	for _, id := range ids[:2] {
		b.WriteString("<passage><idTechnique>" + id + "</idTechnique><messageErreur>Aucun titulaire ne correspond aux critères obligatoires</messageErreur></passage>")
	}
	b.WriteString("</PassagesKO><PassagesOK>")
	for _, id := range ids[2:] {
		b.WriteString("<idTechnique>" + id + "</idTechnique>")
	}
	b.WriteString("</PassagesOK></rapport>")
	accuse := filepath.Join(dir, "accuse.xml")
	os.WriteFile(accuse, []byte(b.String()), 0o600)
	if code, out, _ := cli("import-accuse", path, accuse); code != exitFlagged {
		t.Fatalf("import-accuse: %d %s", code, out)
	}

	if code, _, stderr := cli("relances", path); code != exitRefused || !strings.Contains(stderr, "-o DOSSIER_SORTIE") {
		t.Fatalf("relances without -o: %d %s", code, stderr)
	}
	outDir := filepath.Join(dir, "relances")
	code, out, stderr := cli("relances", path, "-o", outDir, "--json", "--expediteur", "certification@organisme.fr")
	var res dossier.FollowUpResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != exitOK {
		t.Fatalf("relances --json: %d %v %s %s", code, err, out, stderr)
	}
	if res.Holders != 2 || len(res.Items) != 2 || len(res.Drafts) != 1 || res.WithoutEmail != 1 || res.Workbook != filepath.Join(outDir, dossier.FollowUpWorkbook) {
		t.Fatalf("relances: %+v", res)
	}
	eml, err := os.ReadFile(res.Drafts[0])
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(eml))
	if err != nil {
		t.Fatal(err)
	}
	if to, err := mail.ParseAddress(msg.Header.Get("To")); err != nil || !strings.HasPrefix(to.Name, "Marie Claire ") || to.Address != "marie.claire@exemple.fr" {
		t.Fatalf("draft To: %v %v\n%s", to, err, eml)
	}
	if code, _, stderr = cli("relances", path, "-o", outDir); code != exitRefused || !strings.Contains(stderr, "existe déjà") {
		t.Fatalf("relances again: %d %s", code, stderr)
	}
	code, out, _ = cli("relances", path, "-o", filepath.Join(dir, "autre"), "--depot", "inconnu")
	if code != exitRefused {
		t.Fatalf("unknown deposit: %d %s", code, out)
	}
	if code, out, _ = cli("relances", path, "-o", filepath.Join(dir, "texte")); code != exitOK || !strings.Contains(out, "2 titulaire(s), 2 passage(s) rejeté(s)") ||
		!strings.Contains(out, "1 titulaire(s) sans adresse e-mail") {
		t.Fatalf("relances text: %d\n%s", code, out)
	}
}
