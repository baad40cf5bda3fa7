//go:build unix

package faults

import (
	"archive/zip"
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openRW opens a dossier for writing, as a second program would.
func openRW(path string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return sql.Open("sqlite", "file:"+(&url.URL{Path: abs}).EscapedPath()+"?mode=rw&_pragma=busy_timeout(10000)")
}

// rewriteSheet returns an .xlsx whose first sheet went through fn.
func rewriteSheet(xlsx []byte, fn func([]byte) []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil && err != zip.ErrChecksum {
			return nil, fmt.Errorf("%s: %v", f.Name, err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			b = fn(b)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return nil, err
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// libxml2Cases are deposit files with the mistakes hand-made files have,
// each giving a libxml2 message that must reach the user in French.
func libxml2Cases(t testing.TB) [][]byte {
	src := string(officialExample(t))
	year := "<cpf:anneeNaissance>1996</cpf:anneeNaissance>"
	decl := `<?xml version="1.0" encoding="UTF-8"?>`
	cases := [][2]string{
		{year, `<cpf:anneeNaissance xsi:type="xsd:string">1996</cpf:anneeNaissance>`},
		{year, `<cpf:anneeNaissance xsi:type="cpf:inconnu">1996</cpf:anneeNaissance>`},
		{year, `<cpf:anneeNaissance xsi:nil="peut-etre">1996</cpf:anneeNaissance>`},
		{year, `<cpf:anneeNaissance a="1" a="2">1996</cpf:anneeNaissance>`},
		{year, `<cpf:anneeNaissance a=1>1996</cpf:anneeNaissance>`},
		{year, `<cpf:anneeNaissance><![CDATA[1996</cpf:anneeNaissance>`},
		{year, `<x:anneeNaissance>1996</x:anneeNaissance>`},
		{year, `<cpf:anneeNaissance xmlns:cpf="">1996</cpf:anneeNaissance>`},
		{year, `<cpf:anneeNaissance><cpf:x/>1996</cpf:anneeNaissance>`},
		{decl, `<?xml version="1.0" encoding="UTF-16"?>`},
		{decl, `<?xml version="1.0" standalone="peut-etre"?>`},
		{decl, ` <?xml version="1.0"?>`},
		{decl, `<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet?>`},
	}
	var out [][]byte
	for _, c := range cases {
		if !strings.Contains(src, c[0]) {
			t.Fatalf("the official example lacks %q", c[0])
		}
		out = append(out, []byte(strings.Replace(src, c[0], c[1], 1)))
	}
	return out
}

// brokenKitXSD is the official XSD with a facet its base type refuses:
// a kit XSD libxml2 cannot read.
func brokenKitXSD(t testing.TB) []byte {
	root, _ := repoRoot()
	x, err := os.ReadFile(filepath.Join(root, "testdata", "cdc", "xsd-1.1.2.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(x)
	i := strings.Index(s, `<xsd:element name="dateDebutValidite">`)
	j := strings.Index(s[i:], "<xsd:pattern") + i
	return []byte(s[:j] + `<xsd:minInclusive value="1900"/>` + s[j:])
}

// TestCorruptInputs gives each command cut and corrupted files: a
// spreadsheet, an accusé, a deposit file, the dossier itself. Each must be
// read, or refused in French with exit 2 and nothing changed (and no
// backup written).
func TestCorruptInputs(t *testing.T) {
	r := rng("inputs")
	n := pick(2, 12)
	type input struct {
		name, fixture, file string
		args                func(f string) []string
	}
	inputs := []input{
		{"spreadsheet", "base", "list.xlsx", func(f string) []string { return []string{"import-xlsx", dossier, f} }},
		{"accuse", "exported", "accuse.xml", func(f string) []string { return []string{"import-accuse", dossier, f} }},
		{"deposit", "exported", "depot.xml", func(f string) []string { return []string{"validate", f} }},
		{"dossier", "imported", dossier, func(string) []string { return []string{"passages", dossier, "--json"} }},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			for i := 0; i < 2*n; i++ {
				s := newSandbox(t, fixture(t, in.fixture))
				orig, err := os.ReadFile(s.path(in.file))
				if err != nil {
					t.Fatal(err)
				}
				var bad []byte
				var what string
				if i%2 == 0 {
					cut := 1 + r.IntN(len(orig)-1)
					bad, what = orig[:cut], fmt.Sprintf("%s cut at %d of %d bytes", in.file, cut, len(orig))
				} else {
					bad = append([]byte{}, orig...)
					k := 1 + r.IntN(8)
					var at []string
					for j := 0; j < k; j++ {
						p := r.IntN(len(bad))
						bad[p] ^= byte(1 + r.IntN(255))
						at = append(at, fmt.Sprint(p))
					}
					what = fmt.Sprintf("%s with %d bytes changed (at %s)", in.file, k, strings.Join(at, ", "))
				}
				target := in.file
				if in.file != dossier {
					target = "abime-" + in.file
					s.input(target)
				} else {
					os.Remove(s.path(dossier + "-wal"))
					os.Remove(s.path(dossier + "-shm"))
				}
				if err := os.WriteFile(s.path(target), bad, 0o600); err != nil {
					t.Fatal(err)
				}
				before, _ := readState(s.path(dossier), false)
				sumBefore, _, _ := fileSum(s.path(dossier))
				backups := s.backupNames()
				res := s.run(in.args(target)...)
				var vs []violation
				switch {
				case res.code == 2:
					if res.stderr == "" {
						vs = append(vs, violation{invRefusal, "refused without a message: " + res.String()})
					}
					if len(newNames(backups, s.backupNames())) > 0 {
						vs = append(vs, violation{invNoOpBackup, "a refused command wrote a backup: " + strings.Join(newNames(backups, s.backupNames()), ", ")})
					}
					if in.name == "dossier" {
						if sum, _, _ := fileSum(s.path(dossier)); sum != sumBefore {
							vs = append(vs, violation{invRefusal, "the refused dossier file was modified"})
						}
					} else if after, err := readState(s.path(dossier), false); err == nil && before != nil && after.fingerprint() != before.fingerprint() {
						vs = append(vs, violation{invRefusal, "refused, but the dossier changed"})
					}
				case res.code == 0 || res.code == 1:
				default:
					vs = append(vs, violation{invRefusal, "unexpected exit: " + res.String()})
				}
				if in.name != "dossier" {
					st, v := s.dossierState()
					vs = append(vs, v...)
					l, v := s.cliListing()
					vs = append(vs, v...)
					vs = append(vs, s.checkBackups(l)...)
					vs = append(vs, s.checkLeftovers(st, l)...)
				}
				report(t, "inputs", "input", fmt.Sprintf("%s → exit %d", what, res.code), append(vs, s.takeViolations()...))
			}
		})
	}
}
