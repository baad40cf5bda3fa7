package cdc

import (
	"sort"

	"github.com/certidepot/certidepot/core"
)

// RefusalError is one structural error of a file the CDC refused,
// translated into French and placed on the passage whose lines hold it.
type RefusalError struct {
	Line, Column int
	IDTechnique  string // "" for an error outside any passage (the file's header)
	Field        string // dictionary key when known, else the element's local name
	Message      string // plain French
	Raw          string // the CDC's own message
	Known        bool
}

// ExplainRefusal translates the errors of a refused file (the accusé's
// variant A) and places each on its passage through the line spans
// recorded at export. The result is sorted by line.
func ExplainRefusal(errs []AccuseError, spans []core.Span) []RefusalError {
	out := make([]RefusalError, len(errs))
	for i, e := range errs {
		field, msg, known := translateCDC(e.Message)
		out[i] = RefusalError{Line: e.Line, Column: e.Column, Field: field, Message: msg, Raw: e.Message, Known: known}
	}
	// Xerces names the element of a facet error in the cvc-type message
	// that follows at the same place: borrow it.
	for i := range out {
		r := &out[i]
		if r.Field != "" {
			continue
		}
		for j, o := range out {
			if j != i && o.Field != "" && o.Line == r.Line && o.Column == r.Column {
				r.Field = o.Field
				r.Message = labelOf(o.Field) + " : " + r.Message
				break
			}
		}
	}
	for i := range out {
		r := &out[i]
		if s := core.SpanAt(spans, r.Line); s >= 0 {
			r.IDTechnique = spans[s].IDTechnique
			if f := PassageField(r.Field); f != nil {
				r.Field = f.Key
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}
