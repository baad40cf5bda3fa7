package excel

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// writeGraduates writes a realistic list of n graduates (23 columns, dates
// as real Excel dates) with excelize's stream writer.
func writeGraduates(b testing.TB, path string, n int) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"Type", "Code certification", "Intitulé", "Nom de naissance", "Nom d'usage", "Prénom", "Prénom 2", "Sexe",
		"Date de naissance", "Code INSEE lieu de naissance", "Commune de naissance", "Date de délivrance", "Date de fin de validité",
		"Mode d'obtention", "Résultat définitif", "Mention", "Score", "Date examen", "Fin examen", "Modalité examen",
		"Modalité d'accès", "Initiative de l'inscription", "Date d'inscription"}
	sw.SetRow("A1", header)
	s := core.NewSampleN(fixedDay, n)
	for i, p := range s.Passages {
		h, d := p.Holder, p.Data
		row := []any{s.Certifications[p.Certification].Type, s.Certifications[p.Certification].Code, s.Certifications[p.Certification].Titre,
			h.Text(core.KeyNomNaissance), h.Text(core.KeyNomUsage), h.Text(core.KeyPrenom1), h.Text("prenom2"), h.Text(core.KeySexe),
			fmt.Sprintf("%02s/%02s/%s", h.Text(core.KeyJour), h.Text(core.KeyMois), h.Text(core.KeyAnnee)),
			h.Text(core.KeyCodeInsee), h.Text(core.KeyLibelleCommune), isoTime(d.Text(core.KeyDateDebutValid)), d.Text(core.KeyDateFinValid),
			"Par admission", "Oui", "Assez bien", d.Text("scoring"), isoTime(d.Text(core.KeyDateDebutExamen)), isoTime(d.Text(core.KeyDateFinExamen)),
			"En présentiel", "Formation continue hors contrat de professionnalisation", "L'organisme de formation", isoTime(d.Text(core.KeyDateDebutExamen))}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
}

var fixedDay = date(2026, 11, 22)

func isoTime(s string) any {
	if d, ok := core.ParseISODate(s); ok {
		return d
	}
	return s
}

// BenchmarkImport measures the import of a graduates list of 10,000 and
// 200,000 rows into a fresh dossier: rows/s and the process's peak RSS.
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{10_000, 200_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() && n > 10_000 {
				b.Skip("200,000 rows: run without -short")
			}
			dir := b.TempDir()
			src := filepath.Join(dir, "diplomes.xlsx")
			writeGraduates(b, src, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db, err := store.Create(filepath.Join(dir, fmt.Sprintf("d%d.certidepot", i)))
				if err != nil {
					b.Fatal(err)
				}
				db.Update(ctx, func(tx *store.Tx) error {
					tx.SetEmetteur("12ABC345")
					return tx.AddCertificateur(&core.Certificateur{IDClient: "12ABC345", Contrat: "MCF1"})
				})
				b.StartTimer()
				res, err := Import(ctx, db, src, Options{})
				b.StopTimer()
				if err != nil || res.Rows != n {
					b.Fatalf("rows %d of %d: %v", res.Rows, n, err)
				}
				db.Close()
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
		})
	}
}
