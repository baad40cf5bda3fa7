package dossier

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/store"
)

// followUpNames are the holders of followUpDossier, one per idTechnique.
var followUpNames = [][3]string{
	{"ROUQUETTE", "Agnès", "F"}, {"SABATIER", "Louis", "M"}, {"TOURNIER", "Élise", "F"}, {"VIDAL", "Marc", "M"}, {"ARNAUD", "Léna", "F"},
}

// followUpDossier makes a dossier whose passages carry the given
// idTechnique (those of an accusé sample), every holder but the second
// with an e-mail address, and exports them into a file named file.
func followUpDossier(t *testing.T, ids []string, file string) (*Dossier, string) {
	t.Helper()
	d := newDossier(t)
	s := core.NewSample(fixedNow())
	err := d.db.Update(ctx, func(tx *store.Tx) error {
		cs, err := tx.Certificateurs()
		if err != nil {
			return err
		}
		c := s.Certifications[0]
		c.CertificateurID = cs[0].ID
		if err := tx.EnsureCertification(&c); err != nil {
			return err
		}
		for i, id := range ids {
			n := followUpNames[i%len(followUpNames)]
			h := holderValues(n[0], n[1], n[2])
			h.Set(core.KeyJour, fmt.Sprint(10+i))
			if i != 1 {
				h.Set(core.KeyEmail, strings.ToLower(core.Fold(n[1]))+"."+strings.ToLower(n[0])+"@exemple.fr")
			}
			p := core.Passage{IDTechnique: id, CertificationID: c.ID, Holder: h, Data: s.Passages[0].Data.Clone()}
			if err := tx.AddPassage(&p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if exp, err := d.Export(ctx, ExportOptions{Out: filepath.Join(dir, file)}); err != nil || exp.Exported != len(ids) {
		t.Fatalf("export: %+v %v", exp, err)
	}
	return d, dir
}

// TestEveryKOOfTheSamplesGetsItsFollowUpRow reads each accusé sample of
// the CDC against a dossier holding its passages, and checks that every
// rejected passage gets exactly one row, and a refused file none.
func TestEveryKOOfTheSamplesGetsItsFollowUpRow(t *testing.T) {
	for _, c := range []struct {
		file, nomFichier string
		ids              []string
		rows, drafts     int
	}{
		{"accuse-traitement-passages-TRANSCRIBED-from-guide-lecture-accuse-V3.xml", "Exemple-280722.xml", []string{"12345", "67890", "12121", "34343"}, 1, 1},
		{"accuse-traitement-passages-ok-ko-sample-pix-2.xml", "depot.xml", []string{"1979262", "1996215", "1983189", "1968666", "1964200"}, 3, 1},
		{"accuse-traitement-passages-sample-pix-3-existe-deja.xml", "pix-cpf-export-20231016-223239.xml", []string{"1979262", "1996215", "1983189", "1968666", "1964200"}, 2, 1},
		{"accuse-traitement-erreur-xsd-sample-pix-1.xml", "pix-cpf-export-20231016-223357_002.xml", []string{"a-1", "a-2"}, 0, 0},
		{"accuse-traitement-erreur-xsd-TRANSCRIBED-from-guide-resolution-erreurs-V4.xml", "xsdBaliseEnTrop.xml", []string{"b-1"}, 0, 0},
	} {
		t.Run(c.file, func(t *testing.T) {
			d, dir := followUpDossier(t, c.ids, c.nomFichier)
			acc, err := d.ReadAccuse(ctx, refDir+c.file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := d.WriteFollowUps(ctx, FollowUpOptions{Dir: filepath.Join(dir, "relances")})
			if err != nil {
				t.Fatal(err)
			}
			rowOf := map[string]int{}
			for _, it := range res.Items {
				if _, dup := rowOf[it.IDTechnique]; dup {
					t.Fatalf("%s followed up twice", it.IDTechnique)
				}
				rowOf[it.IDTechnique] = it.Row
			}
			for _, ko := range acc.KO {
				if rowOf[ko.IDTechnique] == 0 {
					t.Errorf("KO %s (%s) has no follow-up row", ko.IDTechnique, ko.Messages[0])
				}
			}
			t.Logf("%s: %d KO in the accusé, %d refused, %d already at the CDC: %d follow-up row(s), %d draft(s)",
				c.file, len(acc.KO), len(acc.Errors), len(acc.AlreadyAtCDC), res.Holders, len(res.Drafts))
			if len(res.Items) != len(acc.KO) || res.Holders != c.rows || len(res.Drafts) != c.drafts {
				t.Fatalf("items %d for %d KO, rows %d drafts %d, want %d and %d", len(res.Items), len(acc.KO), res.Holders, len(res.Drafts), c.rows, c.drafts)
			}
			if c.rows == 0 {
				if _, err := os.Stat(filepath.Join(dir, "relances")); !os.IsNotExist(err) {
					t.Fatal("nothing to follow up, yet something was written")
				}
				return
			}
			rows := readFollowUp(t, res.Workbook)
			if len(rows) != c.rows+1 {
				t.Fatalf("workbook has %d rows", len(rows))
			}
			for _, ko := range acc.KO {
				row := rows[rowOf[ko.IDTechnique]-1]
				if !strings.Contains(strings.Join(row, "|"), ko.IDTechnique) || !strings.Contains(strings.Join(row, "|"), ko.Messages[0]) {
					t.Errorf("row %d lacks %s and its message: %v", rowOf[ko.IDTechnique], ko.IDTechnique, row)
				}
			}
		})
	}
}

// readFollowUp reads the follow-up workbook's first sheet back.
func readFollowUp(t *testing.T, path string) [][]string {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("%s is readable by others: %v", path, st.Mode())
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// cell returns the cell of a row under the header named h.
func cell(rows [][]string, r int, h string) string {
	for i, name := range rows[0] {
		if name == h && i < len(rows[r]) {
			return rows[r][i]
		}
	}
	return ""
}

type parsedDraft struct {
	to, subject, body string
	header            mail.Header
	raw               string
}

func readDraft(t *testing.T, path string) parsedDraft {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v %v", path, st, err)
	}
	raw, _ := os.ReadFile(path)
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s is not a mail message: %v", path, err)
	}
	to, err := mail.ParseAddress(msg.Header.Get("To"))
	if err != nil {
		t.Fatalf("To: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line %d has %d characters: %q", i+1, len(line), line)
		}
	}
	return parsedDraft{to: to.Name + " <" + to.Address + ">", subject: subject, body: string(body), header: msg.Header, raw: string(raw)}
}

func TestFollowUpWorkbookAndDrafts(t *testing.T) {
	d, dir, dep, spans := exported(t)
	msgs := []string{
		"Aucun titulaire ne correspond aux critères obligatoires",
		"Aucun titulaire ne correspond aux critères obligatoires enrichis du jour et du mois de naissance",
		"Le statut de la certification avec le bcr émetteur 12ABC345, l'id technique partenaire x et l'index 0 est KO",
	}
	acc, err := d.ReadAccuse(ctx, writeAccuse(t, dir, "accuse.xml", accuseB("<idFlux>"+dep.IDFlux+"</idFlux>", spans, 3, msgs)))
	if err != nil || len(acc.KO) != 3 {
		t.Fatalf("accusé: %+v %v", acc, err)
	}
	// The fiche adds an address to the first two holders: a rejected
	// passage stays rejected when only that changed.
	var holders []*core.Passage
	for i, s := range spans[:3] {
		det, err := d.Passage(ctx, s.IDTechnique)
		if err != nil {
			t.Fatal(err)
		}
		p := det.Passage
		h := p.Holder.Clone()
		if i < 2 {
			h.Set(core.KeyEmail, fmt.Sprintf("titulaire%d@exemple.fr", i+1))
			saved, err := d.SavePassage(ctx, Edit{IDTechnique: p.IDTechnique, Values: merge(h, p.Data)})
			if err != nil || saved.Status != core.StatusRejete {
				t.Fatalf("address added: %+v %v", saved, err)
			}
		}
		p.Holder = h
		holders = append(holders, p)
	}
	out := filepath.Join(dir, "relances")
	res, err := d.WriteFollowUps(ctx, FollowUpOptions{Dir: out, From: "Service certification <certification@organisme.fr>", Signature: "Le service certification de l'organisme"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Holders != 3 || res.Passages != 3 || len(res.Drafts) != 2 || res.NothingToAsk != 1 || res.WithoutEmail != 0 {
		t.Fatalf("result: %+v", res)
	}

	rows := readFollowUp(t, res.Workbook)
	if len(rows) != 4 || rows[0][0] != "Titulaire" || cell(rows, 0, "Document à demander") != "Document à demander" {
		t.Fatalf("workbook: %v", rows)
	}
	for i, p := range holders {
		r := i + 1
		h := p.Holder
		if cell(rows, r, "Titulaire") != core.HolderName(h) || cell(rows, r, "Nom de naissance") != h.Text(core.KeyNomNaissance) ||
			cell(rows, r, "Identifiant technique") != p.IDTechnique || cell(rows, r, "Message de la CDC") != msgs[i] ||
			cell(rows, r, "Certification") != "RNCP37873 — Gestionnaire de paie" && cell(rows, r, "Certification") != "RS5286 — Utilisation d'un tableur" {
			t.Errorf("row %d: %v", r, rows[r])
		}
		want := fmt.Sprintf("%02s/%02s/%s", h.Text(core.KeyJour), h.Text(core.KeyMois), h.Text(core.KeyAnnee))
		if got := cell(rows, r, "Date de naissance"); got != strings.ReplaceAll(want, " ", "0") {
			t.Errorf("row %d birth date %q, want %q", r, got, want)
		}
		ex := cdc.Explain(msgs[i])
		if !strings.Contains(cell(rows, r, "À vérifier"), ex.Check[0]) || cell(rows, r, "Document à demander") != ex.Documents ||
			!strings.HasPrefix(cell(rows, r, "Ce que cela veut dire"), ex.Title) {
			t.Errorf("row %d explanation: %v", r, rows[r])
		}
	}
	if !strings.HasSuffix(cell(rows, 1, "Brouillon d'e-mail"), ".eml") || cell(rows, 3, "Brouillon d'e-mail") != "aucun : rejet à corriger par l'organisme" {
		t.Errorf("draft column: %q / %q", cell(rows, 1, "Brouillon d'e-mail"), cell(rows, 3, "Brouillon d'e-mail"))
	}

	for i, path := range res.Drafts {
		m := readDraft(t, path)
		h := holders[i].Holder
		me := h.Text(core.KeyPrenom1) + " " + h.Text(core.KeyNomNaissance)
		if m.to != me+" <"+h.Text(core.KeyEmail)+">" {
			t.Errorf("%s: To %q", path, m.to)
		}
		if m.subject != "Votre certification « "+map[bool]string{true: "Gestionnaire de paie", false: "Utilisation d'un tableur"}[strings.Contains(cell(rows, i+1, "Certification"), "RNCP")]+" » : vérification de votre état civil" {
			t.Errorf("%s: subject %q", path, m.subject)
		}
		for k, v := range map[string]string{"Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "quoted-printable", "Mime-Version": "1.0", "X-Unsent": "1"} {
			if m.header.Get(k) != v {
				t.Errorf("%s: %s %q", path, k, m.header.Get(k))
			}
		}
		if a, err := mail.ParseAddress(m.header.Get("From")); err != nil || a.Address != "certification@organisme.fr" {
			t.Errorf("From %q: %v", m.header.Get("From"), err)
		}
		for _, want := range []string{"Bonjour " + me + ",", "Nom de naissance : " + h.Text(core.KeyNomNaissance), "Date de naissance : " + cell(rows, i+1, "Date de naissance"),
			"Lieu de naissance : ", "Merci de nous répondre en indiquant celles qui sont inexactes, et de joindre à votre réponse une ", "Cordialement,\nLe service certification de l'organisme"} {
			if !strings.Contains(strings.ReplaceAll(m.body, "\r\n", "\n"), want) {
				t.Errorf("%s: body lacks %q:\n%s", path, want, m.body)
			}
		}
		// No other holder's data.
		for j, other := range holders {
			if j == i {
				continue
			}
			for _, k := range []string{core.KeyNomNaissance, core.KeyEmail} {
				if v := other.Holder.Text(k); v != "" && strings.Contains(m.raw+m.body, v) {
					t.Errorf("%s holds another holder's %s %q", path, k, v)
				}
			}
			if strings.Contains(m.body, other.IDTechnique) {
				t.Errorf("%s holds another holder's passage", path)
			}
		}
	}
	if m := readDraft(t, res.Drafts[1]); !strings.Contains(m.body, "votre jour et votre mois de naissance (ne sont-ils pas inversés ?)") {
		t.Errorf("the day-and-month rejection asks for the day and month:\n%s", m.body)
	}

	// Once written, nothing is overwritten: the second time is refused.
	before, _ := os.ReadFile(res.Drafts[0])
	if _, err := d.WriteFollowUps(ctx, FollowUpOptions{Dir: out}); err == nil || !strings.Contains(err.Error(), "existe déjà") {
		t.Fatalf("second writing: %v", err)
	}
	if after, _ := os.ReadFile(res.Drafts[0]); !bytes.Equal(before, after) {
		t.Fatal("a draft was overwritten")
	}
}

func TestFollowUpOfOneDeposit(t *testing.T) {
	d, dir, dep, spans := exported(t)
	msgs := []string{"Aucun titulaire ne correspond aux critères de réconciliation"}
	if _, err := d.ReadAccuse(ctx, writeAccuse(t, dir, "a1.xml", accuseB("<idFlux>"+dep.IDFlux+"</idFlux>", spans, 2, msgs))); err != nil {
		t.Fatal(err)
	}
	// A second deposit with the two rejected passages sent again, one of
	// them rejected again.
	if _, err := d.Resend(ctx, nil); err != nil {
		t.Fatal(err)
	}
	exp, err := d.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot-2.xml")})
	if err != nil || exp.Exported != 2 {
		t.Fatalf("second deposit: %+v %v", exp, err)
	}
	second := exp.Files[0].IDFlux
	var spans2 []core.Span
	d.db.View(ctx, func(tx *store.Tx) error {
		dp, err := tx.FindDeposit(second, "", nil)
		if err == nil {
			spans2, err = tx.DepositSpans(dp.ID)
		}
		return err
	})
	if _, err := d.ReadAccuse(ctx, writeAccuse(t, dir, "a2.xml", accuseB("<idFlux>"+second+"</idFlux>", spans2, 1, msgs))); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		idFlux string
		want   int
	}{{second, 1}, {"", 1}, {dep.IDFlux, 1}} {
		fus, err := d.FollowUps(ctx, c.idFlux)
		if err != nil || len(fus) != c.want {
			t.Errorf("%q: %d follow-ups, %v", c.idFlux, len(fus), err)
		}
	}
	if _, err := d.FollowUps(ctx, "inconnu"); err == nil || !strings.Contains(err.Error(), "aucun dépôt") {
		t.Fatalf("unknown deposit: %v", err)
	}
	fus, _ := d.FollowUps(ctx, second)
	if fus[0].Ask == nil || fus[0].Ask.Document != askBirthplace.Document || fus[0].Passages[0].Explanation.Title != "Titulaire introuvable avec la commune de naissance" {
		t.Fatalf("follow-up: %+v", fus[0])
	}
}

func TestFollowUpWithoutAddressOrAsk(t *testing.T) {
	d, dir := followUpDossier(t, []string{"k-1", "k-2"}, "depot.xml")
	var deps []store.Deposit
	d.db.View(ctx, func(tx *store.Tx) (err error) { deps, err = tx.Deposits(); return err })
	body := `<rapport><idFlux>` + deps[0].IDFlux + `</idFlux><PassagesKO>` +
		`<passage><idTechnique>k-1</idTechnique><messageErreur>Un message que personne ne connaît</messageErreur></passage>` +
		`<passage><idTechnique>k-2</idTechnique><messageErreur>Plusieurs titulaires ont été identifiés</messageErreur></passage>` +
		`</PassagesKO></rapport>`
	if _, err := d.ReadAccuse(ctx, writeAccuse(t, dir, "a.xml", body)); err != nil {
		t.Fatal(err)
	}
	res, err := d.WriteFollowUps(ctx, FollowUpOptions{Dir: filepath.Join(dir, "out")})
	if err != nil {
		t.Fatal(err)
	}
	// k-1: unknown message, nothing to ask; k-2 (no address in the dossier): to ask otherwise.
	if res.Holders != 2 || len(res.Drafts) != 0 || res.NothingToAsk != 1 || res.WithoutEmail != 1 {
		t.Fatalf("result: %+v", res)
	}
	rows := readFollowUp(t, res.Workbook)
	if cell(rows, 2, "Brouillon d'e-mail") != "pas d'adresse e-mail : contactez le titulaire autrement" || cell(rows, 2, "Adresse e-mail") != "" {
		t.Fatalf("row 2: %v", rows[2])
	}
	if !strings.Contains(cell(rows, 1, "Message de la CDC"), "Un message que personne ne connaît") || !strings.Contains(cell(rows, 1, "À vérifier"), "support") {
		t.Fatalf("row 1: %v", rows[1])
	}
}

// TestFollowUpOfAHolderWithTwoRejectedPassages: one row and one e-mail
// for a holder, naming both certifications.
func TestFollowUpOfAHolderWithTwoRejectedPassages(t *testing.T) {
	d, _ := sampleDossier(t)
	h := holderValues("QUINTANE", "Hélène", "F")
	h.Set(core.KeyEmail, "helene.quintane@exemple.fr")
	first := addPassage(t, d, 0, h)
	s := core.NewSample(fixedNow())
	second := &core.Passage{HolderID: first.HolderID, Data: s.Passages[1].Data.Clone()}
	err := d.db.Update(ctx, func(tx *store.Tx) error {
		certs, _ := tx.Certifications()
		for _, c := range certs {
			if c.Code == "RS5286" {
				second.CertificationID = c.ID
			}
		}
		return tx.AddPassage(second)
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	exp, err := d.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot.xml"), Only: map[string]bool{first.IDTechnique: true, second.IDTechnique: true}})
	if err != nil || exp.Exported != 2 {
		t.Fatalf("export: %+v %v", exp, err)
	}
	body := `<rapport><idFlux>` + exp.Files[0].IDFlux + `</idFlux><PassagesKO>` +
		`<passage><idTechnique>` + first.IDTechnique + `</idTechnique><messageErreur>Aucun titulaire ne correspond aux critères obligatoires</messageErreur></passage>` +
		`<passage><idTechnique>` + second.IDTechnique + `</idTechnique><messageErreur>Aucun titulaire ne correspond aux critères obligatoires</messageErreur></passage>` +
		`</PassagesKO></rapport>`
	if _, err := d.ReadAccuse(ctx, writeAccuse(t, dir, "a.xml", body)); err != nil {
		t.Fatal(err)
	}
	res, err := d.WriteFollowUps(ctx, FollowUpOptions{Dir: filepath.Join(dir, "out")})
	if err != nil || res.Holders != 1 || res.Passages != 2 || len(res.Drafts) != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	rows := readFollowUp(t, res.Workbook)
	if cell(rows, 1, "Certification") != "RNCP37873 — Gestionnaire de paie\nRS5286 — Utilisation d'un tableur" ||
		strings.Count(cell(rows, 1, "À vérifier"), "• ") != len(cdc.Explain("Aucun titulaire ne correspond aux critères obligatoires").Check) {
		t.Fatalf("row: %q / %q", cell(rows, 1, "Certification"), cell(rows, 1, "À vérifier"))
	}
	m := readDraft(t, res.Drafts[0])
	if m.subject != "Vos certifications : vérification de votre état civil" || !strings.Contains(m.body, "« Gestionnaire de paie » (RNCP37873)") ||
		!strings.Contains(m.body, "« Utilisation d'un tableur » (RS5286)") {
		t.Fatalf("draft: %q\n%s", m.subject, m.body)
	}
}
