package excel

import (
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
)

// WriteSampleList writes a fictitious list of n graduates laid out the way
// a certifier's office keeps one: French titles that are not the
// dictionary's (« Civilité », « Né(e) le », « N° RNCP/RS », « Délivré
// le »), one birth-date column, the words staff type for the lists
// (« Mme », « AB », « admission », « apprentissage »), codes with a space,
// 99XXX codes without their country code, an « Autres prénoms » column.
// Every row is complete: after import, every passage is ready. Streamed,
// so that 200,000 rows need little memory; for trying the import and for
// benchmarks.
func WriteSampleList(path string, n int, now time.Time) error {
	if err := checkWorkbookName(path); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	// Named as an office names its list, not with the library's default.
	if err := f.SetSheetName("Sheet1", "Diplômés"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Diplômés")
	if err != nil {
		return err
	}
	header := []any{"Civilité", "Nom", "Nom d'usage", "Prénom", "Autres prénoms", "Né(e) le", "Code INSEE", "Lieu de naissance",
		"Pays de naissance", "N° RNCP/RS", "Intitulé", "Délivré le", "Fin de validité", "Obtention", "Score", "Mention",
		"Modalité d'accès", "Voie d'accès VAE", "Date examen", "Fin examen", "Modalité examen", "Résultat définitif", "Courriel"}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	// The sample's first 50 passages carry its deliberate mistakes.
	const skip = 50
	s := core.NewSampleN(now, n+skip)
	civilites := map[string][]string{"M": {"M.", "Monsieur", "H"}, "F": {"Mme", "Madame", "F"}}
	mentions := map[string]string{"SANS_MENTION": "Passable", "MENTION_ASSEZ_BIEN": "AB", "MENTION_BIEN": "Bien"}
	acces := map[string]string{"FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION": "Formation continue hors contrat de professionnalisation",
		"FORMATION_INITIALE_APPRENTISSAGE": "formation initiale apprentissage", "VAE": "VAE"}
	for i, p := range s.Passages[skip:] {
		h, d, c := p.Holder, p.Data, s.Certifications[p.Certification]
		code := c.Code
		if i%7 == 3 {
			code = strings.ToLower(c.Type) + " " + strings.TrimPrefix(c.Code, c.Type) // « rncp 37873 »
		}
		var born any = fmt.Sprintf("%02s/%02s/%s", h.Text(core.KeyJour), h.Text(core.KeyMois), h.Text(core.KeyAnnee))
		if i%2 == 0 { // half the rows hold a real Excel date
			born = time.Date(digits(h.Text(core.KeyAnnee)), time.Month(digits(h.Text(core.KeyMois))), digits(h.Text(core.KeyJour)), 0, 0, 0, 0, time.UTC)
		}
		obtention, mention := "admission", ""
		if d.Text("obtentionCertification") == "PAR_SCORING" {
			obtention = "scoring"
		}
		if m := d.Text("mentionValidee"); m != "" {
			mention = mentions[m]
		}
		vae := ""
		if d.Text(core.KeyVoieAccesVAE) != "" {
			vae = "classique"
		}
		email := strings.ToLower(core.Fold(h.Text(core.KeyPrenom1))+"."+core.Fold(h.Text(core.KeyNomNaissance))) + fmt.Sprintf("%d@exemple.fr", i)
		row := []any{civilites[h.Text(core.KeySexe)][i%3], h.Text(core.KeyNomNaissance), h.Text(core.KeyNomUsage), h.Text(core.KeyPrenom1),
			h.Text("prenom2"), born, h.Text(core.KeyCodeInsee), h.Text(core.KeyLibelleCommune), h.Text(core.KeyLibellePays),
			code, c.Titre, asDate(d.Text(core.KeyDateDebutValid)), asDate(d.Text(core.KeyDateFinValid)), obtention, d.Text("scoring"), mention,
			acces[d.Text(core.KeyModaliteAcces)], vae, asDate(d.Text(core.KeyDateDebutExamen)), asDate(d.Text(core.KeyDateFinExamen)),
			"présentiel", "oui", strings.ReplaceAll(email, " ", "")}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.SaveAs(path); err != nil {
		return core.WriteError(path, err)
	}
	return nil
}

// digits reads the sample's own small numbers.
func digits(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func asDate(s string) any {
	if d, ok := core.ParseISODate(s); ok {
		return d
	}
	return s
}
