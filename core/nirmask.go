package core

import (
	"regexp"
	"strings"
)

// reNIRLike finds what may be a NIR in a text: digits (2A or 2B for
// Corsica), with the spaces, dots or dashes users type between them.
var reNIRLike = regexp.MustCompile(`[0-9][0-9AB .\-\x{00a0}\x{202f}]{8,26}[0-9]`)

// reNIRShape is a NIR once normalized, whatever its length: five digits,
// the département (2A and 2B included), then digits.
var reNIRShape = regexp.MustCompile(`^[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{3,}$`)

// MaskNIRsIn masks, as MaskNIR does, every number of a message that may
// be a NIR (ten characters or more, with or without its key, however it
// was typed), whatever field the message is about: a list of passages
// shows messages, never a NIR in clear.
func MaskNIRsIn(text string) string {
	if !strings.ContainsAny(text, "0123456789") {
		return text
	}
	return reNIRLike.ReplaceAllStringFunc(text, func(m string) string {
		n := NormalizeNIR(m)
		if !reNIRShape.MatchString(n) {
			return m
		}
		return MaskNIR(n)
	})
}
