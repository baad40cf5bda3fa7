package dossier

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/certidepot/certidepot/core/excel"
)

func writeGraduates(b testing.TB, path string, n int) {
	if err := excel.WriteSampleList(path, n, fixedDay); err != nil {
		b.Fatal(err)
	}
}

var fixedDay = date(2026, 11, 22)

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
				db, err := Create(ctx, filepath.Join(dir, fmt.Sprintf("d%d.certidepot", i)), Organisation{Emetteur: "12ABC345", Contrat: "MCF1"})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err := db.ImportSheet(ctx, src, ImportOptions{})
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
