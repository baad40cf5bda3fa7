package cdc

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
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

// ReadDepositFile reads a deposit file (UTF-8 or ISO-8859-1/Windows-1252)
// element by element. Files with a DTD are refused; values are kept as
// written, for validation to judge.
func ReadDepositFile(path string) (*DepositFile, error) {
	f, err := openXML(path, maxReadSize, "bien trop gros pour un fichier de dépôt")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	dec.CharsetReader = charsetReader
	out := &DepositFile{}
	var (
		stack   []string // local names from the root
		text    strings.Builder
		isNil   bool
		cert    core.Certification
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
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("%s, ligne %d : fichier XML illisible (%v) ; vérifiez-le avec « certidepot-cli validate »", path, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && (t.Name.Local != "flux" || t.Name.Space != Namespace) {
				return nil, fmt.Errorf("%s n'est pas un fichier de dépôt CDC (élément racine %s, espace de noms %q)", path, t.Name.Local, t.Name.Space)
			}
			stack = append(stack, t.Name.Local)
			text.Reset()
			isNil = false
			for _, a := range t.Attr {
				if a.Name.Space == xsiNS && a.Name.Local == "nil" && (a.Value == "true" || a.Value == "1") {
					isNil = true
				}
			}
			switch t.Name.Local {
			case "certification":
				cert = core.Certification{}
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
			case cur != nil && name == "passageCertification":
				cur.Certification = cert
				if len(results) > 0 {
					cur.Record.Set(core.KeyResultats, strings.Join(results, "; "))
				}
				cur.LineEnd, _ = dec.InputPos()
				out.Passages = append(out.Passages, *cur)
				cur = nil
			case cur != nil && name == "niveau":
				result[0] = value
			case cur != nil && name == "domaineCompetenceId":
				result[1] = value
			case cur != nil && name == "competenceId":
				result[2] = value
			case cur != nil && name == "resultat":
				results = append(results, result[1]+"."+result[2]+":"+result[0])
			}
			f := fieldsByPath[path]
			if f == nil {
				continue
			}
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
			if path == "flux/action" {
				out.Action = value
			}
			isNil = false
		}
	}
	if len(out.Passages) == 0 {
		return nil, fmt.Errorf("%s ne contient aucun passage de certification", path)
	}
	return out, nil
}

// openXML opens an XML file given by the user, after the checks every
// such file gets: exists, bounded size, no DTD.
func openXML(path string, max int64, tooBig string) (*os.File, error) {
	if err := core.CheckInputFile(path, max, tooBig); err != nil {
		return nil, err
	}
	if err := checkProlog(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("impossible de lire %s : %w", path, err)
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
			s.out = fmt.Appendf(s.out, "%c", r)
		}
		if err != nil && len(s.out) == 0 {
			return 0, err
		}
	}
	n := copy(p, s.out)
	s.out = s.out[n:]
	return n, nil
}

// Version returns the format version a deposit file was written in, from
// what it contains: the action element exists from 1.1.5 on.
func (df *DepositFile) Version() string {
	if df.Action != "" {
		return core.Version115
	}
	return core.Version112
}
