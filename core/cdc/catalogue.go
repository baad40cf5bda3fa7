package cdc

import (
	"regexp"

	"github.com/certidepot/certidepot/core"
)

// Explanation tells office staff what a CDC rejection means and what to
// do about it.
type Explanation struct {
	Known     bool     `json:"known"`     // false: message not in the catalogue, shown as is
	Title     string   `json:"title"`     // short French title
	Meaning   string   `json:"meaning"`   // what the CDC could not do
	Check     []string `json:"check"`     // what to check first, in order
	Fields    []string `json:"fields"`    // dictionary keys of the fields concerned
	Documents string   `json:"documents"` // what to ask the holder for
}

type catalogueEntry struct {
	re *regexp.Regexp
	ex Explanation
	// alreadyThere marks the answer saying the CDC already holds the
	// passage: it counts as accepted, never to be sent again.
	alreadyThere bool
}

const docsEtatCivil = "Demandez au titulaire une copie de sa pièce d'identité (carte d'identité ou passeport) ou, mieux, un extrait d'acte de naissance."

// catalogue lists every messageErreur documented by the CDC (guide de
// lecture de l'accusé de traitement V3, 2023) and the older wordings seen.
var catalogue = []catalogueEntry{
	{re: regexp.MustCompile(`(?i)^Aucun titulaire ne correspond aux crit[eè]res obligatoires enrichis du jour et du mois de naissance`), ex: Explanation{
		Title:   "Titulaire introuvable avec le jour et le mois de naissance",
		Meaning: "Plusieurs personnes correspondent au nom de naissance, au prénom, au sexe et à l'année de naissance, mais aucune n'a ce jour et ce mois de naissance.",
		Check: []string{
			"Le jour et le mois de naissance : ne sont-ils pas inversés (03/04 au lieu de 04/03) ?",
			"Puis, comme pour un titulaire introuvable : le nom de naissance, le premier prénom exact, le sexe et l'année.",
		},
		Fields:    []string{core.KeyJour, core.KeyMois, core.KeyNomNaissance, core.KeyPrenom1, core.KeySexe, core.KeyAnnee},
		Documents: docsEtatCivil,
	}},
	{re: regexp.MustCompile(`(?i)^Aucun titulaire ne correspond aux crit[eè]res obligatoires`), ex: Explanation{
		Title:   "Titulaire introuvable",
		Meaning: "Aucune personne n'a été trouvée avec ce nom de naissance, ce prénom, ce sexe et cette année de naissance.",
		Check: []string{
			"Le nom de naissance (le nom de jeune fille, pas le nom d'épouse ni le nom d'usage).",
			"Le premier prénom, exactement comme à l'état civil, tirets compris (Jean-François) ; les accents, eux, ne comptent pas.",
			"Le sexe et l'année de naissance.",
		},
		Fields:    []string{core.KeyNomNaissance, core.KeyPrenom1, core.KeySexe, core.KeyAnnee},
		Documents: docsEtatCivil,
	}},
	{re: regexp.MustCompile(`(?i)^Aucun titulaire ne correspond aux crit[eè]res de r[eé]conciliation`), ex: Explanation{
		Title:   "Titulaire introuvable avec la commune de naissance",
		Meaning: "Plusieurs personnes correspondent à l'état civil et à la date de naissance, mais aucune n'est née dans la commune indiquée (ou ne correspond aux autres données transmises).",
		Check: []string{
			"Le lieu de naissance : le code INSEE de la commune (pas le code postal), celui de l'arrondissement pour Paris, Lyon et Marseille, et celui de la commune telle qu'elle existait à la date de naissance.",
			"Pour une naissance à l'étranger : le code pays 99XXX dans le code INSEE et les 3 chiffres XXX dans le code pays.",
			"Les autres données facultatives : deuxième et troisième prénoms, nom d'usage.",
		},
		Fields:    []string{core.KeyCodeInsee, core.KeyCodePostal, core.KeyCodePays, core.KeyLibelleCommune, "prenom2", "prenom3", core.KeyNomUsage},
		Documents: "Demandez au titulaire un extrait d'acte de naissance, qui indique la commune de naissance exacte.",
	}},
	{re: regexp.MustCompile(`(?i)^Aucun titulaire ne correspond (à|a) ces crit[eè]res`), ex: Explanation{
		Title:   "Titulaire introuvable (ancien libellé)",
		Meaning: "Ancienne formulation de « Aucun titulaire ne correspond aux critères obligatoires » : aucune personne trouvée avec ce nom de naissance, ce prénom, ce sexe et cette année.",
		Check: []string{
			"Le nom de naissance (pas le nom d'usage), le premier prénom exact (tirets compris), le sexe et l'année de naissance.",
		},
		Fields:    []string{core.KeyNomNaissance, core.KeyPrenom1, core.KeySexe, core.KeyAnnee},
		Documents: docsEtatCivil,
	}},
	{re: regexp.MustCompile(`(?i)^Plusieurs titulaires ont [eé]t[eé] identifi[eé]s`), ex: Explanation{
		Title:   "Plusieurs titulaires possibles",
		Meaning: "Les données envoyées correspondent à plusieurs personnes : la CDC ne peut pas choisir.",
		Check: []string{
			"Ajoutez le mois et le jour de naissance s'ils manquaient.",
			"Ajoutez le code INSEE de la commune de naissance, et les deuxième et troisième prénoms.",
		},
		Fields:    []string{core.KeyMois, core.KeyJour, core.KeyCodeInsee, "prenom2", "prenom3"},
		Documents: docsEtatCivil,
	}},
	{re: regexp.MustCompile(`(?i)^Le passage certification avec le bcr [eé]metteur .* existe d[eé]j[aà] en base`), alreadyThere: true, ex: Explanation{
		Title:   "Passage déjà enregistré à la CDC",
		Meaning: "La CDC a déjà ce passage de certification pour votre organisme (sous l'identifiant technique que cite son message) : il est compté comme accepté et ne sera plus jamais renvoyé.",
		Check: []string{
			"Rien à faire pour ce passage : il est déjà à la CDC.",
			"Si l'identifiant technique cité est celui d'un autre passage de votre dossier, les deux sont des doublons : vérifiez-les et supprimez celui qui est en trop s'il n'a pas été envoyé.",
		},
		Fields: []string{core.KeyIDTechnique},
	}},
	{re: regexp.MustCompile(`(?i)^Le titulaire existe d[eé]j[aà] en base`), ex: Explanation{
		Title:   "Titulaire déjà enregistré",
		Meaning: "Message non décrit par la CDC : ce passage semble déjà connu de la CDC, sans doute envoyé une première fois sous un autre identifiant technique.",
		Check: []string{
			"Vérifiez que ce passage n'a pas déjà été déposé et accepté (dans un autre dossier ou un autre fichier).",
			"En cas de doute, interrogez le support de la CDC.",
		},
		Fields: []string{core.KeyIDTechnique},
	}},
	{re: regexp.MustCompile(`(?i)^Le statut de la certification avec le bcr [eé]metteur .* est KO`), ex: Explanation{
		Title:   "Certification non reconnue",
		Meaning: "La CDC ne trouve pas la certification indiquée : code inexistant, mal écrit (1710 au lieu de RS1710), ou qui ne correspond pas au type (type RS avec un code RNCP…).",
		Check: []string{
			"Le code de la certification, tel qu'il figure sur la fiche France compétences (RNCP12345 ou RS1234).",
			"Le type (RNCP ou RS) qui doit correspondre au code.",
			"Que la fiche est bien active à la date de délivrance.",
		},
		Fields:    []string{core.KeyCertCode, core.KeyCertType},
		Documents: "Vérifiez la fiche de la certification sur le site de France compétences.",
	}},
	{re: regexp.MustCompile(`(?i)^La date de fin de validit[eé] est inf[eé]rieure [aà] (la )?date de d[eé]but de validit[eé]`), ex: Explanation{
		Title:   "Dates incohérentes",
		Meaning: "Une date de fin (de validité ou d'examen) est antérieure à la date de début correspondante.",
		Check: []string{
			"La date de fin de validité, qui doit suivre la date de délivrance (ou « donnée non connue » si la certification n'expire pas).",
			"La date de fin d'examen, qui doit suivre la date de début d'examen.",
		},
		Fields: []string{core.KeyDateFinValid, core.KeyDateDebutValid, core.KeyDateFinExamen, core.KeyDateDebutExamen},
	}},
}

// reAlreadyThere is the CDC's « existe déjà en base » answer, which names
// the idTechnique under which it holds the same passage.
var reAlreadyThere = regexp.MustCompile(`(?i)^Le passage certification avec le bcr [eé]metteur \S+ et l'id technique partenaire (\S+) existe d[eé]j[aà] en base`)

// AlreadyAtCDC reports whether a KO message says the passage is already at
// the CDC, and the idTechnique the CDC holds it under ("" when the
// message names none).
func AlreadyAtCDC(message string) (idTechnique string, ok bool) {
	if m := reAlreadyThere.FindStringSubmatch(message); m != nil {
		return m[1], true
	}
	for _, e := range catalogue {
		if e.alreadyThere && e.re.MatchString(message) {
			return "", true
		}
	}
	return "", false
}

// Explain returns the explanation of a CDC messageErreur. Unknown messages
// are not guessed at: Known is false and the raw message is kept.
func Explain(message string) Explanation {
	for _, e := range catalogue {
		if e.re.MatchString(message) {
			ex := e.ex
			ex.Known = true
			return ex
		}
	}
	return Explanation{
		Title:   "Message non reconnu par Certidépôt",
		Meaning: "La CDC a rejeté ce passage avec le message : « " + message + " ».",
		Check:   []string{"Ce message n'est pas dans le catalogue de Certidépôt : écrivez au support des certificateurs de la CDC (support.certificateurs@caissedesdepots.fr) en citant l'identifiant technique du passage."},
		Fields:  []string{},
	}
}
