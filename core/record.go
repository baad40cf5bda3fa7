package core

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// Value is one field's value as the user gave it. An empty, non-nil value
// means "not given": the element is omitted (or reported missing).
type Value struct {
	Text string // the value as typed, or its canonical form once converted
	Nil  bool   // "donnée non connue": written xsi:nil="true"
}

// Empty reports whether nothing was given.
func (v Value) Empty() bool { return !v.Nil && v.Text == "" }

// Values maps field keys to values.
type Values map[string]Value

// Get returns the value of key (zero Value when absent).
func (vs Values) Get(key string) Value { return vs[key] }

// Text returns the text of key ("" when absent or nil).
func (vs Values) Text(key string) string { return vs[key].Text }

// Set stores a text value; an empty text removes the key.
func (vs Values) Set(key, text string) {
	if text == "" {
		delete(vs, key)
		return
	}
	vs[key] = Value{Text: text}
}

// SetNil marks key as "donnée non connue".
func (vs Values) SetNil(key string) { vs[key] = Value{Nil: true} }

// Clone returns an independent copy.
func (vs Values) Clone() Values {
	out := make(Values, len(vs))
	for k, v := range vs {
		out[k] = v
	}
	return out
}

// Equal reports whether two sets of values hold the same fields with the
// same values.
func (vs Values) Equal(o Values) bool {
	// A value present but empty is no value: it is not stored, and only
	// keeps a default from filling the field.
	n := 0
	for k, v := range vs {
		if v.Empty() {
			continue
		}
		n++
		if w, ok := o[k]; !ok || w != v {
			return false
		}
	}
	for _, w := range o {
		if !w.Empty() {
			n--
		}
	}
	return n == 0
}

// Only returns the values whose field belongs to scope.
func (vs Values) Only(s Scope) Values {
	out := Values{}
	for k, v := range vs {
		if f := FieldByKey(k); f != nil && f.Scope == s {
			out[k] = v
		}
	}
	return out
}

// Identification returns the active identification branch (titulaire by default).
func (vs Values) Identification() string {
	if b := vs.Text(KeyIdentification); b != "" {
		return b
	}
	return FieldByKey(KeyIdentification).Default
}

// Certificateur is an organisation on whose behalf passages are deposited.
// A dossier holds one or more (several for a tiers de confiance).
type Certificateur struct {
	ID       int64
	IDClient string // BCR, 8 characters
	Contrat  string
	Nature   string // natureDeposant code of its certifications by default
}

// Certification is an RNCP/RS (or other) certification of a certificateur.
type Certification struct {
	ID              int64
	CertificateurID int64
	Type            string
	Code            string
	Titre           string // French title, for display only (not in XSD 1.1.2)
	Nature          string // natureDeposant, optional
}

// Label is the short display form, e.g. "RNCP34825 — Titre".
func (c Certification) Label() string {
	if c.Titre == "" {
		return c.Code
	}
	return c.Code + " — " + c.Titre
}

// Source tells where an imported passage came from.
type Source struct {
	File  string `json:"file"`
	Sheet string `json:"sheet,omitempty"`
	Row   int    `json:"row,omitempty"`
}

// Passage is one passage de certification of one holder, with everything
// needed to validate and export it.
type Passage struct {
	ID              int64
	IDTechnique     string
	HolderID        int64
	CertificationID int64
	Status          Status
	Holder          Values // ScopeHolder fields
	Data            Values // ScopePassage fields (idTechnique excluded)
	Source          *Source
	AccuseMessage   string // last message of the CDC for this passage
	Issues          []Issue
}

// Record gathers everything validation needs about one passage.
func (p *Passage) Record(c Certification) Values {
	vs := make(Values, len(p.Holder)+len(p.Data)+3)
	for k, v := range p.Holder {
		vs[k] = v
	}
	for k, v := range p.Data {
		vs[k] = v
	}
	vs.Set(KeyIDTechnique, p.IDTechnique)
	vs.Set(KeyCertType, c.Type)
	vs.Set(KeyCertCode, c.Code)
	vs.Set(KeyNatureDeposant, c.Nature)
	return vs
}

// HolderName returns "NOM Prénom" for display, whatever the branch.
func HolderName(h Values) string {
	var nom, prenom string
	switch h.Identification() {
	case BranchDossier:
		nom, prenom = h.Text(KeyNomTitulaire), h.Text(KeyPrenomTitulaire)
	case BranchNIR:
		nom = h.Text(KeyNomNaissanceNIR)
	default:
		nom, prenom = h.Text(KeyNomNaissance), h.Text(KeyPrenom1)
	}
	return strings.TrimSpace(nom + " " + prenom)
}

// NewIDTechnique returns a random UUID (version 4), the default idTechnique
// and idFlux.
func NewIDTechnique() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Span is the lines a passage occupies in a deposit file, recorded at
// export to map the CDC's line-numbered errors back to passages.
type Span struct {
	PassageID   int64
	IDTechnique string
	LineStart   int
	LineEnd     int
}

// SpanAt finds the span holding a line in spans sorted by line, or -1.
func SpanAt(spans []Span, line int) int {
	lo, hi := 0, len(spans)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case line < spans[m].LineStart:
			hi = m
		case line > spans[m].LineEnd:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}
