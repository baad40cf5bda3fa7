package cdc

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// newXMLDecoder returns a Go XML decoder over a deposit file in any
// encoding libxml2 accepts for it (UTF-8, UTF-16 with or without byte
// order mark, ISO-8859-1/Windows-1252), behind an input guard: the
// decoder only ever sees UTF-8 that has passed the guard's DTD, depth,
// attribute and size checks, so it never builds anything large.
// guardErr returns the guard's refusal once the decoder has failed.
func newXMLDecoder(r io.Reader, maxBytes int64) (dec *xml.Decoder, guardErr func() *InputError, err error) {
	utf8r, err := decodeToUTF8(r)
	if err != nil {
		return nil, nil, err
	}
	gr := &guardedReader{r: utf8r, g: newInputGuard(maxBytes)}
	dec = xml.NewDecoder(gr)
	// The bytes are UTF-8 by now, whatever the declaration says.
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) { return in, nil }
	return dec, func() *InputError { return gr.err }, nil
}

// guardedReader passes bytes through an inputGuard.
type guardedReader struct {
	r   io.Reader
	g   *inputGuard
	err *InputError
}

func (g *guardedReader) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	if n > 0 {
		if gerr := g.g.feed(p[:n]); gerr != nil {
			g.err = gerr
			return 0, gerr
		}
	}
	if err == io.EOF {
		if gerr := g.g.end(); gerr != nil {
			g.err = gerr
			return 0, gerr
		}
	}
	return n, err
}

var reDeclEncoding = regexp.MustCompile(`^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// decodeToUTF8 tells the file's encoding from its first bytes and its
// declaration (XML 1.0, appendix F) and returns a reader of its UTF-8.
func decodeToUTF8(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4)
	enc, skip, ierr := sniffEncoding(append(append([]byte{}, head...), 0x20, 0x20, 0x20, 0x20)[:4])
	if ierr != nil {
		return nil, ierr
	}
	if skip > 0 {
		br.Discard(skip)
	}
	switch enc {
	case encUTF16LE, encUTF16BE:
		return &utf16Reader{r: br, big: enc == encUTF16BE}, nil
	}
	decl, _ := br.Peek(512)
	label := ""
	if m := reDeclEncoding.FindSubmatch(decl); m != nil {
		label = strings.ToLower(string(m[1]))
	}
	switch label {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		return br, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "iso-8859-15", "latin-9":
		return &singleByteReader{r: br}, nil
	case "utf-16", "utf-16le", "utf-16be", "utf16":
		return nil, &InputError{Line: 1, Msg: "la première ligne annonce l'encodage UTF-16 mais le fichier n'est pas en UTF-16 : corrigez encoding=… en première ligne (encoding=\"UTF-8\")."}
	}
	return nil, &InputError{Line: 1, Msg: fmt.Sprintf("l'encodage « %s » annoncé en première ligne n'est pas pris en charge : enregistrez le fichier en UTF-8 et écrivez encoding=\"UTF-8\".", label)}
}

// utf16Reader decodes UTF-16 into UTF-8.
type utf16Reader struct {
	r   *bufio.Reader
	big bool
	out []byte
	hi  rune // pending high surrogate, 0 if none
	eof bool
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.eof {
			return 0, io.EOF
		}
		var pair [2]byte
		for i := 0; i < 4096; i++ {
			if _, err := io.ReadFull(u.r, pair[:]); err != nil {
				if u.hi != 0 {
					u.out = utf8.AppendRune(u.out, utf8.RuneError)
				}
				u.eof = true
				break
			}
			c := rune(pair[0])<<8 | rune(pair[1])
			if !u.big {
				c = rune(pair[1])<<8 | rune(pair[0])
			}
			switch {
			case u.hi != 0 && utf16.IsSurrogate(c) && c >= 0xDC00:
				u.out = utf8.AppendRune(u.out, utf16.DecodeRune(u.hi, c))
				u.hi = 0
			case c >= 0xD800 && c < 0xDC00:
				if u.hi != 0 {
					u.out = utf8.AppendRune(u.out, utf8.RuneError)
				}
				u.hi = c
			default:
				if u.hi != 0 {
					u.out = utf8.AppendRune(u.out, utf8.RuneError)
					u.hi = 0
				}
				u.out = utf8.AppendRune(u.out, c)
			}
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// singleByteReader decodes Windows-1252 (a superset of ISO-8859-1's
// printable characters) into UTF-8.
type singleByteReader struct {
	r   io.Reader
	buf []byte
	out []byte
}

var cp1252 = map[byte]rune{
	0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8A: 'Š',
	0x8B: '‹', 0x8C: 'Œ', 0x8E: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
	0x98: '˜', 0x99: '™', 0x9A: 'š', 0x9B: '›', 0x9C: 'œ', 0x9E: 'ž', 0x9F: 'Ÿ',
}

func (s *singleByteReader) Read(p []byte) (int, error) {
	for len(s.out) == 0 {
		if s.buf == nil {
			s.buf = make([]byte, 4096)
		}
		n, err := s.r.Read(s.buf)
		for _, b := range s.buf[:n] {
			r := rune(b)
			if c, ok := cp1252[b]; ok {
				r = c
			}
			s.out = utf8.AppendRune(s.out, r)
		}
		if err != nil && len(s.out) == 0 {
			return 0, err
		}
	}
	n := copy(p, s.out)
	s.out = s.out[n:]
	return n, nil
}

// xmlSpace reports the characters XSD's whiteSpace="collapse" removes.
func xmlSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// trimXMLSpace removes leading and trailing XML white space.
func trimXMLSpace(s string) string { return strings.TrimFunc(s, xmlSpace) }

// hasBytes reports whether b contains any of the needles.
func hasBytes(b []byte, needles ...[]byte) bool {
	for _, n := range needles {
		if bytes.Contains(b, n) {
			return true
		}
	}
	return false
}
