package dossier

import (
	"context"
	"sort"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
)

// Kinds of problems a deposit file check reports.
const (
	KindXSD  = "xsd"   // the file breaks the XSD
	KindRule = "regle" // a passage breaks a business rule of the dictionary
)

// FileProblem is one problem of a deposit file, placed on its line.
type FileProblem struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Field   string `json:"field"` // local name of the element concerned
	Message string `json:"message"`
	Kind    string `json:"kind"` // KindXSD or KindRule
	Warning bool   `json:"warning,omitempty"`
}

// FileCheck is what CheckDepositFile found. Its JSON is the validate
// command's public output.
type FileCheck struct {
	File       string        `json:"file"`
	XSDVersion string        `json:"xsdVersion"`
	Valid      bool          `json:"valid"`
	Errors     []FileProblem `json:"errors"`
	MoreErrors int           `json:"moreErrors"`
	// Detected says which format the file was found to be written for,
	// when no XSD was given ("" otherwise).
	Detected string `json:"detected,omitempty"`
}

// CheckDepositFile checks any deposit file — made by Certidépôt or by
// hand — against an XSD, then each of its passages against the
// dictionary's business rules (the same as the form and the import), each
// problem on the line of its passage. A passage whose element the XSD
// already refused is not reported twice for the same field. With no
// schema, the built-in one of the format the file is written for is used
// (see cdc.DetectVersionFile), and FileCheck.Detected says which.
func CheckDepositFile(ctx context.Context, path string, schema *cdc.Schema) (*FileCheck, error) {
	detected := ""
	if schema == nil {
		d, err := cdc.DetectVersionFile(path)
		if err != nil {
			return nil, err
		}
		if schema, err = cdc.BuiltinSchema(d.Version); err != nil {
			return nil, err
		}
		defer schema.Close()
		detected = d.String()
	}
	rep, err := schema.ValidateFile(path)
	if err != nil {
		return nil, err
	}
	out := &FileCheck{File: path, XSDVersion: schema.Version, Errors: []FileProblem{}, MoreErrors: rep.More, Detected: detected}
	xsdOn := map[[2]any]bool{} // (line, element) pairs the XSD refused
	for _, e := range rep.Errors {
		out.Errors = append(out.Errors, FileProblem{Line: e.Line, Column: e.Column, Field: e.Field, Message: e.Message, Kind: KindXSD})
		xsdOn[[2]any{e.Line, e.Field}] = true
	}
	if df, err := cdc.ReadDepositFile(path); err == nil { // unreadable files have their XSD errors already
		v := NewValidator()
		opt := core.Options{Version: cdc.VersionFor(schema.Version), Action: df.Action}
		for _, rp := range df.Passages {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			rec := rp.Record.Clone()
			rec.Set(core.KeyCertType, rp.Certification.Type)
			rec.Set(core.KeyCertCode, rp.Certification.Code)
			rec.Set(core.KeyNatureDeposant, rp.Certification.Nature)
			for _, is := range v.Passage(rec, opt) {
				name := is.Field
				if f := core.FieldByKey(is.Field); f != nil && f.XMLName != "" {
					name = f.XMLName
				}
				if refusedOnPassage(xsdOn, rp.LineStart, rp.LineEnd, name) {
					continue
				}
				out.Errors = append(out.Errors, FileProblem{Line: rp.LineStart, Field: name, Message: is.Message, Kind: KindRule, Warning: is.Warning})
			}
		}
	}
	sort.SliceStable(out.Errors, func(i, j int) bool { return out.Errors[i].Line < out.Errors[j].Line })
	out.Valid = out.MoreErrors == 0
	for _, p := range out.Errors {
		if !p.Warning {
			out.Valid = false
		}
	}
	return out, nil
}

func refusedOnPassage(xsdOn map[[2]any]bool, first, last int, element string) bool {
	for line := first; line <= last; line++ {
		if xsdOn[[2]any{line, element}] {
			return true
		}
	}
	return false
}
