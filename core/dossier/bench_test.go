package dossier

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkExportAndValidate measures a whole export (read the dossier,
// write the file, validate it with libxml2 while reading, record the
// deposit) for 10,000 and 200,000 passages. Each iteration works on a
// fresh copy of the dossier, since an export consumes the ready passages.
func BenchmarkExportAndValidate(b *testing.B) {
	for _, n := range []int{10_000, 200_000} {
		b.Run(itoa(n), func(b *testing.B) {
			if testing.Short() && n > 10_000 {
				b.Skip("200,000 passages: run without -short")
			}
			dir := b.TempDir()
			master := filepath.Join(dir, "master.certidepot")
			db, err := CreateSample(ctx, master, fixedNow(), n)
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				work := filepath.Join(dir, "work"+itoa(i)+".certidepot")
				copyFile(b, master, work)
				db, err := Open(work)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				db.Now = fixedNow
				res, err := db.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot"+itoa(i)+".xml")})
				b.StopTimer()
				if err != nil || res.Exported == 0 {
					b.Fatal(res, err)
				}
				db.Close()
				var size int64
				for _, f := range res.Files {
					size += f.Size
					os.Remove(f.Path)
				}
				b.ReportMetric(float64(res.Exported)*float64(i+1)/b.Elapsed().Seconds(), "passages/s")
				b.ReportMetric(float64(size)/float64(res.Exported), "bytes/passage")
				os.Remove(work)
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
		})
	}
}

func copyFile(b *testing.B, src, dst string) {
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	out.Close()
}

func itoa(n int) string { return strconv.Itoa(n) }

// peakRSSMB is the process's peak resident memory so far (setup included).
func peakRSSMB() float64 { return peakRSS() / (1 << 20) }
