package cdc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/certidepot/certidepot/core"
)

// ValidationError is one problem of a deposit file, in French.
type ValidationError struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Field   string `json:"field"`   // local name of the element concerned ("" when unknown)
	Message string `json:"message"` // French, says what to do
}

// Report is the result of validating a deposit file.
type Report struct {
	Errors []ValidationError
	More   int // errors found beyond MaxErrors, not listed
}

// Valid reports whether the file passed.
func (r *Report) Valid() bool { return len(r.Errors) == 0 && r.More == 0 }

// MaxErrors bounds the errors kept per file (the CDC lists about 100).
const MaxErrors = 1000

// MaxFileSize is the CDC's limit for one deposit file, "200 Mo", taken
// in decimal megabytes to be on the safe side.
const MaxFileSize = 200_000_000

// maxReadSize bounds what Certidépôt agrees to read: well past the CDC's
// limit, so an oversized file can still be diagnosed, but not absurd.
const maxReadSize = 4 << 30

// ValidateFile validates a deposit file against the schema while reading
// it. The error is for files that cannot be read at all (missing,
// unreadable, hostile); problems of the file itself are in the report.
func (s *Schema) ValidateFile(path string) (*Report, error) {
	if err := core.CheckInputFile(path, maxReadSize, "bien trop gros pour un dépôt (200 Mo au plus)"); err != nil {
		return nil, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkProlog(path); err != nil {
		return nil, err
	}
	raw, more, _ := validateFile(s.xsd.Pointer(), path, MaxErrors)
	rep := &Report{More: more}
	fatal := false
	for _, e := range raw {
		if e.Level < xmlLevelError {
			continue
		}
		if fatal && e.Domain != xmlDomainParser {
			continue // after a syntax error, schema errors are only echoes
		}
		if e.Domain == xmlDomainParser && e.Level == xmlLevelFatal {
			fatal = true
		}
		field, msg := translate(e)
		rep.Errors = append(rep.Errors, ValidationError{Line: e.Line, Column: e.Column, Field: field, Message: msg})
	}
	if fatal {
		rep.More = 0
	}
	if st.Size() > MaxFileSize {
		rep.Errors = append(rep.Errors, ValidationError{Message: fmt.Sprintf(
			"le fichier fait %d Mo, au-delà des 200 Mo acceptés par la CDC : répartissez les passages sur plusieurs fichiers.", st.Size()/1_000_000)})
	}
	return rep, nil
}

// checkProlog refuses files declaring a DTD: deposits never have one, and
// a DTD is how entity bombs and external entities get in.
func checkProlog(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("impossible de lire %s : %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(bufio.NewReader(f), head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("impossible de lire %s : %w", path, err)
	}
	head = head[:n]
	// The prolog ends at the first element; look for a DOCTYPE before it.
	end := len(head)
	for i := 0; i+1 < len(head); i++ {
		if head[i] == '<' && head[i+1] != '?' && head[i+1] != '!' {
			end = i
			break
		}
	}
	if bytes.Contains(bytes.ToUpper(head[:end]), []byte("<!DOCTYPE")) {
		return errors.New("ce fichier déclare une DTD (<!DOCTYPE …>), ce qu'un fichier de dépôt ne fait jamais : refusé par sécurité, rien n'a été lu")
	}
	return nil
}
