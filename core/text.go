package core

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Invisible is the set of kinds of invisible characters CleanInvisible
// took out of a value, for the importer to say so once per column.
type Invisible uint8

const (
	// InvisibleTab: tabulations, turned into spaces.
	InvisibleTab Invisible = 1 << iota
	// InvisibleLineBreak: line breaks inside a cell (Alt+Entrée in Excel),
	// turned into spaces.
	InvisibleLineBreak
	// InvisibleZeroWidth: zero-width spaces and joiners, word joiners and
	// byte order marks, removed.
	InvisibleZeroWidth
	// InvisibleBidi: left-to-right and right-to-left marks, embeddings,
	// overrides and isolates that copying from a web page or a PDF brings
	// along, removed.
	InvisibleBidi
	// InvisibleFormat: other format characters (soft hyphen, invisible
	// operators…), removed.
	InvisibleFormat
)

// String lists the kinds in French, for a notice: « tabulation, espace
// de largeur nulle ».
func (iv Invisible) String() string {
	var parts []string
	for _, k := range []struct {
		bit  Invisible
		name string
	}{
		{InvisibleTab, "tabulation"},
		{InvisibleLineBreak, "retour à la ligne"},
		{InvisibleZeroWidth, "espace de largeur nulle"},
		{InvisibleBidi, "marque de sens d'écriture"},
		{InvisibleFormat, "caractère de mise en forme invisible"},
	} {
		if iv&k.bit != 0 {
			parts = append(parts, k.name)
		}
	}
	return strings.Join(parts, ", ")
}

// CleanInvisible removes from a typed value the characters that cannot be
// seen but would be deposited and make the value differ from the civil
// status: zero-width and bidirectional marks and other format characters
// are removed, tabulations and line breaks become a space (runs of spaces
// then collapse into one), and unusual spaces (non-breaking, thin…) become
// plain spaces, silently, as they are only spaces. It reports what it
// removed. Control characters and U+FFFD are left in place: they mean a
// character was lost, and validation asks the user to retype the value.
// A value with nothing to clean is returned as is, without allocating.
func CleanInvisible(s string) (string, Invisible) {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if c < 0x80 && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
			i++ // other control characters: left for validation
			continue
		}
		if c >= 0x80 {
			r, n := utf8.DecodeRuneInString(s[i:])
			if invisibleKind(r) == 0 && !isOddSpace(r) {
				i += n
				continue
			}
		}
		break
	}
	if i == len(s) {
		return s, 0
	}
	var found Invisible
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if k := invisibleKind(r); k != 0 {
			found |= k
			if k == InvisibleTab || k == InvisibleLineBreak {
				b.WriteByte(' ')
			}
			continue
		}
		if isOddSpace(r) {
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	if found&(InvisibleTab|InvisibleLineBreak) != 0 {
		out = collapseSpaces(out)
	}
	return out, found
}

// invisibleKind classifies the characters CleanInvisible takes out.
func invisibleKind(r rune) Invisible {
	switch {
	case r == '\t':
		return InvisibleTab
	case r == '\n', r == '\r', r == '\v', r == '\f', r == 0x85, r == 0x2028, r == 0x2029:
		return InvisibleLineBreak
	case r < 0x80:
		return 0
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF:
		return InvisibleZeroWidth
	case r == 0x061C, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return InvisibleBidi
	case unicode.Is(unicode.Cf, r):
		return InvisibleFormat
	}
	return 0
}

// isOddSpace reports a space other than U+0020 (U+00A0, U+202F, U+2009…).
func isOddSpace(r rune) bool {
	return r >= 0x80 && unicode.Is(unicode.Zs, r)
}

func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' '
		if sp && prev {
			continue
		}
		prev = sp
		b.WriteByte(s[i])
	}
	return b.String()
}
