package cdc

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// DepositFile is what a deposit file says, read back into dictionary
// values: used to import hand-made files and to prove round trips.
type DepositFile struct {
	IDFlux, Horodatage, Action string
	Emetteur                   string
	Certificateur              core.Certificateur
	Passages                   []ReadPassage
}

// ReadPassage is one passage read from a deposit file.
type ReadPassage struct {
	Certification      core.Certification
	Record             core.Values // passage and holder fields, with idTechnique
	LineStart, LineEnd int
}

// fieldsByPath maps element paths (local names from flux) to fields.
var fieldsByPath = func() map[string]*core.Field {
	m := map[string]*core.Field{}
	for _, f := range core.Fields() {
		if f.XMLName != "" {
			m[f.Path] = f
		}
	}
	return m
}()

// branchOf maps an identification branch element to its choice value.
var branchOf = map[string]string{
	core.BranchTitulaire: core.BranchTitulaire, core.BranchDossier: core.BranchDossier, core.BranchNIR: core.BranchNIR,
}

const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

// ReadDepositFile reads a deposit file (UTF-8, UTF-16 or
// ISO-8859-1/Windows-1252) element by element, children in any order the
// XSD allows. Files with a DTD, or past the input bounds, are refused
// before anything is built from them. xs:boolean, xs:date and xs:int
// values are read into the dictionary's canonical form (true/false,
// AAAA-MM-JJ, plain integers); other values are kept as written, for
// validation to judge.
func ReadDepositFile(path string) (*DepositFile, error) {
	if err := core.CheckInputFile(path, maxReadSize, "bien trop gros pour un fichier de dépôt"); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, core.ReadError(path, err)
	}
	defer f.Close()
	df, err := readDeposit(f)
	if err != nil {
		return nil, fmt.Errorf("%s : %w", path, err)
	}
	return df, nil
}

func readDeposit(r io.Reader) (*DepositFile, error) {
	dec, guardErr, err := newXMLDecoder(r, maxReadSize)
	if err != nil {
		return nil, err
	}
	out := &DepositFile{}
	var (
		stack   []string // local names from the root
		text    strings.Builder
		isNil   bool
		cert    core.Certification
		pending []ReadPassage // passages of the current certification
		cur     *ReadPassage
		result  [3]string // niveau, domaine, compétence of the current resultat
		results []string
	)
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
			return nil, fmt.Errorf("ligne %d : fichier XML illisible (%s) ; vérifiez-le avec « certidepot-cli validate », qui explique chaque erreur", line, goXMLErrorFR(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && t.Name.Local == "rapport" {
				return nil, errors.New("ce fichier est un accusé de traitement de la CDC, pas un fichier de dépôt : lisez-le avec « Accusés » (certidepot-cli import-accuse)")
			}
			if len(stack) == 0 && (t.Name.Local != "flux" || t.Name.Space != Namespace) {
				return nil, fmt.Errorf("ce n'est pas un fichier de dépôt CDC (il commence par la balise « %s », un fichier de dépôt par « flux » de l'espace de noms %s)", t.Name.Local, Namespace)
			}
			stack = append(stack, t.Name.Local)
			text.Reset()
			isNil = false
			for _, a := range t.Attr {
				if a.Name.Space == xsiNS && a.Name.Local == "nil" {
					if v := trimXMLSpace(a.Value); v == "true" || v == "1" {
						isNil = true
					}
				}
			}
			switch t.Name.Local {
			case "certification":
				cert = core.Certification{}
				pending = pending[:0]
			case "passageCertification":
				line, _ := dec.InputPos()
				cur = &ReadPassage{Record: core.Values{}, LineStart: line}
				results = nil
			case "resultat":
				result = [3]string{}
			}
			if b, ok := branchOf[t.Name.Local]; ok && cur != nil {
				cur.Record.Set(core.KeyIdentification, b)
			}
		case xml.CharData:
			if text.Len() < 1<<16 {
				text.Write(t)
			}
		case xml.EndElement:
			path := strings.Join(stack, "/")
			value := text.String()
			name := t.Name.Local
			stack = stack[:len(stack)-1]
			switch {
			case name == "certification":
				// type and code may come after the passages (xsd:all).
				for _, p := range pending {
					p.Certification = cert
					out.Passages = append(out.Passages, p)
				}
				pending = pending[:0]
			case cur != nil && name == "passageCertification":
				if len(results) > 0 {
					cur.Record.Set(core.KeyResultats, strings.Join(results, "; "))
				}
				cur.LineEnd, _ = dec.InputPos()
				pending = append(pending, *cur)
				cur = nil
			case cur != nil && name == "niveau":
				result[0] = canonicalInt(value)
			case cur != nil && name == "domaineCompetenceId":
				result[1] = value
			case cur != nil && name == "competenceId":
				result[2] = value
			case cur != nil && name == "resultat":
				results = append(results, result[1]+"."+result[2]+":"+result[0])
			}
			if path == "flux/action" {
				out.Action = trimXMLSpace(value)
			}
			f := fieldsByPath[path]
			if f == nil {
				continue
			}
			value = canonicalXML(f, value)
			switch f.Scope {
			case core.ScopeFlux:
				switch f.Key {
				case core.KeyIDFlux:
					out.IDFlux = value
				case core.KeyHorodatage:
					out.Horodatage = value
				}
			case core.ScopeEmetteur:
				out.Emetteur = value
			case core.ScopeCertificateur:
				if f.Key == core.KeyCertifID {
					out.Certificateur.IDClient = value
				} else {
					out.Certificateur.Contrat = value
				}
			case core.ScopeCertification:
				switch f.Key {
				case core.KeyCertType:
					cert.Type = value
				case core.KeyCertCode:
					cert.Code = value
				case core.KeyNatureDeposant:
					cert.Nature = value
				}
			default:
				if cur == nil {
					continue
				}
				if isNil {
					cur.Record.SetNil(f.Key)
				} else {
					cur.Record.Set(f.Key, value)
				}
			}
			isNil = false
		}
	}
	if len(out.Passages) == 0 {
		return nil, errors.New("ce fichier ne contient aucun passage de certification")
	}
	return out, nil
}

// canonicalXML turns a value in one of the lexical forms the XSD accepts
// into the dictionary's canonical form: xs:boolean "1"/"0" into
// true/false, surrounding white space of booleans, dates, date-times and
// integers removed (the XSD collapses it), "+07" or "007" into 7. A value
// the XSD would refuse is kept as written.
func canonicalXML(f *core.Field, v string) string {
	switch f.Kind {
	case core.KindBool:
		switch trimXMLSpace(v) {
		case "true", "1":
			return "true"
		case "false", "0":
			return "false"
		}
	case core.KindDate, core.KindDateTime:
		if t := trimXMLSpace(v); t != "" {
			return t
		}
	case core.KindInt:
		return canonicalInt(v)
	}
	return v
}

func canonicalInt(v string) string {
	if n, err := strconv.ParseInt(trimXMLSpace(v), 10, 32); err == nil {
		return strconv.FormatInt(n, 10)
	}
	return v
}

// goXMLErrorFR words a Go XML decoder error in French.
func goXMLErrorFR(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		switch {
		case strings.Contains(se.Msg, "unexpected EOF"):
			return "fin de fichier inattendue : le fichier est incomplet"
		case strings.Contains(se.Msg, "invalid UTF-8"):
			return "caractère mal codé : le fichier n'est pas en UTF-8 comme il l'annonce"
		case strings.Contains(se.Msg, "element <") && strings.Contains(se.Msg, "closed by"):
			return "balise fermée par une autre balise que la sienne"
		case strings.Contains(se.Msg, "illegal character code"):
			return "caractère interdit en XML"
		case strings.Contains(se.Msg, "invalid character entity"):
			return "entité « &…; » inconnue ou « & » isolé (écrivez &amp;)"
		}
		return "XML mal formé"
	}
	return "lecture impossible"
}

// openXML opens an XML file given by the user, after the checks every
// such file gets: exists, bounded size, and a full pass of the input
// guard (no DTD wherever it stands and in whatever encoding, bounded
// depth, attributes and token sizes).
func openXML(path string, max int64, tooBig string) (*os.File, error) {
	if err := core.CheckInputFile(path, max, tooBig); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, core.ReadError(path, err)
	}
	g := newInputGuard(max)
	buf := make([]byte, 256<<10)
	for {
		n, rerr := f.Read(buf)
		if n > 0 && g.feed(buf[:n]) != nil {
			break
		}
		if rerr == io.EOF {
			g.end()
			break
		}
		if rerr != nil {
			f.Close()
			return nil, core.ReadError(path, rerr)
		}
	}
	if g.err != nil {
		f.Close()
		return nil, fmt.Errorf("%s : %w", path, g.err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, core.ReadError(path, err)
	}
	return f, nil
}

// charsetReader accepts the single-byte encodings French files are found
// in; the CDC wants UTF-8, but a hand-made file may declare ISO-8859-1.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "iso-8859-15":
		return &singleByteReader{r: in}, nil
	}
	return nil, fmt.Errorf("encodage %q non pris en charge : enregistrez le fichier en UTF-8", label)
}

// Version returns the format version a deposit file was written in, from
// what it contains: the action element and the NIR branch exist from 1.1.5
// on.
func (df *DepositFile) Version() string {
	if df.Action != "" {
		return core.Version115
	}
	for _, p := range df.Passages {
		if p.Record.Identification() == core.BranchNIR {
			return core.Version115
		}
	}
	return core.Version112
}
