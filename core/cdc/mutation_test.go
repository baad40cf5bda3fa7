package cdc

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The mutation corpus: the official examples of both versions, each
// element of each broken in every way a hand-edited file breaks (dropped,
// doubled, emptied, bad value, moved, nil, unknown attribute, text inside
// a container, renamed) plus document-level faults. Every file must get
// the same verdict from Certidépôt's schema as from the CDC's XSD (both
// through libxml2, and xmllint as a third opinion on a sample), and every
// refusal must be French, name the field concerned and stand on the
// lines of the passage (or element) concerned.

// xdoc is a parsed example, kept with its prefixes.
type xnodeT struct {
	name     string // prefixed name as written
	attrs    []xml.Attr
	text     string // leaf text (escaped on output)
	kids     []*xnodeT
	parent   *xnodeT
	leaf     bool
	id       int
	line     [2]int // start and end lines once serialized
	rawStart string // replaces the start tag when set (document-level faults)
}

func parseExample(t testing.TB, b []byte) *xnodeT {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []*xnodeT
	var root *xnodeT
	id := 0
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &xnodeT{name: qualified(tk.Name), attrs: append([]xml.Attr(nil), tk.Attr...), leaf: true, id: id}
			id++
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
				p.leaf = false
				n.parent = p
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tk)
			}
		case xml.EndElement:
			n := stack[len(stack)-1]
			if !n.leaf {
				n.text = ""
			}
			stack = stack[:len(stack)-1]
		}
	}
	return root
}

func qualified(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func (n *xnodeT) local() string { return localName(n.name) }

func (n *xnodeT) clone(parent *xnodeT) *xnodeT {
	c := *n
	c.parent = parent
	c.attrs = append([]xml.Attr(nil), n.attrs...)
	c.kids = nil
	for _, k := range n.kids {
		c.kids = append(c.kids, k.clone(&c))
	}
	return &c
}

func (n *xnodeT) walk(f func(*xnodeT)) {
	f(n)
	for _, k := range n.kids {
		k.walk(f)
	}
}

func (n *xnodeT) find(id int) *xnodeT {
	var found *xnodeT
	n.walk(func(x *xnodeT) {
		if x.id == id {
			found = x
		}
	})
	return found
}

// serialize writes one element per line and records each element's lines.
func serialize(root *xnodeT, prolog string) []byte {
	var b bytes.Buffer
	b.WriteString(prolog)
	line := strings.Count(prolog, "\n") + 1
	var write func(n *xnodeT, depth int)
	write = func(n *xnodeT, depth int) {
		ind := strings.Repeat(" ", depth)
		start := n.rawStart
		if start == "" {
			var s strings.Builder
			s.WriteString("<" + n.name)
			for _, a := range n.attrs {
				fmt.Fprintf(&s, ` %s="%s"`, qualified(a.Name), escapeAttr(a.Value))
			}
			s.WriteString(">")
			start = s.String()
		}
		n.line[0] = line
		if n.leaf {
			b.WriteString(ind + start + escapeText(n.text) + "</" + n.name + ">\n")
			n.line[1] = line
			line++
			return
		}
		b.WriteString(ind + start)
		if strings.TrimSpace(n.text) != "" {
			b.WriteString(escapeText(n.text))
		}
		b.WriteString("\n")
		line++
		for _, k := range n.kids {
			write(k, depth+1)
		}
		b.WriteString(ind + "</" + n.name + ">\n")
		n.line[1] = line
		line++
	}
	write(root, 0)
	return b.Bytes()
}

func escapeText(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), "&#xA;", "\n")
}

func escapeAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;").Replace(s)
}

const xmlProlog = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// mutation is one broken (or harmless) copy of an example.
type mutation struct {
	name   string
	body   []byte
	target string   // local name of the element broken ("" for document-level faults)
	fields []string // names an error may rightly give as its field
	span   [2]int   // lines a right error stands on
}

func passageOf(n *xnodeT) *xnodeT {
	for p := n; p != nil; p = p.parent {
		if p.local() == "passageCertification" {
			return p
		}
	}
	return nil
}

// mutate builds the corpus of one example.
func mutate(t testing.TB, example []byte) []mutation {
	var out []mutation
	add := func(name string, root *xnodeT, target, orig *xnodeT, extra ...string) {
		body := serialize(root, xmlProlog)
		m := mutation{name: name, body: body}
		if target != nil {
			m.target = target.local()
			m.fields = append([]string{target.local()}, extra...)
			if target.parent != nil {
				m.fields = append(m.fields, target.parent.local())
			}
			for _, k := range orig.kids {
				m.fields = append(m.fields, k.local())
			}
			area := passageOf(target)
			if area == nil {
				area = target.parent
			}
			if area == nil {
				area = target
			}
			m.span = area.line
		}
		out = append(out, m)
	}
	first := parseExample(t, example)
	var ids []int
	first.walk(func(n *xnodeT) { ids = append(ids, n.id) })
	mutateElements(first, ids, add)
	// The examples lack a few elements: a copy has them, and only they
	// are broken in it.
	extended, added := withAbsentElements(first)
	mutateElements(extended, added, add)
	return append(out, documentFaults(first)...)
}

// withAbsentElements returns a copy of the example whose first titulaire
// has the elements no official example has: codePaysNaissance,
// commentairesMEN, and the postal-code birthplace branch.
func withAbsentElements(base *xnodeT) (*xnodeT, []int) {
	root := base.clone(nil)
	next := 0
	root.walk(func(n *xnodeT) {
		if n.id >= next {
			next = n.id + 1
		}
	})
	var added []int
	newLeaf := func(parent *xnodeT, local, text string) *xnodeT {
		prefix := strings.TrimSuffix(parent.name, parent.local())
		n := &xnodeT{name: prefix + local, text: text, leaf: true, parent: parent, id: next}
		next++
		added = append(added, n.id)
		parent.kids = append(parent.kids, n)
		parent.leaf = false
		return n
	}
	done := false
	root.walk(func(n *xnodeT) {
		if done || n.local() != "titulaire" {
			return
		}
		done = true
		newLeaf(n, "codePaysNaissance", "100")
		newLeaf(n, "commentairesMEN", "Jury de juin")
		for _, k := range n.kids {
			if k.local() == "codeCommuneNaissance" {
				k.kids = nil
				postal := newLeaf(k, "codePostalNaissance", "")
				postal.leaf = false
				newLeaf(postal, "codePostal", "31000")
			}
		}
	})
	return root, added
}

type addFunc func(name string, root *xnodeT, target, orig *xnodeT, extra ...string)

// mutateElements breaks each element of ids in base in every way.
func mutateElements(base *xnodeT, ids []int, add addFunc) {
	for _, id := range ids {
		op := func(name string, f func(root, n *xnodeT) *xnodeT, extra ...string) {
			root := base.clone(nil)
			n := root.find(id)
			if tgt := f(root, n); tgt != nil {
				add(n.local()+": "+name+fmt.Sprintf(" #%d", id), root, tgt, base.find(id), extra...)
			}
		}
		node := base.find(id)
		if node.parent != nil {
			op("dropped", func(root, n *xnodeT) *xnodeT {
				p := n.parent
				for i, k := range p.kids {
					if k == n {
						p.kids = append(p.kids[:i], p.kids[i+1:]...)
					}
				}
				if len(p.kids) == 0 {
					p.leaf = true
				}
				// The error names what is missing in the parent.
				n.line = p.line
				return &xnodeT{name: n.name, parent: p, kids: n.kids, line: p.line}
			})
			op("doubled", func(root, n *xnodeT) *xnodeT {
				p := n.parent
				c := n.clone(p)
				for i, k := range p.kids {
					if k == n {
						p.kids = append(p.kids[:i+1], append([]*xnodeT{c}, p.kids[i+1:]...)...)
						break
					}
				}
				return c
			})
			op("moved last", func(root, n *xnodeT) *xnodeT {
				p := n.parent
				for i, k := range p.kids {
					if k == n {
						p.kids = append(append(p.kids[:i:i], p.kids[i+1:]...), n)
						break
					}
				}
				return n
			})
			op("renamed", func(root, n *xnodeT) *xnodeT {
				n.name = strings.TrimSuffix(n.name, n.local()) + "zz" + n.local()
				return n
			}, "zz"+node.local())
		}
		op("emptied", func(root, n *xnodeT) *xnodeT {
			n.kids, n.text, n.leaf = nil, "", true
			return n
		})
		op("nil with its content", func(root, n *xnodeT) *xnodeT {
			if hasNil(n) {
				return nil
			}
			n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Space: "xsi", Local: "nil"}, Value: "true"})
			return n
		})
		op("nil and empty", func(root, n *xnodeT) *xnodeT {
			if hasNil(n) {
				return nil
			}
			n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Space: "xsi", Local: "nil"}, Value: "true"})
			n.kids, n.text, n.leaf = nil, "", true
			return n
		})
		op("unknown attribute", func(root, n *xnodeT) *xnodeT {
			n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Local: "origine"}, Value: "tableur"})
			return n
		})
		if node.leaf {
			for _, v := range []struct{ name, value string }{
				{"value too long", strings.Repeat("x", 300)},
				{"odd value", "¤invalide¤"},
				{"value with spaces around", "  " + node.text + "  "},
				{"value 1", "1"},
				{"value 0", "0"},
				{"negative number", "-5"},
			} {
				op(v.name, func(root, n *xnodeT) *xnodeT {
					n.text = v.value
					return n
				})
			}
		} else {
			op("text inside", func(root, n *xnodeT) *xnodeT {
				n.text = "texte"
				return n
			})
		}
	}
}

func hasNil(n *xnodeT) bool {
	for _, a := range n.attrs {
		if a.Name.Local == "nil" {
			return true
		}
	}
	return false
}

func documentFaults(base *xnodeT) []mutation {
	var out []mutation
	// Document-level faults.
	doc := func(name, body string) { out = append(out, mutation{name: name, body: []byte(body)}) }
	plain := string(serialize(base.clone(nil), xmlProlog))
	doc("declaration after a blank line", "\n"+plain)
	doc("declaration twice", xmlProlog+plain)
	doc("no declaration", strings.TrimPrefix(plain, xmlProlog))
	doc("old namespace", strings.Replace(plain, Namespace, "urn:cdc:cpf:pc5:schema:0.0.7", 1))
	doc("undeclared prefix on an element", strings.Replace(strings.Replace(plain, "<cpf:idFlux>", "<ns9:idFlux>", 1), "</cpf:idFlux>", "</ns9:idFlux>", 1))
	doc("xsi prefix not declared", strings.Replace(strings.Replace(plain, ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`, "", 1), "<cpf:idFlux>", `<cpf:idFlux xsi:nil="true">`, 1))
	doc("encoding label UTF-16 on UTF-8 bytes", strings.Replace(plain, `encoding="UTF-8"`, `encoding="UTF-16"`, 1))
	doc("unknown encoding label", strings.Replace(plain, `encoding="UTF-8"`, `encoding="KLINGON-8"`, 1))
	doc("Latin-1 bytes labelled UTF-8", strings.Replace(plain, "</cpf:idFlux>", "\xe9</cpf:idFlux>", 1))
	doc("Latin-1 bytes labelled Latin-1", strings.Replace(strings.Replace(plain, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1), "</cpf:idFlux>", "\xe9</cpf:idFlux>", 1))
	doc("UTF-8 byte order mark", "\xef\xbb\xbf"+plain)
	doc("UTF-16LE with byte order mark", string(utf16LE(strings.Replace(plain, `encoding="UTF-8"`, `encoding="UTF-16"`, 1), true)))
	doc("UTF-16BE without byte order mark", string(utf16BE(strings.Replace(plain, `encoding="UTF-8"`, `encoding="UTF-16"`, 1))))
	doc("duplicated attribute", strings.Replace(plain, "<cpf:idFlux>", `<cpf:idFlux a="1" a="2">`, 1))
	doc("xsi:nil maybe", strings.Replace(plain, "<cpf:idFlux>", `<cpf:idFlux xsi:nil="maybe">`, 1))
	doc("control character", strings.Replace(plain, "</cpf:idFlux>", "\x01</cpf:idFlux>", 1))
	doc("character reference to NUL", strings.Replace(plain, "</cpf:idFlux>", "&#0;</cpf:idFlux>", 1))
	doc("unknown entity", strings.Replace(plain, "</cpf:idFlux>", "&eacute;</cpf:idFlux>", 1))
	doc("bare ampersand", strings.Replace(plain, "</cpf:idFlux>", " & </cpf:idFlux>", 1))
	doc("truncated", plain[:len(plain)*2/3])
	doc("content after the root", plain+"<cpf:flux/>\n")
	doc("processing instruction", strings.Replace(plain, "<cpf:idFlux>", "<?traitement oui?><cpf:idFlux>", 1))
	doc("CDATA value", strings.Replace(plain, "<cpf:idFlux>", "<cpf:idFlux><![CDATA[x]]>", 1))
	doc("comment", strings.Replace(plain, "<cpf:idFlux>", "<!-- relu --><cpf:idFlux>", 1))
	doc("root with text", strings.Replace(plain, "<cpf:idFlux>", "texte<cpf:idFlux>", 1))
	doc("empty file", "")
	doc("only spaces", "   \n  ")
	doc("XML 1.1", strings.Replace(plain, `version="1.0"`, `version="1.1"`, 1))
	doc("action SUPPRESSION", strings.Replace(plain, "</cpf:horodatage>", "</cpf:horodatage><cpf:action>SUPPRESSION</cpf:action>", 1))
	doc("action empty (default CREATION)", strings.Replace(plain, "</cpf:horodatage>", "</cpf:horodatage><cpf:action></cpf:action>", 1))
	doc("action unknown", strings.Replace(plain, "</cpf:horodatage>", "</cpf:horodatage><cpf:action>MODIFICATION</cpf:action>", 1))
	return out
}

func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			b = append(b, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func utf16BE(s string) []byte {
	le := utf16LE(s, false)
	for i := 0; i+1 < len(le); i += 2 {
		le[i], le[i+1] = le[i+1], le[i]
	}
	return le
}

// englishMarkers are words of libxml2's messages that no French message
// of Certidépôt contains.
var englishMarkers = regexp.MustCompile(`\b(Element|element|expected|Expected|is not|not allowed|Missing|missing|The value|facet|attribute|valid value|Namespace|Premature|Document|declaration allowed|Opening|ending|Unsupported|Input|Extra content|Entity|defined|content|nilled|nillable|Internal|error)\b`)

type corpusCase struct {
	example  string // testdata file
	official string // testdata XSD
	own      string // built-in version
	explain  bool   // the version the example is written for: errors are checked
}

func loadSchema(t testing.TB, rel string) *Schema {
	t.Helper()
	b, err := os.ReadFile(refDir + rel)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSchema(b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func readRef(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(refDir + rel)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}

const (
	official112 = "xsd-1.1.2.xsd"
	official115 = "kit-2026/certifications-cdc.xsd"
)

var corpusCases = []corpusCase{
	{"example-1.1.2-officiel-v2.0.0.xml", official112, "1.1.2", true},
	{"example-1.1.2-officiel-v2.0.0.xml", official115, "1.1.5", false},
	{"kit-2026/CREATION.xml", official115, "1.1.5", true},
	{"kit-2026/SUPPRESSION.xml", official115, "1.1.5", true},
	{"kit-2026/CREATION.xml", official112, "1.1.2", false},
	{"kit-2026/SUPPRESSION.xml", official112, "1.1.2", false},
}

// TestMutationCorpus is the differential test over the whole corpus.
func TestMutationCorpus(t *testing.T) {
	_, xmllintErr := exec.LookPath("xmllint")
	dir := t.TempDir()
	total, invalid, agreed, lintChecked, gaps := 0, 0, 0, 0, 0
	seenElems := map[string]map[string]bool{} // version → elements mutated
	gapSeen := map[string]bool{}
	var dump io.Writer
	if p := os.Getenv("CERTIDEPOT_CORPUS_DUMP"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		dump = f
	}
	for _, cc := range corpusCases {
		official, own := loadSchema(t, cc.official), builtin(t, cc.own)
		if seenElems[cc.own] == nil {
			seenElems[cc.own] = map[string]bool{}
		}
		officialPath, _ := filepath.Abs(refDir + cc.official)
		muts := mutate(t, readRef(t, cc.example))
		caseTotal, caseInvalid := total, invalid
		for i, m := range muts {
			if testing.Short() && i%4 != 0 {
				continue
			}
			total++
			path := filepath.Join(dir, fmt.Sprintf("m%d.xml", total))
			if err := os.WriteFile(path, m.body, 0o600); err != nil {
				t.Fatal(err)
			}
			ro, errO := official.ValidateFile(path)
			rp, errP := own.ValidateFile(path)
			if (errO == nil) != (errP == nil) {
				t.Errorf("%s / %s: refusal differs: official %v, own %v", cc.example, m.name, errO, errP)
				continue
			}
			if errO != nil {
				// Refused before validation (bounds): the same for both.
				checkFrench(t, cc.example+" / "+m.name, errO.Error())
				invalid++
				agreed++
				continue
			}
			if ro.Valid() != rp.Valid() {
				t.Errorf("%s / %s (XSD %s): official valid=%v, own valid=%v\nofficial: %v\nown: %v\n%s", cc.example, m.name, cc.own, ro.Valid(), rp.Valid(), ro.Errors, rp.Errors, m.body)
				continue
			}
			agreed++
			if m.target != "" {
				seenElems[cc.own][m.target] = true
			}
			if xmllintErr == nil && total%10 == 0 {
				lintChecked++
				lint := exec.Command("xmllint", "--noout", "--schema", officialPath, path)
				lintErr := lint.Run()
				var ee *exec.ExitError
				if lintErr != nil && !errors.As(lintErr, &ee) {
					t.Fatal(lintErr)
				}
				if (lintErr == nil) != ro.Valid() {
					t.Errorf("%s / %s: xmllint says valid=%v, libxml2 through Certidépôt says %v", cc.example, m.name, lintErr == nil, ro.Valid())
				}
			}
			if rp.Valid() {
				continue
			}
			invalid++
			gaps += rp.Untranslated
			for _, e := range rp.Errors {
				if strings.Contains(e.Message, "non traduit") && !gapSeen[e.Message] {
					gapSeen[e.Message] = true
					t.Logf("gap: no French wording yet for: %s", e.Message)
				}
				if dump != nil {
					fmt.Fprintf(dump, "%s | %s | %d %s | %s\n", cc.example, m.name, e.Line, e.Field, e.Message)
				}
			}
			if !cc.explain {
				continue
			}
			if rp.Untranslated > 0 {
				t.Errorf("%s / %s: untranslated message: %v", cc.example, m.name, rp.Errors)
			}
			right := false
			for _, e := range rp.Errors {
				checkFrench(t, cc.example+" / "+m.name, e.Message)
				if m.target == "" {
					right = true
					continue
				}
				for _, f := range m.fields {
					if e.Field == f && e.Line >= m.span[0] && e.Line <= m.span[1] {
						right = true
					}
				}
			}
			if !right {
				t.Errorf("%s / %s: no error names %v on lines %d-%d: %+v", cc.example, m.name, m.fields, m.span[0], m.span[1], rp.Errors)
			}
		}
		t.Logf("%s against XSD %s: %d files, %d invalid, same verdict as the official XSD", cc.example, cc.own, total-caseTotal, invalid-caseInvalid)
	}
	if !testing.Short() {
		if total < 150 || invalid < 100 {
			t.Fatalf("corpus too small: %d files, %d invalid", total, invalid)
		}
		for _, v := range []string{"1.1.2", "1.1.5"} {
			m := builtinModel(v)
			for _, name := range m.names {
				if !seenElems[v][name] {
					t.Errorf("no mutation of %s in the %s corpus", name, v)
				}
			}
		}
	}
	t.Logf("mutation corpus: %d files, %d invalid, %d verdicts agreed, %d checked with xmllint, %d untranslated messages in other versions", total, invalid, agreed, lintChecked, gaps)
}

func checkFrench(t *testing.T, where, msg string) {
	t.Helper()
	if m := englishMarkers.FindString(msg); m != "" || strings.Contains(msg, "non traduit") {
		t.Errorf("%s: English or untranslated text %q in %q", where, m, msg)
	}
}

// The three official examples get the official verdict from schemas/.
func TestOfficialExamplesValidate(t *testing.T) {
	for _, c := range []struct {
		example string
		version string
	}{
		{"example-1.1.2-officiel-v2.0.0.xml", "1.1.2"},
		{"example-1.1.2-officiel-v2.0.0.xml", "1.1.5"},
		{"kit-2026/CREATION.xml", "1.1.5"},
		{"kit-2026/SUPPRESSION.xml", "1.1.5"},
	} {
		r, err := builtin(t, c.version).ValidateReader(context.Background(), bytes.NewReader(readRef(t, c.example)))
		if err != nil || !r.Valid() {
			t.Errorf("%s against Certidépôt's %s: %v %+v", c.example, c.version, err, r)
		}
	}
	// And a SUPPRESSION file is refused by 1.1.2, as by the CDC's 1.1.2.
	r, err := builtin(t, "1.1.2").ValidateReader(context.Background(), bytes.NewReader(readRef(t, "kit-2026/SUPPRESSION.xml")))
	if err != nil || r.Valid() {
		t.Fatalf("SUPPRESSION against 1.1.2: %v %+v", err, r)
	}
}

// The kit's XSD carries jaxb:version="3.0" beside version="1.1.5": the
// schema's own version is the one without a namespace.
func TestOfficialSchemaVersions(t *testing.T) {
	for rel, want := range map[string]string{official112: "1.1.2", official115: "1.1.5"} {
		if got := loadSchema(t, rel).Version; got != want {
			t.Errorf("%s: version %q, want %q", rel, got, want)
		}
	}
}

// The XSD's messages on a NIR mask it, as the dictionary's do.
func TestNIRMaskedInXSDMessages(t *testing.T) {
	b, err := os.ReadFile(refDir + "kit-2026/CREATION.xml")
	if err != nil {
		t.Fatal(err)
	}
	s := loadSchema(t, official115)
	for _, bad := range []string{"3850599123456", "1850599123456X"} {
		rep, err := s.ValidateReader(context.Background(), bytes.NewReader(bytes.Replace(b, []byte("<cpf:nir>1111111111111</cpf:nir>"), []byte("<cpf:nir>"+bad+"</cpf:nir>"), 1)))
		if err != nil || len(rep.Errors) == 0 {
			t.Fatalf("%s: %v %+v", bad, err, rep)
		}
		for _, e := range rep.Errors {
			if strings.Contains(e.Message, bad[3:11]) {
				t.Errorf("NIR in clear: %s", e.Message)
			}
		}
	}
}

// A kit XSD libxml2 cannot read is refused in French, with its line and
// element, and libxml2 prints nothing of its own.
func TestBrokenKitXSDRefusedInFrench(t *testing.T) {
	x, err := os.ReadFile(refDir + official112)
	if err != nil {
		t.Fatal(err)
	}
	s := string(x)
	i := strings.Index(s, `<xsd:element name="dateDebutValidite">`)
	j := strings.Index(s[i:], "<xsd:pattern") + i
	_, err = ParseSchema([]byte(s[:j] + `<xsd:minInclusive value="1900"/>` + s[j:]))
	if err == nil || !strings.Contains(err.Error(), "ligne 152, élément « minInclusive »") || strings.Contains(err.Error(), "parse") {
		t.Fatalf("broken XSD: %v", err)
	}
}
