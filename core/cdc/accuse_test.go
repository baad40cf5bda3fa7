package cdc

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
)

func TestReadAccuseSamples(t *testing.T) {
	cases := []struct {
		file               string
		nom, flux, trt     string
		ok, ko, errs       int
		firstKO, firstLine string
	}{
		{"accuse-traitement-erreur-xsd-TRANSCRIBED-from-guide-resolution-erreurs-V4.xml", "xsdBaliseEnTrop.xml", "", "473", 0, 0, 1, "", "8"},
		{"accuse-traitement-erreur-xsd-sample-pix-1.xml", "pix-cpf-export-20231016-223357_002.xml", "", "68548", 0, 0, 1, "", "1"},
		{"accuse-traitement-passages-TRANSCRIBED-from-guide-lecture-accuse-V3.xml", "Exemple-280722.xml", "", "1710", 3, 1, 0, "12345", ""},
		{"accuse-traitement-passages-ok-ko-sample-pix-2.xml", "", "4df76fd4-0915-46df-8c56-525506af35be", "67598", 2, 3, 0, "1979262", ""},
	}
	for _, c := range cases {
		a, err := ReadAccuseFile(refDir + c.file)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if a.NomFichier != c.nom || a.IDFlux != c.flux || a.IDTraitement != c.trt || len(a.OK) != c.ok || len(a.KO) != c.ko || len(a.Errors) != c.errs {
			t.Errorf("%s: %+v", c.file, a)
			continue
		}
		if c.ko > 0 && (a.KO[0].IDTechnique != c.firstKO || len(a.KO[0].Messages) != 1) {
			t.Errorf("%s: first KO %+v", c.file, a.KO[0])
		}
		if c.errs > 0 && (a.Errors[0].Type != "XSD" || a.Errors[0].Message == "" || strconv.Itoa(a.Errors[0].Line) != c.firstLine || a.Errors[0].Column == 0) {
			t.Errorf("%s: first error %+v", c.file, a.Errors[0])
		}
		if a.Refused() != (c.errs > 0) {
			t.Errorf("%s: refused %v", c.file, a.Refused())
		}
	}
}

func TestReadAccuseVariants(t *testing.T) {
	cases := map[string]struct {
		xml    string
		ok, ko int
		msgs   int
	}{
		"namespace on elements, standalone no, whitespace": {`<?xml version="1.0" standalone="no"?>
			<r:rapport xmlns:r="urn:cdc:cpf:pc5:rapport:schema"><r:idDemande> 12 </r:idDemande>
			<r:PassagesOK>  <r:idTechnique> a1 </r:idTechnique>
			</r:PassagesOK></r:rapport>`, 1, 0, 0},
		"OK before KO, several messages": {`<rapport><PassagesOK><idTechnique>a</idTechnique></PassagesOK>
			<PassagesKO><passage><messageErreur>Plusieurs titulaires
			ont été identifiés</messageErreur><idTechnique>b</idTechnique><messageErreur>Le titulaire existe déjà en base</messageErreur></passage></PassagesKO></rapport>`, 1, 1, 2},
		"empty sections":           {`<rapport><idTraitement>1</idTraitement><PassagesKO/><PassagesOK></PassagesOK></rapport>`, 0, 0, 0},
		"missing sections":         {`<rapport><nomFichier>x.xml</nomFichier></rapport>`, 0, 0, 0},
		"unknown elements ignored": {`<rapport><nouveau>1</nouveau><PassagesOK><idTechnique>a</idTechnique><autre>z</autre></PassagesOK></rapport>`, 1, 0, 0},
	}
	for name, c := range cases {
		a, err := ReadAccuse(strings.NewReader(c.xml))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(a.OK) != c.ok || len(a.KO) != c.ko || (c.ko > 0 && len(a.KO[0].Messages) != c.msgs) {
			t.Errorf("%s: %+v", name, a)
		}
	}
	if a, _ := ReadAccuse(strings.NewReader(cases["namespace on elements, standalone no, whitespace"].xml)); a.OK[0] != "a1" || a.IDTraitement != "12" {
		t.Errorf("values not trimmed: %+v", a)
	}
}

func TestReadAccuseRefusesHostileInput(t *testing.T) {
	cases := map[string]string{
		"entity bomb":     `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rapport>&b;</rapport>`,
		"external entity": `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rapport><nomFichier>&x;</nomFichier></rapport>`,
		"not a rapport":   `<flux/>`,
		"not XML":         `Accusé de traitement : OK`,
		"empty":           ``,
		"truncated":       `<rapport><PassagesOK><idTechnique>a`,
		"too deep":        "<rapport>" + strings.Repeat("<a>", 40) + strings.Repeat("</a>", 40) + "</rapport>",
		"huge value":      "<rapport><nomFichier>" + strings.Repeat("x", 70000) + "</nomFichier></rapport>",
		"two roots":       `<rapport/><rapport/>`,
	}
	for name, x := range cases {
		if a, err := ReadAccuse(strings.NewReader(x)); err == nil {
			t.Errorf("%s: accepted: %+v", name, a)
		} else if strings.Contains(err.Error(), "passwd") {
			t.Errorf("%s: leaked external content: %v", name, err)
		}
	}
}

func TestCatalogueExplainsEveryDocumentedMessage(t *testing.T) {
	cases := map[string]string{
		"Aucun titulaire ne correspond aux critères obligatoires":                                                       "Titulaire introuvable",
		"Aucun titulaire ne correspond aux critères obligatoires enrichis du jour et du mois de naissance":              "Titulaire introuvable avec le jour et le mois de naissance",
		"Aucun titulaire ne correspond aux critères de reconciliation":                                                  "Titulaire introuvable avec la commune de naissance",
		"Aucun titulaire ne correspond aux critères de réconciliation":                                                  "Titulaire introuvable avec la commune de naissance",
		"Aucun titulaire ne correspond à ces critères":                                                                  "Titulaire introuvable (ancien libellé)",
		"Plusieurs titulaires ont été identifiés":                                                                       "Plusieurs titulaires possibles",
		"Le passage certification avec le bcr émetteur 1234ABCD et l'id technique partenaire x1 existe déjà en base":    "Passage déjà enregistré à la CDC",
		"Le titulaire existe déjà en base":                                                                              "Titulaire déjà enregistré",
		"Le statut de la certification avec le bcr émetteur 12ABC345, l'id technique partenaire x1 et l'index 0 est KO": "Certification non reconnue",
		"La date de fin de validité est inférieure à date de début de validité pour le passage certification avec le bcr émetteur 1234ABCD et l'id technique partenaire x": "Dates incohérentes",
	}
	for msg, title := range cases {
		ex := Explain(msg)
		if !ex.Known || ex.Title != title || ex.Meaning == "" || len(ex.Check) == 0 {
			t.Errorf("%q: %+v", msg, ex)
		}
		for _, k := range ex.Fields {
			if core.FieldByKey(k) == nil {
				t.Errorf("%q names unknown field %q", msg, k)
			}
		}
	}
	if id, ok := AlreadyAtCDC("Le passage certification avec le bcr émetteur 03VML243 et l'id technique partenaire 1559735 existe déjà en base"); !ok || id != "1559735" {
		t.Errorf("already at the CDC: %q %v", id, ok)
	}
	if _, ok := AlreadyAtCDC("Le titulaire existe déjà en base"); ok {
		t.Error("« le titulaire existe déjà » is not the passage already at the CDC")
	}
	if ex := Explain("Erreur technique 42"); ex.Known || !strings.Contains(ex.Meaning, "« Erreur technique 42 »") {
		t.Errorf("unknown message: %+v", ex)
	}
	if ex := Explain("Aucun titulaire ne correspond aux critères obligatoires"); ex.Fields[0] != core.KeyNomNaissance || !strings.Contains(ex.Check[0], "pas le nom d'épouse") {
		t.Errorf("advice order: %+v", ex)
	}
}

// The CDC's structural messages (guide de résolution des erreurs XML V4)
// are explained in plain French and name their element.
func TestTranslateCDCMessages(t *testing.T) {
	cases := []struct{ raw, field, want string }{
		{`cvc-complex-type.2.4.a : Contenu non valide trouvé à partir de l'élément 'coucou'. L'une des valeurs '{"urn:cdc:cpf:pc5:schema:1.0.0":idClient, "urn:cdc:cpf:pc5:schema:1.0.0":certificateurs}' est attendue.`,
			"coucou", "balise « coucou » inattendue à cet endroit (attendu à cet endroit : idClient, certificateurs)"},
		{`cvc-complex-type.2.4.b : Le contenu de l'élément 'cpf:emetteur' n'est pas complet. L'un des éléments '{"urn:cdc:cpf:pc5:schema:1.0.0":certificateurs}' est attendu.`,
			"emetteur", "il manque une balise obligatoire dans « emetteur » : certificateurs"},
		{`cvc-complex-type.2.4.d : Contenu non valide trouvé à partir de l'élément 'cpf:codePostalNaissance'. Aucun élément enfant n'est attendu à cet endroit.`,
			"codePostalNaissance", "une seule branche est permise"},
		{`cvc-enumeration-valid : La valeur 'H' n'est pas un facet valide par rapport à l'énumération '[M, F]'. Elle doit être une valeur de l'énumération.`,
			"", "« H » n'est pas une valeur permise ; valeurs permises : M, F"},
		{`cvc-length-valid : La valeur '1234567', ayant pour longueur '7', n'est pas un facet valide par rapport à la longueur '8' pour le type '#AnonType_idClientemetteur'.`,
			"idClient", "N° de fiche client (BCR) : « 1234567 » compte 7 caractères au lieu de 8 exactement"},
		{`cvc-pattern-valid : La valeur '2021-06-01T17:21:00+1:00' n'est pas un facet valide par rapport au modèle '(19|20)...' pour le type '#AnonType_horodatageflux'.`,
			"horodatage", "Horodatage : « 2021-06-01T17:21:00+1:00 » n'a pas le format attendu (AAAA-MM-JJTHH:MM:SS+HH:MM"},
		{`cvc-type.3.1.3 : La valeur 'H' de l'élément 'cpf:sexe' n'est pas valide.`, "sexe", "Sexe : la valeur « H » n'est pas valide"},
		{`cvc-elt.1.a : Déclaration de l'élément 'cpf:flux' introuvable.`, "flux", "l'espace de noms ou la version du XSD"},
		{`La version XML "2.0" n'est pas prise en charge. Seule la version XML 1.0 est prise en charge.`, "", "version XML « 2.0 » refusée"},
		{`La version est obligatoire dans la déclaration XML.`, "", "n'a pas de version"},
		{`La chaîne "--" n'est pas autorisée dans les commentaires.`, "", "la suite « -- » est interdite"},
		{`Le type d'élément "cpf:idClient" doit se terminer par la balise de fin correspondante "</cpf:idClient>".`, "idClient", "la balise « idClient » n'est pas fermée"},
		{`Le type d'élément "cpf:flux" doit être suivi des spécifications d'attribut, ">" ou "/>".`, "flux", "chevron « > » manquant après « flux »"},
		{`Un espace est obligatoire entre les données et la cible de l'instruction de traitement.`, "", "la première ligne (déclaration XML) est mal écrite"},
	}
	for _, c := range cases {
		field, msg, known := translateCDC(c.raw)
		if !known || field != c.field || !strings.Contains(msg, c.want) {
			t.Errorf("%s\n  got field %q known %v: %s", c.raw, field, known, msg)
		}
	}
	if _, msg, known := translateCDC("Erreur inattendue 12"); known || !strings.Contains(msg, "« Erreur inattendue 12 »") {
		t.Errorf("unknown CDC message: %v %s", known, msg)
	}
}

// FuzzReadAccuse: any input is read or refused with an error, never a
// panic, and within the size limits.
func FuzzReadAccuse(f *testing.F) {
	for _, name := range []string{"accuse-traitement-erreur-xsd-sample-pix-1.xml", "accuse-traitement-passages-ok-ko-sample-pix-2.xml",
		"accuse-traitement-passages-TRANSCRIBED-from-guide-lecture-accuse-V3.xml", "accuse-traitement-erreur-xsd-TRANSCRIBED-from-guide-resolution-erreurs-V4.xml"} {
		b, err := os.ReadFile(refDir + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "a">]><rapport>&a;</rapport>`))
	f.Add([]byte(`<rapport><PassagesKO><passage><idTechnique>x</idTechnique></passage></PassagesKO></rapport>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadAccuse(bytes.NewReader(data))
		if err == nil && a == nil {
			t.Fatal("nil accusé without error")
		}
		if err == nil {
			for _, k := range a.KO {
				if k.IDTechnique == "" {
					t.Fatal("KO without idTechnique")
				}
			}
		}
	})
}

// FuzzTranslate: the libxml2 and CDC message translators never panic and
// always say something.
func FuzzTranslate(f *testing.F) {
	for _, s := range []string{
		"Element '{urn:cdc:cpf:pc5:schema:1.0.0}sexe': [facet 'enumeration'] The value 'H' is not an element of the set {'M', 'F'}.",
		"Element '{urn}x': Missing child element(s). Expected is ( {urn}idContrat ).",
		"Premature end of data in tag mentionValidee line 48",
		"Opening and ending tag mismatch: a line 2 and b",
		"cvc-complex-type.2.4.a : Contenu non valide trouvé à partir de l'élément 'coucou'. L'une des valeurs '{\"urn\":a}' est attendue.",
		"cvc-length-valid : La valeur '1', ayant pour longueur '1', n'est pas un facet valide par rapport à la longueur '8' pour le type '#AnonType_idClientemetteur'.",
		"Element '': ", "'", "{}", "cvc- : ",
	} {
		f.Add(s, 1)
		f.Add(s, 17)
	}
	f.Fuzz(func(t *testing.T, msg string, domain int) {
		if _, m := translate(xmlError{Domain: domain, Message: msg}); m == "" {
			t.Fatal("empty translation")
		}
		if _, m, _ := translateCDC(msg); m == "" {
			t.Fatal("empty CDC translation")
		}
		_ = Explain(msg)
	})
}

// An accusé saved in UTF-16 is read; one cut short or damaged is refused
// with a French message naming its line, without Go's English words.
func TestAccuseEncodingsAndDamage(t *testing.T) {
	b, err := os.ReadFile(refDir + "accuse-traitement-passages-ok-ko-sample-pix-2.xml")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ReadAccuse(bytes.NewReader(utf16LE(strings.Replace(string(b), "UTF-8", "UTF-16", 1), true)))
	if err != nil || len(a.OK) != 2 || len(a.KO) != 3 {
		t.Fatalf("UTF-16 accusé: %+v %v", a, err)
	}
	for name, bad := range map[string][]byte{
		"cut":       b[:len(b)/2],
		"bad UTF-8": bytes.Replace(b, []byte("<idTechnique>"), []byte("<idTechnique>\xff\xfe"), 1),
		"closed by": bytes.Replace(b, []byte("</idTechnique>"), []byte("</idTechniqu>"), 1),
	} {
		_, err := ReadAccuse(bytes.NewReader(bad))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "ligne ") || strings.Contains(msg, "syntax") || strings.Contains(msg, "EOF") || strings.Contains(msg, "invalid") || strings.Contains(msg, "closed") {
			t.Errorf("%s: %s", name, msg)
		}
	}
}
