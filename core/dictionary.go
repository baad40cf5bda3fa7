// Package core holds Certidépôt's domain: the field dictionary of the CDC
// deposit format, holders, passages, their validation and statuses.
// It imports no GUI and no storage library.
package core

import "regexp"

// Obligation is the CDC dictionary's "obligatoire ou facultatif" column.
type Obligation int

const (
	// Obligatoire: the value must be given.
	Obligatoire Obligation = iota
	// ObligatoireSaufNil: the element must be present, but may be declared
	// unknown (written xsi:nil="true").
	ObligatoireSaufNil
	// Facultatif: the value may be left empty; the element is then omitted.
	Facultatif
	// Conditionnel: required or allowed depending on another field
	// (the condition is stated in Field.Condition and enforced by the rules).
	Conditionnel
)

// Label returns the French wording used by the CDC dictionary.
func (o Obligation) Label() string {
	switch o {
	case Obligatoire:
		return "obligatoire"
	case ObligatoireSaufNil:
		return "obligatoire (sauf donnée non connue)"
	case Conditionnel:
		return "conditionnel"
	default:
		return "facultatif"
	}
}

// Kind is the value type of a field, which decides how it is parsed,
// validated and written.
type Kind int

const (
	KindText     Kind = iota
	KindDate          // xsd:date restricted to (19|20)YY-MM-DD
	KindDateTime      // horodatage: YYYY-MM-DDTHH:MM:SS±HH:MM
	KindInt           // xsd:int within [Min, Max]
	KindBool          // xsd:boolean, written true/false
	KindEnum          // one of Enum codes
	KindChoice        // not an XML element: selects a branch of an xsd:choice
)

// Scope tells which entity of the domain a field belongs to.
type Scope int

const (
	ScopeFlux Scope = iota
	ScopeEmetteur
	ScopeCertificateur
	ScopeCertification
	ScopePassage
	ScopeHolder
	// ScopeSheet: a column a graduates list may have that is not one
	// deposit field (see SheetFields).
	ScopeSheet
)

// EnumValue is one allowed code with its French label.
type EnumValue struct {
	Code  string
	Label string
}

// Field describes one element of the deposit format. It is the single
// source of truth for forms, the Excel template and importer, the XML
// writer and validation messages.
type Field struct {
	Key        string // unique key of the value in a Record
	ID         string // CDC dictionary id, e.g. "8.1" ("" when the dictionary has none)
	XMLName    string // local name of the element ("" for KindChoice)
	Path       string // element path from cpf:flux, without prefixes
	Scope      Scope
	Label      string // French label shown to users
	Help       string // one French sentence saying what to enter
	Obligation Obligation
	Condition  string // French wording of the condition, for Conditionnel fields
	Kind       Kind
	MinLen     int // in characters; 0 = no minimum beyond "not empty"
	MaxLen     int // in characters; 0 = no maximum
	Min, Max   int // range for KindInt
	Pattern    *regexp.Regexp
	PatternFmt string // French description of the expected format
	Enum       []EnumValue
	Nillable   bool
	Default    string // value assumed when none is given ("" = none)
	// Branch names the choice branch the field lives in ("" when always
	// present). See the Choice* constants.
	Branch string
	// Since is the first XSD version having the field ("" = all versions).
	Since string
	// Synonyms are other column headers users write for this field.
	Synonyms []string
	// Secret marks personal data no message may quote in clear (the NIR):
	// messages show it masked (see Field.Quote).
	Secret bool
	// Convert reads a typed value when the field has its own way (the NIR
	// typed with its key and spaces); nil for the dictionary's usual one.
	Convert func(text string) Value
	// Check explains a problem of the value beyond its facets ("" when
	// none), run before the length and pattern checks.
	Check func(text string) string
	// DossierOnly marks a field kept in the dossier only, never written to
	// a deposit (it has no XML name): the holder's e-mail address, an
	// import's note. Its problems are warnings: it never holds a passage
	// back.
	DossierOnly bool
	// ZeroPad is the length of a code whose leading zero a spreadsheet
	// drops when it is typed as a number (06088 shown as 6088): a code one
	// digit shorter gets its zero back on import.
	ZeroPad int
	// ValueSynonyms are, for some codes of an enumerated or boolean field,
	// other wordings offices type that the recognition rule (Recognize)
	// cannot find by itself: code → wordings. Only true synonyms, never a
	// guess between codes.
	ValueSynonyms map[string][]string
}

// Required reports whether a value (or, for nillable fields, nil) is needed
// whenever the field's branch is active.
func (f *Field) Required() bool {
	return f.Obligation == Obligatoire || f.Obligation == ObligatoireSaufNil
}

// EnumLabel returns the French label of code, or "" when code is not allowed.
func (f *Field) EnumLabel(code string) string {
	for _, e := range f.Enum {
		if e.Code == code {
			return e.Label
		}
	}
	return ""
}

// Quote is a value as a message may show it, between French quotes: a
// secret field's masked.
func (f *Field) Quote(text string) string {
	if f.Secret {
		text = MaskNIR(text)
	}
	return "« " + text + " »"
}

// Fields returns the dictionary in display order. The slice is shared:
// callers must not modify it.
func Fields() []*Field { return dictionary }

// FieldByKey returns the field with that key (a deposit field or a sheet
// column), or nil.
func FieldByKey(key string) *Field { return fieldIndex[key] }

// SheetFields returns the columns a graduates list may have besides the
// deposit fields.
func SheetFields() []*Field { return sheetFields }

// FieldsOfScope returns the fields of one scope, in display order.
func FieldsOfScope(s Scope) []*Field {
	var out []*Field
	for _, f := range dictionary {
		if f.Scope == s {
			out = append(out, f)
		}
	}
	return out
}

var fieldIndex = func() map[string]*Field {
	m := make(map[string]*Field, len(dictionary)+len(sheetFields))
	for _, f := range append(append([]*Field{}, dictionary...), sheetFields...) {
		if _, dup := m[f.Key]; dup {
			panic("core: duplicate field key " + f.Key)
		}
		m[f.Key] = f
	}
	return m
}()
