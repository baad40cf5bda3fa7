package core

import (
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// XMLSyntaxText says in French what the Go XML reader found wrong in a
// file, with its line ("ligne 12 : le fichier s'arrête au milieu…"); ""
// when err is not such a fault. Messages never quote the English text.
func XMLSyntaxText(err error) string {
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &se):
		return "ligne " + strconv.Itoa(se.Line) + " : " + xmlFaultText(se.Msg)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return xmlFaultText("unexpected EOF")
	}
	return ""
}

var (
	reXMLClosedBy = regexp.MustCompile(`^element <([^>]*)> closed by </([^>]*)>`)
	reXMLEndElem  = regexp.MustCompile(`^unexpected end element </([^>]*)>`)
	reXMLCharCode = regexp.MustCompile(`^illegal character code (U\+[0-9A-Fa-f]+)`)
	reXMLEntity   = regexp.MustCompile(`^invalid character entity (&[^ ]*)`)
)

func xmlFaultText(msg string) string {
	switch {
	case strings.HasPrefix(msg, "unexpected EOF"):
		return "le fichier s'arrête au milieu (copie ou téléchargement interrompu ?)"
	case strings.Contains(msg, "invalid UTF-8"):
		return "caractère illisible : le fichier n'est pas écrit en UTF-8, ou il est abîmé"
	case reXMLClosedBy.MatchString(msg):
		m := reXMLClosedBy.FindStringSubmatch(msg)
		return "la balise « " + m[1] + " » est fermée par « " + m[2] + " »"
	case reXMLEndElem.MatchString(msg):
		return "balise de fin « " + reXMLEndElem.FindStringSubmatch(msg)[1] + " » sans balise d'ouverture"
	case reXMLCharCode.MatchString(msg):
		return "caractère interdit en XML (" + reXMLCharCode.FindStringSubmatch(msg)[1] + ")"
	case reXMLEntity.MatchString(msg):
		return "entité « " + reXMLEntity.FindStringSubmatch(msg)[1] + " » inconnue (un « & » s'écrit &amp;)"
	case strings.HasPrefix(msg, "invalid XML name"), strings.HasPrefix(msg, "expected element name"):
		return "nom de balise incorrect"
	case strings.Contains(msg, "attribute"):
		return "attribut mal écrit"
	case strings.HasPrefix(msg, "invalid characters between"):
		return "balise de fin mal écrite"
	}
	return "XML mal formé"
}
