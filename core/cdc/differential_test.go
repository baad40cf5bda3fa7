package cdc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const refDir = "../../testdata/cdc/"

// officialExample returns the CDC's example deposit with LF line ends.
func officialExample(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(refDir + "example-1.1.2-officiel-v2.0.0.xml")
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func officialSchema(t testing.TB) *Schema {
	t.Helper()
	b, err := os.ReadFile(refDir + "xsd-1.1.2.xsd")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSchema(b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func builtin(t testing.TB, v string) *Schema {
	t.Helper()
	s, err := BuiltinSchema(v)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// variant is the official example with one rule broken (or kept).
type variant struct {
	name     string
	old, new string // first occurrence of old is replaced by new
	valid    bool
}

var variants = []variant{
	// Accepted by the official XSD (business rules are not XSD rules).
	{"end of validity before start", "<cpf:dateFinValidite>2030-12-13<", "<cpf:dateFinValidite>2010-12-13<", true},
	{"boolean as 1", "<cpf:donneeCertifiee>true<", "<cpf:donneeCertifiee>1<", true},
	{"free certification type", "<cpf:type>RNCP<", "<cpf:type>Habilitation<", true},
	{"postal code nil", "<cpf:codeInseeNaissance>\n                                    <cpf:codeInsee>31555</cpf:codeInsee>\n                                 </cpf:codeInseeNaissance>",
		`<cpf:codePostalNaissance><cpf:codePostal xsi:nil="true"/></cpf:codePostalNaissance>`, true},
	{"children in another order", "<cpf:idFlux>6e3c7378-bda4-497a-9bd6-dc203f903ed9</cpf:idFlux>\n   <cpf:horodatage>2020-12-18T14:24:12+01:00</cpf:horodatage>",
		"<cpf:horodatage>2020-12-18T14:24:12+01:00</cpf:horodatage><cpf:idFlux>6e3c7378-bda4-497a-9bd6-dc203f903ed9</cpf:idFlux>", true},
	{"ordinary comment", "<cpf:verbatim>", "<!-- vérifié --><cpf:verbatim>", true},
	{"offset -05:00", "+01:00</cpf:horodatage>", "-05:00</cpf:horodatage>", true},
	{"accents and escaped ampersand", "<cpf:nomNaissance>Dupont<", "<cpf:nomNaissance>Lœuvre-Dès &amp; Fils<", true},

	// Refused by the official XSD, one rule each.
	{"horodatage with Z", "+01:00</cpf:horodatage>", "Z</cpf:horodatage>", false},
	{"horodatage with fraction", "14:24:12+01:00", "14:24:12.5+01:00", false},
	{"horodatage offset +1:00", "14:24:12+01:00", "14:24:12+1:00", false},
	{"horodatage without seconds", "14:24:12+01:00", "14:24+01:00", false},
	{"horodatage year 2100", "2020-12-18T", "2100-12-18T", false},
	{"idFlux empty", "<cpf:idFlux>6e3c7378-bda4-497a-9bd6-dc203f903ed9<", "<cpf:idFlux><", false},
	{"idFlux over 50", "6e3c7378-bda4-497a-9bd6-dc203f903ed9<", strings.Repeat("a", 51) + "<", false},
	{"emetteur idClient 7 chars", "<cpf:idClient>AB123CDE<", "<cpf:idClient>AB123CD<", false},
	{"certificateur idClient 9 chars", "<cpf:idClient>E564ACB0<", "<cpf:idClient>E564ACB00<", false},
	{"idContrat over 20", "<cpf:idContrat>2560080000127J<", "<cpf:idContrat>2560080000127J1234567<", false},
	{"idContrat missing", "<cpf:idContrat>2560080000127J</cpf:idContrat>", "", false},
	{"two certificateurs", "</cpf:certificateur>", "</cpf:certificateur><cpf:certificateur/>", false},
	{"natureDeposant unknown", "<cpf:natureDeposant>CERTIFICATEUR<", "<cpf:natureDeposant>ORGANISME<", false},
	{"code over 100", "<cpf:code>RNCP19117<", "<cpf:code>" + strings.Repeat("9", 101) + "<", false},
	{"obtention unknown", "<cpf:obtentionCertification>PAR_ADMISSION<", "<cpf:obtentionCertification>ADMIS<", false},
	{"donneeCertifiee oui", "<cpf:donneeCertifiee>true<", "<cpf:donneeCertifiee>oui<", false},
	{"date 30 February", "<cpf:dateDebutExamen>2020-12-20<", "<cpf:dateDebutExamen>2020-02-30<", false},
	{"date in French form", "<cpf:dateDebutValidite>2020-12-12<", "<cpf:dateDebutValidite>12/12/2020<", false},
	{"date with time zone", "<cpf:dateDebutValidite>2020-12-12<", "<cpf:dateDebutValidite>2020-12-12+01:00<", false},
	{"dateFinValidite missing", `<cpf:dateFinValidite xsi:nil="true"></cpf:dateFinValidite>`, "", false},
	{"dateFinValidite empty without nil", `<cpf:dateFinValidite xsi:nil="true"></cpf:dateFinValidite>`, "<cpf:dateFinValidite></cpf:dateFinValidite>", false},
	{"literal nill date", `<cpf:dateFinValidite xsi:nil="true"></cpf:dateFinValidite>`, "<cpf:dateFinValidite>nill</cpf:dateFinValidite>", false},
	{"modalite unknown", "<cpf:modalitePassageExamen>EN_PRESENTIEL<", "<cpf:modalitePassageExamen>SUR_PLACE<", false},
	{"codePostalCentreExamen over 9", "<cpf:codePostalCentreExamen>75009<", "<cpf:codePostalCentreExamen>7500975009<", false},
	{"CECRL level unknown", "<cpf:niveauLangueEuropeen>A1<", "<cpf:niveauLangueEuropeen>D1<", false},
	{"scoreGeneral 1001", "<cpf:scoreGeneral>890<", "<cpf:scoreGeneral>1001<", false},
	{"niveau 9", "<cpf:niveau>5<", "<cpf:niveau>9<", false},
	{"domaine two chars", "<cpf:domaineCompetenceId>3<", "<cpf:domaineCompetenceId>31<", false},
	{"scoring empty", "<cpf:scoring>12.4<", "<cpf:scoring><", false},
	{"mention unknown", "<cpf:mentionValidee>MENTION_ASSEZ_BIEN<", "<cpf:mentionValidee>ASSEZ_BIEN<", false},
	{"modaliteAcces missing", "<cpf:modaliteAcces>FORMATION_INITIALE_APPRENTISSAGE</cpf:modaliteAcces>", "", false},
	{"voie VAE unknown", "<cpf:voieAccessVAE>VAE_CLASSIQUE<", "<cpf:voieAccessVAE>CLASSIQUE<", false},
	{"initiative unknown", "<cpf:initiativeInscription>CERTIFIE<", "<cpf:initiativeInscription>MOI<", false},
	{"nomNaissance over 60", "<cpf:nomNaissance>Dupont<", "<cpf:nomNaissance>" + strings.Repeat("é", 61) + "<", false},
	{"nomNaissance nil", "<cpf:nomNaissance>Dupont</cpf:nomNaissance>", `<cpf:nomNaissance xsi:nil="true"/>`, false},
	{"nomUsage missing", "<cpf:nomUsage>Dupont</cpf:nomUsage>", "", false},
	{"annee 1899", "<cpf:anneeNaissance>1996<", "<cpf:anneeNaissance>1899<", false},
	{"annee not a number", "<cpf:anneeNaissance>1996<", "<cpf:anneeNaissance>96a<", false},
	{"mois 13", "<cpf:moisNaissance>11<", "<cpf:moisNaissance>13<", false},
	{"jour 0", "<cpf:jourNaissance>15<", "<cpf:jourNaissance>0<", false},
	{"jourNaissance missing", "<cpf:jourNaissance>15</cpf:jourNaissance>", "", false},
	{"sexe H", "<cpf:sexe>M<", "<cpf:sexe>H<", false},
	{"INSEE code 4 chars", "<cpf:codeInsee>31555<", "<cpf:codeInsee>3155<", false},
	{"INSEE and postal code together", "</cpf:codeInseeNaissance>", "</cpf:codeInseeNaissance><cpf:codePostalNaissance><cpf:codePostal>31000</cpf:codePostal></cpf:codePostalNaissance>", false},
	{"titulaire and dossierFormation together", "</cpf:titulaire>", "</cpf:titulaire><cpf:dossierFormation><cpf:idDossier>1</cpf:idDossier><cpf:nomTitulaire>A</cpf:nomTitulaire><cpf:prenom1Titulaire>B</cpf:prenom1Titulaire></cpf:dossierFormation>", false},
	{"codePaysNaissance 2 chars", "<cpf:libellePaysNaissance>France<", "<cpf:codePaysNaissance>10</cpf:codePaysNaissance><cpf:libellePaysNaissance>France<", false},
	{"libelleCommune empty", "<cpf:libelleCommuneNaissance>Toulouse<", "<cpf:libelleCommuneNaissance><", false},
	{"idDossier over 13", "<cpf:idDossier>1234567891011<", "<cpf:idDossier>12345678910112<", false},
	{"nomTitulaire over 30", "<cpf:nomTitulaire>Dupont<", "<cpf:nomTitulaire>" + strings.Repeat("x", 31) + "<", false},
	{"unknown element", "<cpf:verbatim>", "<cpf:coucou/><cpf:verbatim>", false},
	{"1.1.5 action element under 1.1.2", "<cpf:emetteur>", "<cpf:action>CREATION</cpf:action><cpf:emetteur>", false},
	{"old namespace", "urn:cdc:cpf:pc5:schema:1.0.0", "urn:cdc:cpf:pc5:schema:0.0.7", false},
	{"zero passages", "<cpf:passageCertifications>", "<cpf:passageCertifications></cpf:passageCertifications><cpf:zz>", false},
	{"text inside a container", "<cpf:certificateurs>", "<cpf:certificateurs>texte", false},
	{"verbatim over 255", "<cpf:verbatim>TOSA<", "<cpf:verbatim>" + strings.Repeat("v", 256) + "<", false},
	{"double hyphen in comment", "<cpf:verbatim>", "<!-- a -- b --><cpf:verbatim>", false},
	{"missing closing chevron", "<cpf:idClient>AB123CDE</cpf:idClient>", "<cpf:idClient>AB123CDE</cpf:idClient", false},
	{"unclosed tag", "<cpf:idClient>AB123CDE</cpf:idClient>", "<cpf:idClient>AB123CDE", false},
	{"XML version 2.0", `<?xml version="1.0"`, `<?xml version="2.0"`, false},
	{"bare ampersand", "<cpf:nomNaissance>Dupont<", "<cpf:nomNaissance>Dupont & Fils<", false},
}

func writeVariant(t *testing.T, dir string, i int, body string) string {
	t.Helper()
	p := filepath.Join(dir, strings.ReplaceAll(variants[i].name, " ", "_")+".xml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOwnSchemaMatchesOfficialVerdicts is the differential test: every
// variant gets the same verdict from the project's 1.1.2 schema and from
// the CDC's, and every refusal is explained in French.
func TestOwnSchemaMatchesOfficialVerdicts(t *testing.T) {
	official, own := officialSchema(t), builtin(t, "1.1.2")
	base := officialExample(t)
	dir := t.TempDir()
	invalid := 0
	for i, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			if !strings.Contains(base, v.old) {
				t.Fatalf("variant does not apply: %q not in example", v.old)
			}
			path := writeVariant(t, dir, i, strings.Replace(base, v.old, v.new, 1))
			ro, err := official.ValidateFile(path)
			if err != nil {
				t.Fatal(err)
			}
			rp, err := own.ValidateFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if ro.Valid() != v.valid {
				t.Fatalf("official verdict valid=%v, expected %v: %+v", ro.Valid(), v.valid, ro.Errors)
			}
			if rp.Valid() != ro.Valid() {
				t.Fatalf("own schema valid=%v, official valid=%v\nown: %+v\nofficial: %+v", rp.Valid(), ro.Valid(), rp.Errors, ro.Errors)
			}
			for _, e := range rp.Errors {
				if e.Line == 0 || strings.Contains(e.Message, "Element '") || strings.Contains(e.Message, "erreur de schéma :") ||
					strings.Contains(e.Message, "mal formé : ") {
					t.Errorf("untranslated or unplaced error: %+v", e)
				}
			}
		})
		if !v.valid {
			invalid++
		}
	}
	if invalid < 30 {
		t.Fatalf("only %d invalid variants; the corpus needs at least 30", invalid)
	}
}

func TestOfficialExampleValidatesAgainstBothSchemas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "exemple.xml")
	os.WriteFile(path, []byte(officialExample(t)), 0o600)
	for name, s := range map[string]*Schema{"official": officialSchema(t), "own": builtin(t, "1.1.2")} {
		r, err := s.ValidateFile(path)
		if err != nil || !r.Valid() {
			t.Fatalf("%s: %v %+v", name, err, r)
		}
	}
	if v := officialSchema(t).Version; v != "1.1.2" {
		t.Fatalf("version attribute read as %q", v)
	}
}
