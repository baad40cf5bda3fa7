package cdc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
)

func writeTemp(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var hostile = []struct {
	name string
	body func(example string) []byte
}{
	{"DOCTYPE after a 70 KB comment", func(ex string) []byte {
		return []byte(strings.Replace(ex, "<cpf:flux", "<!--"+strings.Repeat("x", 70_000)+"-->\n<!DOCTYPE flux [<!ENTITY a \"b\">]>\n<cpf:flux", 1))
	}},
	{"DOCTYPE in a UTF-16 file", func(ex string) []byte {
		s := strings.Replace(ex, `encoding="UTF-8"`, `encoding="UTF-16"`, 1)
		return utf16LE(strings.Replace(s, "<cpf:flux", "<!DOCTYPE flux SYSTEM \"http://example.invalid/x.dtd\">\n<cpf:flux", 1), true)
	}},
	{"entity bomb", func(ex string) []byte {
		return []byte(strings.Replace(ex, "<cpf:flux", `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>`+"\n<cpf:flux", 1))
	}},
	{"100,000 nesting levels", func(ex string) []byte {
		return []byte(strings.Replace(ex, "<cpf:verbatim>", strings.Repeat("<cpf:a>", 100_000)+strings.Repeat("</cpf:a>", 100_000)+"<cpf:verbatim>", 1))
	}},
	{"200,000 attributes", func(ex string) []byte {
		var b strings.Builder
		for i := 0; i < 200_000; i++ {
			fmt.Fprintf(&b, ` a%d="1"`, i)
		}
		return []byte(strings.Replace(ex, "<cpf:verbatim>", "<cpf:verbatim"+b.String()+">", 1))
	}},
	{"a 3 MB value", func(ex string) []byte {
		return []byte(strings.Replace(ex, "<cpf:verbatim>", "<cpf:verbatim>"+strings.Repeat("v", 3<<20), 1))
	}},
}

// Hostile files are refused, quickly, by validation and by the import
// alike, whatever the position or encoding of what makes them hostile.
func TestHostileFilesRefused(t *testing.T) {
	ex := officialExample(t)
	s := builtin(t, "1.1.2")
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			path := writeTemp(t, "h.xml", h.body(ex))
			start := time.Now()
			_, err := s.ValidateFile(path)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("validation: want an input refusal, got %v", err)
			}
			checkFrench(t, h.name, ie.Error())
			if _, err := ReadDepositFile(path); !errors.As(err, &ie) {
				t.Fatalf("import: want an input refusal, got %v", err)
			}
			if _, err := DetectVersionFile(path); !errors.As(err, &ie) {
				t.Fatalf("detection: want an input refusal, got %v", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("refusal took %s", d) // an unbounded parse takes tens of seconds
			}
		})
	}
}

// 2 GB of NUL bytes: refused as too big before anything is read, and a
// small NUL file is reported as damaged, not as empty.
func TestNULBytes(t *testing.T) {
	s := builtin(t, "1.1.2")
	big := filepath.Join(t.TempDir(), "zeros.xml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(2 << 30); err != nil {
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	if _, err := s.ValidateFile(big); err == nil || !strings.Contains(err.Error(), "trop gros") {
		t.Fatalf("2 GB: %v", err)
	}
	small := writeTemp(t, "z.xml", make([]byte, 10_000))
	rep, err := s.ValidateFile(small)
	if err != nil || rep.Valid() || !strings.Contains(rep.Errors[0].Message, "octets nuls") {
		t.Fatalf("NUL file: %v %+v", err, rep)
	}
	mid := writeTemp(t, "m.xml", []byte(strings.Replace(officialExample(t), "<cpf:verbatim>", "<cpf:verbatim>\x00", 1)))
	rep, err = s.ValidateFile(mid)
	if err != nil || rep.Valid() || rep.Errors[0].Line == 0 || !strings.Contains(rep.Errors[0].Message, "caractère nul") {
		t.Fatalf("NUL inside: %v %+v", err, rep)
	}
}

// A UTF-16 file that validation accepts is imported too.
func TestUTF16File(t *testing.T) {
	ex := strings.Replace(officialExample(t), `encoding="UTF-8"`, `encoding="UTF-16"`, 1)
	for name, body := range map[string][]byte{"LE with BOM": utf16LE(ex, true), "BE without BOM": utf16BE(ex)} {
		path := writeTemp(t, "u.xml", body)
		rep, err := builtin(t, "1.1.2").ValidateFile(path)
		if err != nil || !rep.Valid() {
			t.Fatalf("%s: validation %v %+v", name, err, rep)
		}
		df, err := ReadDepositFile(path)
		if err != nil || len(df.Passages) != 3 || df.Passages[0].Record.Text(core.KeyNomNaissance) != "Dupont" {
			t.Fatalf("%s: import %v %+v", name, err, df)
		}
	}
}

// ValidateReader gives the same report as ValidateFile, from a pipe being
// written, and honours cancellation and the time limit.
func TestValidateReaderPipe(t *testing.T) {
	s := builtin(t, "1.1.2")
	body := strings.Replace(officialExample(t), "<cpf:sexe>M<", "<cpf:sexe>H<", 1)
	pr, pw := io.Pipe()
	go func() {
		for i := 0; i < len(body); i += 100 {
			pw.Write([]byte(body[i:min(i+100, len(body))]))
		}
		pw.Close()
	}()
	rep, err := s.ValidateReader(context.Background(), pr)
	if err != nil || rep.Valid() || rep.Errors[0].Field != "sexe" {
		t.Fatalf("%v %+v", err, rep)
	}
	fromFile, _ := s.ValidateFile(writeTemp(t, "v.xml", []byte(body)))
	if fmt.Sprint(fromFile.Errors) != fmt.Sprint(rep.Errors) {
		t.Fatalf("file and reader differ:\n%+v\n%+v", fromFile.Errors, rep.Errors)
	}
}

// slowReader returns the example over and over, slowly.
type slowReader struct {
	head, passage []byte
	sent          int
	delay         time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	time.Sleep(r.delay)
	if r.sent == 0 {
		r.sent++
		return copy(p, r.head), nil
	}
	return copy(p, r.passage), nil
}

func endlessDeposit() *slowReader {
	return &slowReader{
		head:    []byte(`<?xml version="1.0" encoding="UTF-8"?><cpf:flux xmlns:cpf="` + Namespace + `"><cpf:verbatim>`),
		passage: []byte(strings.Repeat("<!-- remplissage -->", 10)),
		delay:   time.Millisecond,
	}
}

func TestValidateReaderCancelled(t *testing.T) {
	s := builtin(t, "1.1.2")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := s.ValidateReader(ctx, endlessDeposit())
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "annulée") {
		t.Fatalf("cancel: %v", err)
	}
}

func TestValidateReaderTimeLimit(t *testing.T) {
	s := builtin(t, "1.1.2")
	old := MaxValidationTime
	MaxValidationTime = 50 * time.Millisecond
	defer func() { MaxValidationTime = old }()
	_, err := s.ValidateReader(context.Background(), endlessDeposit())
	if !errors.Is(err, ErrValidationTimeLimit) || !strings.Contains(err.Error(), "arrêtée") {
		t.Fatalf("time limit: %v", err)
	}
}

// A loaded XSD whose pattern makes libxml2's regular expressions
// backtrack: libxml2 gives up with an internal error, which is said in
// French, and the validation ends.
func TestBacktrackingPattern(t *testing.T) {
	official := string(readRef(t, official112))
	xsdText := strings.Replace(official, `<xsd:element name="verbatim" minOccurs="0">`,
		`<xsd:element name="verbatim" minOccurs="0"><xsd:simpleType><xsd:restriction base="xsd:string"><xsd:pattern value="(a|aa)*c"/></xsd:restriction></xsd:simpleType></xsd:element><xsd:element name="verbatimOld" minOccurs="0">`, 1)
	if xsdText == official {
		t.Fatal("pattern not inserted")
	}
	s, err := ParseSchema([]byte(xsdText))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	body := strings.Replace(officialExample(t), "<cpf:verbatim>TOSA<", "<cpf:verbatim>"+strings.Repeat("a", 45)+"<", 1)
	rep, err := s.ValidateFile(writeTemp(t, "b.xml", []byte(body)))
	if err != nil || rep.Valid() {
		t.Fatalf("%v %+v", err, rep)
	}
	for _, e := range rep.Errors {
		checkFrench(t, "backtracking", e.Message)
	}
	if !strings.Contains(rep.Errors[0].Message, "motif") {
		t.Fatalf("%+v", rep.Errors)
	}
}

// Several validations at once, on valid and invalid files, give each the
// report it gets alone (libxml2's error handler is per thread; run with
// -race).
func TestConcurrentValidations(t *testing.T) {
	s12, s15 := builtin(t, "1.1.2"), builtin(t, "1.1.5")
	ex := officialExample(t)
	bodies := []string{
		ex,
		strings.Replace(ex, "<cpf:sexe>M<", "<cpf:sexe>H<", 1),
		strings.Replace(ex, "<cpf:nomUsage>Dupont</cpf:nomUsage>", "", 1),
		string(readRef(t, "kit-2026/SUPPRESSION.xml")),
		ex[:len(ex)/2],
	}
	type job struct {
		s    *Schema
		body string
	}
	var jobs []job
	for _, b := range bodies {
		jobs = append(jobs, job{s12, b}, job{s15, b})
	}
	want := make([]string, len(jobs))
	for i, j := range jobs {
		r, err := j.s.ValidateReader(context.Background(), strings.NewReader(j.body))
		want[i] = fmt.Sprint(r, err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 5; k++ {
				for i, j := range jobs {
					r, err := j.s.ValidateReader(context.Background(), bytes.NewReader([]byte(j.body)))
					if got := fmt.Sprint(r, err); got != want[i] {
						errs <- fmt.Sprintf("job %d: %s != %s", i, got, want[i])
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestDetectVersion(t *testing.T) {
	ex := officialExample(t)
	cases := []struct {
		name, body, version, signal string
	}{
		{"1.1.2 example", ex, core.Version112, ""},
		{"CREATION", string(readRef(t, "kit-2026/CREATION.xml")), core.Version115, "action"},
		{"SUPPRESSION", string(readRef(t, "kit-2026/SUPPRESSION.xml")), core.Version115, "action"},
		{"NIR far down", strings.Replace(ex, "<cpf:titulaire>", "<cpf:identifiantNational><cpf:nir>1</cpf:nir></cpf:identifiantNational><cpf:titulaire>", 1), core.Version115, "identifiantNational"},
		{"action in a comment only", strings.Replace(ex, "<cpf:emetteur>", "<!-- <cpf:action>X</cpf:action> --><cpf:emetteur>", 1), core.Version112, ""},
		{"UTF-16 with action", string(utf16LE(strings.Replace(strings.Replace(ex, `encoding="UTF-8"`, `encoding="UTF-16"`, 1), "<cpf:emetteur>", "<cpf:action>CREATION</cpf:action><cpf:emetteur>", 1), true)), core.Version115, "action"},
		{"declared 1.1.2 with action", strings.Replace(strings.Replace(ex, "<cpf:emetteur>", "<cpf:action>CREATION</cpf:action><cpf:emetteur>", 1),
			`xmlns:xsi=`, `xsi:schemaLocation="urn:cdc:cpf:pc5:schema:1.0.0 certifications-cdc-1.1.2.xsd" xmlns:xsi=`, 1), core.Version112, "action"},
	}
	for _, c := range cases {
		d, err := DetectVersion(strings.NewReader(c.body))
		if err != nil || d.Version != c.version || d.Signal != c.signal || d.Reason == "" {
			t.Errorf("%s: %+v %v", c.name, d, err)
		}
		checkFrench(t, c.name, d.String())
		if df, err := DetectVersionFile(writeTemp(t, "d.xml", []byte(c.body))); err != nil || df != d {
			t.Errorf("%s: from the file %+v %v, from a reader %+v", c.name, df, err, d)
		}
	}
	// A 1.1.2-declared file with action is judged by 1.1.2: refused, and
	// the message says action only exists from 1.1.5 on.
	d, _ := DetectVersion(strings.NewReader(cases[len(cases)-1].body))
	rep, err := builtin(t, d.Version).ValidateReader(context.Background(), strings.NewReader(cases[len(cases)-1].body))
	if err != nil || rep.Valid() || !strings.Contains(rep.Errors[0].Message, "1.1.5") {
		t.Fatalf("%+v %v", rep, err)
	}
}

// Every element of both schemas has a French label from the dictionary.
func TestEveryElementHasALabel(t *testing.T) {
	for _, v := range []string{core.Version112, core.Version115} {
		for _, name := range builtinModel(v).names {
			if core.ElementLabel(name) == "" {
				t.Errorf("%s: no French label for %s", v, name)
			}
		}
	}
	for _, rel := range []string{official112, official115} {
		m, err := parseXSDModel(readRef(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range m.names {
			if core.ElementLabel(name) == "" {
				t.Errorf("%s: no French label for %s", rel, name)
			}
		}
	}
}

// A loaded XSD with a slow pattern on every passage: cancellation stops
// the validation between two values, long before its end.
func TestCancelDuringSlowPatterns(t *testing.T) {
	official := string(readRef(t, official112))
	xsdText := strings.Replace(official, `<xsd:element name="verbatim" minOccurs="0">`,
		`<xsd:element name="verbatim" minOccurs="0"><xsd:simpleType><xsd:restriction base="xsd:string"><xsd:pattern value="(a|aa)*c"/></xsd:restriction></xsd:simpleType></xsd:element><xsd:element name="verbatimOld" minOccurs="0">`, 1)
	s, err := ParseSchema([]byte(xsdText))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	body, err := os.ReadFile(largeDeposit(t, 2000))
	if err != nil {
		t.Fatal(err)
	}
	slow := strings.ReplaceAll(string(body), "<cpf:verbatim>TOSA<", "<cpf:verbatim>"+strings.Repeat("a", 30)+"<")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = s.ValidateReader(ctx, strings.NewReader(slow))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a cancelled validation, got %v", err)
	}
	// Uncancelled, the 2,000 values take minutes.
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("cancellation took %s", d)
	}
}

// A missing child is named alone, without the optional elements libxml2
// lists, on the line where its passage's element starts.
func TestMissingChildNamesOnlyMandatory(t *testing.T) {
	ex := officialExample(t)
	kit := string(readRef(t, "kit-2026/CREATION.xml"))
	cases := []struct {
		version, body, field string
		says                 []string
		never                []string
	}{
		{"1.1.2", strings.Replace(ex, "<cpf:nomUsage>Dupont</cpf:nomUsage>", "", 1), "nomUsage",
			[]string{"« nomUsage »", "ajoutez nomUsage", "xsi:nil"}, []string{"codePaysNaissance", "commentairesMEN", "prenom2", "libelle"}},
		{"1.1.5", strings.Replace(kit, "<cpf:modaliteAcces>FORMATION_INITIALE_APPRENTISSAGE</cpf:modaliteAcces>", "", 1), "modaliteAcces",
			[]string{"ajoutez modaliteAcces"}, []string{"voieAccessVAE", "initiativeInscription", "dateInscription"}},
		{"1.1.5", regexpReplace(kit, `(?s)<cpf:identificationTitulaire>.*?</cpf:identificationTitulaire>`, "<cpf:identificationTitulaire/>"), "identificationTitulaire",
			[]string{"ajoutez titulaire, dossierFormation ou identifiantNational"}, nil},
		{"1.1.2", regexpReplace(ex, `(?s)<cpf:identificationTitulaire>.*?</cpf:identificationTitulaire>`, "<cpf:identificationTitulaire></cpf:identificationTitulaire>"), "identificationTitulaire",
			[]string{"ajoutez titulaire ou dossierFormation"}, []string{"identifiantNational"}},
		{"1.1.2", regexpReplace(ex, `(?s)<cpf:passageCertification>.*?</cpf:passageCertification>`, "<cpf:passageCertification><cpf:idTechnique>x</cpf:idTechnique></cpf:passageCertification>"), "passageCertification",
			[]string{"obtentionCertification", "donneeCertifiee", "dateDebutValidite", "dateFinValidite", "presenceNiveauLangueEuro",
				"presenceNiveauNumeriqueEuro", "scoring", "mentionValidee", "modalitesInscription", "identificationTitulaire"},
			[]string{"urlPreuve", "libelleOption", "verbatim", "dateDebutExamen", "niveauLangueEuropeen"}},
	}
	for _, c := range cases {
		rep, err := builtin(t, c.version).ValidateReader(context.Background(), strings.NewReader(c.body))
		if err != nil || len(rep.Errors) != 1 {
			t.Fatalf("%s: %v %+v", c.field, err, rep)
		}
		e := rep.Errors[0]
		for _, w := range c.says {
			if !strings.Contains(e.Message, w) {
				t.Errorf("%s: %q lacks %q", c.field, e.Message, w)
			}
		}
		for _, w := range c.never {
			if strings.Contains(e.Message, w) {
				t.Errorf("%s: %q names optional %q", c.field, e.Message, w)
			}
		}
		if e.Field != c.field && !strings.HasPrefix(c.field, "passage") && c.field != "identificationTitulaire" {
			t.Errorf("%s: field %q", c.field, e.Field)
		}
	}
}

// regexpReplace replaces the first match only.
func regexpReplace(s, pattern, repl string) string {
	loc := regexp.MustCompile(pattern).FindStringIndex(s)
	if loc == nil {
		panic("no match for " + pattern)
	}
	return s[:loc[0]] + repl + s[loc[1]:]
}

// The exporter's way: write the file and validate the same bytes through
// a pipe at once; an early refusal does not leave the writer blocked.
func TestValidateWhileWriting(t *testing.T) {
	s := builtin(t, "1.1.2")
	for _, body := range []string{officialExample(t), strings.Replace(officialExample(t), "<cpf:flux", "<!DOCTYPE x><cpf:flux", 1)} {
		out := filepath.Join(t.TempDir(), "depot.xml")
		f, _ := os.Create(out)
		pr, pw := io.Pipe()
		type result struct {
			r   *Report
			err error
		}
		done := make(chan result)
		go func() {
			r, err := s.ValidateReader(context.Background(), pr)
			pr.CloseWithError(errors.New("validation finie"))
			done <- result{r, err}
		}()
		w := io.MultiWriter(f, pw)
		_, werr := io.WriteString(w, body)
		hostile := strings.Contains(body, "DOCTYPE")
		for i := 0; hostile && i < 1000 && werr == nil; i++ {
			// A writer still writing after the refusal gets an error
			// instead of blocking.
			_, werr = io.WriteString(w, "<!-- suite -->")
		}
		pw.Close()
		f.Close()
		res := <-done
		if hostile {
			var ie *InputError
			if !errors.As(res.err, &ie) || werr == nil {
				t.Fatalf("DTD: %v, writer %v", res.err, werr)
			}
		} else if res.err != nil || !res.r.Valid() || werr != nil {
			t.Fatalf("%v %+v %v", res.err, res.r, werr)
		}
	}
}

// FuzzInputGuard: whatever the bytes, the guard and the validation never
// panic, and a DOCTYPE the parser meets has always been refused by the
// guard first (the parser's own refusal is the second line of defence).
func FuzzInputGuard(f *testing.F) {
	ex := officialExample(f)
	for _, s := range []string{ex, ex[:300], "<!DOCTYPE a>", "<!--<!DOCTYPE a>--><a/>", "<a b='<!DOCTYPE'/>", "<![CDATA[<!DOCTYPE a>]]>",
		"<a>\x00</a>", "\xff\xfe<\x00!\x00D\x00", "<?xml version='1.0'?><!-->--><a/>", "<a/><!ENTITY x 'y'>"} {
		f.Add([]byte(s))
	}
	s := builtin(f, "1.1.2")
	f.Fuzz(func(t *testing.T, b []byte) {
		g := newInputGuard(1 << 20)
		gerr := g.feed(b)
		if gerr == nil {
			gerr = g.end()
		}
		in := newPrefetcher(bytes.NewReader(b), newInputGuard(1<<20))
		defer in.Close()
		run := &streamRun{in: in, limit: 10}
		dtdLine, _ := validateStream(s.xsd.Pointer(), run, make(chan struct{}))
		if dtdLine > 0 && gerr == nil {
			t.Fatalf("the parser met a DTD the guard let through: %q", b)
		}
		if run.guardErr != nil && gerr == nil {
			t.Fatalf("the guard refused in the validation only: %v", run.guardErr)
		}
	})
}
