package cdc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// ExportOptions tune an export.
type ExportOptions struct {
	Out         string // path of the first file; the next ones get _2, _3… before the extension
	MaxBytes    int64  // split past this size (default: the CDC's 200 MB)
	MaxPassages int    // split past this many passages (0: no limit)
	Now         func() time.Time
	// Only, when set, limits the export to these ready passages
	// (idTechnique), e.g. those selected in the window.
	Only map[string]bool
}

// ExportedFile is one deposit file written and recorded.
type ExportedFile struct {
	Path       string `json:"path"`
	IDFlux     string `json:"idFlux"`
	Passages   int    `json:"passages"`
	Size       int64  `json:"size"`
	SHA256     string `json:"sha256"`
	XSDVersion string `json:"xsdVersion"`
}

// PassageError is a validation error of an exported file, attached to the
// passage and field it concerns.
type PassageError struct {
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	IDTechnique string `json:"idTechnique"`
	Holder      string `json:"holder"`
	Field       string `json:"field"` // dictionary key when known, else the element's local name
	Message     string `json:"message"`
}

// ExportResult says what an export did.
type ExportResult struct {
	Files    []ExportedFile `json:"files"`
	Exported int            `json:"exported"`
	// HeldBack counts the passages not exported, by status: a_completer
	// (errors to fix), depose (awaiting an accusé), accepte (already
	// accepted), rejete (to correct, or to mark for sending again).
	HeldBack map[core.Status]int `json:"heldBack"`
	Errors   []PassageError      `json:"errors"`
}

// ErrInvalidExport is returned when the files written did not pass the
// XSD: nothing was kept and nothing changed in the dossier.
var ErrInvalidExport = errors.New("les fichiers produits ne sont pas valides au regard du XSD : rien n'a été enregistré")

// pendingFile is a deposit file being written.
type pendingFile struct {
	final, tmp string
	f          *os.File
	hash       io.Writer
	sum        func() string
	w          *Writer
	header     Header
	certID     int64
	spans      []store.Span
	holders    []string // holder name per span, for error messages
}

// Export writes the dossier's ready passages into deposit files (one
// certificateur per file, split by size and count), validates each file
// with the dossier's XSD, and only then records the deposits and moves the
// passages to "depose" — all in one transaction. When validation fails,
// the files are deleted and the errors are returned, mapped to passages.
func Export(ctx context.Context, db *store.DB, opt ExportOptions) (*ExportResult, error) {
	if opt.Out == "" {
		return nil, errors.New("indiquez le fichier à créer (par exemple -o depot.xml)")
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = MaxFileSize
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if _, err := db.Backup("avant-export"); err != nil {
		return nil, err
	}
	res := &ExportResult{HeldBack: map[core.Status]int{}, Errors: []PassageError{}, Files: []ExportedFile{}}
	var files []*pendingFile
	cleanup := func() {
		for _, pf := range files {
			if pf.f != nil {
				pf.f.Close()
			}
			os.Remove(pf.tmp)
		}
	}
	err := db.Update(ctx, func(tx *store.Tx) error {
		schema, version, err := DossierSchema(tx)
		if err != nil {
			return err
		}
		defer schema.Close()
		emetteur, err := tx.Emetteur()
		if err != nil {
			return err
		}
		certificateurs, err := tx.Certificateurs()
		if err != nil {
			return err
		}
		certs, err := tx.Certifications()
		if err != nil {
			return err
		}
		counts, err := tx.Counts()
		if err != nil {
			return err
		}
		for s, n := range counts {
			if s != core.StatusPret && n > 0 {
				res.HeldBack[s] = n
			}
		}
		now := opt.Now()
		var buf []byte
		for _, c := range certificateurs {
			var cur *pendingFile
			err := tx.EachReady(c.ID, func(p *core.Passage) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				if opt.Only != nil && !opt.Only[p.IDTechnique] {
					return nil
				}
				cert := certs[p.CertificationID]
				buf = RenderPassage(buf[:0], p.Record(cert))
				if cur != nil && (cur.w.Size()+int64(len(buf))+1+cur.w.ClosingSize() > opt.MaxBytes ||
					opt.MaxPassages > 0 && len(cur.spans) >= opt.MaxPassages) {
					if err := cur.finish(); err != nil {
						return err
					}
					cur = nil
				}
				if cur == nil {
					h := Header{IDFlux: core.NewIDTechnique(), Horodatage: Horodatage(now), Version: version, Emetteur: emetteur, Certificateur: c}
					cur, err = newPendingFile(numbered(opt.Out, len(files)+1), h, c.ID)
					if err != nil {
						return err
					}
					files = append(files, cur)
				}
				line, err := cur.w.WritePassage(cert, buf)
				if err != nil {
					return fmt.Errorf("écriture de %s impossible : %w", cur.final, err)
				}
				cur.spans = append(cur.spans, store.Span{PassageID: p.ID, IDTechnique: p.IDTechnique, LineStart: line, LineEnd: line})
				cur.holders = append(cur.holders, core.HolderName(p.Holder))
				return nil
			})
			if err != nil {
				return err
			}
			if cur != nil {
				if err := cur.finish(); err != nil {
					return err
				}
			}
		}
		// Validate everything before keeping anything.
		for _, pf := range files {
			rep, err := schema.ValidateFile(pf.tmp)
			if err != nil {
				return err
			}
			res.Errors = append(res.Errors, pf.mapErrors(rep)...)
		}
		if len(res.Errors) > 0 {
			return ErrInvalidExport
		}
		for _, pf := range files {
			st, err := os.Stat(pf.tmp)
			if err != nil {
				return err
			}
			d := store.Deposit{IDFlux: pf.header.IDFlux, Horodatage: pf.header.Horodatage, CertificateurID: pf.certID,
				XSDVersion: schema.Version, FileName: filepath.Base(pf.final), FilePath: pf.final, SHA256: pf.sum(), Size: st.Size()}
			if err := tx.RecordDeposit(&d, pf.spans); err != nil {
				return err
			}
			res.Files = append(res.Files, ExportedFile{Path: pf.final, IDFlux: d.IDFlux, Passages: d.Passages, Size: d.Size,
				SHA256: d.SHA256, XSDVersion: d.XSDVersion})
			res.Exported += d.Passages
		}
		// Files get their final names last; the transaction commits next.
		for i, pf := range files {
			if err := os.Rename(pf.tmp, pf.final); err != nil {
				for _, done := range files[:i] {
					os.Remove(done.final)
				}
				return fmt.Errorf("impossible de nommer le fichier %s : %w", pf.final, err)
			}
		}
		return nil
	})
	if err != nil {
		cleanup()
		if errors.Is(err, ErrInvalidExport) {
			res.Files, res.Exported = []ExportedFile{}, 0
			return res, err
		}
		// The renames may have happened before a failed commit.
		for _, f := range res.Files {
			os.Remove(f.Path)
		}
		return nil, err
	}
	return res, nil
}

// DossierSchema returns the schema the dossier validates with: the XSD
// loaded from a CDC kit if any, else Certidépôt's own one for the targeted
// version. The second value is the version that governs the writer.
func DossierSchema(tx *store.Tx) (*Schema, string, error) {
	loaded, err := tx.XSD()
	if err != nil {
		return nil, "", err
	}
	if loaded != nil {
		s, err := ParseSchema(loaded.Content)
		if err != nil {
			return nil, "", fmt.Errorf("le XSD chargé dans ce dossier (%s) est illisible : %w", loaded.FileName, err)
		}
		return s, s.Version, nil
	}
	v, err := tx.Version()
	if err != nil {
		return nil, "", err
	}
	s, err := BuiltinSchema(v)
	return s, v, err
}

// Horodatage formats t as the CDC wants it: no "Z", no fraction.
func Horodatage(t time.Time) string { return t.Format("2006-01-02T15:04:05-07:00") }

// numbered returns the path of the n-th file: out, then out_2, out_3…
func numbered(out string, n int) string {
	if n == 1 {
		return out
	}
	ext := filepath.Ext(out)
	return fmt.Sprintf("%s_%d%s", strings.TrimSuffix(out, ext), n, ext)
}

func newPendingFile(final string, h Header, certID int64) (*pendingFile, error) {
	if _, err := os.Stat(final); err == nil {
		return nil, fmt.Errorf("le fichier %s existe déjà : choisissez un autre nom (un fichier déjà déposé ne doit pas être écrasé)", final)
	}
	f, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("impossible de créer %s : %w", final, err)
	}
	hash := sha256.New()
	pf := &pendingFile{final: final, tmp: f.Name(), f: f, hash: hash, header: h, certID: certID,
		sum: func() string { return hex.EncodeToString(hash.Sum(nil)) }}
	pf.w = NewWriter(io.MultiWriter(f, hash), h)
	return pf, nil
}

func (pf *pendingFile) finish() error {
	err := pf.w.Close()
	if err == nil {
		err = pf.f.Sync()
	}
	if cerr := pf.f.Close(); err == nil {
		err = cerr
	}
	pf.f = nil
	if err != nil {
		return fmt.Errorf("écriture de %s impossible : %w", pf.final, err)
	}
	return nil
}

// mapErrors attaches each validation error to the passage on its line.
func (pf *pendingFile) mapErrors(rep *Report) []PassageError {
	var out []PassageError
	for _, e := range rep.Errors {
		pe := PassageError{File: pf.final, Line: e.Line, Column: e.Column, Field: e.Field, Message: e.Message}
		if i := spanAt(pf.spans, e.Line); i >= 0 {
			pe.IDTechnique, pe.Holder = pf.spans[i].IDTechnique, pf.holders[i]
			if f := passageFieldByXMLName(e.Field); f != nil {
				pe.Field = f.Key
			}
		}
		out = append(out, pe)
	}
	if rep.More > 0 {
		out = append(out, PassageError{File: pf.final, Message: fmt.Sprintf("… et %d autre(s) erreur(s) dans ce fichier.", rep.More)})
	}
	return out
}

// spanAt finds the span holding line (spans are sorted by line).
func spanAt(spans []store.Span, line int) int {
	lo, hi := 0, len(spans)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case line < spans[m].LineStart:
			hi = m
		case line > spans[m].LineEnd:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}

func passageFieldByXMLName(name string) *core.Field {
	if name == "" {
		return nil
	}
	for _, f := range core.Fields() {
		if f.XMLName == name && (f.Scope == core.ScopePassage || f.Scope == core.ScopeHolder) {
			return f
		}
	}
	return nil
}
