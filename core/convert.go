package core

import (
	"strconv"
	"strings"
)

// Convert turns a value as an office user types it (in a form or a
// spreadsheet) into the field's canonical form: "12/05/2024" becomes
// 2024-05-12, "Oui" true, "Homme" M, "Assez bien" MENTION_ASSEZ_BIEN.
// Spaces (including non-breaking ones) around the value and invisible
// characters are removed. A value that cannot be understood is kept
// exactly as typed, for validation to flag: nothing is ever truncated or
// guessed. It is Read with dates day first.
func Convert(f *Field, raw string) Value {
	return Read(f, raw, DayFirst).Value
}

// Reading is what Read made of one typed value.
type Reading struct {
	Value Value
	// How says how the value of an enumerated, boolean or choice field was
	// recognised (HowUnknown for other kinds); Candidates lists the codes
	// it could mean when How is HowAmbiguous. See Recognize.
	How        How
	Candidates []string
	// Removed is the set of invisible characters taken out of the value
	// (see CleanInvisible), for a notice.
	Removed Invisible
}

// Read converts one typed value like Convert and tells how it was
// understood: the importer counts the recognitions for its summary, and
// asks the user once per column about ambiguous and unknown wordings.
// Numeric text dates are read in order (DayFirst unless DetectDateOrder
// found the column month first). It allocates only for the values it
// changes and for ambiguous ones.
func Read(f *Field, raw string, order DateOrder) Reading {
	clean, removed := CleanInvisible(raw)
	t := strings.TrimSpace(clean)
	r := Reading{Removed: removed}
	if t == "" {
		return r
	}
	if f.Nillable && (strings.EqualFold(t, "nil") || strings.EqualFold(t, "nill")) { // IsNilLiteral, without allocating
		r.Value.Nil = true
		return r
	}
	if f.Convert != nil {
		r.Value = f.Convert(t)
		return r
	}
	r.Value.Text = t
	switch f.Kind {
	case KindDate:
		if iso, ok := ParseDate(t, order); ok {
			r.Value.Text = iso
		}
	case KindInt:
		if n, ok := parseWhole(t); ok {
			r.Value.Text = n
		}
	case KindBool, KindEnum, KindChoice:
		rec := Recognize(f, t)
		r.How, r.Candidates = rec.How, rec.Candidates
		if rec.Code != "" {
			r.Value.Text = rec.Code
		}
	}
	return r
}

// parseWhole reads a whole number typed as 3, 03, 3.0 or 3,0.
func parseWhole(t string) (string, bool) {
	if strings.ContainsAny(t, "eE") {
		return "", false
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", "."), 64)
	if err != nil || n != float64(int64(n)) {
		return "", false
	}
	s := strconv.FormatInt(int64(n), 10)
	if s == t {
		return t, true
	}
	return s, true
}
