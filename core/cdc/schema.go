// Package cdc reads and writes the Caisse des Dépôts' files: the deposit
// XML (written from the field dictionary, validated with libxml2 through
// github.com/lestrrat-go/libxml2) and, later, the accusés de traitement.
package cdc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/lestrrat-go/libxml2/xsd"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/schemas"
)

// Namespace of the deposit format.
const Namespace = "urn:cdc:cpf:pc5:schema:1.0.0"

// maxSchemaSize bounds an XSD file loaded by the user (the CDC's is 20 KB).
const maxSchemaSize = 2 << 20

// Schema is a parsed XSD, ready to validate deposit files.
type Schema struct {
	xsd     *xsd.Schema
	model   *xsdModel // element declarations, to explain content errors
	Version string    // the schema's version attribute, e.g. "1.1.2"
	Builtin bool      // one of Certidépôt's own schemas
	Text    []byte    // the XSD itself, as loaded
}

// Close frees the parsed schema.
func (s *Schema) Close() {
	if s != nil && s.xsd != nil {
		s.xsd.Free()
		s.xsd = nil
	}
}

// BuiltinSchema returns Certidépôt's own schema for an XSD version.
func BuiltinSchema(version string) (*Schema, error) {
	b, err := schemas.FS.ReadFile(schemas.File(version))
	if err != nil {
		return nil, fmt.Errorf("Certidépôt ne connaît pas le format %s : chargez le XSD correspondant du kit CDC", version)
	}
	s, err := ParseSchema(b)
	if err != nil {
		return nil, err
	}
	s.Builtin = true
	return s, nil
}

// ParseSchema parses an XSD, typically one loaded from a CDC kit. It
// refuses schemas that would fetch other files (no network at run time),
// that do not describe the deposit namespace, or that are not XSD at all.
func ParseSchema(b []byte) (*Schema, error) {
	if len(b) > maxSchemaSize {
		return nil, fmt.Errorf("ce fichier fait %d Ko : ce n'est pas un XSD de la CDC (quelques dizaines de Ko)", len(b)/1024)
	}
	info, err := schemaInfo(b)
	if err != nil {
		return nil, err
	}
	model, err := parseXSDModel(b)
	if err != nil {
		return nil, errors.New("ce fichier n'est pas un XSD lisible (XML mal formé) : choisissez le fichier .xsd du kit CDC")
	}
	parsed, msg, line, err := parseSchemaQuietly(b)
	if err != nil {
		where := ""
		if line > 0 {
			where = fmt.Sprintf(" ligne %d", line)
		}
		if m := reElement.FindStringSubmatch(strings.TrimSpace(msg)); m != nil {
			where += fmt.Sprintf(", élément « %s »", localName(m[1]))
		}
		return nil, fmt.Errorf("ce XSD est invalide (%s) : la bibliothèque de validation refuse de le lire ; choisissez le fichier .xsd d'origine du kit CDC, sans le modifier", strings.TrimPrefix(where, " "))
	}
	return &Schema{xsd: parsed, model: model, Version: info.Version, Text: b}, nil
}

type xsdInfo struct {
	XMLName xml.Name
	// Attrs are read by hand: a tag "version,attr" would also take
	// jaxb:version="3.0", which the CDC's 1.1.5 kit carries beside its
	// own version="1.1.5".
	Attrs     []xml.Attr `xml:",any,attr"`
	Version   string     `xml:"-"`
	TargetNS  string     `xml:"targetNamespace,attr"`
	Externals []struct {
		XMLName  xml.Name
		Location string `xml:"schemaLocation,attr"`
	} `xml:",any"`
}

func schemaInfo(b []byte) (xsdInfo, error) {
	var info xsdInfo
	g := newInputGuard(maxSchemaSize)
	if err := g.feed(b); err != nil || g.end() != nil {
		if g.nulOffset < 0 && strings.Contains(g.err.Msg, "DTD") {
			return info, errors.New("ce XSD contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité : utilisez le fichier XSD d'origine du kit CDC")
		}
		return info, fmt.Errorf("ce fichier n'est pas un XSD utilisable : %s", g.err.Msg)
	}
	if g.enc != encByte {
		return info, errors.New("ce XSD n'est pas encodé en UTF-8 : utilisez le fichier XSD d'origine du kit CDC")
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&info); err != nil && !errors.Is(err, io.EOF) {
		line, _ := dec.InputPos()
		return info, fmt.Errorf("ce fichier n'est pas un XSD lisible (XML mal formé vers la ligne %d) : choisissez le fichier .xsd du kit CDC", line)
	}
	if info.XMLName.Local != "schema" || info.XMLName.Space != "http://www.w3.org/2001/XMLSchema" {
		return info, errors.New("ce fichier n'est pas un schéma XSD : choisissez le fichier .xsd du kit CDC")
	}
	if info.TargetNS != Namespace {
		return info, fmt.Errorf("ce XSD décrit l'espace de noms %q et non celui des dépôts CDC (%s) : choisissez le bon fichier", info.TargetNS, Namespace)
	}
	for _, e := range info.Externals {
		if e.Location != "" {
			return info, fmt.Errorf("ce XSD fait appel à un autre fichier (%s) : Certidépôt ne charge que des XSD autonomes, sans accès au réseau", e.Location)
		}
	}
	for _, a := range info.Attrs {
		if a.Name.Space == "" && a.Name.Local == "version" {
			info.Version = strings.TrimSpace(a.Value)
		}
	}
	if info.Version == "" {
		info.Version = "inconnue"
	}
	return info, nil
}

// VersionFor returns the dictionary version that governs validation
// rules for a schema version (1.1.5 features from 1.1.5 on).
func VersionFor(schemaVersion string) string {
	if compareVersions(schemaVersion, core.Version115) >= 0 {
		return core.Version115
	}
	return core.Version112
}

// compareVersions compares dotted numeric versions ("1.1.10" > "1.1.5").
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

var builtinModels sync.Map // version → *xsdModel

// builtinModel returns the element declarations of a built-in schema.
func builtinModel(version string) *xsdModel {
	if m, ok := builtinModels.Load(version); ok {
		return m.(*xsdModel)
	}
	b, err := schemas.FS.ReadFile(schemas.File(version))
	if err != nil {
		return nil
	}
	m, err := parseXSDModel(b)
	if err != nil {
		return nil
	}
	builtinModels.Store(version, m)
	return m
}
