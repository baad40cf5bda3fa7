package core

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Sample is a fictitious dossier used to discover the application: about
// fifty holders over two certifications, a few of them with the mistakes
// office staff really make.
type Sample struct {
	Emetteur       string
	Certificateur  Certificateur
	Certifications []Certification
	Passages       []SamplePassage
}

// SamplePassage is one passage of the sample, with the index of its
// certification in Sample.Certifications.
type SamplePassage struct {
	Certification int
	Holder, Data  Values
	Source        *Source
}

type sampleBirthplace struct{ insee, commune, pays string }

var (
	sampleNoms = []string{"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
		"Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont",
		"Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin",
		"Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin",
		"Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "N'Diaye", "Œillet"}
	samplePrenomsF = []string{"Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Emma", "Jade", "Louise", "Zoé", "Anaïs", "Marie-Hélène"}
	samplePrenomsM = []string{"Lucas", "Hugo", "Louis", "Nathan", "Gabriel", "Théo", "Jules", "Arthur", "Mathis", "Noé", "Jean-Baptiste", "Mehdi"}
	sampleLieux    = []sampleBirthplace{
		{"31555", "Toulouse", ""}, {"33063", "Bordeaux", ""}, {"44109", "Nantes", ""}, {"67482", "Strasbourg", ""},
		{"59350", "Lille", ""}, {"35238", "Rennes", ""}, {"34172", "Montpellier", ""}, {"06088", "Nice", ""},
		{"75115", "Paris 15e Arrondissement", ""}, {"69383", "Lyon 3e Arrondissement", ""},
		{"99109", "Berlin", "Allemagne"}, {"99350", "Casablanca", "Maroc"}, {"99134", "Madrid", "Espagne"},
	}
)

// NewSample builds the sample dossier of 50 passages. Delivery dates are
// spread over the four months before now, so the deadline dashboard has
// something to show.
func NewSample(now time.Time) Sample { return NewSampleN(now, 50) }

// NewSampleN builds a sample of n passages (for benchmarks); the mistakes
// are those of the first 50.
func NewSampleN(now time.Time, n int) Sample {
	r := rand.New(rand.NewPCG(2026, 11))
	s := Sample{
		Emetteur:      "12ABC345",
		Certificateur: Certificateur{IDClient: "12ABC345", Contrat: "MCFCER000123", Nature: "CERTIFICATEUR"},
		Certifications: []Certification{
			{Type: "RNCP", Code: "RNCP37873", Titre: "Gestionnaire de paie", Nature: "CERTIFICATEUR"},
			{Type: "RS", Code: "RS5286", Titre: "Utilisation d'un tableur", Nature: "CERTIFICATEUR"},
		},
	}
	seen := make(map[string]bool, n)
	for i := 0; i < n; i++ {
		h, d := Values{}, Values{}
		female := r.IntN(2) == 0
		prenom := samplePrenomsM[r.IntN(len(samplePrenomsM))]
		h.Set(KeySexe, "M")
		if female {
			prenom = samplePrenomsF[r.IntN(len(samplePrenomsF))]
			h.Set(KeySexe, "F")
		}
		nom := sampleNoms[i%len(sampleNoms)]
		h.Set(KeyNomNaissance, nom)
		h.SetNil(KeyNomUsage)
		if female && i%5 == 0 {
			h.Set(KeyNomUsage, sampleNoms[(i+7)%len(sampleNoms)])
		}
		h.Set(KeyPrenom1, prenom)
		if i%4 == 0 {
			h.Set("prenom2", samplePrenomsF[(i/4)%len(samplePrenomsF)])
		}
		birth := time.Date(1965+r.IntN(40), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		h.Set(KeyAnnee, fmt.Sprint(birth.Year()))
		h.Set(KeyMois, fmt.Sprint(int(birth.Month())))
		h.Set(KeyJour, fmt.Sprint(birth.Day()))
		lieu := sampleLieux[r.IntN(len(sampleLieux))]
		h.Set(KeyCodeInsee, lieu.insee)
		h.Set(KeyLibelleCommune, lieu.commune)
		if lieu.pays != "" {
			h.Set(KeyCodePays, lieu.insee[2:])
			h.Set(KeyLibellePays, lieu.pays)
		}

		cert := i % 2
		delivered := now.AddDate(0, 0, -5-r.IntN(120))
		exam := delivered.AddDate(0, 0, -14)
		d.Set("obtentionCertification", "PAR_ADMISSION")
		d.Set("donneeCertifiee", "true")
		d.Set(KeyDateDebutExamen, exam.Format(time.DateOnly))
		d.Set(KeyDateFinExamen, exam.AddDate(0, 0, cert).Format(time.DateOnly))
		d.Set("modalitePassageExamen", "EN_PRESENTIEL")
		d.Set(KeyDateDebutValid, delivered.Format(time.DateOnly))
		d.SetNil(KeyDateFinValid)
		d.Set(KeyPresenceLangue, "false")
		d.Set(KeyPresenceNumeriq, "false")
		d.SetNil("scoring")
		if cert == 1 {
			d.Set("obtentionCertification", "PAR_SCORING")
			d.Set("scoring", fmt.Sprint(500+r.IntN(500)))
			d.Set(KeyDateFinValid, delivered.AddDate(3, 0, 0).Format(time.DateOnly))
		}
		d.SetNil("mentionValidee")
		if cert == 0 {
			d.Set("mentionValidee", []string{"SANS_MENTION", "MENTION_ASSEZ_BIEN", "MENTION_BIEN"}[r.IntN(3)])
		}
		d.Set(KeyModaliteAcces, []string{"FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION", "FORMATION_INITIALE_APPRENTISSAGE", "VAE"}[i%3])
		if i%3 == 2 {
			d.Set(KeyVoieAccesVAE, "VAE_CLASSIQUE")
		}
		if i < 50 {
			sampleMistake(i, h, d)
		}
		// Two graduates never share name, first name, birth date and
		// certification on the same day: a list holding them twice has a
		// duplicate row, which the import reports. On a chance meeting the
		// day of birth moves on (drawing nothing more, so that the sample
		// stays the same for every other passage).
		for {
			k := strings.Join([]string{h.Text(KeyNomNaissance), h.Text(KeyPrenom1), h.Text(KeyAnnee), h.Text(KeyMois), h.Text(KeyJour), fmt.Sprint(cert), d.Text(KeyDateDebutValid)}, "|")
			if !seen[k] {
				seen[k] = true
				break
			}
			day, _ := strconv.Atoi(h.Text(KeyJour))
			h.Set(KeyJour, fmt.Sprint(day%28+1))
		}
		s.Passages = append(s.Passages, SamplePassage{Certification: cert, Holder: h, Data: d,
			Source: &Source{File: "diplomes-2026.xlsx", Sheet: "Diplômés", Row: i + 2}})
	}
	return s
}

// sampleMistake introduces, in a few passages, the errors the validation
// is there to catch.
func sampleMistake(i int, h, d Values) {
	switch i {
	case 3:
		h.Set(KeySexe, "H")
	case 8:
		d.Set(KeyDateFinValid, "2020-01-31")
	case 13:
		h.Set(KeyCodePostal, "31000")
	case 21:
		h.Set(KeyMois, "2")
		h.Set(KeyJour, "30")
	case 27:
		h.Set(KeyCodeInsee, "99109")
		delete(h, KeyCodePays)
		h.Set(KeyLibelleCommune, "Hambourg")
	case 34:
		delete(h, KeyMois)
	case 40:
		h.Set(KeyPrenom1, "nil")
	case 46:
		h.Set(KeyLibelleCommune, "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson")
	}
}

// templateExample is the holder of the template's example row.
var templateExample = sync.OnceValue(func() Values { return NewSampleN(time.Time{}, 1).Passages[0].Holder })

// IsTemplateExample reports whether a row's values are the template's
// example person (same names and birth date): a row the user forgot to
// delete, never a graduate to declare.
func IsTemplateExample(rec Values) bool {
	ex := templateExample()
	// The template writes these values as they are: compared as typed,
	// without folding (this runs for every row of every import).
	for _, k := range []string{KeyNomNaissance, KeyPrenom1, KeyAnnee, KeyMois, KeyJour} {
		if strings.TrimSpace(rec.Text(k)) != ex.Text(k) {
			return false
		}
	}
	return true
}

// TemplateExampleName is the example person's name, for messages.
func TemplateExampleName() string { return HolderName(templateExample()) }
