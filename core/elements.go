package core

import "strings"

// containerLabels name, in French, the elements of the deposit format that
// hold other elements, or that no dictionary field stands for (the
// DIGCOMP items are entered as one "resultats" field). Keyed by XML name.
var containerLabels = map[string]string{
	"flux":                    "Fichier de dépôt (flux)",
	"action":                  "Action du fichier (création ou suppression)",
	"emetteur":                "Émetteur",
	"certificateurs":          "Liste des certificateurs",
	"certificateur":           "Certificateur",
	"certifications":          "Liste des certifications",
	"certification":           "Certification",
	"passageCertifications":   "Liste des passages de certification",
	"passageCertification":    "Passage de certification",
	"niveauNumeriqueEuropeen": "Niveau numérique européen (DIGCOMP)",
	"resultat":                "Résultat d'une compétence DIGCOMP",
	"niveau":                  "Niveau atteint dans la compétence DIGCOMP",
	"domaineCompetenceId":     "Domaine de la compétence DIGCOMP",
	"competenceId":            "Numéro de la compétence DIGCOMP",
	"modalitesInscription":    "Modalités d'inscription",
	"identificationTitulaire": "Identification du titulaire",
	"codeCommuneNaissance":    "Lieu de naissance (code de la commune)",
	"codeInseeNaissance":      "Lieu de naissance par code INSEE",
	"codePostalNaissance":     "Lieu de naissance par code postal",
}

// ElementLabel names an element of the deposit format for users: the
// label of its field, the label of its identification branch, its
// container label, or what the labels of the fields sharing that XML name
// have in common ("N° de fiche client (BCR)" for both idClient elements).
// It returns "" for a name the format does not have.
func ElementLabel(xmlName string) string {
	if l, ok := containerLabels[xmlName]; ok {
		return l
	}
	if l := FieldByKey(KeyIdentification).EnumLabel(xmlName); l != "" {
		return l
	}
	common := ""
	for _, f := range dictionary {
		switch {
		case f.XMLName != xmlName:
		case common == "":
			common = f.Label
		default:
			common = commonWords(common, f.Label)
		}
	}
	return common
}

// commonWords returns the words two labels start with.
func commonWords(a, b string) string {
	wa, wb := strings.Fields(a), strings.Fields(b)
	n := 0
	for n < len(wa) && n < len(wb) && wa[n] == wb[n] {
		n++
	}
	return strings.Join(wa[:n], " ")
}
