package cdc

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// Accuse is an accusé de traitement returned by the CDC for a deposit.
type Accuse struct {
	NomFichier   string
	IDFlux       string
	IDTraitement string // spelled idTraitement or idDemande
	// Variant A: the whole file was refused at the XSD stage.
	Errors []AccuseError
	// Variant B: after nirisation, passages accepted and rejected.
	OK []string
	KO []AccuseKO
}

// Refused reports whether the CDC refused the whole file (variant A).
func (a *Accuse) Refused() bool { return len(a.Errors) > 0 }

// IDs returns every idTechnique the accusé answers for.
func (a *Accuse) IDs() []string {
	ids := make([]string, 0, len(a.OK)+len(a.KO))
	ids = append(ids, a.OK...)
	for _, k := range a.KO {
		ids = append(ids, k.IDTechnique)
	}
	return ids
}

// AccuseError is one structural error of a refused file.
type AccuseError struct {
	Type    string
	Message string // the CDC's raw message (French Xerces wording)
	Line    int
	Column  int
}

// AccuseKO is one rejected passage, with its message(s).
type AccuseKO struct {
	IDTechnique string
	Messages    []string
}

// Limits on an accusé: the largest real one lists 200,000 ids (about
// 10 MB); anything far bigger or deeper is not an accusé.
const (
	maxAccuseSize  = 256 << 20
	maxAccuseDepth = 16
	maxAccuseText  = 64 << 10
)

// ReadAccuseFile reads an accusé de traitement. It matches elements on
// their local names, tolerates any order, whitespace, a namespace or none,
// and missing or empty sections; it refuses DTDs, oversized files and
// anything that is not a rapport.
func ReadAccuseFile(path string) (*Accuse, error) {
	f, err := openXML(path, maxAccuseSize, "ce n'est pas un accusé de traitement (quelques Mo au plus)")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := ReadAccuse(f)
	if err != nil {
		return nil, fmt.Errorf("%s : %w", path, err)
	}
	return a, nil
}

// ReadAccuse reads an accusé from r (see ReadAccuseFile).
func ReadAccuse(r io.Reader) (*Accuse, error) {
	// Decoded to UTF-8 whatever its encoding (UTF-16 included), through the
	// guard every file read goes through (no DTD, bounded sizes).
	dec, guardErr, err := newXMLDecoder(r, maxAccuseSize)
	if err != nil {
		return nil, err
	}
	dec.Strict = true
	a := &Accuse{}
	var (
		stack []string
		text  strings.Builder
		ko    *AccuseKO
		er    *AccuseError
	)
	seenRoot := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if gerr := guardErr(); gerr != nil {
				return nil, gerr
			}
			line, _ := dec.InputPos()
			what := core.XMLSyntaxText(err)
			if what == "" {
				what = fmt.Sprintf("ligne %d : %s", line, core.SystemMessage(err))
			}
			return nil, fmt.Errorf("ce n'est pas un accusé de traitement lisible (%s) : téléchargez-le à nouveau depuis l'espace de la CDC, sans l'ouvrir ni le modifier", what)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, errors.New("déclaration DTD ou entité refusée par sécurité : un accusé de la CDC n'en contient jamais")
		case xml.StartElement:
			name := t.Name.Local
			if len(stack) == 0 {
				if !seenRoot && name == "flux" && t.Name.Space == Namespace {
					return nil, errors.New("ce fichier est un fichier de dépôt (celui que vous avez envoyé à la CDC), pas son accusé de traitement : choisissez le fichier que la CDC a renvoyé après le dépôt (« Accusé de traitement », téléchargé depuis son espace)")
				}
				if seenRoot || name != "rapport" {
					return nil, fmt.Errorf("ce fichier n'est pas un accusé de traitement de la CDC (il commence par la balise « %s », un accusé par « rapport ») : choisissez le fichier que la CDC a renvoyé après le dépôt", name)
				}
				seenRoot = true
			}
			if len(stack) >= maxAccuseDepth {
				return nil, errors.New("structure trop profonde : ce n'est pas un accusé de traitement")
			}
			stack = append(stack, name)
			text.Reset()
			switch {
			case name == "passage" && parentIs(stack, "PassagesKO"):
				ko = &AccuseKO{}
			case name == "erreur" && parentIs(stack, "erreurs"):
				er = &AccuseError{}
			}
		case xml.CharData:
			if text.Len()+len(t) > maxAccuseText {
				return nil, errors.New("valeur démesurée : ce n'est pas un accusé de traitement")
			}
			text.Write(t)
		case xml.EndElement:
			name := t.Name.Local
			value := strings.TrimSpace(text.String())
			text.Reset()
			parent := ""
			if len(stack) >= 2 {
				parent = stack[len(stack)-2]
			}
			stack = stack[:len(stack)-1]
			switch {
			case parent == "rapport" && name == "nomFichier":
				a.NomFichier = value
			case parent == "rapport" && name == "idFlux":
				a.IDFlux = value
			case parent == "rapport" && (name == "idTraitement" || name == "idDemande"):
				a.IDTraitement = value
			case parent == "PassagesOK" && name == "idTechnique":
				if value != "" {
					a.OK = append(a.OK, value)
				}
			case ko != nil && parent == "passage" && name == "idTechnique":
				ko.IDTechnique = value
			case ko != nil && parent == "passage" && name == "messageErreur":
				if value != "" {
					ko.Messages = append(ko.Messages, strings.Join(strings.Fields(value), " "))
				}
			case ko != nil && name == "passage":
				if ko.IDTechnique != "" {
					a.KO = append(a.KO, *ko)
				}
				ko = nil
			case er != nil && parent == "erreur":
				switch name {
				case "type":
					er.Type = value
				case "message":
					er.Message = strings.Join(strings.Fields(value), " ")
				case "ligne":
					er.Line, _ = strconv.Atoi(value)
				case "colonne":
					er.Column, _ = strconv.Atoi(value)
				}
			case er != nil && name == "erreur":
				a.Errors = append(a.Errors, *er)
				er = nil
			}
		}
	}
	if !seenRoot {
		return nil, errors.New("fichier vide ou sans élément « rapport » : ce n'est pas un accusé de traitement")
	}
	return a, nil
}

func parentIs(stack []string, name string) bool {
	return len(stack) >= 2 && stack[len(stack)-2] == name
}
