package cdc

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"

	"github.com/certidepot/certidepot/core"
)

// Detection is the format version a deposit file is written for, told
// from its content: the CDC's files carry no version number (the
// namespace is the same in 1.1.2 and 1.1.5), so the elements that only
// 1.1.5 has are the signal.
type Detection struct {
	Version string // core.Version112 or core.Version115
	// Reason says, in French, what the version was told from.
	Reason string
	// Declared is a version named by the file itself (a version number in
	// xsi:schemaLocation or xsi:noNamespaceSchemaLocation), "" if none.
	// When it is set it wins, so that a file declared 1.1.2 that carries
	// 1.1.5 elements is judged by 1.1.2, and refused.
	Declared string
	// Signal is the first 1.1.5 element met ("action",
	// "identifiantNational"), and SignalLine its line; "" if none.
	Signal     string
	SignalLine int
}

// String says the detected format in French, for users.
func (d Detection) String() string {
	return fmt.Sprintf("format détecté : XSD %s (%s)", d.Version, d.Reason)
}

// signals115 are the elements that exist only from 1.1.5 on.
var signals115 = map[string]bool{"action": true, "identifiantNational": true, "nir": true}

var reVersionNumber = regexp.MustCompile(`\b1\.1\.[0-9]+\b`)

// DetectVersionFile tells the format version of a deposit file.
func DetectVersionFile(path string) (Detection, error) {
	if err := core.CheckInputFile(path, maxReadSize, "bien trop gros pour un dépôt (200 Mo au plus)"); err != nil {
		return Detection{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return Detection{}, core.ReadError(path, err)
	}
	defer f.Close()
	// Most files have no 1.1.5 element: a byte search (through the same
	// decoding and guard) tells so without parsing them.
	found, err := mentionsSignals(f)
	if err != nil {
		return Detection{}, err
	}
	if !found {
		return detection(Detection{}), nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Detection{}, core.ReadError(path, err)
	}
	return DetectVersion(f)
}

var signalBytes = [][]byte{[]byte("action"), []byte("identifiantNational"), []byte("chemaLocation")}

// mentionsSignals reports whether the file's text contains the name of a
// 1.1.5 element or a schemaLocation anywhere.
func mentionsSignals(r io.Reader) (bool, error) {
	utf8r, err := decodeToUTF8(r)
	if err != nil {
		return false, err
	}
	gr := &guardedReader{r: utf8r, g: newInputGuard(maxReadSize)}
	const overlap = 32
	buf := make([]byte, overlap+256<<10)
	keep := 0
	for {
		n, err := gr.Read(buf[keep:])
		if hasBytes(buf[:keep+n], signalBytes...) {
			return true, nil
		}
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				return false, ie
			}
			return false, fmt.Errorf("lecture impossible : %w", err)
		}
		if keep+n > overlap {
			copy(buf, buf[keep+n-overlap:keep+n])
			keep = overlap
		} else {
			keep += n
		}
	}
}

// DetectVersion tells the format version of the deposit file r returns:
// 1.1.5 when it has an element only 1.1.5 has (action,
// identifiantNational), else 1.1.2, unless the file names its version in
// xsi:schemaLocation. It reads the file through the same decoding and
// guard as the import (any encoding, no DTD) and stops at the first
// 1.1.5 element.
func DetectVersion(r io.Reader) (Detection, error) {
	dec, guardErr, err := newXMLDecoder(r, maxReadSize)
	if err != nil {
		return Detection{}, err
	}
	d := Detection{}
	depth := 0
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if gerr := guardErr(); gerr != nil {
				return Detection{}, gerr
			}
			// Not well-formed: the validation will say where; the
			// elements read so far decide.
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				for _, a := range t.Attr {
					if a.Name.Local == "schemaLocation" || a.Name.Local == "noNamespaceSchemaLocation" {
						d.Declared = reVersionNumber.FindString(a.Value)
					}
				}
			}
			depth++
			if signals115[t.Name.Local] && d.Signal == "" {
				d.Signal = t.Name.Local
				d.SignalLine, _ = dec.InputPos()
			}
		case xml.EndElement:
			depth--
		}
		if d.Signal != "" {
			break
		}
	}
	return detection(d), nil
}

// detection decides the version from what was found.
func detection(d Detection) Detection {
	switch {
	case d.Declared != "" && d.Signal != "" && VersionFor(d.Declared) != core.Version115:
		d.Version = VersionFor(d.Declared)
		d.Reason = fmt.Sprintf("le fichier se déclare en %s, mais contient la balise %s (ligne %d) qui n'existe qu'en 1.1.5 : il est jugé selon le %s qu'il annonce", d.Declared, d.Signal, d.SignalLine, d.Declared)
	case d.Declared != "":
		d.Version = VersionFor(d.Declared)
		d.Reason = "version " + d.Declared + " déclarée par le fichier (xsi:schemaLocation)"
	case d.Signal != "":
		d.Version = core.Version115
		d.Reason = fmt.Sprintf("balise %s ligne %d, qui n'existe qu'à partir du 1.1.5", d.Signal, d.SignalLine)
	default:
		d.Version = core.Version112
		d.Reason = "aucune balise propre au 1.1.5 (action, identifiantNational)"
	}
	return d
}
