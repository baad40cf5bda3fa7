package excel

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
)

// WriteSampleList writes a fictitious list of n graduates as an office
// would keep it (25 columns, French headers, real Excel dates), streamed
// so that 200,000 rows need little memory: for trying the import and for
// benchmarks.
func WriteSampleList(path string, n int, now time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	header := []any{"Type", "Code certification", "Intitulé", "Nom de naissance", "Nom d'usage", "Prénom", "Prénom 2", "Sexe",
		"Date de naissance", "Code INSEE lieu de naissance", "Commune de naissance", "Code pays naissance", "Pays naissance", "Date de délivrance", "Date de fin de validité",
		"Mode d'obtention", "Résultat définitif", "Mention", "Score", "Date examen", "Fin examen", "Modalité examen",
		"Modalité d'accès", "Initiative de l'inscription", "Date d'inscription"}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	s := core.NewSampleN(now, n)
	for i, p := range s.Passages {
		h, d, c := p.Holder, p.Data, s.Certifications[p.Certification]
		row := []any{c.Type, c.Code, c.Titre,
			h.Text(core.KeyNomNaissance), h.Text(core.KeyNomUsage), h.Text(core.KeyPrenom1), h.Text("prenom2"), h.Text(core.KeySexe),
			fmt.Sprintf("%02s/%02s/%s", h.Text(core.KeyJour), h.Text(core.KeyMois), h.Text(core.KeyAnnee)),
			h.Text(core.KeyCodeInsee), h.Text(core.KeyLibelleCommune), h.Text(core.KeyCodePays), h.Text(core.KeyLibellePays), asDate(d.Text(core.KeyDateDebutValid)), d.Text(core.KeyDateFinValid),
			"Par admission", "Oui", "Assez bien", d.Text("scoring"), asDate(d.Text(core.KeyDateDebutExamen)), asDate(d.Text(core.KeyDateFinExamen)),
			"En présentiel", "Formation continue hors contrat de professionnalisation", "L'organisme de formation", asDate(d.Text(core.KeyDateDebutExamen))}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func asDate(s string) any {
	if d, ok := core.ParseISODate(s); ok {
		return d
	}
	return s
}
