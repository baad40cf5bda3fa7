package cdc

import (
	"bytes"
	"fmt"
)

// Bounds on what a deposit file may contain, checked on its bytes as they
// are read, before any parser builds anything from them. A real deposit
// nests 13 elements deep, has at most 3 attributes on an element and
// values of at most 255 characters: these bounds are far above that and
// far below what costs time or memory.
const (
	maxDepth      = 64
	maxAttributes = 64
	maxTokenUnits = 1 << 20 // one text run, tag, comment or PI, in characters
)

// InputError is a file refused before it is parsed: a DTD, a size, depth
// or attribute bound exceeded, an unsupported encoding. It is French and
// says what to do.
type InputError struct {
	Line    int
	Msg     string
	damaged bool // a NUL character: a damaged file rather than a hostile one
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("ligne %d : %s", e.Line, e.Msg)
	}
	return e.Msg
}

// encoding of the bytes the guard sees.
type unitEncoding int

const (
	encUnknown unitEncoding = iota
	encByte                 // UTF-8 or a single-byte charset: ASCII bytes are ASCII characters
	encUTF16LE
	encUTF16BE
)

func (e unitEncoding) String() string {
	switch e {
	case encUTF16LE:
		return "UTF-16LE"
	case encUTF16BE:
		return "UTF-16BE"
	}
	return "UTF-8"
}

// guard states: where the scanner stands in the XML syntax.
const (
	gText      = iota
	gLt        // after '<'
	gStartTag  // inside a start tag, outside quotes
	gAttrValue // inside a quoted attribute value
	gEndTag    // inside an end tag
	gPI        // inside <? … ?>
	gBang      // after "<!", reading what follows
	gComment   // inside <!-- … -->
	gCDATA     // inside <![CDATA[ … ]]>
)

// inputGuard scans a deposit file's bytes as they are read. It only needs
// the ASCII structure of XML (<, >, quotes, "<!"), so it works on raw bytes
// in any ASCII-compatible encoding and on UTF-16 code units, and so cannot
// be fooled by where a DOCTYPE stands (after a long comment, say) or by
// the file's encoding.
type inputGuard struct {
	enc       unitEncoding
	head      []byte // first bytes, until the encoding is known
	odd       []byte // a UTF-16 byte waiting for its pair
	maxBytes  int64
	total     int64
	line      int
	state     int
	quote     uint16
	prev      [2]uint16 // last two units, for "-->", "?>", "]]>" and "/>"
	bang      []byte    // what follows "<!"
	depth     int
	attrs     int
	tokLen    int
	nulOffset int64 // offset of the first NUL character, -1 if none
	err       *InputError
}

func newInputGuard(maxBytes int64) *inputGuard {
	return &inputGuard{maxBytes: maxBytes, line: 1, nulOffset: -1}
}

// feed scans the next bytes; it returns the first bound exceeded.
func (g *inputGuard) feed(p []byte) *InputError {
	if g.err != nil {
		return g.err
	}
	g.total += int64(len(p))
	if g.maxBytes > 0 && g.total > g.maxBytes {
		g.err = &InputError{Msg: fmt.Sprintf("le fichier dépasse %d Mo, bien au-delà des 200 Mo qu'accepte la CDC : répartissez les passages sur plusieurs fichiers. Rien n'a été vérifié au-delà.", g.maxBytes/1_000_000)}
		return g.err
	}
	if g.enc == encUnknown {
		g.head = append(g.head, p...)
		if len(g.head) < 4 {
			return nil
		}
		p = g.head
		g.head = nil
		var skip int
		g.enc, skip, g.err = sniffEncoding(p)
		if g.err != nil {
			return g.err
		}
		p = p[skip:]
	}
	if g.enc == encByte {
		g.scanBytes(p)
		return g.err
	}
	if len(g.odd) > 0 {
		p = append(g.odd, p...)
		g.odd = nil
	}
	n := len(p) &^ 1
	for i := 0; i < n && g.err == nil; i += 2 {
		var u uint16
		if g.enc == encUTF16LE {
			u = uint16(p[i]) | uint16(p[i+1])<<8
		} else {
			u = uint16(p[i])<<8 | uint16(p[i+1])
		}
		g.unit(u)
	}
	if n < len(p) {
		g.odd = append(g.odd, p[n])
	}
	return g.err
}

// end is called at the end of the input.
func (g *inputGuard) end() *InputError {
	if g.err == nil && g.enc == encUnknown && len(g.head) > 0 {
		enc, skip, err := sniffEncoding(append(g.head, 0x20, 0x20, 0x20, 0x20)[:4])
		if err != nil {
			g.err = err
			return err
		}
		g.enc = enc
		g.scanBytes(g.head[skip:])
	}
	return g.err
}

// sniffEncoding tells the encoding from the first 4 bytes (XML 1.0,
// appendix F) and how many bytes of byte-order mark to skip.
func sniffEncoding(b []byte) (unitEncoding, int, *InputError) {
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return 0, 0, &InputError{Msg: "c'est un classeur Excel (.xlsx) ou une archive .zip, pas un fichier XML : choisissez le fichier .xml (un classeur de passages s'importe avec « Importer une liste »)."}
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0x00, 0x00}),
		bytes.HasPrefix(b, []byte{0x00, 0x00, 0x00, 0x3C}), bytes.HasPrefix(b, []byte{0x3C, 0x00, 0x00, 0x00}):
		return 0, 0, &InputError{Msg: "le fichier est encodé en UTF-32, que la CDC n'accepte pas : enregistrez-le en UTF-8."}
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return encUTF16BE, 2, nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return encUTF16LE, 2, nil
	case bytes.HasPrefix(b, []byte{0x00, 0x3C, 0x00}):
		return encUTF16BE, 0, nil
	case bytes.HasPrefix(b, []byte{0x3C, 0x00}):
		return encUTF16LE, 0, nil
	case bytes.HasPrefix(b, []byte{0x4C, 0x6F, 0xA7, 0x94}):
		return 0, 0, &InputError{Msg: "le fichier est encodé en EBCDIC (système IBM), que la CDC n'accepte pas : enregistrez-le en UTF-8."}
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return encByte, 3, nil
	}
	return encByte, 0, nil
}

// scanBytes is the one-byte-per-unit path. Text, the bulk of a file, is
// skipped with IndexByte, and the insides of tags and attribute values
// with tight loops that stop only on the bytes that change the state.
func (g *inputGuard) scanBytes(p []byte) {
	for len(p) > 0 && g.err == nil {
		var i int
		switch g.state {
		case gText:
			i = bytes.IndexByte(p, '<')
			run := p
			if i >= 0 {
				run = p[:i]
			}
			if g.nulOffset < 0 {
				if j := bytes.IndexByte(run, 0); j >= 0 {
					g.nul(j, run)
					if g.err != nil {
						return
					}
				}
			}
			g.line += bytes.Count(run, []byte{'\n'})
			g.tokLen += len(run)
			if g.tokLen > maxTokenUnits {
				g.tooLong()
				return
			}
			if i < 0 {
				return
			}
			p = p[i:]
			g.unit(uint16(p[0]))
			p = p[1:]
			continue
		case gStartTag:
			for i < len(p) && !stopInStartTag[p[i]] {
				i++
			}
		case gAttrValue:
			q := byte(g.quote)
			for i < len(p) {
				if c := p[i]; c == q || c == '\n' || c == 0 {
					break
				}
				i++
			}
		case gEndTag:
			for i < len(p) && !stopInEndTag[p[i]] {
				i++
			}
		}
		if i > 0 {
			// Bytes that only lengthen the token.
			g.tokLen += i
			if i >= 2 {
				g.prev[0] = uint16(p[i-2])
			} else {
				g.prev[0] = g.prev[1]
			}
			g.prev[1] = uint16(p[i-1])
			if g.tokLen > maxTokenUnits {
				g.tooLong()
				return
			}
			p = p[i:]
			if len(p) == 0 {
				return
			}
		}
		g.unit(uint16(p[0]))
		p = p[1:]
	}
}

// Bytes that change the scanner's state inside a start or an end tag.
var stopInStartTag, stopInEndTag [256]bool

func init() {
	for _, c := range []byte{'>', '"', '\'', '=', '\n', 0} {
		stopInStartTag[c] = true
	}
	for _, c := range []byte{'>', '\n', 0} {
		stopInEndTag[c] = true
	}
}

// nul records the first NUL character of a text run.
func (g *inputGuard) nul(j int, run []byte) {
	g.nulOffset = g.total - int64(len(run)) + int64(j)
	line := g.line + bytes.Count(run[:j], []byte{'\n'})
	g.err = &InputError{Line: line, Msg: nulMessage(g.nulOffset), damaged: true}
}

func nulMessage(offset int64) string {
	if offset == 0 {
		return "le fichier commence par des octets nuls : ce n'est pas un fichier XML, ou il est abîmé (copie interrompue, disque endommagé). Refaites l'export ou demandez le fichier à nouveau."
	}
	return fmt.Sprintf("le fichier contient un caractère nul (octet n° %d) : il est abîmé (copie interrompue, disque endommagé) ; refaites l'export ou demandez le fichier à nouveau.", offset+1)
}

func (g *inputGuard) tooLong() {
	what := "une valeur ou un texte"
	switch g.state {
	case gStartTag, gAttrValue, gEndTag, gLt:
		what = "une balise"
	case gComment:
		what = "un commentaire"
	case gPI:
		what = "une instruction <?…?>"
	case gCDATA:
		what = "une section CDATA"
	}
	g.err = &InputError{Line: g.line, Msg: fmt.Sprintf("%s dépasse %d Mo sans interruption, ce qu'aucun fichier de dépôt ne contient (255 caractères au plus par valeur) : le fichier est abîmé ou n'est pas un fichier de dépôt.", what, maxTokenUnits>>20)}
}

// unit advances the scanner by one character (an ASCII byte, or a UTF-16
// code unit; anything non-ASCII only matters as "some character").
func (g *inputGuard) unit(u uint16) {
	if u == 0 && g.nulOffset < 0 {
		g.nulOffset = g.total
		g.err = &InputError{Line: g.line, Msg: nulMessage(0), damaged: true}
		if g.line > 1 || g.tokLen > 0 {
			g.err.Msg = "le fichier contient un caractère nul : il est abîmé (copie interrompue, disque endommagé) ; refaites l'export ou demandez le fichier à nouveau."
		}
		return
	}
	if u == '\n' {
		g.line++
	}
	g.tokLen++
	switch g.state {
	case gText:
		if u == '<' {
			g.state, g.tokLen = gLt, 0
		}
	case gLt:
		switch u {
		case '/':
			g.state = gEndTag
		case '?':
			g.state = gPI
		case '!':
			g.state, g.bang = gBang, g.bang[:0]
		default:
			g.state, g.attrs = gStartTag, 0
		}
	case gStartTag:
		switch u {
		case '"', '\'':
			g.state, g.quote = gAttrValue, u
		case '=':
			g.attrs++
			if g.attrs > maxAttributes {
				g.err = &InputError{Line: g.line, Msg: fmt.Sprintf("une balise porte plus de %d attributs, ce qu'aucun fichier de dépôt ne fait (3 au plus) : le fichier est abîmé ou n'est pas un fichier de dépôt.", maxAttributes)}
				return
			}
		case '>':
			if g.prev[1] != '/' {
				g.depth++
				if g.depth > maxDepth {
					g.err = &InputError{Line: g.line, Msg: fmt.Sprintf("les balises sont imbriquées sur plus de %d niveaux, ce qu'aucun fichier de dépôt ne fait (13 au plus) : le fichier est abîmé ou n'est pas un fichier de dépôt.", maxDepth)}
					return
				}
			}
			g.state, g.tokLen = gText, 0
		}
	case gAttrValue:
		if u == g.quote {
			g.state = gStartTag
		}
	case gEndTag:
		if u == '>' {
			g.depth--
			g.state, g.tokLen = gText, 0
		}
	case gPI:
		if u == '>' && g.prev[1] == '?' {
			g.state, g.tokLen = gText, 0
		}
	case gBang:
		c := byte('?')
		if u < 0x80 {
			c = byte(u)
		}
		g.bang = append(g.bang, c)
		switch s := string(g.bang); {
		case s == "--":
			g.state = gComment
			u = 0 // so that "<!-->" does not close at once
		case s == "[CDATA[":
			g.state = gCDATA
		case len(s) >= 7 || !isPrefixOfMarkup(s):
			g.err = &InputError{Line: g.line, Msg: "ce fichier déclare une DTD ou une entité (<!DOCTYPE …>, <!ENTITY …>), ce qu'un fichier de dépôt ne fait jamais : refusé par sécurité, rien n'a été lu. Refaites l'export depuis votre logiciel, ou retirez cette déclaration."}
			return
		}
	case gComment:
		if u == '>' && g.prev[0] == '-' && g.prev[1] == '-' {
			g.state, g.tokLen = gText, 0
		}
	case gCDATA:
		if u == '>' && g.prev[0] == ']' && g.prev[1] == ']' {
			g.state, g.tokLen = gText, 0
		}
	}
	g.prev[0], g.prev[1] = g.prev[1], u
	if g.tokLen > maxTokenUnits {
		g.tooLong()
	}
}

// isPrefixOfMarkup reports whether s can still become "--" or "[CDATA[".
func isPrefixOfMarkup(s string) bool {
	return len(s) <= 2 && s == "--"[:len(s)] || len(s) <= 7 && s == "[CDATA["[:len(s)]
}
