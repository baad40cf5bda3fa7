// Package excel reads lists of graduates from spreadsheets (.xlsx through
// github.com/xuri/excelize/v2, and CSV), writes the import template and
// the list of passages to fix.
package excel

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
)

// specialFlux marks flux-level columns (emetteur, certificateur, flux):
// the dossier provides them at export, so the sheet's are ignored.
const specialFlux = "flux"

// How a column was recognised, for the wizard (which marks guesses) and
// the CLI's JSON (the how of each column).
const (
	HowTitle   = "titre"    // the label, XML name, key or dictionary id of a field
	HowSynonym = "synonyme" // a title declared for the field in the dictionary
	HowWords   = "mots"     // the significant words of such a title (« Délivré le », « N° RNCP/RS »)
	HowValues  = "valeurs"  // an unknown title, whose values fit one field only: a guess to confirm
)

// target is what a column header designates.
type target struct {
	field   *core.Field
	special string
	flux    *core.Field // for a flux-level column: the field it gives
	weight  int         // 2 for labels, names and synonyms; 1 for dictionary ids and word matches
	how     string      // see the How constants
}

// key identifies the data a target designates.
func (t target) key() string {
	if t.field != nil {
		return t.field.Key
	}
	return t.special
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
	title := func(t target) target { t.how = HowTitle; return t }
	synonym := func(t target) target { t.how = HowSynonym; return t }
	// Labels and synonyms first: they win over XML names on collisions.
	for _, f := range core.Fields() {
		if f.Kind == core.KindChoice && f.Key != core.KeyIdentification {
			continue
		}
		t := target{field: f, weight: 2}
		if f.Scope == core.ScopeFlux || f.Scope == core.ScopeEmetteur || f.Scope == core.ScopeCertificateur {
			t = target{special: specialFlux, flux: f, weight: 2}
		}
		add(f.Label, title(t))
		for _, s := range f.Synonyms {
			add(s, synonym(t))
		}
	}
	for _, f := range core.SheetFields() {
		add(f.Label, title(target{field: f, weight: 2}))
		for _, s := range f.Synonyms {
			add(s, synonym(target{field: f, weight: 2}))
		}
	}
	for _, names := range specialNames {
		for i, s := range names.titles {
			if i == 0 {
				add(s, title(target{special: names.special, weight: 2}))
			} else {
				add(s, synonym(target{special: names.special, weight: 2}))
			}
		}
	}
	for _, f := range core.Fields() {
		t := target{field: f, weight: 2}
		if f.Scope == core.ScopeFlux || f.Scope == core.ScopeEmetteur || f.Scope == core.ScopeCertificateur {
			t = target{special: specialFlux, flux: f, weight: 2}
		}
		if f.XMLName != "" {
			add(f.XMLName, title(t))
		}
		add(f.Key, title(t))
	}
	return m
}

// specialNames are the titles of the columns that are not one field.
var specialNames = []struct {
	special string
	titles  []string
}{
	{specialFlux, []string{"idClient", "BCR", "Émetteur", "Certificateur", "N° de fiche client"}},
}

// Significant words of titles. A title is matched on them when its exact
// wording is unknown: small words, plurals and the text between
// parentheses aside, « N° » read as « code », participles as their noun
// (« Délivré le » is « Date de délivrance »), the words naming the
// person (« du candidat ») left out if need be.
var (
	titleEquiv = map[string]string{
		"n": "code", "no": "code", "num": "code", "numero": "code", "ref": "code", "reference": "code",
		"rs":      "rncp", // the two repertoires share their columns
		"delivre": "delivrance", "delivree": "delivrance",
		"obtenu": "obtention", "obtenue": "obtention",
		"inscrit": "inscription", "inscrite": "inscription",
		"ne": "naissance", "nee": "naissance",
		"certifie": "certification", "certifiee": "certification",
	}
	titleNoise = map[string]bool{
		"candidat": true, "candidate": true, "apprenant": true, "apprenante": true, "stagiaire": true, "eleve": true,
		"etudiant": true, "etudiante": true, "beneficiaire": true, "participant": true, "participante": true,
		"laureat": true, "laureate": true, "titulaire": true, "diplome": true, "diplomee": true, "personne": true,
		"jj": true, "mm": true, "aa": true, "aaaa": true, "jjmmaaaa": true, "format": true, "obligatoire": true, "facultatif": true,
	}
	wordTargets = buildWordTargets()
)

// titleWords returns a title's significant words, sorted, as one key;
// with noise, the words naming the person are left out.
func titleWords(title string, noise bool) string {
	ws := core.Words(title)
	var out []string
	for _, w := range ws {
		if core.IsStopWord(w) {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") {
			w = w[:len(w)-1]
		}
		if e, ok := titleEquiv[w]; ok {
			w = e
		}
		if noise && titleNoise[w] {
			continue
		}
		out = append(out, w)
	}
	if len(ws) >= 2 && ws[len(ws)-1] == "le" { // « Délivré le », « Né le »: a date
		out = append(out, "date")
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), " ")
}

// buildWordTargets indexes the significant words of every label, synonym
// and special title (parenthesised text included: « Nom de naissance
// (NIR) » is not « Nom de naissance »). Words shared by two data name
// neither.
func buildWordTargets() map[string]target {
	m := map[string]target{}
	ambiguous := map[string]bool{}
	add := func(name string, t target) {
		k := titleWords(name, false)
		if k == "" || ambiguous[k] {
			return
		}
		if old, ok := m[k]; ok && old.key() != t.key() {
			delete(m, k)
			ambiguous[k] = true
			return
		}
		t.how, t.weight = HowWords, 1
		m[k] = t
	}
	for _, f := range core.Fields() {
		if f.Kind == core.KindChoice {
			continue
		}
		t := target{field: f}
		if f.Scope == core.ScopeFlux || f.Scope == core.ScopeEmetteur || f.Scope == core.ScopeCertificateur {
			t = target{special: specialFlux, flux: f}
		}
		add(f.Label, t)
		for _, s := range f.Synonyms {
			add(s, t)
		}
	}
	for _, f := range core.SheetFields() {
		add(f.Label, target{field: f})
		for _, s := range f.Synonyms {
			add(s, target{field: f})
		}
	}
	for _, names := range specialNames {
		for _, s := range names.titles {
			add(s, target{special: names.special})
		}
	}
	return m
}

// matchWords matches a title on its significant words: all of them, then
// without the words naming the person, with and then without the text
// between parentheses.
func matchWords(cell string) (target, bool) {
	for _, title := range []string{cell, reParens.ReplaceAllString(cell, " ")} {
		for _, noise := range []bool{false, true} {
			if t, ok := wordTargets[titleWords(title, noise)]; ok {
				return t, true
			}
		}
	}
	return target{}, false
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
			t = target{special: specialFlux, flux: f, weight: 1}
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
	return matchWords(cell)
}

// column is one column of the sheet and what it holds.
type column struct {
	index  int
	letter string
	header string
	hidden bool // hidden in Excel
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

// detectLayout finds the header row(s) among the first rows; see
// detectSheetLayout.
func detectLayout(rows [][]string) (layout, bool) { return detectSheetLayout(rows, nil) }

// detectSheetLayout finds the header row(s) among the first rows: rows
// where at least two cells, and half the non-empty ones, are recognised.
// Each column takes its meaning from the best-scoring header row that
// recognises it, so a sheet may have a row of blocks, a row of dictionary
// ids, a row of labels and a row of XML names. When two columns hold the
// same data, the first visible one is read and the others are listed as
// duplicates: a hidden column never wins over a visible one (hiddenCols
// are the 0-based indexes of the columns hidden in Excel).
// manyTitles recognised titles make a row the headers, however many
// other columns it has: no row of data matches that many.
const manyTitles = 5

func detectSheetLayout(rows [][]string, hiddenCols []int) (layout, bool) {
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
		// Titles: mostly recognised ones, or many of them whatever else
		// the office added beside (its own columns are no reason to miss
		// the list's).
		if len(s.matches) >= 2 && 2*len(s.matches) >= nonEmpty || len(s.matches) >= manyTitles {
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
	seen := map[string]int{} // data key → index in l.columns
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
		col := column{index: c, letter: columnLetter(c), header: strings.TrimSpace(header), hidden: slices.Contains(hiddenCols, c), target: best}
		i, dup := seen[best.key()]
		switch {
		case best.special == specialFlux:
			l.fluxCols = append(l.fluxCols, col)
		case dup && l.columns[i].hidden && !col.hidden:
			l.duplicate = append(l.duplicate, l.columns[i])
			l.columns[i] = col
		case dup:
			l.duplicate = append(l.duplicate, col)
		default:
			seen[best.key()] = len(l.columns)
			l.columns = append(l.columns, col)
		}
	}
	for i := range l.unknown {
		l.unknown[i].hidden = slices.Contains(hiddenCols, l.unknown[i].index)
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

// guessColumns proposes, for each column whose title is unknown, the one
// field its values fit clearly, and moves it to the columns read, marked
// HowValues for the wizard to show it as a guess. rows are the sheet's
// first rows as detectSheetLayout got them (headers included); a field
// already given by another column is not proposed, nor a field that two
// unknown columns fit. Values fit when 90 % of a column's non-empty
// values, and at least 3, are RNCP/RS codes, NIR, technical identifiers,
// INSEE codes (with a 99XXX, a Corsican or a code that is no postal
// code), dates (birth dates when all are over 14 years old), or the
// wordings of one enumerated field (see core.Recognize).
func guessColumns(l layout, rows [][]string, places PlaceCodes) layout {
	taken := map[string]bool{}
	for _, c := range l.columns {
		taken[c.key()] = true
		if c.key() == core.KeyBirthDate {
			taken[core.KeyAnnee], taken[core.KeyMois], taken[core.KeyJour] = true, true, true
		}
		if c.key() == core.KeyAnnee || c.key() == core.KeyMois || c.key() == core.KeyJour {
			taken[core.KeyBirthDate] = true
		}
	}
	proposed := map[string][]int{} // data key → indexes in l.unknown
	guess := make([]target, len(l.unknown))
	for i, u := range l.unknown {
		var values []string
		for r := l.dataStart - 1; r >= 0 && r < len(rows); r++ {
			if u.index < len(rows[r]) {
				values = append(values, rows[r][u.index])
			}
		}
		var fits []target
		for _, t := range valueCandidates(values, places) {
			if !taken[t.key()] {
				fits = append(fits, t)
			}
		}
		if len(fits) == 1 {
			guess[i] = fits[0]
			proposed[fits[0].key()] = append(proposed[fits[0].key()], i)
		}
	}
	var unknown []column
	for i, u := range l.unknown {
		if g := guess[i]; (g.field != nil || g.special != "") && len(proposed[g.key()]) == 1 {
			u.target = g
			l.columns = append(l.columns, u)
			continue
		}
		unknown = append(unknown, u)
	}
	l.unknown = unknown
	return l
}

var (
	reCertCode = regexp.MustCompile(`^(?i:rncp|rs) ?[0-9]{2,6}$`)
	reUUID     = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	reInseeish = regexp.MustCompile(`^([0-9]{4,5}|2[AaBb][0-9]{3})$`)
)

// valueCandidates lists the data a column's values fit.
func valueCandidates(raw []string, places PlaceCodes) []target {
	var vs []string
	for _, v := range raw {
		if v = strings.TrimSpace(v); v != "" {
			vs = append(vs, v)
		}
	}
	if len(vs) < 3 {
		return nil
	}
	enough := func(n int) bool { return n >= 3 && 10*n >= 9*len(vs) }
	count := func(ok func(string) bool) int {
		n := 0
		for _, v := range vs {
			if ok(v) {
				n++
			}
		}
		return n
	}
	var out []target
	field := func(key string) target { return target{field: core.FieldByKey(key), weight: 2, how: HowValues} }
	if enough(count(reCertCode.MatchString)) {
		out = append(out, field(core.KeyCertCode))
	}
	if enough(count(reUUID.MatchString)) {
		out = append(out, field(core.KeyIDTechnique))
	}
	nir := core.FieldByKey(core.KeyNIR).Pattern
	if enough(count(func(v string) bool {
		v = strings.ToUpper(strings.ReplaceAll(v, " ", ""))
		return len(v) == 15 && nir.MatchString(v[:13]) || nir.MatchString(v)
	})) {
		out = append(out, field(core.KeyNIR))
	}
	if t, ok := inseeColumn(vs, enough, places); ok {
		out = append(out, t)
	}
	out = append(out, dateCandidates(vs, enough)...)
	for _, f := range core.Fields() {
		if f.Kind != core.KindEnum || f.Scope < core.ScopeCertification {
			continue // yes/no fits every boolean question: never guessed
		}
		recognised, worded := 0, false
		for _, v := range vs {
			if core.Recognize(f, v).Code != "" {
				recognised++
				worded = worded || strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' }) >= 0
			}
		}
		if worded && enough(recognised) {
			out = append(out, field(f.Key))
		}
	}
	return out
}

// inseeColumn: codes of five characters that are INSEE codes and, for at
// least one, surely not a postal code (a country 99XXX, Corsica, or a code
// the reference knows as a commune and not as a postal code); none known
// only as a postal code.
func inseeColumn(vs []string, enough func(int) bool, places PlaceCodes) (target, bool) {
	if places == nil {
		return target{}, false
	}
	shaped, sure, postal := 0, 0, 0
	for _, v := range vs {
		if !reInseeish.MatchString(v) {
			continue
		}
		shaped++
		if len(v) == 4 {
			v = "0" + v // Excel dropped the leading zero
		}
		isCommune, isPostal := places.IsCommune(strings.ToUpper(v)), places.IsPostalCode(v)
		switch {
		case strings.HasPrefix(v, "99"), v[0] == '2' && (v[1] == 'A' || v[1] == 'a' || v[1] == 'B' || v[1] == 'b'), isCommune && !isPostal:
			sure++
		case isPostal && !isCommune:
			postal++
		}
	}
	if !enough(shaped) || sure == 0 || postal > 0 {
		return target{}, false
	}
	return target{field: core.FieldByKey(core.KeyCodeInsee), weight: 2, how: HowValues}, true
}

// dateCandidates: dates all over 14 years old are birth dates; recent
// ones may be any date of the passage (and only a validity end when some
// is in the future).
func dateCandidates(vs []string, enough func(int) bool) []target {
	order := core.DetectDateOrder(vs).Order
	now := time.Now()
	n, oldest, newest := 0, "9999", "0000"
	for _, v := range vs {
		iso, ok := core.ParseDate(v, order)
		if !ok {
			continue
		}
		n++
		oldest, newest = min(oldest, iso), max(newest, iso)
	}
	if !enough(n) {
		return nil
	}
	field := func(key string) target { return target{field: core.FieldByKey(key), weight: 2, how: HowValues} }
	switch {
	case oldest >= "1900" && newest <= now.AddDate(-14, 0, 0).Format(time.DateOnly):
		return []target{field(core.KeyBirthDate)}
	case oldest < now.AddDate(-20, 0, 0).Format(time.DateOnly):
		return nil
	case newest > now.Format(time.DateOnly):
		return []target{field(core.KeyDateFinValid)}
	}
	return []target{field(core.KeyDateDebutValid), field(core.KeyDateDebutExamen), field(core.KeyDateFinExamen),
		field("dateInscription"), field(core.KeyDateFinValid)}
}

// targetLabel names in French what a column holds.
func targetLabel(t target) string {
	switch {
	case t.field != nil:
		return t.field.Label
	}
	return t.special
}

// layoutNotices says in French what the user should know about the
// columns read: those hidden in Excel, and those recognised from their
// values only, to confirm.
func layoutNotices(l layout) []string {
	var out []string
	for _, c := range l.duplicate {
		if !c.hidden {
			continue
		}
		for _, k := range l.columns {
			if k.key() == c.key() && !k.hidden {
				out = append(out, fmt.Sprintf("Colonne %s « %s » masquée dans Excel : la colonne visible %s « %s » donne la même donnée (%s) et est lue à sa place.",
					c.letter, c.header, k.letter, k.header, targetLabel(k.target)))
			}
		}
	}
	for _, c := range l.columns {
		switch {
		case c.hidden:
			out = append(out, fmt.Sprintf("Colonne %s « %s » masquée dans Excel : elle est lue (%s) ; vérifiez qu'elle est à jour, ou faites-la ignorer.",
				c.letter, c.header, targetLabel(c.target)))
		case c.how == HowValues:
			out = append(out, fmt.Sprintf("Colonne %s « %s » : titre inconnu, lue comme « %s » d'après ses valeurs ; vérifiez.",
				c.letter, c.header, targetLabel(c.target)))
		}
	}
	return out
}

// ColumnIndex is the 0-based index of a column letter ("A" → 0), -1 when
// it is not one.
func ColumnIndex(letter string) int {
	n, err := excelize.ColumnNameToNumber(letter)
	if err != nil {
		return -1
	}
	return n - 1
}
