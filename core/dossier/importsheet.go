package dossier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/excel"
	"github.com/certidepot/certidepot/core/fault"
	"github.com/certidepot/certidepot/core/geo"
	"github.com/certidepot/certidepot/core/store"
)

// ImportOptions tune the import of a list of graduates.
type ImportOptions struct {
	Sheet         string // sheet to read; "" = the first one with recognisable headers
	Certificateur string // BCR of the certificateur, needed when the dossier has several
	// Mapping corrects the automatic column mapping: column header (as
	// written in the sheet) → field key, or "" to ignore the column.
	Mapping map[string]string
	// Values gives the meaning of values of enumerated columns that the
	// recognition cannot read, once for all their rows: column header →
	// value as typed → code (the wizard's value step, --valeur).
	Values map[string]map[string]string
	// HiddenRows imports the rows hidden or filtered out in Excel too
	// (they are left out, and listed, otherwise).
	HiddenRows bool
	// Window makes the messages name the window's ways (its steps and
	// buttons), not the command line's options.
	Window bool
	// AcceptIdentityChanges applies rows that give another person (name,
	// first name, birth date, sex) for a passage already in the dossier:
	// the user confirmed it is the same person (a change of name).
	AcceptIdentityChanges bool
	// SaveMapping, when set, stores Mapping and Values in the dossier
	// under this name; UseMapping applies what was saved before (Mapping
	// and Values win over it).
	SaveMapping, UseMapping string
	// Progress is called now and then with the rows read and, when known,
	// the total (0 otherwise).
	Progress func(done, total int)
}

// WizardMapping is the name under which the window keeps the user's
// column and value choices for the next import.
const WizardMapping = "assistant"

// RowError is a problem found on one row, placed on its cell.
type RowError struct {
	Row         int    `json:"row"`    // 1-based spreadsheet row
	Column      string `json:"column"` // column letter ("" when the field has no column)
	Field       string `json:"field"`
	Message     string `json:"message"`
	Warning     bool   `json:"warning,omitempty"`
	Code        string `json:"code,omitempty"`        // the identity check's, for a risk of rejection
	IDTechnique string `json:"idTechnique,omitempty"` // the passage the row became
}

// DefaultInfo is a value given to a field the sheet does not provide.
type DefaultInfo struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// Derived is a value the import worked out from others on the row.
type Derived struct {
	Row int `json:"row"`
	geo.Derivation
}

// ImportResult says what an import did (or, for a preview, would do).
// Its JSON is import-xlsx's public output.
type ImportResult struct {
	excel.Layout
	ImportID  int64         `json:"importId"`
	Rows      int           `json:"rows"`     // data rows read (blank rows skipped)
	Imported  int           `json:"imported"` // new passages
	Updated   int           `json:"updated"`  // existing passages changed by the sheet
	Unchanged int           `json:"unchanged"`
	Locked    int           `json:"locked"`  // rows matching a deposited or accepted passage: left as is
	Flagged   int           `json:"flagged"` // rows whose passage has errors, or not applied
	Errors    []RowError    `json:"errors"`
	Defaults  []DefaultInfo `json:"defaults"`
	Notices   []string      `json:"notices"`
	Derived   []Derived     `json:"derived"`
	// Values are the distinct values of the enumerated columns, each with
	// what it was understood as and how many rows carry it.
	Values []excel.ValueInfo `json:"values"`
	// HiddenRows lists the rows hidden or filtered out in Excel that were
	// left out (see ImportOptions.HiddenRows); NotApplied the rows that
	// would have replaced a person or clashed with another row.
	HiddenRows []int `json:"hiddenRows"`
	NotApplied []int `json:"notApplied"`
	// IdentityChanges counts the rows of NotApplied that give another
	// person for a passage already in the dossier: importing again with
	// AcceptIdentityChanges applies them.
	IdentityChanges int `json:"identityChanges"`
}

func newImportResult(l excel.Layout) *ImportResult {
	return &ImportResult{Layout: l, Errors: []RowError{}, Defaults: []DefaultInfo{}, Notices: []string{}, Derived: []Derived{},
		Values: []excel.ValueInfo{}, HiddenRows: []int{}, NotApplied: []int{}}
}

// openSheet opens a workbook in the private temporary folder and starts
// reading the sheet.
func openSheet(path, sheet string, mapping map[string]string) (*excel.Workbook, *excel.Reading, error) {
	wb, err := excel.Open(path, excel.OpenOptions{TmpDir: PrivateTempDir(), Places: geo.Codes{}})
	if err != nil {
		return nil, nil, err
	}
	r, err := wb.Read(sheet, mapping)
	if err != nil {
		wb.Close()
		return wb, nil, err
	}
	return wb, r, nil
}

// PreviewSheet reads a sheet's headers without importing anything: the
// columns recognised (after the mapping), ignored and unknown, and the
// defaults that would apply; and the workbook's sheets.
func PreviewSheet(path, sheet string, mapping map[string]string) (*ImportResult, []string, error) {
	wb, r, err := openSheet(path, sheet, mapping)
	if err != nil {
		var sheets []string
		if wb != nil {
			sheets = wb.Sheets()
		}
		return nil, sheets, err
	}
	defer wb.Close()
	defer r.Close()
	res := newImportResult(r.Layout())
	res.Defaults = defaultsInfo(r)
	return res, wb.Sheets(), nil
}

// defaultsInfo lists the defaults given to the fields the sheet lacks.
func defaultsInfo(r *excel.Reading) []DefaultInfo {
	out := []DefaultInfo{}
	defaults := core.DefaultValues()
	for _, f := range core.Fields() {
		if v, ok := defaults[f.Key]; ok && r.Column(f.Key) == "" {
			out = append(out, DefaultInfo{Field: f.Key, Label: f.Label, Value: f.Describe(v)})
		}
	}
	return out
}

// Choices are the column and value choices saved in a dossier.
type Choices struct {
	Columns map[string]string            `json:"colonnes"`
	Values  map[string]map[string]string `json:"valeurs,omitempty"`
}

// SavedMapping returns the choices saved in the dossier under a name
// (nil when none has that name).
func (d *Dossier) SavedMapping(ctx context.Context, name string) (*Choices, error) {
	var saved string
	if err := d.view(ctx, func(tx *store.Tx) (err error) { saved, err = tx.Mapping(name); return err }); err != nil {
		return nil, err
	}
	if saved == "" {
		return nil, nil
	}
	var c Choices
	if err := json.Unmarshal([]byte(saved), &c); err != nil || c.Columns == nil {
		// Saved before values could be chosen: header → field key.
		c = Choices{Columns: map[string]string{}}
		if err := json.Unmarshal([]byte(saved), &c.Columns); err != nil {
			return nil, fmt.Errorf("correspondance de colonnes « %s » illisible dans le dossier : enregistrez-la à nouveau", name)
		}
	}
	return &c, nil
}

// lookahead is how many rows the import reads before converting any, to
// decide each date column's day and month order on them (the whole list,
// for most).
const lookahead = 5000

// ImportSheet reads a list of graduates into the dossier, in one
// transaction: every non-blank row becomes a passage (ready, or to
// complete with its errors), remembering its file, sheet and row. Rows
// matching a passage already in the dossier (same idTechnique, or same
// holder, certification and delivery date) update it instead — unless the
// row gives another person for it, which is reported and not applied.
// Cancelling ctx leaves the dossier as it was.
//
// The work runs as a pipeline, in order: one goroutine reads the
// workbook, one converts and validates the rows, and this one writes
// them, in statements of a hundred rows.
func (d *Dossier) ImportSheet(ctx context.Context, path string, opt ImportOptions) (*ImportResult, error) {
	columns, values := map[string]string{}, map[string]map[string]string{}
	if opt.UseMapping != "" {
		saved, err := d.SavedMapping(ctx, opt.UseMapping)
		if err != nil {
			return nil, err
		}
		if saved == nil {
			return nil, fmt.Errorf("aucune correspondance de colonnes « %s » n'est enregistrée dans ce dossier", opt.UseMapping)
		}
		columns, values = saved.Columns, saved.Values
		if values == nil {
			values = map[string]map[string]string{}
		}
	}
	for h, k := range opt.Mapping {
		columns[h] = k
	}
	for h, vs := range opt.Values {
		if values[h] == nil {
			values[h] = map[string]string{}
		}
		for v, code := range vs {
			values[h][v] = code
		}
	}
	wb, r, err := openSheet(path, opt.Sheet, columns)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	defer r.Close()
	if err := r.SetValueChoices(values); err != nil {
		return nil, err
	}
	if err := mappedColumnsExist(r.Layout(), opt.Mapping); err != nil {
		return nil, err
	}
	res := newImportResult(r.Layout())
	imp := &importer{d: d, r: r, res: res, opt: opt, file: filepath.Base(path), certs: map[[2]string]core.Certification{},
		seen: map[string]*seenRow{}}
	err = d.update(ctx, opImportSheet, func(tx *store.Tx) error {
		if err := imp.prepare(tx); err != nil {
			return err
		}
		if opt.SaveMapping != "" {
			b, _ := json.Marshal(Choices{Columns: columns, Values: values})
			if err := tx.SaveMapping(opt.SaveMapping, string(b)); err != nil {
				return err
			}
		}
		pctx, stop := context.WithCancel(ctx)
		defer stop()
		rows, failed := imp.pipeline(pctx)
		total := r.TotalRows()
		for it := range rows {
			if res.Rows%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if opt.Progress != nil {
					opt.Progress(res.Rows, total)
				}
			}
			if err := imp.row(tx, it); err != nil {
				return err
			}
		}
		if err := failed(); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := imp.finish(tx); err != nil {
			return err
		}
		fault.At("import.before-commit")
		if opt.Progress != nil {
			opt.Progress(res.Rows, res.Rows)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, errors.New("import annulé : rien n'a été modifié dans le dossier")
		}
		return nil, err
	}
	fault.At("import.after-commit")
	return res, nil
}

// item is one row on its way: read, converted, validated.
type item struct {
	raw       excel.RawRow
	row       excel.Row
	derived   []geo.Derivation
	ambiguous bool // a commune name shared by several communes
	issues    []core.Issue
	status    core.Status
}

// pipeline starts the reading and the conversion of the rows on their own
// goroutines; it returns the converted rows, in order, and a function
// giving the error that stopped them, once the channel is drained.
func (imp *importer) pipeline(ctx context.Context) (<-chan item, func() error) {
	raws := make(chan excel.RawRow, 512)
	out := make(chan item, 512)
	var readErr error
	readDone := make(chan struct{})
	go func() {
		defer close(raws)
		defer close(readDone)
		for {
			raw, ok := imp.r.NextRaw()
			if !ok {
				readErr = imp.r.Err()
				return
			}
			select {
			case raws <- raw:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		defer close(out)
		send := func(raw excel.RawRow) bool {
			select {
			case out <- imp.convert(raw):
				return true
			case <-ctx.Done():
				return false
			}
		}
		var sample []excel.RawRow
		for raw := range raws {
			sample = append(sample, raw)
			if len(sample) == lookahead {
				break
			}
		}
		imp.r.DecideDateOrders(sample)
		for _, raw := range sample {
			if !send(raw) {
				return
			}
		}
		for raw := range raws {
			if !send(raw) {
				return
			}
		}
	}()
	return out, func() error {
		<-readDone
		return readErr
	}
}

// convert turns one raw row into the passage's values, with what the
// reference derives, the defaults, and the dictionary's checks: the work
// that can run beside the writing.
func (imp *importer) convert(raw excel.RawRow) item {
	it := item{raw: raw}
	if raw.Hidden && !imp.opt.HiddenRows {
		return it
	}
	it.row = imp.r.Convert(raw)
	rec := it.row.Values
	it.derived, it.ambiguous = geo.DeriveBirthplace(rec)
	for k, v := range imp.defaults {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
	check := rec.Clone()
	if check.Text(core.KeyIDTechnique) == "" {
		check.Set(core.KeyIDTechnique, "-") // a new passage gets its id when it is stored
	}
	it.issues = imp.d.validator.Passage(check, imp.vopt)
	it.status = core.AfterEdit(core.HasErrors(it.issues))
	return it
}

// importer turns rows into passages within one transaction.
type importer struct {
	exampleRows []int // rows holding the template's example person, left out
	// known are the certifications the dossier had before the import;
	// newCerts, those it added, for a notice.
	known     map[[2]string]bool
	newCerts  []string
	d         *Dossier
	r         *excel.Reading
	res       *ImportResult
	opt       ImportOptions
	vopt      core.Options
	file      string
	importID  int64
	certif    core.Certificateur
	emetteur  string
	certs     map[[2]string]core.Certification // (type, code) → certification
	defaults  core.Values
	byID      map[string]existing
	byIdent   map[string]existing
	seen      map[string]*seenRow // idTechnique given by a row of this file → that row
	pending   []*core.Passage     // new passages waiting for their batch insert
	pendingAt map[string]int      // idTechnique → index in pending
	ambiguous int                 // commune names shared by several communes
}

type existing struct {
	idTechnique string
	status      core.Status
	// holder is who a passage of the dossier is for (nil for a passage
	// this import added: a later row with its idTechnique is compared
	// with the row itself, see sameIDInFile), kept apart so that the
	// 200,000 entries of a large list stay small.
	holder *person
	// fileRow is the row of the file being imported that designated this
	// passage (0: none yet), to find a second row for the same passage.
	fileRow int32
}

// holderValues is the passage's person as values ("" everywhere when
// unknown, which compares as the same person).
func (e existing) holderValues() core.Values {
	if e.holder == nil {
		return core.Values{}
	}
	return e.holder.values()
}

// person is who a passage is for, as compactly as it can be kept for
// every row of a large list: its identification and identity values.
type person [1 + len(identityKeysArr)]string

// identityKeysArr are the values that say who a passage is for.
var identityKeysArr = [...]string{core.KeyNomNaissance, core.KeyPrenom1, core.KeyAnnee, core.KeyMois, core.KeyJour, core.KeySexe,
	core.KeyNomTitulaire, core.KeyPrenomTitulaire, core.KeyNIR, core.KeyNomNaissanceNIR}

func personOf(h core.Values) person {
	var p person
	p[0] = h.Text(core.KeyIdentification)
	for i, k := range identityKeysArr {
		p[i+1] = h.Text(k)
	}
	return p
}

// values are the person's values, for the checks and messages.
func (p person) values() core.Values {
	vs := core.Values{}
	if p[0] != "" {
		vs.Set(core.KeyIdentification, p[0])
	}
	for i, k := range identityKeysArr {
		if p[i+1] != "" {
			vs.Set(k, p[i+1])
		}
	}
	return vs
}

// seenRow is what a row of this file did with the idTechnique it gave.
type seenRow struct {
	row      int
	holder   person // the person it gives
	name     string
	added    *core.Passage // the passage it added, if it did
	before   *core.Passage // the passage it updated, as it was, if it did
	conflict bool          // another row gave the same id for another person
}

// prepare picks the certificateur, the defaults and indexes the passages
// already in the dossier.
func (imp *importer) prepare(tx *store.Tx) error {
	cs, err := tx.Certificateurs()
	if err != nil {
		return err
	}
	switch {
	case len(cs) == 0:
		return fmt.Errorf("ce dossier n'a pas de certificateur : renseignez l'organisme avant d'importer")
	case imp.opt.Certificateur != "":
		found := false
		for _, c := range cs {
			if c.IDClient == imp.opt.Certificateur {
				imp.certif, found = c, true
			}
		}
		if !found {
			return fmt.Errorf("le certificateur %s n'est pas dans ce dossier", imp.opt.Certificateur)
		}
	case len(cs) > 1:
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.IDClient
		}
		return fmt.Errorf("ce dossier a plusieurs certificateurs (%s) : indiquez celui de ces diplômés (--certificateur BCR)", strings.Join(ids, ", "))
	default:
		imp.certif = cs[0]
	}
	if imp.emetteur, err = tx.Emetteur(); err != nil {
		return err
	}
	all, err := tx.Certifications()
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.CertificateurID == imp.certif.ID {
			imp.certs[[2]string{c.Type, c.Code}] = c
		}
	}
	if imp.vopt, err = tx.Options(); err != nil {
		return err
	}
	imp.defaults = core.DefaultValues()
	imp.res.Defaults = defaultsInfo(imp.r)
	imp.byID, imp.byIdent, imp.pendingAt = map[string]existing{}, map[string]existing{}, map[string]int{}
	// Rows find their passage by idTechnique only when the sheet has that
	// column (the workbook of passages to fix); office lists have not: the
	// dossier's passages are then indexed by who they are for only, which
	// keeps a second import of 200,000 rows as light as the first.
	byID := imp.r.Column(core.KeyIDTechnique) != ""
	err = tx.EachMatchKey(func(k store.MatchKey) error {
		e := existing{k.IDTechnique, k.Status, nil, 0}
		if byID {
			who := personOf(k.Holder)
			e.holder = &who
			imp.byID[k.IDTechnique] = e
		}
		if key := identity(k.Holder, k.CertificationID, k.Delivered); key != "" {
			imp.byIdent[key] = e
		}
		return nil
	})
	if err != nil {
		return err
	}
	sheet := imp.res.Sheet
	if imp.r.CSV() {
		sheet = ""
	}
	imp.importID, err = tx.BeginImport(imp.file, sheet)
	return err
}

// identity is what makes two rows the same passage when there is no
// idTechnique: holder, certification and delivery date. A row lacking a
// name or a delivery date still has one, from what it does give, so that
// importing the same file again finds it; "" only for a row that names
// nobody.
func identity(h core.Values, certID int64, delivered string) string {
	person := rowPerson(h)
	if strings.Trim(person, "|") == "" {
		return ""
	}
	return person + "|" + fmt.Sprint(certID) + "|" + delivered
}

// rowPerson is who a row designates: birth name, first name, birth date
// and sex, in the identification branch the row uses.
func rowPerson(h core.Values) string {
	switch h.Identification() {
	case core.BranchDossier:
		return strings.Join([]string{"dossier", h.Text(core.KeyIDDossier), core.Fold(h.Text(core.KeyNomTitulaire)), core.Fold(h.Text(core.KeyPrenomTitulaire))}, "|")
	case core.BranchNIR:
		return strings.Join([]string{"nir", h.Text(core.KeyNIR), core.Fold(h.Text(core.KeyNomNaissanceNIR))}, "|")
	}
	return strings.Join([]string{core.Fold(h.Text(core.KeyNomNaissance)), core.Fold(h.Text(core.KeyPrenom1)), h.Text(core.KeyAnnee),
		h.Text(core.KeyMois), h.Text(core.KeyJour), h.Text(core.KeySexe)}, "|")
}

// identityChanges lists the identity values a row changes in a passage:
// values valid on both sides that differ (correcting an invalid value, or
// giving a missing one, changes nobody).
func identityChanges(was, now core.Values) []string {
	var out []string
	for _, k := range identityKeysArr {
		f := core.FieldByKey(k)
		x, y := was.Get(k), now.Get(k)
		if x.Text == "" || y.Text == "" || core.Fold(x.Text) == core.Fold(y.Text) ||
			core.CheckValue(f, x) != "" || core.CheckValue(f, y) != "" {
			continue
		}
		out = append(out, fmt.Sprintf("%s « %s » → « %s »", strings.ToLower(f.Label[:1])+f.Label[1:], f.Describe(x), f.Describe(y)))
	}
	return out
}

// samePerson tells whether a row gives the same person as a passage.
func samePerson(a, b core.Values) bool { return len(identityChanges(a, b)) == 0 }

// personText names a person for a message: « DUPONT Antoine, né(e) le 3/4/1990 ».
func personText(h core.Values) string {
	name := core.HolderName(h)
	if name == "" {
		name = "(sans nom)"
	}
	if y := h.Text(core.KeyAnnee); y != "" {
		name += ", né(e) le " + strings.Trim(h.Text(core.KeyJour)+"/"+h.Text(core.KeyMois)+"/"+y, "/")
	}
	return name
}

// row imports one spreadsheet row.
func (imp *importer) row(tx *store.Tx, it item) error {
	if it.raw.Hidden && !imp.opt.HiddenRows {
		imp.res.HiddenRows = append(imp.res.HiddenRows, it.raw.Number)
		return nil
	}
	if core.IsTemplateExample(it.row.Values) {
		imp.exampleRows = append(imp.exampleRows, it.row.Number)
		return nil
	}
	imp.res.Rows++
	fault.At("import.row")
	rowNum, rec := it.row.Number, it.row.Values
	for _, dv := range it.derived {
		imp.res.Derived = append(imp.res.Derived, Derived{Row: rowNum, Derivation: dv})
	}
	if it.ambiguous {
		imp.ambiguous++
	}
	cert, err := imp.certification(tx, rec, it.row.Title)
	if err != nil {
		return err
	}
	id := rec.Text(core.KeyIDTechnique)
	delete(rec, core.KeyIDTechnique)
	if id != "" {
		if done, err := imp.sameIDInFile(tx, id, it); done || err != nil {
			return err
		}
	}
	match, found := imp.byID[id]
	if id == "" {
		key := identity(rec, cert.ID, rec.Text(core.KeyDateDebutValid))
		match, found = imp.byIdent[key]
		// Two rows of the file for one passage: the later one would
		// silently replace the first; the list needs one row only.
		if found && match.fileRow != 0 {
			imp.notApplied(rowNum, "", core.KeyNomNaissance, fmt.Sprintf(
				"Nom de naissance : cette ligne décrit le même passage que la ligne %d (%s, même certification, même date de délivrance) ; elle n'a pas été importée : gardez une seule ligne par passage (supprimez le doublon, ou corrigez la ligne s'il s'agit d'une autre personne).",
				match.fileRow, personText(rec)))
			return nil
		}
		if found {
			m := match
			m.fileRow = int32(rowNum)
			imp.byIdent[key] = m
		}
	}
	src := &core.Source{File: imp.file, Sheet: imp.res.Sheet, Row: rowNum}
	if imp.r.CSV() {
		src.Sheet = ""
	}
	switch {
	case found && match.status.Locked():
		imp.res.Locked++
		return nil
	case found && id != "" && !imp.opt.AcceptIdentityChanges && !samePerson(match.holderValues(), rec):
		// The dossier has this passage for someone else: a row copied and
		// given another name, or a change of name to confirm.
		imp.res.IdentityChanges++
		imp.notApplied(rowNum, id, core.KeyNomNaissance, fmt.Sprintf(
			"Nom de naissance : la ligne donne une autre personne (%s) pour le passage de %s, déjà dans le dossier sous cet identifiant technique (%s) ; la ligne n'a pas été importée. S'il s'agit bien de la même personne (changement de nom, erreur corrigée), corrigez-la dans sa fiche, ou réimportez en confirmant les changements d'identité (%s) ; sinon, videz l'identifiant technique de la ligne pour créer un nouveau passage.",
			personText(rec), personText(match.holderValues()), strings.Join(identityChanges(match.holderValues(), rec), ", "),
			imp.way("bouton « Ce sont les mêmes personnes » à la fin de l'import", "--identites-modifiees")))
		return nil
	case found:
		return imp.update(tx, match.idTechnique, rec, id, it)
	}
	p := &core.Passage{IDTechnique: id, CertificationID: cert.ID, Holder: rec.Only(core.ScopeHolder), Data: rec.Only(core.ScopePassage),
		Source: src, Issues: it.issues, Status: it.status}
	if p.IDTechnique == "" {
		p.IDTechnique = core.NewIDTechnique()
	}
	imp.pendingAt[p.IDTechnique] = len(imp.pending)
	imp.pending = append(imp.pending, p)
	if len(imp.pending) >= 100 {
		if err := imp.flush(tx); err != nil {
			return err
		}
	}
	e := existing{p.IDTechnique, p.Status, nil, int32(rowNum)}
	if k := identity(p.Holder, cert.ID, p.Data.Text(core.KeyDateDebutValid)); k != "" {
		imp.byIdent[k] = e
	}
	if id != "" { // a later row can give this id only if this one did
		imp.byID[p.IDTechnique] = e
		imp.seen[id].added = p
	}
	imp.res.Imported++
	imp.flag(rowNum, p.IDTechnique, p.Issues)
	return nil
}

// sameIDInFile handles an idTechnique another row of the file gave
// already: for the same person the later row wins, as in any update; for
// another person neither row applies, both are reported, and what the
// first did is undone. done reports that the row needs nothing more.
func (imp *importer) sameIDInFile(tx *store.Tx, id string, it item) (done bool, err error) {
	first, again := imp.seen[id]
	if !again {
		imp.seen[id] = &seenRow{row: it.row.Number, holder: personOf(it.row.Values), name: personText(it.row.Values)}
		return false, nil
	}
	if !first.conflict && samePerson(first.holder.values(), it.row.Values) {
		return false, nil
	}
	field := core.KeyIDTechnique
	if !first.conflict {
		first.conflict = true
		if err := imp.undo(tx, first); err != nil {
			return true, err
		}
		imp.notApplied(first.row, "", field, fmt.Sprintf("Identifiant technique : la ligne %d porte le même identifiant technique pour une autre personne (%s) ; aucune des deux lignes n'a été importée : donnez à chacune son propre identifiant (videz la case d'une nouvelle personne).",
			it.row.Number, personText(it.row.Values)))
	}
	imp.notApplied(it.row.Number, "", field, fmt.Sprintf("Identifiant technique : la ligne %d porte le même identifiant technique pour une autre personne (%s) ; aucune des deux lignes n'a été importée : donnez à chacune son propre identifiant (videz la case d'une nouvelle personne).",
		first.row, first.name))
	return true, nil
}

// undo takes back what a row did, once a later row shows it should not
// have applied.
func (imp *importer) undo(tx *store.Tx, s *seenRow) error {
	switch {
	case s.added != nil:
		imp.res.Imported--
		if core.HasErrors(s.added.Issues) {
			imp.res.Flagged--
		}
		imp.unflag(s.row)
		delete(imp.byID, s.added.IDTechnique)
		if i, ok := imp.pendingAt[s.added.IDTechnique]; ok && i < len(imp.pending) && imp.pending[i] == s.added {
			imp.pending = append(imp.pending[:i], imp.pending[i+1:]...)
			delete(imp.pendingAt, s.added.IDTechnique)
			for j := i; j < len(imp.pending); j++ {
				imp.pendingAt[imp.pending[j].IDTechnique] = j
			}
			return nil
		}
		return tx.RemoveAdded(s.added.ID)
	case s.before != nil:
		imp.res.Updated--
		imp.unflag(s.row)
		return tx.RestoreUpdated(imp.importID, s.before)
	}
	return nil
}

// update applies a row to a passage already in the dossier.
func (imp *importer) update(tx *store.Tx, matchID string, rec core.Values, id string, it item) error {
	if err := imp.flush(tx); err != nil { // the passage may be in the pending batch
		return err
	}
	before, err := tx.Passage(matchID)
	if err != nil {
		return err
	}
	p := &core.Passage{ID: before.ID, IDTechnique: before.IDTechnique, Holder: before.Holder.Clone(), Data: before.Data.Clone()}
	derived := map[string]bool{}
	for _, dv := range it.derived {
		derived[dv.Field] = true // worked out from this row's cells: as good as a cell
	}
	for k, v := range rec {
		if imp.r.Column(k) == "" && k != core.KeyIdentification && !derived[k] {
			continue // absent from the sheet: keep what the dossier has
		}
		if f := core.FieldByKey(k); f.Scope == core.ScopeHolder {
			p.Holder[k] = v
		} else if f.Scope == core.ScopePassage {
			p.Data[k] = v
		}
	}
	// The country code follows the birthplace code of the sheet: derived
	// from a 99XXX, absent for a birth in France.
	if _, ok := rec[core.KeyCodePays]; !ok && imp.r.Column(core.KeyCodePays) == "" && imp.r.Column(core.KeyCodeInsee) != "" {
		delete(p.Holder, core.KeyCodePays)
	}
	for _, f := range core.Fields() {
		if _, ok := rec[f.Key]; !ok && imp.r.Column(f.Key) != "" {
			delete(p.Holder, f.Key)
			delete(p.Data, f.Key)
		}
	}
	rowNum := it.row.Number
	if before.Status != core.StatusRejete && before.Holder.Equal(p.Holder) && before.Data.Equal(p.Data) {
		imp.res.Unchanged++
		imp.flag(rowNum, before.IDTechnique, before.Issues)
		return nil
	}
	if err := tx.NoteUpdated(imp.importID, before); err != nil {
		return err
	}
	if err := tx.UpdatePassage(p); err != nil {
		return err
	}
	if id != "" {
		imp.seen[id].before = before
	}
	imp.res.Updated++
	imp.flag(rowNum, p.IDTechnique, p.Issues)
	return nil
}

// flush writes the pending new passages.
func (imp *importer) flush(tx *store.Tx) error {
	if len(imp.pending) == 0 {
		return nil
	}
	err := tx.AddNewPassages(imp.pending)
	imp.pending = imp.pending[:0]
	clear(imp.pendingAt)
	return err
}

// flag reports a row's issues on their cells.
func (imp *importer) flag(row int, idTechnique string, issues []core.Issue) {
	if core.HasErrors(issues) {
		imp.res.Flagged++
	}
	for _, is := range issues {
		imp.res.Errors = append(imp.res.Errors, RowError{Row: row, Column: imp.r.Column(is.Field), Field: is.Field, Message: is.Message,
			Warning: is.Warning, Code: is.Code, IDTechnique: idTechnique})
	}
}

// unflag removes a row's reported issues (the row was undone).
func (imp *importer) unflag(row int) {
	kept := imp.res.Errors[:0]
	for _, e := range imp.res.Errors {
		if e.Row != row {
			kept = append(kept, e)
		}
	}
	imp.res.Errors = kept
}

// notApplied reports a row that was not imported, with why.
func (imp *importer) notApplied(row int, idTechnique, field, msg string) {
	imp.res.Flagged++
	imp.res.NotApplied = append(imp.res.NotApplied, row)
	imp.res.Errors = append(imp.res.Errors, RowError{Row: row, Column: imp.r.Column(field), Field: field, Message: msg, IDTechnique: idTechnique})
}

func (imp *importer) finish(tx *store.Tx) error {
	if err := imp.flush(tx); err != nil {
		return err
	}
	imp.res.Values = imp.r.Values()
	imp.res.Notices = append(imp.res.Notices, imp.r.Notices()...)
	imp.valueNotices()
	imp.derivedNotices()
	imp.fluxNotices()
	imp.codeNotices()
	imp.certificationNotices()
	if len(imp.exampleRows) > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("La personne d'exemple du modèle (%s, %s) n'a pas été importée : effacez-la du classeur.",
			core.TemplateExampleName(), RowList(imp.exampleRows)))
	}
	if n := len(imp.res.HiddenRows); n > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d ligne(s) masquée(s) ou filtrée(s) dans Excel n'ont pas été importées (%s) : affichez-les dans Excel, ou importez-les aussi (%s).",
			n, RowList(imp.res.HiddenRows), imp.way("case « Importer aussi » à l'étape des valeurs", "--lignes-masquees")))
	}
	if enc, mixed := imp.r.Encoding(); enc == "Windows-1252" {
		msg := "Fichier CSV lu en Windows-1252 (l'encodage d'Excel en France)."
		if mixed {
			msg += " Il contient aussi des caractères UTF-8 : des lettres accentuées peuvent apparaître mal (« Ã© ») ; enregistrez-le à nouveau en « CSV UTF-8 » depuis Excel."
		}
		imp.res.Notices = append(imp.res.Notices, msg)
	}
	if others := imp.r.OtherDataSheets(); len(others) > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("Feuille « %s » importée ; le classeur a d'autres feuilles de données (%s) : importez-les aussi si besoin (%s).",
			imp.res.Sheet, strings.Join(others, ", "), imp.way("choix de la feuille, à la première étape de l'import", "--sheet NOM")))
	}
	if imp.res.Rows == 0 {
		imp.res.Notices = append(imp.res.Notices, "La feuille n'a aucune ligne de données sous ses en-têtes.")
	}
	imp.res.ImportID = imp.importID
	return tx.FinishImport(imp.importID, imp.res.Rows, imp.res.Imported, imp.res.Updated, imp.res.Flagged)
}

// valueNotices says once each how values were understood, when it was not
// their exact code or label, and which could not be.
func (imp *importer) valueNotices() {
	for _, v := range imp.res.Values {
		where := fmt.Sprintf("colonne %s « %s »", v.Letter, v.Column)
		switch v.How {
		case core.HowWords.String(), core.HowAbbrev.String(), core.HowSynonym.String():
			imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("« %s » compris comme « %s » : %d ligne(s) (%s).", v.Value, v.Label, v.Rows, where))
		case excel.HowChosen:
			imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("« %s » lu comme « %s », comme vous l'avez choisi : %d ligne(s) (%s).", v.Value, v.Label, v.Rows, where))
		case core.HowAmbiguous.String():
			f := core.FieldByKey(v.Field)
			var labels []string
			for _, c := range v.Candidates {
				labels = append(labels, "« "+f.EnumLabel(c)+" »")
			}
			imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("« %s » peut vouloir dire %s : %d ligne(s) à compléter (%s) ; choisissez son sens une fois pour toutes (%s).",
				v.Value, strings.Join(labels, " ou "), v.Rows, where, imp.way("étape des valeurs de l'import", fmt.Sprintf("--valeur \"%s:%s=CODE\"", v.Column, v.Value))))
		case core.HowUnknown.String():
			imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("« %s » n'est pas une valeur reconnue : %d ligne(s) à compléter (%s) ; choisissez son sens une fois pour toutes (%s).",
				v.Value, v.Rows, where, imp.way("étape des valeurs de l'import", fmt.Sprintf("--valeur \"%s:%s=CODE\"", v.Column, v.Value))))
		}
	}
}

// fluxNotices reports the emetteur and certificateur a file gives that
// are not the dossier's: never applied, always said.
func (imp *importer) fluxNotices() {
	said := map[string]bool{}
	for _, fv := range imp.r.Flux() {
		var dossier string
		switch fv.Field {
		case core.KeyEmetteurID:
			dossier = imp.emetteur
		case core.KeyCertifID:
			dossier = imp.certif.IDClient
		case core.KeyContrat:
			dossier = imp.certif.Contrat
		default:
			continue
		}
		if dossier == "" || strings.EqualFold(strings.TrimSpace(fv.Value), dossier) || said[fv.Field+"\x00"+fv.Value] {
			continue
		}
		said[fv.Field+"\x00"+fv.Value] = true
		label := core.FieldByKey(fv.Field).Label
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("Colonne %s « %s » : la liste indique %s (ligne %d) alors que ce dossier a %s pour « %s » ; les passages sont importés pour %s. Vérifiez que vous importez la liste du bon organisme.",
			fv.Column, fv.Header, fv.Value, fv.Row, dossier, label, dossier))
	}
}

// codeNotices suggests, for certification codes typed without their
// prefix, the prefixed codes the dossier knows.
func (imp *importer) codeNotices() {
	rows := map[string][]int{}
	for _, e := range imp.res.Errors {
		if e.Field == core.KeyCertCode && strings.Contains(e.Message, "n'a pas le préfixe") {
			code := strings.TrimSpace(strings.SplitN(strings.SplitN(e.Message, "« ", 2)[1], " »", 2)[0])
			rows[code] = append(rows[code], e.Row)
		}
	}
	var codes []string
	for c := range rows {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, code := range codes {
		var known []string
		for k := range imp.certs {
			if strings.HasSuffix(k[1], code) && strings.Trim(strings.TrimSuffix(k[1], code), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
				known = append(known, k[1])
			}
		}
		sort.Strings(known)
		msg := fmt.Sprintf("Code de certification « %s » sans préfixe (%d ligne(s)) : écrivez RNCP%s ou RS%s dans la liste.", code, len(rows[code]), code, code)
		if len(known) > 0 {
			msg += " Ce dossier connaît déjà : " + strings.Join(known, ", ") + "."
		}
		imp.res.Notices = append(imp.res.Notices, msg)
	}
}

// RowList names spreadsheet rows for a message, the first ten of them:
// « ligne 4 », « lignes 4, 9, 12 et 30 autres ».
func RowList(rows []int) string {
	const shown = 10
	var parts []string
	for i, r := range rows {
		if i == shown {
			break
		}
		parts = append(parts, strconv.Itoa(r))
	}
	text := "ligne"
	if len(rows) > 1 {
		text = "lignes"
	}
	text += " " + strings.Join(parts, ", ")
	if len(rows) > shown {
		text += fmt.Sprintf(" et %d autres", len(rows)-shown)
	}
	return text
}

// certification returns the row's certification, creating it on first use.
func (imp *importer) certification(tx *store.Tx, rec core.Values, titre string) (core.Certification, error) {
	key := [2]string{rec.Text(core.KeyCertType), rec.Text(core.KeyCertCode)}
	if c, ok := imp.certs[key]; ok {
		return c, nil
	}
	if imp.known == nil {
		all, err := tx.Certifications()
		if err != nil {
			return core.Certification{}, err
		}
		imp.known = map[[2]string]bool{}
		for _, c := range all {
			if c.CertificateurID == imp.certif.ID {
				imp.known[[2]string{c.Type, c.Code}] = true
			}
		}
	}
	c := core.Certification{CertificateurID: imp.certif.ID, Type: key[0], Code: key[1], Titre: titre, Nature: rec.Text(core.KeyNatureDeposant)}
	if err := tx.EnsureCertification(&c); err != nil {
		return c, err
	}
	if !imp.known[key] && key[1] != "" {
		name := key[1]
		if strings.TrimSpace(titre) == "" {
			name += " (sans intitulé)"
		} else {
			name += " « " + strings.TrimSpace(titre) + " »"
		}
		imp.newCerts = append(imp.newCerts, name)
	}
	imp.certs[key] = c
	return c, nil
}

// certificationNotices names the certifications the import added to the
// dossier: a code typed wrong becomes one, and nothing else would say so.
func (imp *importer) certificationNotices() {
	if len(imp.newCerts) == 0 {
		return
	}
	imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("Certification(s) ajoutée(s) au dossier par cet import : %s. Vérifiez chaque code sur la fiche France compétences (une faute de frappe crée une certification qui n'existe pas) ; l'intitulé se complète dans « Organisme ».",
		strings.Join(imp.newCerts, ", ")))
}

// derivedNotices summarises what was derived, once per kind.
func (imp *importer) derivedNotices() {
	counts := map[string]int{}
	for _, d := range imp.res.Derived {
		for _, from := range []string{geo.FromCountryCode, geo.FromCountryName, geo.FromPostalCode, geo.FromCommuneName} {
			if strings.HasPrefix(d.From, from+" ") && (d.Field == core.KeyCodeInsee || from == geo.FromCountryCode) {
				counts[from]++
				break
			}
		}
	}
	if n := counts[geo.FromCommuneName]; n > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d code(s) INSEE déduit(s) du nom de la commune de naissance, tel qu'il était à la date de naissance.", n))
	}
	if n := counts[geo.FromPostalCode]; n > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d code(s) postal(aux) de naissance remplacé(s) par le code INSEE de l'unique commune qu'ils desservent.", n))
	}
	if n := counts[geo.FromCountryName]; n > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d naissance(s) à l'étranger : code pays 99XXX déduit du nom du pays.", n))
	}
	if n := counts[geo.FromCountryCode]; n > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d naissance(s) à l'étranger : code du pays de naissance repris du code INSEE 99XXX.", n))
	}
	if imp.ambiguous > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d commune(s) de naissance portent un nom partagé par plusieurs communes : indiquez leur code INSEE (%s).", imp.ambiguous,
			imp.way("dans la fiche, le lieu de naissance propose les communes de ce nom", "certidepot-cli lieu NOM --date AAAA-MM-JJ")))
	}
}

// UndoImport undoes an import (the last one not undone when id is 0): it
// removes what the import added and restores what it changed, unless one
// of its passages was deposited since.
func (d *Dossier) UndoImport(ctx context.Context, id int64) (undone int64, removed, restored int, err error) {
	err = d.update(ctx, opUndoImport, func(tx *store.Tx) error {
		if id == 0 {
			imps, err := tx.Imports()
			if err != nil {
				return err
			}
			for _, im := range imps {
				if im.UndoneAt == "" {
					id = im.ID
					break
				}
			}
			if id == 0 {
				return fmt.Errorf("aucun import à annuler dans ce dossier")
			}
		}
		var err error
		removed, restored, err = tx.UndoImport(id)
		return err
	})
	return id, removed, restored, err
}

// way names how to do something: in the window's words for the window,
// with the command line's option otherwise.
func (imp *importer) way(window, cli string) string {
	if imp.opt.Window {
		return window
	}
	return cli
}

// mappedColumnsExist refuses a column correction for a title the sheet
// does not have: it would be ignored in silence, the column the user
// meant read as before.
func mappedColumnsExist(l excel.Layout, mapping map[string]string) error {
	have := map[string]bool{}
	var titles []string
	for _, group := range [][]excel.ColumnInfo{l.Columns, l.Unknown, l.Ignored} {
		for _, c := range group {
			if !have[core.Fold(c.Header)] {
				titles = append(titles, "« "+c.Header+" »")
			}
			have[core.Fold(c.Header)] = true
		}
	}
	for h := range mapping {
		if !have[core.Fold(h)] {
			return fmt.Errorf("correspondance de colonnes : la feuille n'a pas de colonne « %s » ; ses titres sont %s", h, strings.Join(titles, ", "))
		}
	}
	return nil
}
