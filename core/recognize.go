package core

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// How says how a typed value of an enumerated or boolean field was
// understood, from the surest to the loosest.
type How uint8

const (
	// HowUnknown: not understood; the value is kept as typed and
	// validation reports it.
	HowUnknown How = iota
	// HowAmbiguous: several codes fit as well; nothing is chosen (see
	// Recognition.Candidates).
	HowAmbiguous
	// HowCode: the code itself, in any case (« mention_bien »).
	HowCode
	// HowLabel: the dictionary's label, case, accents and punctuation
	// aside (« tres bien » for « Très bien »).
	HowLabel
	// HowSynonym: a wording declared in the dictionary (Field.ValueSynonyms).
	HowSynonym
	// HowYesNo: a yes/no word declared for boolean fields (« X », « Vrai »).
	HowYesNo
	// HowWords: the same significant words as one code or label, small
	// words aside (« admission » for « Par admission », « formation
	// initiale apprentissage », « FORMATION CONTINUE CONTRAT DE
	// PROFESSIONNALISATION »).
	HowWords
	// HowAbbrev: the beginning of exactly one code or label, words
	// shortened (« Form. continue contrat pro »), or its initials (« TB »).
	HowAbbrev
)

var howNames = [...]string{"inconnu", "ambigu", "code", "libelle", "synonyme", "oui-non", "mots", "abreviation"}

// ParseHow is the How of a String identifier (HowUnknown if none).
func ParseHow(id string) How {
	for i, n := range howNames {
		if n == id {
			return How(i)
		}
	}
	return HowUnknown
}

// String is a stable identifier, for the CLI's JSON.
func (h How) String() string {
	if int(h) < len(howNames) {
		return howNames[h]
	}
	return "inconnu"
}

// Label says in French how a value was read, for the import summary.
func (h How) Label() string {
	switch h {
	case HowCode:
		return "code exact"
	case HowLabel:
		return "libellé exact"
	case HowSynonym:
		return "synonyme connu"
	case HowYesNo:
		return "réponse oui/non"
	case HowWords:
		return "mêmes mots"
	case HowAbbrev:
		return "abréviation"
	case HowAmbiguous:
		return "plusieurs valeurs possibles"
	}
	return "valeur non reconnue"
}

// ChoiceCode is the code a user's choice for a value names: a code of the
// field as it is, or a wording Recognize reads as exactly one ("" when
// none).
func ChoiceCode(f *Field, choice string) string {
	if f.EnumLabel(choice) != "" {
		return choice
	}
	return Recognize(f, choice).Code
}

// Recognition is what Recognize made of a typed value.
type Recognition struct {
	Code string // the canonical code; "" when unknown or ambiguous
	How  How
	// Candidates are the codes that fit equally, in dictionary order,
	// when How is HowAmbiguous.
	Candidates []string
}

// Recognize finds the code of an enumerated, boolean or choice field that
// a typed value means. Words are compared after folding case, accents,
// punctuation, underscores and apostrophes, and leaving out French small
// words (de, du, des, en, par, la, le, l', d', à, au, aux, un, une, et,
// avec — never « sans » nor « hors », which change the meaning). In
// order, the first step that finds something decides:
//
//  1. the code itself, in any case;
//  2. the label, or one of its parts (the text outside and inside
//     parentheses, each side of « / »), with all its words;
//  3. a wording declared in Field.ValueSynonyms (the yes/no words for
//     booleans);
//  4. the same significant words as a code or a label;
//  5. an abbreviation: every typed word is the corresponding word of a
//     code, label or synonym, or its beginning (3 letters at least), the
//     last words possibly left out (« Form. continue hors contrat »); or
//     the initials of its words (« TB », « AB », « DU »).
//
// A step that fits several codes reports them as ambiguous, and the value
// is never guessed; so is an abbreviation whose words also appear in
// another code (« VAE » for the VAE access route: congé VAE or VAE
// classique). Words only match from the first one, so « bien » is never
// read as « Très bien ». A value holding a question mark expresses a doubt
// and is not recognised. Recognize does not allocate unless the value is
// ambiguous.
func Recognize(f *Field, raw string) Recognition {
	if f == nil || len(f.Enum) == 0 {
		return Recognition{}
	}
	t := strings.TrimSpace(raw)
	if t == "" || strings.IndexByte(t, '?') >= 0 || strings.Contains(t, "¿") {
		return Recognition{}
	}
	for _, e := range f.Enum {
		if strings.EqualFold(e.Code, t) {
			return Recognition{Code: e.Code, How: HowCode}
		}
	}
	x := enumIndexOf(f)
	var fullBuf, coreBuf [96]byte
	full := appendWords(fullBuf[:0], t, false)
	if len(full) == 0 {
		return Recognition{}
	}
	core := appendCoreWords(coreBuf[:0], full)
	if m := x.label[string(full)]; m != 0 {
		return x.result(f, m, HowLabel)
	}
	if m := x.synonym[string(core)]; m != 0 {
		if f.Kind == KindBool {
			return x.result(f, m, HowYesNo)
		}
		return x.result(f, m, HowSynonym)
	}
	if m := x.words[string(core)]; m != 0 {
		return x.result(f, m, HowWords)
	}
	m, also := x.abbrev(core)
	// A label without its first word (« classique » for « VAE
	// classique »), when nothing else reads it otherwise.
	if t := x.tail[string(core)]; t != 0 && m == 0 && bits.OnesCount64(t) == 1 {
		return x.result(f, t, HowWords)
	}
	if m != 0 {
		if bits.OnesCount64(m) == 1 && also&^m == 0 {
			return x.result(f, m, HowAbbrev)
		}
		return x.result(f, m|also, HowAbbrev)
	}
	return Recognition{}
}

// result turns a set of enumeration indexes into a recognition.
func (x *enumIndex) result(f *Field, m uint64, how How) Recognition {
	if bits.OnesCount64(m) == 1 {
		return Recognition{Code: f.Enum[bits.TrailingZeros64(m)].Code, How: how}
	}
	r := Recognition{How: HowAmbiguous}
	for m != 0 {
		i := bits.TrailingZeros64(m)
		r.Candidates = append(r.Candidates, f.Enum[i].Code)
		m &^= 1 << i
	}
	return r
}

// enumIndex holds a field's codes, labels and synonyms as words.
type enumIndex struct {
	label    map[string]uint64 // all words of a label part → codes (bit i = Enum[i])
	synonym  map[string]uint64 // significant words of a declared synonym
	words    map[string]uint64 // significant words of a code or a label part
	initials map[string]uint64 // initials of forms of two words or more
	tail     map[string]uint64 // significant words of a form of two words or more, without its first
	forms    []enumForm        // every form, for abbreviations
}

type enumForm struct {
	bit   uint64
	words []string // significant words
}

var enumIndexes = func() map[*Field]*enumIndex {
	m := map[*Field]*enumIndex{}
	for _, f := range dictionary {
		if len(f.Enum) > 0 {
			m[f] = buildEnumIndex(f)
		}
	}
	return m
}()

func enumIndexOf(f *Field) *enumIndex {
	if x, ok := enumIndexes[f]; ok {
		return x
	}
	return buildEnumIndex(f) // a field made outside the dictionary (tests)
}

func buildEnumIndex(f *Field) *enumIndex {
	if len(f.Enum) > 64 {
		panic("core: more than 64 codes in " + f.Key)
	}
	x := &enumIndex{label: map[string]uint64{}, synonym: map[string]uint64{}, words: map[string]uint64{}, initials: map[string]uint64{}, tail: map[string]uint64{}}
	addForm := func(bit uint64, text string, camel bool, syn bool) {
		full := appendWords(nil, text, camel)
		if len(full) == 0 {
			return
		}
		core := string(appendCoreWords(nil, full))
		if syn {
			x.synonym[core] |= bit
		} else {
			x.words[core] |= bit
		}
		ws := strings.Fields(core)
		x.forms = append(x.forms, enumForm{bit: bit, words: ws})
		if !syn && len(ws) >= 2 {
			x.tail[strings.Join(ws[1:], " ")] |= bit
		}
		if len(ws) >= 2 {
			var in []byte
			for _, w := range ws {
				in = append(in, w[0])
			}
			x.initials[string(in)] |= bit
		}
	}
	for i, e := range f.Enum {
		bit := uint64(1) << i
		addForm(bit, e.Code, true, false)
		for _, part := range labelParts(e.Label) {
			x.label[string(appendWords(nil, part, false))] |= bit
			addForm(bit, part, false, false)
		}
		for _, s := range f.ValueSynonyms[e.Code] {
			addForm(bit, s, false, true)
		}
	}
	delete(x.label, "")
	return x
}

// labelParts splits a label into the wordings it stands for: itself, the
// text outside parentheses, the text inside, and each side of « / ».
func labelParts(label string) []string {
	parts := []string{label}
	if i := strings.IndexByte(label, '('); i >= 0 {
		if j := strings.IndexByte(label[i:], ')'); j > 0 {
			parts = append(parts, label[:i]+label[i+j+1:], label[i+1:i+j])
		}
	}
	if strings.Contains(label, "/") {
		parts = append(parts, strings.Split(label, "/")...)
	}
	return parts
}

// abbrev returns the codes a value abbreviates, and the codes whose forms
// contain all its words anywhere (which make a short form ambiguous).
func (x *enumIndex) abbrev(core []byte) (match, also uint64) {
	var typed words
	if !typed.split(core) {
		return 0, 0
	}
	if typed.n == 1 && len(core) >= 2 && isLetters(core) {
		match |= x.initials[string(core)]
	}
	for _, fm := range x.forms {
		if typed.prefixOf(core, fm.words) {
			match |= fm.bit
		}
		if typed.within(core, fm.words) {
			also |= fm.bit
		}
	}
	return match, also
}

// words are the bounds of the words of a value (8 at most, which is more
// than any code has).
type words struct {
	n     int
	start [8]uint8
	end   [8]uint8
}

func (ws *words) split(s []byte) bool {
	if len(s) > 255 {
		return false
	}
	begin := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != ' ' {
			continue
		}
		if i > begin {
			if ws.n == len(ws.start) {
				return false
			}
			ws.start[ws.n], ws.end[ws.n] = uint8(begin), uint8(i)
			ws.n++
		}
		begin = i + 1
	}
	return ws.n > 0
}

// prefixOf reports whether the typed words begin form's words, each equal
// or its beginning (3 letters at least).
func (ws *words) prefixOf(s []byte, form []string) bool {
	if ws.n > len(form) {
		return false
	}
	for i := 0; i < ws.n; i++ {
		w, fw := s[ws.start[i]:ws.end[i]], form[i]
		if string(w) == fw {
			continue
		}
		if len(w) < 3 || len(w) > len(fw) || string(w) != fw[:len(w)] {
			return false
		}
	}
	return true
}

// within reports whether every typed word is one of form's words.
func (ws *words) within(s []byte, form []string) bool {
	for i := 0; i < ws.n; i++ {
		w := s[ws.start[i]:ws.end[i]]
		found := false
		for _, fw := range form {
			if fw == string(w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func isLetters(w []byte) bool {
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// isStopWord reports the French small words that do not change what a
// value means. « sans » and « hors » are not among them.
func isStopWord(w []byte) bool {
	switch string(w) {
	case "a", "au", "aux", "avec", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "par", "un", "une":
		return true
	}
	return false
}

// appendWords appends s's words to dst, in lower case without accents,
// separated by one space: letters and digits make words, everything else
// (punctuation, underscores, apostrophes, spaces) separates them, format
// characters (zero-width, bidirectional marks) are ignored. With camel,
// « dossierFormation » makes two words, as codes are written.
func appendWords(dst []byte, s string, camel bool) []byte {
	sep := false // a separator is pending
	start := len(dst)
	prevLower := false
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		n := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		upper := false
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
			upper = true
		case r < utf8.RuneSelf:
			sep, prevLower = true, false
			continue
		case r == '’' || r == 'ʼ':
			sep, prevLower = true, false
			continue
		case unicode.Is(unicode.Cf, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if unicode.IsUpper(r) {
				upper = true
			}
			r = unicode.ToLower(r)
		default:
			sep, prevLower = true, false
			continue
		}
		if camel && upper && prevLower {
			sep = true
		}
		if sep && len(dst) > start {
			dst = append(dst, ' ')
		}
		sep = false
		prevLower = !upper && r >= 'a' && r <= 'z'
		if r < utf8.RuneSelf {
			dst = append(dst, byte(r))
		} else if rep, ok := foldTable[r]; ok {
			dst = append(dst, rep...)
			prevLower = true
		} else {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// Words splits s into its words as Recognize compares them: lower case
// without accents, punctuation, underscores and apostrophes separating
// words (« N° d'INSEE » → n, d, insee). Small words are kept; IsStopWord
// tells them.
func Words(s string) []string {
	return strings.Fields(string(appendWords(nil, s, false)))
}

// IsStopWord reports the French small words Recognize leaves out (de, du,
// des, en, par, la, le, l, d, à, au, aux, un, une, et, avec).
func IsStopWord(w string) bool { return isStopWord([]byte(w)) }

// appendCoreWords appends the words of full that are not stop words; when
// all are, full itself (« De » alone stays « de »).
func appendCoreWords(dst []byte, full []byte) []byte {
	start := len(dst)
	ws := 0
	for i := 0; i <= len(full); i++ {
		if i == len(full) || full[i] == ' ' {
			w := full[ws:i]
			if len(w) > 0 && !isStopWord(w) {
				if len(dst) > start {
					dst = append(dst, ' ')
				}
				dst = append(dst, w...)
			}
			ws = i + 1
		}
	}
	if len(dst) == start {
		dst = append(dst, full...)
	}
	return dst
}
