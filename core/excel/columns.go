// Package excel reads lists of graduates from spreadsheets (.xlsx through
// github.com/xuri/excelize/v2, and CSV), writes the import template and
// the list of passages to fix.
package excel

import (
	"regexp"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// specialFlux marks flux-level columns (emetteur, certificateur, flux):
// the dossier provides them at export, so the sheet's are ignored.
const specialFlux = "flux"

// target is what a column header designates.
type target struct {
	field   *core.Field
	special string
	weight  int // 2 for labels, names and synonyms; 1 for dictionary ids
}

var (
	reParens   = regexp.MustCompile(`\([^)]*\)|\[[^]]*\]`)
	reDicoID   = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*(-[0-9.]+)?$`)
	headerKeys = buildHeaderKeys()
)

func buildHeaderKeys() map[string]target {
	m := map[string]target{}
	add := func(name string, t target) {
		k := core.Fold(name)
		if k == "" {
			return
		}
		if _, dup := m[k]; !dup {
			m[k] = t
		}
	}
	// Labels and synonyms first: they win over XML names on collisions.
	for _, f := range core.Fields() {
		if f.Kind == core.KindChoice && f.Key != core.KeyIdentification {
			continue
		}
		t := target{field: f, weight: 2}
		if f.Scope == core.ScopeFlux || f.Scope == core.ScopeEmetteur || f.Scope == core.ScopeCertificateur {
			t = target{special: specialFlux, weight: 2}
		}
		add(f.Label, t)
		for _, s := range f.Synonyms {
			add(s, t)
		}
	}
	for _, f := range core.SheetFields() {
		add(f.Label, target{field: f, weight: 2})
		for _, s := range f.Synonyms {
			add(s, target{field: f, weight: 2})
		}
	}
	for _, f := range core.Fields() {
		t := target{field: f, weight: 2}
		if f.Scope == core.ScopeFlux || f.Scope == core.ScopeEmetteur || f.Scope == core.ScopeCertificateur {
			t = target{special: specialFlux, weight: 2}
		}
		if f.XMLName != "" {
			add(f.XMLName, t)
		}
		add(f.Key, t)
	}
	return m
}

// idTargets maps CDC dictionary ids ("8.1") to fields.
var idTargets = func() map[string]target {
	m := map[string]target{}
	for _, f := range core.Fields() {
		if f.ID == "" {
			continue
		}
		t := target{field: f, weight: 1}
		if f.Scope == core.ScopeFlux || f.Scope == core.ScopeEmetteur || f.Scope == core.ScopeCertificateur {
			t = target{special: specialFlux, weight: 1}
		}
		m[f.ID] = t
		// Excel turns 5.10 typed as a number into 5.1: keep the first.
		if strings.HasSuffix(f.ID, "0") && strings.Contains(f.ID, ".") {
			short := strings.TrimRight(f.ID, "0")
			if _, ok := m[short]; !ok {
				m[short] = t
			}
		}
	}
	return m
}()

// matchHeader finds what a header cell designates.
func matchHeader(cell string) (target, bool) {
	cell = strings.TrimSpace(strings.ReplaceAll(cell, "\u00a0", " "))
	if cell == "" {
		return target{}, false
	}
	if reDicoID.MatchString(cell) {
		t, ok := idTargets[cell]
		return t, ok
	}
	if t, ok := headerKeys[core.Fold(cell)]; ok {
		return t, true
	}
	// "Sexe (M/F)", "Date de délivrance *", "[8.1] Nom de naissance".
	if t, ok := headerKeys[core.Fold(reParens.ReplaceAllString(cell, " "))]; ok {
		return t, true
	}
	return target{}, false
}

// column is one column of the sheet and what it holds.
type column struct {
	index  int
	letter string
	header string
	target
}

// layout is the result of reading a sheet's header rows.
type layout struct {
	headerRows []int // 1-based rows recognised as headers
	dataStart  int   // 1-based first data row
	columns    []column
	unknown    []column // headers not recognised: listed and ignored
	duplicate  []column // second column for a field already mapped
	fluxCols   []column // flux-level columns: ignored with a notice
}

// maxHeaderRows is how far down header rows are looked for.
const maxHeaderRows = 20

// detectLayout finds the header row(s) among the first rows: rows where at
// least two cells, and half the non-empty ones, are recognised. Each
// column takes its meaning from the best-scoring header row that
// recognises it, so a sheet may have a row of blocks, a row of dictionary
// ids, a row of labels and a row of XML names.
func detectLayout(rows [][]string) (layout, bool) {
	type scored struct {
		row     int
		score   int
		matches map[int]target
	}
	var headers []scored
	for r, cells := range rows {
		s := scored{row: r + 1, matches: map[int]target{}}
		nonEmpty := 0
		for c, cell := range cells {
			if strings.TrimSpace(cell) == "" {
				continue
			}
			nonEmpty++
			if t, ok := matchHeader(cell); ok {
				s.matches[c] = t
				s.score += t.weight
			}
		}
		if len(s.matches) >= 2 && 2*len(s.matches) >= nonEmpty {
			headers = append(headers, s)
		}
	}
	if len(headers) == 0 {
		return layout{}, false
	}
	var l layout
	for _, h := range headers {
		l.headerRows = append(l.headerRows, h.row)
	}
	l.dataStart = headers[len(headers)-1].row + 1
	width := 0
	for _, h := range headers {
		if n := len(rows[h.row-1]); n > width {
			width = n
		}
	}
	seen := map[string]bool{}
	for c := 0; c < width; c++ {
		best, bestScore, header := target{}, -1, ""
		for _, h := range headers {
			if t, ok := h.matches[c]; ok && (h.score > bestScore || h.score == bestScore) {
				best, bestScore, header = t, h.score, rows[h.row-1][c]
			}
		}
		if bestScore < 0 {
			for _, h := range headers {
				if cells := rows[h.row-1]; c < len(cells) && strings.TrimSpace(cells[c]) != "" {
					header = strings.TrimSpace(cells[c])
				}
			}
			if header != "" {
				l.unknown = append(l.unknown, column{index: c, letter: columnLetter(c), header: header})
			}
			continue
		}
		col := column{index: c, letter: columnLetter(c), header: strings.TrimSpace(header), target: best}
		key := best.special
		if best.field != nil {
			key = best.field.Key
		}
		switch {
		case best.special == specialFlux:
			l.fluxCols = append(l.fluxCols, col)
		case seen[key]:
			l.duplicate = append(l.duplicate, col)
		default:
			seen[key] = true
			l.columns = append(l.columns, col)
		}
	}
	return l, true
}

// columnLetter returns the spreadsheet letter of a 0-based column index.
func columnLetter(i int) string {
	s := ""
	for i >= 0 {
		s = string(rune('A'+i%26)) + s
		i = i/26 - 1
	}
	return s
}

// RecognisedHeaders lists, for each importable field, the column titles
// the importer recognises (besides the CDC dictionary id), in template
// order, then the sheet-only columns: for the documentation and the CLI.
func RecognisedHeaders() [][2]string {
	var out [][2]string
	for _, c := range templateColumns() {
		out = append(out, recognised(c.field))
	}
	for _, f := range core.SheetFields() {
		if f.Key != core.KeyCertTitle { // already a template column
			out = append(out, recognised(f))
		}
	}
	return out
}

func recognised(f *core.Field) [2]string {
	names := []string{f.Label}
	names = append(names, f.Synonyms...)
	if f.XMLName != "" {
		names = append(names, f.XMLName)
	}
	if f.ID != "" {
		names = append(names, f.ID)
	}
	return [2]string{f.Label + " (" + f.Key + ")", strings.Join(names, ", ")}
}
