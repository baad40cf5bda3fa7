package cdc

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// largeDeposit writes a valid 1.1.2 deposit of n passages, one per line
// as the exporter writes them, made from the official example's first
// passage with distinct idTechnique.
func largeDeposit(tb testing.TB, n int) string {
	tb.Helper()
	ex := officialExample(tb)
	compact := regexp.MustCompile(`>\s+<`).ReplaceAllString(ex, "><")
	start := strings.Index(compact, "<cpf:passageCertification>")
	end := strings.Index(compact, "</cpf:passageCertification>") + len("</cpf:passageCertification>")
	passage := compact[start:end]
	last := strings.LastIndex(compact, "</cpf:passageCertification>") + len("</cpf:passageCertification>")
	path := filepath.Join(tb.TempDir(), fmt.Sprintf("depot-%d.xml", n))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(strings.Replace(compact[:start], "?><", "?>\n<", 1) + "\n")
	id := "db855769-bcd6-4253-93cf-e666db666c0a"
	for i := 0; i < n; i++ {
		w.WriteString(strings.Replace(passage, id, fmt.Sprintf("passage-%08d", i), 1) + "\n")
	}
	w.WriteString(compact[last:] + "\n")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return path
}

// BenchmarkValidate50000 compares, on a 50,000-passage deposit, the
// streaming validation from an io.Reader with libxml2's own
// xmlSchemaValidateFile and with `xmllint --stream --noout --schema`.
// Metrics: seconds of each, and the ratio of ours to each (1 = as fast).
func BenchmarkValidate50000(b *testing.B) {
	path := largeDeposit(b, 50_000)
	st, _ := os.Stat(path)
	s := builtin(b, "1.1.2")
	xsdPath := filepath.Join(b.TempDir(), "cdc.xsd")
	os.WriteFile(xsdPath, s.Text, 0o600)
	_, lintErr := exec.LookPath("xmllint")
	var ours, plain, lint time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := s.ValidateReader(context.Background(), f)
		f.Close()
		if err != nil || !rep.Valid() {
			b.Fatalf("%v %+v", err, rep)
		}
		t1 := time.Now()
		if rc := validateFilePlain(s.xsd.Pointer(), path); rc != 0 {
			b.Fatalf("xmlSchemaValidateFile: %d", rc)
		}
		t2 := time.Now()
		ours += t1.Sub(t0)
		plain += t2.Sub(t1)
		if lintErr == nil {
			if out, err := exec.Command("xmllint", "--stream", "--noout", "--schema", xsdPath, path).CombinedOutput(); err != nil {
				b.Fatalf("xmllint: %v %s", err, out)
			}
			lint += time.Since(t2)
		}
	}
	n := float64(b.N)
	b.ReportMetric(ours.Seconds()/n, "reader-s")
	b.ReportMetric(plain.Seconds()/n, "validatefile-s")
	b.ReportMetric(ours.Seconds()/plain.Seconds(), "ratio-vs-validatefile")
	b.ReportMetric(float64(st.Size())/1e6/(ours.Seconds()/n), "MB/s")
	if lintErr == nil {
		b.ReportMetric(lint.Seconds()/n, "xmllint-s")
		b.ReportMetric(ours.Seconds()/lint.Seconds(), "ratio-vs-xmllint")
	}
}

// BenchmarkDetectVersion50000 reads a whole 50,000-passage 1.1.2 file
// (no 1.1.5 element stops it early).
func BenchmarkDetectVersion50000(b *testing.B) {
	path := largeDeposit(b, 50_000)
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	for i := 0; i < b.N; i++ {
		d, err := DetectVersionFile(path)
		if err != nil || d.Version != "1.1.2" {
			b.Fatal(d, err)
		}
	}
}
