package cdc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

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
	// Untranslated counts messages of libxml2 that Certidépôt has no
	// French wording for: they are shown inside a French sentence.
	Untranslated int `json:"-"`
}

// Valid reports whether the file passed.
func (r *Report) Valid() bool { return len(r.Errors) == 0 && r.More == 0 }

// MaxErrors bounds the errors kept per file (the CDC lists about 100).
const MaxErrors = 1000

// MaxFileSize is the CDC's limit for one deposit file, "200 Mo", taken
// in decimal megabytes to be on the safe side.
const MaxFileSize = 200_000_000

// maxReadSize bounds what Certidépôt agrees to validate: well past the
// CDC's limit, so an oversized file can still be diagnosed, but not absurd.
const maxReadSize = 1 << 30

// MaxValidationTime stops a validation that runs longer (a 200 MB deposit
// takes a few seconds).
var MaxValidationTime = 5 * time.Minute

// ErrValidationTimeLimit is returned (wrapped, in French) when a
// validation ran past MaxValidationTime.
var ErrValidationTimeLimit = errors.New("durée maximale de vérification dépassée")

// ValidateFile validates a deposit file against the schema while reading
// it. The error is for files that cannot be read at all (missing,
// unreadable, hostile); problems of the file itself are in the report.
func (s *Schema) ValidateFile(path string) (*Report, error) {
	return s.ValidateFileContext(context.Background(), path)
}

// ValidateFileContext is ValidateFile, stopped when ctx is done.
func (s *Schema) ValidateFileContext(ctx context.Context, path string) (*Report, error) {
	if err := core.CheckInputFile(path, maxReadSize, "bien trop gros pour un dépôt (200 Mo au plus)"); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, core.ReadError(path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, core.ReadError(path, err)
	}
	rep, err := s.ValidateReader(ctx, f)
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxFileSize {
		rep.Errors = append(rep.Errors, ValidationError{Message: fmt.Sprintf(
			"le fichier fait %d Mo, au-delà des 200 Mo acceptés par la CDC : répartissez les passages sur plusieurs fichiers.", st.Size()/1_000_000)})
	}
	return rep, nil
}

// ValidateReader validates the deposit file that r returns, while it is
// read (libxml2's streaming validation: memory does not grow with the
// file). It can run while the file is being written, r being the read end
// of a pipe. It stops when ctx is done or after MaxValidationTime, with a
// French error; a file declaring a DTD or past the input bounds is refused
// with an *InputError. Several validations may run at once.
//
// To validate a file while writing it, write through
// io.MultiWriter(file, pw) with pr, pw := io.Pipe(), call ValidateReader
// with pr on another goroutine, close pw (CloseWithError) when writing
// ends, and close pr once ValidateReader returns: a validation refused or
// cancelled early stops reading, and closing pr unblocks the writer.
func (s *Schema) ValidateReader(ctx context.Context, r io.Reader) (*Report, error) {
	if s == nil || s.xsd == nil {
		return nil, errors.New("schéma XSD non chargé")
	}
	if err := ctx.Err(); err != nil {
		return nil, cancelled(err)
	}
	in := newPrefetcher(r, newInputGuard(maxReadSize))
	defer in.Close()
	run := &streamRun{in: in, limit: MaxErrors}
	cancel := make(chan struct{})
	timer := time.NewTimer(MaxValidationTime)
	defer timer.Stop()
	var timedOut atomic.Bool
	stopOnce := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-timer.C:
			timedOut.Store(true)
		case <-stopOnce:
			return
		}
		close(cancel)
	}()
	dtdLine, rc := validateStream(s.xsd.Pointer(), run, cancel)
	close(stopOnce)
	switch {
	case dtdLine > 0:
		return nil, &InputError{Line: dtdLine, Msg: "ce fichier déclare une DTD (<!DOCTYPE …>), ce qu'un fichier de dépôt ne fait jamais : refusé par sécurité, rien n'a été lu. Refaites l'export depuis votre logiciel, ou retirez cette déclaration."}
	case run.stopped.Load() && timedOut.Load():
		return nil, fmt.Errorf("vérification arrêtée au bout de %s : le fichier ou le XSD demande bien trop de calcul (un XSD chargé d'ailleurs que du kit CDC ?) : %w", MaxValidationTime, ErrValidationTimeLimit)
	case run.stopped.Load():
		return nil, cancelled(ctx.Err())
	case run.guardErr != nil && run.guardErr.damaged:
		// A NUL character is a fault of the file, not a threat: report it.
		return &Report{Errors: []ValidationError{{Line: run.guardErr.Line, Message: run.guardErr.Msg}}}, nil
	case run.guardErr != nil:
		return nil, run.guardErr
	case run.readErr != nil:
		return nil, fmt.Errorf("lecture du fichier interrompue : %w", run.readErr)
	}
	rep := s.report(run)
	if rc != 0 && rep.Valid() {
		// libxml2 failed without saying why: never call such a file valid.
		rep.Errors = append(rep.Errors, ValidationError{Message: fmt.Sprintf(
			"la vérification n'a pas pu aller au bout (code %d de la bibliothèque de validation) : le fichier n'est pas reconnu valide ; vérifiez-le avec le XSD d'origine du kit CDC.", rc)})
	}
	return rep, nil
}

func cancelled(err error) error {
	return fmt.Errorf("vérification annulée : %w", err)
}

// report turns libxml2's errors into French ones.
func (s *Schema) report(run *streamRun) *Report {
	rep := &Report{More: run.more}
	fatal := false
	tr := translator{model: s.model, enc: run.in.enc}
	for _, e := range run.errs {
		if e.Level < xmlLevelError {
			continue
		}
		if fatal && e.Domain == xmlDomainSchemaV {
			continue // after a syntax error, schema errors are only echoes
		}
		if e.Domain != xmlDomainSchemaV && e.Level == xmlLevelFatal {
			fatal = true
		}
		ve, known := tr.translate(e)
		if !known {
			rep.Untranslated++
		}
		if n := len(rep.Errors); n > 0 && rep.Errors[n-1] == ve {
			continue // libxml2 repeats some errors word for word
		}
		rep.Errors = append(rep.Errors, ve)
	}
	if fatal {
		rep.More = 0
	}
	return rep
}
