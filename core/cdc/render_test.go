package cdc

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
)

func TestRenderEscapesAndKeepsOneLine(t *testing.T) {
	rec := core.Values{}
	rec.Set(core.KeyIDTechnique, "id-1")
	rec.Set(core.KeyNomNaissance, "Lœuvre & <Fils> d'Ébène")
	rec.Set("verbatim", "ligne 1\nligne 2\ttab")
	rec.SetNil(core.KeyNomUsage)
	rec.Set(core.KeyCodeInsee, "99109")
	rec.Set(core.KeyPresenceNumeriq, "true")
	rec.Set(core.KeyScoreGeneral, "890")
	rec.Set(core.KeyResultats, "3.4:5; 1.1:7")
	got := string(RenderPassage(nil, rec))
	for _, want := range []string{
		"<cpf:nomNaissance>Lœuvre &amp; &lt;Fils&gt; d'Ébène</cpf:nomNaissance>",
		"<cpf:verbatim>ligne 1&#xA;ligne 2&#x9;tab</cpf:verbatim>",
		`<cpf:nomUsage xsi:nil="true"/>`,
		"<cpf:codeCommuneNaissance><cpf:codeInseeNaissance><cpf:codeInsee>99109</cpf:codeInsee></cpf:codeInseeNaissance></cpf:codeCommuneNaissance>",
		"<cpf:niveauNumeriqueEuropeen><cpf:scoreGeneral>890</cpf:scoreGeneral><cpf:resultats><cpf:resultat><cpf:niveau>5</cpf:niveau><cpf:domaineCompetenceId>3</cpf:domaineCompetenceId><cpf:competenceId>4</cpf:competenceId></cpf:resultat>",
		"</cpf:titulaire></cpf:identificationTitulaire><cpf:verbatim>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rendered passage lacks %s\n%s", want, got)
		}
	}
	if strings.Contains(got, "\n") {
		t.Error("passage spans several lines")
	}
}

// FuzzRenderRoundTrip: any value the dictionary accepts is written as XML
// that reads back to the same value.
func FuzzRenderRoundTrip(f *testing.F) {
	for _, s := range []string{"Dupont", "Lœuvre & <Fils>", "d'Ébène", "ligne\nsuivante", "tab\tulation", "]]>", "é\u00a0è", "x\r\ny"} {
		f.Add(s, "verbatim")
		f.Add(s, core.KeyNomNaissance)
	}
	f.Fuzz(func(t *testing.T, value, key string) {
		fl := core.FieldByKey(key)
		if fl == nil || fl.Kind != core.KindText || fl.Pattern != nil || fl.Scope != core.ScopeHolder && fl.Scope != core.ScopePassage {
			return
		}
		if core.CheckValue(fl, core.Value{Text: value}) != "" {
			return // refused before export
		}
		rec := core.Values{}
		rec.Set(core.KeyIDTechnique, "id")
		rec.Set(key, value)
		out := RenderPassage(nil, rec)
		dec := xml.NewDecoder(bytes.NewReader(out))
		var got strings.Builder
		inField := false
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch tk := tok.(type) {
			case xml.StartElement:
				inField = tk.Name.Local == fl.XMLName
			case xml.CharData:
				if inField {
					got.Write(tk)
				}
			case xml.EndElement:
				inField = false
			}
		}
		if got.String() != value {
			t.Fatalf("%s: wrote %q, read back %q", key, value, got.String())
		}
	})
}
