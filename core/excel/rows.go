package excel

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// importer turns rows into passages within one transaction.
type importer struct {
	wb        *workbook
	l         layout
	res       *Result
	importID  int64
	certif    core.Certificateur
	certs     map[[2]string]core.Certification // (type, code) → certification
	defaults  core.Values
	letterOf  map[string]string // field key → column letter
	byID      map[string]existing
	byIdent   map[string]existing
	padded    int // codes whose leading zero Excel had dropped
	ambiguous int // commune names shared by several communes
}

type existing struct {
	idTechnique string
	status      core.Status
}

func newImporter(wb *workbook, l layout, res *Result) *importer {
	imp := &importer{wb: wb, l: l, res: res, certs: map[[2]string]core.Certification{}, letterOf: map[string]string{}}
	for _, c := range l.columns {
		switch {
		case c.field != nil:
			imp.letterOf[c.field.Key] = c.letter
		case c.special == specialBirthDate:
			for _, k := range []string{core.KeyAnnee, core.KeyMois, core.KeyJour} {
				imp.letterOf[k] = c.letter
			}
		}
	}
	return imp
}

// prepare picks the certificateur, the defaults and indexes the passages
// already in the dossier.
func (imp *importer) prepare(tx *store.Tx, opt Options, file, sheet string) error {
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
	imp.res.Defaults = imp.defaultsInfo()
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
	imp.importID, err = tx.BeginImport(file, sheet)
	return err
}

// defaultsInfo lists the defaults given to the fields the sheet lacks.
func (imp *importer) defaultsInfo() []DefaultInfo {
	out := []DefaultInfo{}
	defaults := core.DefaultValues()
	for _, f := range core.Fields() {
		if v, ok := defaults[f.Key]; ok && imp.letterOf[f.Key] == "" {
			out = append(out, DefaultInfo{Field: f.Key, Label: f.Label, Value: f.Describe(v)})
		}
	}
	return out
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
func (imp *importer) row(tx *store.Tx, row int, cells []string) error {
	if blank(cells) {
		return nil
	}
	imp.res.Rows++
	rec, titre := imp.values(cells)
	imp.derivePlace(row, rec)
	cert, err := imp.certification(tx, rec, titre)
	if err != nil {
		return err
	}
	id := rec.Text(core.KeyIDTechnique)
	delete(rec, core.KeyIDTechnique)
	match, found := imp.byID[id]
	if id == "" {
		match, found = imp.byIdent[identity(rec, cert.ID, rec.Text(core.KeyDateDebutValid))]
	}
	src := &core.Source{File: filepath.Base(imp.wb.path), Sheet: imp.res.Sheet, Row: row}
	if imp.wb.xl == nil {
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
			if imp.letterOf[k] == "" && k != core.KeyIdentification {
				continue // absent from the sheet: keep what the dossier has
			}
			if f := core.FieldByKey(k); f.Scope == core.ScopeHolder {
				p.Holder[k] = v
			} else if f.Scope == core.ScopePassage {
				p.Data[k] = v
			}
		}
		for k := range imp.letterOf {
			if _, ok := rec[k]; !ok {
				delete(p.Holder, k)
				delete(p.Data, k)
			}
		}
		if before.Status != core.StatusRejete && sameValues(before.Holder, p.Holder) && sameValues(before.Data, p.Data) {
			imp.res.Unchanged++
			imp.flag(row, before.IDTechnique, before.Issues)
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
			return fmt.Errorf("ligne %d : %w", row, err)
		}
		e := existing{p.IDTechnique, p.Status}
		imp.byID[p.IDTechnique] = e
		if k := identity(p.Holder, cert.ID, p.Data.Text(core.KeyDateDebutValid)); k != "" {
			imp.byIdent[k] = e
		}
		imp.res.Imported++
	}
	imp.flag(row, p.IDTechnique, p.Issues)
	return nil
}

// flag reports a row's issues on their cells.
func (imp *importer) flag(row int, idTechnique string, issues []core.Issue) {
	if core.HasErrors(issues) {
		imp.res.Flagged++
	}
	for _, is := range issues {
		imp.res.Errors = append(imp.res.Errors, RowError{Row: row, Column: imp.letterOf[is.Field], Field: is.Field, Message: is.Message,
			Warning: is.Warning, IDTechnique: idTechnique})
	}
}

func (imp *importer) finish(tx *store.Tx) error {
	imp.derivedNotices()
	if imp.padded > 0 {
		imp.res.Notices = append(imp.res.Notices, fmt.Sprintf("%d code(s) INSEE ou postal(aux) à 4 chiffres : le zéro initial, retiré par Excel, a été restauré (6088 → 06088).", imp.padded))
	}
	if imp.res.Rows == 0 {
		imp.res.Notices = append(imp.res.Notices, "La feuille n'a aucune ligne de données sous ses en-têtes.")
	}
	imp.res.ImportID = imp.importID
	return tx.FinishImport(imp.importID, imp.res.Rows, imp.res.Imported, imp.res.Updated, imp.res.Flagged)
}

// values converts a row's cells into dictionary values.
func (imp *importer) values(cells []string) (core.Values, string) {
	rec := core.Values{}
	titre := ""
	for _, c := range imp.l.columns {
		raw := ""
		if c.index < len(cells) {
			raw = cells[c.index]
		}
		switch {
		case c.special == specialTitre:
			titre = strings.TrimSpace(raw)
		case c.special == specialBirthDate:
			imp.birthDate(rec, raw)
		case c.field != nil:
			if v := imp.convert(c.field, raw); !v.Empty() {
				rec[c.field.Key] = v
			}
		}
	}
	// Identification branch: the NIR or CPF dossier when only they are given.
	if rec.Text(core.KeyIdentification) == "" {
		switch {
		case rec.Text(core.KeyNomNaissance) == "" && rec.Text(core.KeyNIR) != "":
			rec.Set(core.KeyIdentification, core.BranchNIR)
			if rec.Text(core.KeyNomNaissanceNIR) == "" {
				rec.Set(core.KeyNomNaissanceNIR, rec.Text(core.KeyNomNaissance))
			}
		case rec.Text(core.KeyNomNaissance) == "" && rec.Text(core.KeyIDDossier) != "":
			rec.Set(core.KeyIdentification, core.BranchDossier)
		}
	}
	// Type inferred from the code when the sheet has no type column.
	if rec.Text(core.KeyCertType) == "" {
		code := strings.ToUpper(rec.Text(core.KeyCertCode))
		switch {
		case strings.HasPrefix(code, "RNCP"):
			rec.Set(core.KeyCertType, "RNCP")
		case strings.HasPrefix(code, "RS"):
			rec.Set(core.KeyCertType, "RS")
		}
	}
	for k, v := range imp.defaults {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
	return rec, titre
}

// convert reads one cell: Excel serial dates, codes whose leading zero
// Excel dropped, then the dictionary's conversions.
func (imp *importer) convert(f *core.Field, raw string) core.Value {
	t := strings.TrimSpace(strings.ReplaceAll(raw, "\u00a0", " "))
	switch {
	case f.Kind == core.KindDate:
		if iso, ok := serialDate(t, imp.wb.date1904); ok && imp.wb.xl != nil {
			return core.Value{Text: iso}
		}
	case f.Key == core.KeyCodeInsee || f.Key == core.KeyCodePostal || f.Key == "codePostalCentreExamen":
		if len(t) == 4 && strings.Trim(t, "0123456789") == "" {
			imp.padded++
			t = "0" + t
		}
	}
	return core.Convert(f, t)
}

// birthDate splits a single "Date de naissance" cell into the year, month
// and day fields. A value that is not a date is kept in the year field,
// where validation reports it.
func (imp *importer) birthDate(rec core.Values, raw string) {
	t := strings.TrimSpace(raw)
	if t == "" {
		return
	}
	iso, ok := serialDate(t, imp.wb.date1904)
	if !ok || imp.wb.xl == nil {
		iso, ok = core.ParseFrenchDate(t)
	}
	if !ok {
		rec.Set(core.KeyAnnee, t)
		return
	}
	rec.Set(core.KeyAnnee, strings.TrimLeft(iso[:4], "0"))
	rec.Set(core.KeyMois, strings.TrimLeft(iso[5:7], "0"))
	rec.Set(core.KeyJour, strings.TrimLeft(iso[8:], "0"))
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

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(strings.ReplaceAll(c, "\u00a0", " ")) != "" {
			return false
		}
	}
	return true
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
