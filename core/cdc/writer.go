package cdc

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/certidepot/certidepot/core"
)

// Header is what a deposit file says about itself and its emitter.
type Header struct {
	// Action is CREATION (the default) or SUPPRESSION; it is written from
	// format 1.1.5 on, which introduced it.
	Action        string
	IDFlux        string
	Horodatage    string // YYYY-MM-DDTHH:MM:SS±HH:MM
	Version       string // targeted XSD version
	Emetteur      string // BCR
	Certificateur core.Certificateur
}

// Writer streams a deposit file: one line per passage, no indentation,
// so that files stay small and every line number names one passage.
type Writer struct {
	w    *bufio.Writer
	cw   *countingWriter
	line int // lines completed so far
	cert *core.Certification
	err  error
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// footer closes an open certification and the document.
const (
	certFooter = "</cpf:passageCertifications></cpf:certification>\n"
	docFooter  = "</cpf:certifications></cpf:certificateur></cpf:certificateurs></cpf:emetteur>\n</cpf:flux>\n"
)

// NewWriter writes the file's prolog and header to w.
func NewWriter(w io.Writer, h Header) *Writer {
	cw := &countingWriter{w: w}
	x := &Writer{w: bufio.NewWriterSize(cw, 256<<10), cw: cw}
	x.str(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.str(`<cpf:flux xmlns:cpf="` + Namespace + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + "\n")
	x.elem("idFlux", h.IDFlux)
	x.elem("horodatage", h.Horodatage)
	if VersionFor(h.Version) == core.Version115 {
		action := h.Action
		if action == "" {
			action = core.ActionCreation
		}
		x.elem("action", action)
	}
	x.str("\n<cpf:emetteur>")
	x.elem("idClient", h.Emetteur)
	x.str("<cpf:certificateurs><cpf:certificateur>")
	x.elem("idClient", h.Certificateur.IDClient)
	x.elem("idContrat", h.Certificateur.Contrat)
	x.str("<cpf:certifications>\n")
	return x
}

// Size returns the bytes written so far, including buffered ones.
func (x *Writer) Size() int64 { return x.cw.n + int64(x.w.Buffered()) }

// ClosingSize is what Close will still add, to decide when to split.
func (x *Writer) ClosingSize() int64 { return int64(len(certFooter) + len(docFooter)) }

// WritePassage writes one passage line (opening or switching the
// certification as needed) and returns its line number. rendered comes
// from RenderPassage.
func (x *Writer) WritePassage(c core.Certification, rendered []byte) (int, error) {
	if x.cert == nil || x.cert.ID != c.ID || x.cert.Code != c.Code || x.cert.Type != c.Type {
		if x.cert != nil {
			x.str(certFooter)
		}
		cc := c
		x.cert = &cc
		x.str("<cpf:certification>")
		x.elem("type", c.Type)
		x.elem("code", c.Code)
		if c.Nature != "" {
			x.elem("natureDeposant", c.Nature)
		}
		x.str("<cpf:passageCertifications>\n")
	}
	line := x.line + 1
	if x.err == nil {
		_, x.err = x.w.Write(rendered)
	}
	x.str("\n")
	return line, x.err
}

// Close writes the end of the document and flushes it.
func (x *Writer) Close() error {
	if x.cert == nil {
		return fmt.Errorf("fichier de dépôt sans passage : la CDC exige au moins un passage par fichier")
	}
	x.str(certFooter)
	x.str(docFooter)
	if x.err == nil {
		x.err = x.w.Flush()
	}
	return x.err
}

func (x *Writer) str(s string) {
	if x.err != nil {
		return
	}
	_, x.err = x.w.WriteString(s)
	x.line += strings.Count(s, "\n")
}

func (x *Writer) elem(name, value string) {
	if x.err != nil {
		return
	}
	b := make([]byte, 0, 2*len(name)+len(value)+11)
	b = appendElem(b, name, value)
	_, x.err = x.w.Write(b)
}

// passagePrefix is the path of passageCertification, from the dictionary.
var passagePrefix = strings.TrimSuffix(core.FieldByKey(core.KeyIDTechnique).Path, "idTechnique")

// renderField is a dictionary field of a passage with the wrapper
// elements between passageCertification and it, computed once.
type renderField struct {
	f       *core.Field
	parents []string
}

var renderFields = func() []renderField {
	var out []renderField
	for _, f := range core.Fields() {
		if f.Scope != core.ScopePassage && f.Scope != core.ScopeHolder || f.Kind == core.KindChoice || f.XMLName == "" {
			continue // a field with no XML name stays in the dossier (the holder's e-mail address)
		}
		parts := strings.Split(strings.TrimPrefix(f.Path, passagePrefix), "/")
		out = append(out, renderField{f: f, parents: parts[:len(parts)-1]})
	}
	return out
}()

// RenderPassage appends one passageCertification element, on one line,
// driven by the field dictionary: fields in dictionary order, wrappers
// opened as their paths require, optional empty fields omitted,
// "donnée non connue" written xsi:nil="true", values escaped.
func RenderPassage(b []byte, rec core.Values) []byte { return render(b, rec, false) }

// RenderWithdrawal appends one passage of a SUPPRESSION file: only what the
// CDC needs to find the passage it holds, its idTechnique and the holder's
// identification.
func RenderWithdrawal(b []byte, rec core.Values) []byte { return render(b, rec, true) }

func render(b []byte, rec core.Values, withdrawal bool) []byte {
	b = append(b, "<cpf:passageCertification>"...)
	var stack [8]string
	open := stack[:0] // wrapper elements currently open, outermost first
	for _, rf := range renderFields {
		f := rf.f
		v := rec[f.Key]
		if v.Empty() || !f.ActiveIn(rec) || withdrawal && f.Scope != core.ScopeHolder && f.Key != core.KeyIDTechnique {
			continue
		}
		parents := rf.parents
		common := 0
		for common < len(open) && common < len(parents) && open[common] == parents[common] {
			common++
		}
		for i := len(open) - 1; i >= common; i-- {
			b = appendClose(b, open[i])
		}
		open = open[:common]
		for _, p := range parents[common:] {
			b = appendOpen(b, p)
			open = append(open, p)
		}
		switch {
		case v.Nil:
			b = append(b, "<cpf:"...)
			b = append(b, f.XMLName...)
			b = append(b, ` xsi:nil="true"/>`...)
		case f.Key == core.KeyResultats:
			b = appendResultats(b, v.Text)
		default:
			b = appendElem(b, f.XMLName, v.Text)
		}
	}
	for i := len(open) - 1; i >= 0; i-- {
		b = appendClose(b, open[i])
	}
	return append(b, "</cpf:passageCertification>"...)
}

// appendResultats expands "3.4:5; 1.1:7" into resultat elements.
func appendResultats(b []byte, text string) []byte {
	items, _ := core.ParseResultats(text)
	b = appendOpen(b, "resultats")
	for _, it := range items {
		b = appendOpen(b, "resultat")
		b = appendElem(b, "niveau", fmt.Sprint(it[2]))
		b = appendElem(b, "domaineCompetenceId", fmt.Sprint(it[0]))
		b = appendElem(b, "competenceId", fmt.Sprint(it[1]))
		b = appendClose(b, "resultat")
	}
	return appendClose(b, "resultats")
}

func appendOpen(b []byte, name string) []byte {
	b = append(b, "<cpf:"...)
	b = append(b, name...)
	return append(b, '>')
}

func appendClose(b []byte, name string) []byte {
	b = append(b, "</cpf:"...)
	b = append(b, name...)
	return append(b, '>')
}

func appendElem(b []byte, name, value string) []byte {
	b = appendOpen(b, name)
	b = appendEscaped(b, value)
	return appendClose(b, name)
}

// appendEscaped escapes text content; line breaks and tabs become
// character references so that a passage stays on one line and keeps its
// exact value.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		case '\t':
			esc = "&#x9;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// Horodatage formats t as the CDC wants it: no "Z", no fraction.
func Horodatage(t time.Time) string { return t.Format("2006-01-02T15:04:05-07:00") }

// PassageField returns the passage or holder field an element name
// designates, or nil: validation errors name elements, users see fields.
func PassageField(xmlName string) *core.Field {
	if xmlName == "" {
		return nil
	}
	for _, f := range core.Fields() {
		if f.XMLName == xmlName && (f.Scope == core.ScopePassage || f.Scope == core.ScopeHolder) {
			return f
		}
	}
	return nil
}
