package cdc

import (
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
)

// The import reads what the XSD accepts: children of certification in
// any order, every lexical form of xs:boolean, xs:date and xs:int, and
// gives the dictionary's canonical values.
func TestReadLexicalFormsAndOrder(t *testing.T) {
	ex := officialExample(t)
	body := strings.NewReplacer(
		"<cpf:donneeCertifiee>true<", "<cpf:donneeCertifiee> 1 <",
		"<cpf:presenceNiveauLangueEuro>true<", "<cpf:presenceNiveauLangueEuro>\n0\t<",
		"<cpf:dateDebutValidite>2020-12-12<", "<cpf:dateDebutValidite>\n 2020-12-12 \n<",
		"<cpf:anneeNaissance>1996<", "<cpf:anneeNaissance>+01996<",
		"<cpf:moisNaissance>11<", "<cpf:moisNaissance>011<",
	).Replace(ex)
	// type and code after the passages, as xsd:all allows.
	i, j := strings.Index(body, "<cpf:type>"), strings.Index(body, "<cpf:passageCertifications>")
	header := body[i:j]
	k := strings.Index(body, "</cpf:passageCertifications>") + len("</cpf:passageCertifications>")
	body = body[:i] + body[j:k] + header + body[k:]
	s := builtin(t, "1.1.2")
	path := writeTemp(t, "forms.xml", []byte(body))
	rep, err := s.ValidateFile(path)
	if err != nil || !rep.Valid() {
		t.Fatalf("the XSD accepts these forms: %v %+v", err, rep)
	}
	df, err := ReadDepositFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := df.Passages[0]
	want := map[string]string{
		"donneeCertifiee": "true", core.KeyPresenceLangue: "false", core.KeyDateDebutValid: "2020-12-12",
		core.KeyAnnee: "1996", core.KeyMois: "11",
	}
	for key, v := range want {
		if got := p.Record.Text(key); got != v {
			t.Errorf("%s read as %q, want %q", key, got, v)
		}
	}
	if p.Certification.Type != "RNCP" || p.Certification.Code != "RNCP19117" {
		t.Fatalf("certification read after its passages: %+v", p.Certification)
	}
	for _, q := range df.Passages {
		if q.Certification.Code == "" {
			t.Fatalf("passage without its certification: %+v", q)
		}
	}
}

// The SUPPRESSION example (1.1.5) is read with its three identification
// branches and its action.
func TestReadSuppression(t *testing.T) {
	df, err := ReadDepositFile(writeTemp(t, "s.xml", readRef(t, "kit-2026/SUPPRESSION.xml")))
	if err != nil {
		t.Fatal(err)
	}
	if df.Action != "SUPPRESSION" || len(df.Passages) != 3 {
		t.Fatalf("%+v", df)
	}
	got := []string{df.Passages[0].Record.Identification(), df.Passages[1].Record.Identification(), df.Passages[2].Record.Identification()}
	if got[0] != core.BranchTitulaire || got[1] != core.BranchDossier || got[2] != core.BranchNIR ||
		df.Passages[2].Record.Text(core.KeyNIR) != "1111111111111" || df.Passages[2].Record.Text(core.KeyNomNaissanceNIR) != "nomNaissance" ||
		df.Passages[0].Record.Text(core.KeyMois) != "1" {
		t.Fatalf("%v %+v", got, df.Passages)
	}
}
