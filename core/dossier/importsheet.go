package dossier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
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
	// SaveMapping, when set, stores Mapping in the dossier under this name;
	// UseMapping applies a mapping saved before (Mapping wins over it).
	SaveMapping, UseMapping string
	// Progress is called now and then with the rows read and, when known,
	// the total (0 otherwise).
	Progress func(done, total int)
}

// WizardMapping is the name under which the window keeps the user's
// column choices for the next import.
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
	Flagged   int           `json:"flagged"` // rows whose passage has errors
	Errors    []RowError    `json:"errors"`
	Defaults  []DefaultInfo `json:"defaults"`
	Notices   []string      `json:"notices"`
	Derived   []Derived     `json:"derived"`
}

func newImportResult(l excel.Layout) *ImportResult {
	return &ImportResult{Layout: l, Errors: []RowError{}, Defaults: []DefaultInfo{}, Notices: []string{}, Derived: []Derived{}}
}

// openSheet opens a workbook in the private temporary folder and starts
// reading the sheet.
func openSheet(path, sheet string, mapping map[string]string) (*excel.Workbook, *excel.Reading, error) {
	wb, err := excel.Open(path, excel.OpenOptions{TmpDir: PrivateTempDir()})
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

// SavedMapping returns a column mapping saved in the dossier (nil when
// none has that name).
func (d *Dossier) SavedMapping(ctx context.Context, name string) (map[string]string, error) {
	var saved string
	if err := d.view(ctx, func(tx *store.Tx) (err error) { saved, err = tx.Mapping(name); return err }); err != nil {
		return nil, err
	}
	if saved == "" {
		return nil, nil
	}
	m := map[string]string{}
	if err := json.Unmarshal([]byte(saved), &m); err != nil {
		return nil, fmt.Errorf("correspondance de colonnes « %s » illisible dans le dossier : enregistrez-la à nouveau", name)
	}
	return m, nil
}

// ImportSheet reads a list of graduates into the dossier, in one
// transaction: every non-blank row becomes a passage (ready, or to
// complete with its errors), remembering its file, sheet and row. Rows
// matching a passage already in the dossier (same idTechnique, or same
// holder, certification and delivery date) update it instead. Cancelling
// ctx leaves the dossier as it was.
func (d *Dossier) ImportSheet(ctx context.Context, path string, opt ImportOptions) (*ImportResult, error) {
	mapping := map[string]string{}
	if opt.UseMapping != "" {
		saved, err := d.SavedMapping(ctx, opt.UseMapping)
		if err != nil {
			return nil, err
		}
		if saved == nil {
			return nil, fmt.Errorf("aucune correspondance de colonnes « %s » n'est enregistrée dans ce dossier", opt.UseMapping)
		}
		mapping = saved
	}
	for h, k := range opt.Mapping {
		mapping[h] = k
	}
	wb, r, err := openSheet(path, opt.Sheet, mapping)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	defer r.Close()
	res := newImportResult(r.Layout())
	imp := &importer{r: r, res: res, file: filepath.Base(path), certs: map[[2]string]core.Certification{}}
	err = d.update(ctx, opImportSheet, func(tx *store.Tx) error {
		if err := imp.prepare(tx, opt); err != nil {
			return err
		}
		if opt.SaveMapping != "" {
			b, _ := json.Marshal(mapping)
			if err := tx.SaveMapping(opt.SaveMapping, string(b)); err != nil {
				return err
			}
		}
		total := r.TotalRows()
		for r.Next() {
			if res.Rows%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if opt.Progress != nil {
					opt.Progress(res.Rows, total)
				}
			}
			if err := imp.row(tx, r.Row()); err != nil {
				return err
			}
			fault.At("import.row")
		}
		if err := r.Err(); err != nil {
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

// importer turns rows into passages within one transaction.
type importer struct {
	r         *excel.Reading
	res       *ImportResult
	file      string
	importID  int64
	certif    core.Certificateur
	certs     map[[2]string]core.Certification // (type, code) → certification
	defaults  core.Values
	byID      map[string]existing
	byIdent   map[string]existing
	ambiguous int // commune names shared by several communes
}

type existing struct {
	idTechnique string
	status      core.Status
}

// prepare picks the certificateur, the defaults and indexes the passages
// already in the dossier.
func (imp *importer) prepare(tx *store.Tx, opt ImportOptions) error {
	cs, err := tx.Certificateurs()
	if err != nil {
		return err
	}
	switch {
	case len(cs) == 0:
		return fmt.Errorf("ce dossier n'a pas de certificateur : renseignez l'organisme avant d'importer")
	case opt.Certificateur != "":
		found := false
		for _, c := range cs {
			if c.IDClient == opt.Certificateur {
				imp.certif, found = c, true
			}
		}
		if !found {
			return fmt.Errorf("le certificateur %s n'est pas dans ce dossier", opt.Certificateur)
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
	all, err := tx.Certifications()
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.CertificateurID == imp.certif.ID {
			imp.certs[[2]string{c.Type, c.Code}] = c
		}
	}
	imp.defaults = core.DefaultValues()
	imp.res.Defaults = defaultsInfo(imp.r)
	imp.byID, imp.byIdent = map[string]existing{}, map[string]existing{}
	err = tx.EachPassage(store.Filter{}, func(p *core.Passage) error {
		e := existing{p.IDTechnique, p.Status}
		imp.byID[p.IDTechnique] = e
		if k := identity(p.Holder, p.CertificationID, p.Data.Text(core.KeyDateDebutValid)); k != "" {
			imp.byIdent[k] = e
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
// idTechnique: holder, certification and delivery date.
func identity(h core.Values, certID int64, delivered string) string {
	nom, prenom := h.Text(core.KeyNomNaissance), h.Text(core.KeyPrenom1)
	if nom == "" || delivered == "" {
		return ""
	}
	return strings.Join([]string{core.Fold(nom), core.Fold(prenom), h.Text(core.KeyAnnee), h.Text(core.KeyMois), h.Text(core.KeyJour),
		h.Text(core.KeySexe), fmt.Sprint(certID), delivered}, "|")
}

// row imports one spreadsheet row.
func (imp *importer) row(tx *store.Tx, row excel.Row) error {
	imp.res.Rows++
	rec := row.Values
	derived, ambiguous := geo.DeriveBirthplace(rec)
	for _, dv := range derived {
		imp.res.Derived = append(imp.res.Derived, Derived{Row: row.Number, Derivation: dv})
	}
	if ambiguous {
		imp.ambiguous++
	}
	for k, v := range imp.defaults {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
	cert, err := imp.certification(tx, rec, row.Title)
	if err != nil {
		return err
	}
	id := rec.Text(core.KeyIDTechnique)
	delete(rec, core.KeyIDTechnique)
	match, found := imp.byID[id]
	if id == "" {
		match, found = imp.byIdent[identity(rec, cert.ID, rec.Text(core.KeyDateDebutValid))]
	}
	src := &core.Source{File: imp.file, Sheet: imp.res.Sheet, Row: row.Number}
	if imp.r.CSV() {
		src.Sheet = ""
	}
	var p *core.Passage
	switch {
	case found && match.status.Locked():
		imp.res.Locked++
		return nil
	case found:
		before, err := tx.Passage(match.idTechnique)
		if err != nil {
			return err
		}
		p = &core.Passage{ID: before.ID, IDTechnique: before.IDTechnique, Holder: before.Holder.Clone(), Data: before.Data.Clone()}
		for k, v := range rec {
			if imp.r.Column(k) == "" && k != core.KeyIdentification {
				continue // absent from the sheet: keep what the dossier has
			}
			if f := core.FieldByKey(k); f.Scope == core.ScopeHolder {
				p.Holder[k] = v
			} else if f.Scope == core.ScopePassage {
				p.Data[k] = v
			}
		}
		for _, f := range core.Fields() {
			if _, ok := rec[f.Key]; !ok && imp.r.Column(f.Key) != "" {
				delete(p.Holder, f.Key)
				delete(p.Data, f.Key)
			}
		}
		if before.Status != core.StatusRejete && sameValues(before.Holder, p.Holder) && sameValues(before.Data, p.Data) {
			imp.res.Unchanged++
			imp.flag(row.Number, before.IDTechnique, before.Issues)
			return nil
		}
		if err := tx.NoteUpdated(imp.importID, before); err != nil {
			return err
		}
		if err := tx.UpdatePassage(p); err != nil {
			return err
		}
		imp.res.Updated++
	default:
		p = &core.Passage{IDTechnique: id, CertificationID: cert.ID, Holder: rec.Only(core.ScopeHolder), Data: rec.Only(core.ScopePassage), Source: src}
		if err := tx.AddPassage(p); err != nil {
			return fmt.Errorf("ligne %d : %w", row.Number, err)
		}
		e := existing{p.IDTechnique, p.Status}
		imp.byID[p.IDTechnique] = e
		if k := identity(p.Holder, cert.ID, p.Data.Text(core.KeyDateDebutValid)); k != "" {
			imp.byIdent[k] = e
		}
		imp.res.Imported++
	}
	imp.flag(row.Number, p.IDTechnique, p.Issues)
	return nil
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

func (imp *importer) finish(tx *store.Tx) error {
	imp.derivedNotices()
	if n := imp.r.Padded; n > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d code(s) INSEE ou postal(aux) à 4 chiffres : le zéro initial, retiré par Excel, a été restauré (6088 → 06088).", n))
	}
	if imp.res.Rows == 0 {
		imp.res.Notices = append(imp.res.Notices, "La feuille n'a aucune ligne de données sous ses en-têtes.")
	}
	imp.res.ImportID = imp.importID
	return tx.FinishImport(imp.importID, imp.res.Rows, imp.res.Imported, imp.res.Updated, imp.res.Flagged)
}

// certification returns the row's certification, creating it on first use.
func (imp *importer) certification(tx *store.Tx, rec core.Values, titre string) (core.Certification, error) {
	key := [2]string{rec.Text(core.KeyCertType), rec.Text(core.KeyCertCode)}
	if c, ok := imp.certs[key]; ok {
		return c, nil
	}
	c := core.Certification{CertificateurID: imp.certif.ID, Type: key[0], Code: key[1], Titre: titre, Nature: rec.Text(core.KeyNatureDeposant)}
	if err := tx.EnsureCertification(&c); err != nil {
		return c, err
	}
	imp.certs[key] = c
	return c, nil
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
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d commune(s) de naissance portent un nom partagé par plusieurs communes : indiquez leur code INSEE (certidepot-cli lieu NOM --date AAAA-MM-JJ).", imp.ambiguous))
	}
}

func sameValues(a, b core.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
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
