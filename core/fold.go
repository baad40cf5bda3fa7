package core

import "strings"

// Fold returns s in lower case without accents, ligatures expanded and
// punctuation turned into single spaces, so that "Saint-Étienne",
// "saint etienne" and "SAINT ÉTIENNE" compare equal. It is used for search
// and for matching column headers.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces and collapse runs
	for _, r := range strings.ToLower(s) {
		if rep, ok := foldTable[r]; ok {
			b.WriteString(rep)
			space = false
			continue
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			space = false
		case r > 0x7f && isLetter(r):
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

func isLetter(r rune) bool { return strings.ToUpper(string(r)) != strings.ToLower(string(r)) }

var foldTable = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'ã': "a", 'å': "a",
	'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'í': "i", 'ì': "i",
	'ñ': "n", 'ô': "o", 'ö': "o", 'ó': "o", 'ò': "o", 'õ': "o", 'ø': "o",
	'ù': "u", 'û': "u", 'ü': "u", 'ú': "u", 'ÿ': "y", 'ý': "y",
	'œ': "oe", 'æ': "ae", 'ß': "ss",
	'\'': "", '’': "", 'ʼ': "",
}
