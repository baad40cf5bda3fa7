package dossier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/fault"
	"github.com/certidepot/certidepot/core/store"
)

// ExportOptions tune an export.
type ExportOptions struct {
	Out         string // path of the first file; the next ones get _2, _3… before the extension
	MaxBytes    int64  // split past this size (default: the CDC's 200 MB)
	MaxPassages int    // split past this many passages (0: no limit)
	// Only, when set, limits the export to these ready passages
	// (idTechnique), e.g. those selected in the window.
	Only map[string]bool
	// Progress is called now and then with the passages written and
	// their total.
	Progress func(done, total int)
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

// ExportResult says what an export did. Its JSON is the export command's
// public output.
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

// Export writes the dossier's ready passages into deposit files (one
// certificateur per file, split by size and count), validates each file
// with the dossier's XSD, and only then records the deposits and moves the
// passages to "depose".
//
// A file exists at its final path if and only if its deposit is recorded,
// whatever the moment the process stops: the files are written in a
// private folder recorded beforehand; the deposits are recorded with the
// files' temporary paths; the files are then moved in place and the
// deposits marked so. The next opening of the dossier finishes a deposit
// recorded but not moved, and removes what an export left before
// recording anything (see recoverExports).
func (d *Dossier) Export(ctx context.Context, opt ExportOptions) (*ExportResult, error) {
	if strings.TrimSpace(opt.Out) == "" {
		return nil, errors.New("indiquez le fichier à créer (par exemple -o depot.xml)")
	}
	b := batch{action: core.ActionCreation, render: cdc.RenderPassage,
		each: func(tx *store.Tx, certificateurID int64, fn func(*core.Passage) error) error {
			return tx.EachReady(certificateurID, func(p *core.Passage) error {
				if opt.Only != nil && !opt.Only[p.IDTechnique] {
					return nil
				}
				return fn(p)
			})
		}}
	var res *ExportResult
	err := d.run(opExport, func() error {
		var err error
		res, err = d.deposit(ctx, opt, b, func(tx *store.Tx, res *ExportResult) (int, error) {
			counts, err := tx.Counts()
			if err != nil {
				return 0, err
			}
			for s, n := range counts {
				if s != core.StatusPret && n > 0 {
					res.HeldBack[s] = n
				}
			}
			if opt.Only != nil {
				return min(counts[core.StatusPret], len(opt.Only)), nil
			}
			return counts[core.StatusPret], nil
		})
		return err
	})
	return res, err
}

// batch is what a deposit sends: which passages, and how each is written.
type batch struct {
	action string // core.ActionCreation or core.ActionSuppression
	each   func(tx *store.Tx, certificateurID int64, fn func(*core.Passage) error) error
	render func([]byte, core.Values) []byte
}

// deposit writes, validates and records the deposit files of a batch;
// count says how many passages it will send (0: nothing to do).
func (d *Dossier) deposit(ctx context.Context, opt ExportOptions, b batch, count func(*store.Tx, *ExportResult) (int, error)) (*ExportResult, error) {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = cdc.MaxFileSize
	}
	res := &ExportResult{HeldBack: map[core.Status]int{}, Errors: []PassageError{}, Files: []ExportedFile{}}
	ready := 0
	err := d.view(ctx, func(tx *store.Tx) (err error) { ready, err = count(tx, res); return err })
	if err != nil {
		return nil, err
	}
	if ready == 0 {
		return res, nil // nothing to do: no file, no backup
	}
	dir := filepath.Dir(opt.Out)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("le dossier %s n'existe pas : choisissez où enregistrer le fichier de dépôt", dir)
	}
	if _, err := os.Stat(opt.Out); err == nil {
		return nil, fmt.Errorf("le fichier %s existe déjà : choisissez un autre nom (un fichier déjà déposé ne doit pas être écrasé)", opt.Out)
	}

	// The private folder is recorded before it exists: a process stopped
	// from now on leaves nothing the next opening cannot find.
	tmpDir := filepath.Join(dir, ".certidepot-depot-"+core.NewIDTechnique()[:8])
	var intent int64
	if err := d.db.Update(ctx, func(tx *store.Tx) (err error) { intent, err = tx.AddIntent(tmpDir); return err }); err != nil {
		return nil, err
	}
	fault.At("export.intent")
	if err := os.Mkdir(tmpDir, 0o700); err != nil {
		d.dropIntent(intent, tmpDir)
		return nil, fmt.Errorf("impossible d'écrire dans %s : %s", dir, core.SystemMessage(err))
	}
	var files []*pendingFile
	var recorded []store.Deposit
	reason := "avant-export"
	if b.action == core.ActionSuppression {
		reason = "avant-retrait"
	}
	var backup *aside
	err = d.db.Update(ctx, func(tx *store.Tx) error {
		// The state before the deposit is saved while the files are
		// written: this transaction holds the write lock, and the backup
		// reads the last committed state.
		backup = d.backupAside(reason)
		schema, version, err := dossierSchema(tx)
		if err != nil {
			return err
		}
		defer schema.Close()
		// Each file is validated as it is written, on another core.
		files, err = d.writeFiles(ctx, tx, opt, b, tmpDir, ready, schema, version)
		if err != nil {
			return err
		}
		fault.At("export.file-written")
		for _, pf := range files {
			if pf.verr != nil {
				return pf.verr
			}
			res.Errors = append(res.Errors, pf.mapErrors(pf.rep)...)
		}
		if len(res.Errors) > 0 {
			return ErrInvalidExport
		}
		if err := backup.wait(); err != nil {
			return err
		}
		for _, pf := range files {
			recorded = append(recorded, *pf.dep)
		}
		fault.At("export.before-commit")
		return nil
	})
	if err != nil {
		if backup != nil {
			backup.discard()
		}
		d.dropIntent(intent, tmpDir)
		if errors.Is(err, ErrInvalidExport) {
			return res, err
		}
		if errors.Is(err, context.Canceled) {
			return nil, errors.New("dépôt annulé : aucun fichier n'a été gardé, rien n'a changé dans le dossier")
		}
		return nil, err
	}
	// Recorded: from here on, a stop is finished by the next opening.
	fault.At("export.recorded")
	for i, dep := range recorded {
		if err := d.placeFile(ctx, dep); err != nil {
			return nil, err
		}
		res.Files = append(res.Files, ExportedFile{Path: dep.FilePath, IDFlux: dep.IDFlux, Passages: dep.Passages, Size: dep.Size,
			SHA256: dep.SHA256, XSDVersion: dep.XSDVersion})
		res.Exported += len(files[i].spans)
	}
	d.dropIntent(intent, tmpDir)
	fault.At("export.after-commit")
	return res, nil
}

// writeFiles writes the batch's passages into deposit files in tmpDir,
// and records each file's deposit in tx as it goes. Three things overlap
// on the two cores: reading (another connection, see readAhead), writing
// and recording (here), validating (see newPendingFile).
func (d *Dossier) writeFiles(ctx context.Context, tx *store.Tx, opt ExportOptions, b batch, tmpDir string, total int, schema *cdc.Schema, version string) ([]*pendingFile, error) {
	emetteur, err := tx.Emetteur()
	if err != nil {
		return nil, err
	}
	certificateurs, err := tx.Certificateurs()
	if err != nil {
		return nil, err
	}
	certs, err := tx.Certifications()
	if err != nil {
		return nil, err
	}
	readCtx, stopReading := context.WithCancel(ctx)
	pages, readErr := d.readAhead(readCtx, b, certificateurs)
	fail := func(files []*pendingFile, err error) ([]*pendingFile, error) {
		stopReading()
		for range pages {
		}
		<-readErr
		closeAll(files)
		return nil, err
	}
	defer stopReading()
	now := d.Now()
	var files []*pendingFile
	var cur *pendingFile
	var buf []byte
	done, curCert := 0, -1
	for pg := range pages {
		if pg.cert != curCert { // one certificateur per file
			if cur != nil {
				if err := cur.finish(tx); err != nil {
					return fail(files, err)
				}
				cur = nil
			}
			curCert = pg.cert
		}
		if err := ctx.Err(); err != nil {
			return fail(files, err)
		}
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
		c := certificateurs[pg.cert]
		for i := range pg.ps {
			p := &pg.ps[i]
			done++
			cert := certs[p.CertificationID]
			buf = b.render(buf[:0], p.Record(cert))
			if cur != nil && (cur.w.Size()+int64(len(buf))+1+cur.w.ClosingSize() > opt.MaxBytes ||
				opt.MaxPassages > 0 && len(cur.spans) >= opt.MaxPassages) {
				if err := cur.finish(tx); err != nil {
					return fail(files, err)
				}
				cur = nil
			}
			if cur == nil {
				h := cdc.Header{Action: b.action, IDFlux: core.NewIDTechnique(), Horodatage: cdc.Horodatage(now), Version: version, Emetteur: emetteur, Certificateur: c}
				if cur, err = newPendingFile(ctx, numbered(opt.Out, len(files)+1), tmpDir, h, schema); err != nil {
					return fail(files, err)
				}
				files = append(files, cur)
				cur.dep = &store.Deposit{IDFlux: h.IDFlux, Horodatage: h.Horodatage, CertificateurID: c.ID, XSDVersion: schema.Version,
					FileName: filepath.Base(cur.final), FilePath: cur.final, TmpPath: cur.tmp, Action: b.action}
				if err := tx.OpenDeposit(cur.dep); err != nil {
					return fail(files, err)
				}
			}
			line, err := cur.w.WritePassage(cert, buf)
			if err != nil {
				return fail(files, cur.writeError(err))
			}
			cur.spans = append(cur.spans, core.Span{PassageID: p.ID, IDTechnique: p.IDTechnique, LineStart: line, LineEnd: line})
			cur.holders = append(cur.holders, core.HolderName(p.Holder))
		}
		// Recorded as written, while the other core validates; the
		// transaction takes it all back if a file is refused.
		if cur != nil {
			if err := cur.record(tx); err != nil {
				return fail(files, err)
			}
		}
	}
	if err := <-readErr; err != nil {
		closeAll(files)
		return nil, err
	}
	if cur != nil {
		if err := cur.finish(tx); err != nil {
			closeAll(files)
			return nil, err
		}
	}
	if opt.Progress != nil {
		opt.Progress(done, total)
	}
	return files, nil
}

// readPage is how many passages readAhead hands over at a time.
const readPage = 1000

// passagePage is a run of passages of one certificateur (its index in
// the list writeFiles walks), read ahead.
type passagePage struct {
	cert int
	ps   []core.Passage
}

// readAhead reads the batch's passages on another connection, in the
// state the export's transaction started from (it holds the write lock:
// nothing else changes meanwhile, and its own changes are not seen), and
// hands them over in pages. Its error, or nil, arrives once the pages are
// closed.
func (d *Dossier) readAhead(ctx context.Context, b batch, certificateurs []core.Certificateur) (<-chan passagePage, <-chan error) {
	pages := make(chan passagePage, 2)
	errc := make(chan error, 1)
	go func() {
		defer close(pages)
		errc <- d.db.View(ctx, func(tx *store.Tx) error {
			for i, c := range certificateurs {
				pg := passagePage{cert: i, ps: make([]core.Passage, 0, readPage)}
				send := func() error {
					select {
					case pages <- pg:
						pg = passagePage{cert: i, ps: make([]core.Passage, 0, readPage)}
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				}
				err := b.each(tx, c.ID, func(p *core.Passage) error {
					pg.ps = append(pg.ps, *p)
					if len(pg.ps) == readPage {
						return send()
					}
					return nil
				})
				if err == nil && len(pg.ps) > 0 {
					err = send()
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
	}()
	return pages, errc
}

// placeFile moves a recorded deposit's file to its final path, then
// records that it is there.
func (d *Dossier) placeFile(ctx context.Context, dep store.Deposit) error {
	if _, err := os.Stat(dep.FilePath); err == nil {
		return fmt.Errorf("le fichier %s est apparu pendant le dépôt : le dépôt est enregistré, son fichier attend dans %s ; déplacez l'autre fichier, puis rouvrez le dossier", dep.FilePath, filepath.Dir(dep.TmpPath))
	}
	if err := os.Rename(dep.TmpPath, dep.FilePath); err != nil {
		return fmt.Errorf("impossible de nommer le fichier %s : %s ; le dépôt sera terminé à la prochaine ouverture du dossier", dep.FilePath, core.SystemMessage(err))
	}
	syncDir(filepath.Dir(dep.FilePath))
	fault.At("export.renamed")
	return d.db.Update(context.WithoutCancel(ctx), func(tx *store.Tx) error { return tx.FilePlaced(dep.ID) })
}

// dropIntent removes an export's private folder, then its record.
func (d *Dossier) dropIntent(id int64, tmpDir string) {
	if err := os.RemoveAll(tmpDir); err != nil {
		return // kept: the next opening tries again
	}
	d.db.Update(context.Background(), func(tx *store.Tx) error { return tx.DeleteIntent(id) })
}

// recoverExports finishes or undoes what a stopped export left: a deposit
// recorded whose file is still at its temporary path is moved in place (or
// forgotten, its passages ready again, when the file is gone); private
// folders with nothing recorded are removed.
func (d *Dossier) recoverExports(ctx context.Context) error {
	var deps []store.Deposit
	var intents []store.Intent
	err := d.view(ctx, func(tx *store.Tx) error {
		all, err := tx.Deposits()
		if err != nil {
			return err
		}
		for _, dep := range all {
			if dep.TmpPath != "" {
				deps = append(deps, dep)
			}
		}
		intents, err = tx.Intents()
		return err
	})
	if err != nil {
		return err
	}
	for _, dep := range deps {
		_, errFinal := os.Stat(dep.FilePath)
		_, errTmp := os.Stat(dep.TmpPath)
		switch {
		case errFinal == nil && errTmp != nil:
			err = d.db.Update(ctx, func(tx *store.Tx) error { return tx.FilePlaced(dep.ID) })
		case errTmp == nil && errFinal != nil:
			err = d.placeFile(ctx, dep)
		case errTmp != nil && errFinal != nil:
			err = d.db.Update(ctx, func(tx *store.Tx) error { return tx.ForgetDeposit(dep.ID) })
		}
		if err != nil {
			return err
		}
	}
	for _, in := range intents {
		pending := false
		for _, dep := range deps {
			if strings.HasPrefix(dep.TmpPath, in.TmpDir+string(filepath.Separator)) {
				if _, err := os.Stat(dep.TmpPath); err == nil {
					pending = true
				}
			}
		}
		if !pending {
			d.dropIntent(in.ID, in.TmpDir)
		}
	}
	return nil
}

// numbered returns the path of the n-th file: out, then out_2, out_3…
func numbered(out string, n int) string {
	if n == 1 {
		return out
	}
	ext := filepath.Ext(out)
	return fmt.Sprintf("%s_%d%s", strings.TrimSuffix(out, ext), n, ext)
}

// pendingFile is a deposit file being written in the export's folder.
type pendingFile struct {
	final, tmp string
	f          *os.File
	hash       hash.Hash
	w          *cdc.Writer
	spans      []core.Span
	holders    []string // holder name per span, for error messages
	dep        *store.Deposit
	recorded   int // spans already recorded in dep
	sum        string
	size       int64
	// The validation reads what is written through a pipe, on its own
	// goroutine; rep and verr are its result once validated is closed.
	pw        *aheadPipe
	validated chan struct{}
	rep       *cdc.Report
	verr      error
}

func newPendingFile(ctx context.Context, final, tmpDir string, h cdc.Header, schema *cdc.Schema) (*pendingFile, error) {
	if _, err := os.Stat(final); err == nil {
		return nil, fmt.Errorf("le fichier %s existe déjà : choisissez un autre nom (un fichier déjà déposé ne doit pas être écrasé)", final)
	}
	tmp := filepath.Join(tmpDir, filepath.Base(final))
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("impossible de créer %s : %s", final, core.SystemMessage(err))
	}
	pw := newAheadPipe()
	pf := &pendingFile{final: final, tmp: tmp, f: f, hash: sha256.New(), pw: pw, validated: make(chan struct{})}
	go func() {
		defer close(pf.validated)
		pf.rep, pf.verr = schema.ValidateReader(ctx, pw)
		// A validation that stopped early (refused, cancelled) still
		// takes what is written, so that the writer never waits for it.
		io.Copy(io.Discard, pw)
	}()
	pf.w = cdc.NewWriter(io.MultiWriter(f, pf.hash, pw), h)
	return pf, nil
}

func (pf *pendingFile) writeError(err error) error {
	return fmt.Errorf("écriture de %s impossible : %s", pf.final, core.SystemMessage(err))
}

// record records in the file's deposit the spans written since the last
// call.
func (pf *pendingFile) record(tx *store.Tx) error {
	if err := tx.AddToDeposit(pf.dep, pf.spans[pf.recorded:]); err != nil {
		return err
	}
	pf.recorded = len(pf.spans)
	return nil
}

// finish ends the file — written, synced, closed and validated — and
// records the rest of it in its deposit.
func (pf *pendingFile) finish(tx *store.Tx) error {
	if err := pf.record(tx); err != nil {
		return err // closeAll abandons the file
	}
	err := pf.w.Close()
	pf.pw.Close()
	<-pf.validated
	if err == nil {
		err = pf.f.Sync()
	}
	if st, serr := pf.f.Stat(); serr == nil {
		pf.size = st.Size()
	}
	if cerr := pf.f.Close(); err == nil {
		err = cerr
	}
	pf.f = nil
	if err != nil {
		return pf.writeError(err)
	}
	pf.sum = hex.EncodeToString(pf.hash.Sum(nil))
	pf.dep.SHA256, pf.dep.Size = pf.sum, pf.size
	return tx.CloseDeposit(pf.dep)
}

// closeAll abandons the files still being written, and their validation.
func closeAll(files []*pendingFile) {
	for _, pf := range files {
		if pf.f != nil {
			pf.pw.CloseWithError(context.Canceled)
			<-pf.validated
			pf.f.Close()
			pf.f = nil
		}
	}
}

// mapErrors attaches each validation error to the passage on its line.
func (pf *pendingFile) mapErrors(rep *cdc.Report) []PassageError {
	var out []PassageError
	for _, e := range rep.Errors {
		pe := PassageError{File: pf.final, Line: e.Line, Column: e.Column, Field: e.Field, Message: e.Message}
		if i := core.SpanAt(pf.spans, e.Line); i >= 0 {
			pe.IDTechnique, pe.Holder = pf.spans[i].IDTechnique, pf.holders[i]
			if f := cdc.PassageField(e.Field); f != nil {
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

// syncDir makes a rename durable (a no-op where folders cannot be synced).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
