package store

import (
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// IdentityRow is what comparing holders and counting the passages at risk
// of a CDC rejection need of one passage, read without decoding its
// values in Go: the home screen counts them on 200,000 passages.
type IdentityRow struct {
	IDTechnique string
	Status      core.Status
	// Holder holds the identity fields only (IdentityKeys); a value marked
	// « donnée non connue » reads as absent.
	Holder    core.Values
	CertCode  string
	Delivered string // AAAA-MM-JJ
	Source    *core.Source
	Codes     []string // the codes of its stored issues
}

// IdentityKeys are the holder fields an IdentityRow carries.
var IdentityKeys = []string{core.KeyIdentification, core.KeyNomNaissance, core.KeyPrenom1, core.KeyAnnee, core.KeyMois, core.KeyJour,
	core.KeySexe, core.KeyCodeInsee, core.KeyCodePostal, core.KeyLibelleCommune, core.KeyLibellePays,
	core.KeyNomTitulaire, core.KeyPrenomTitulaire, core.KeyNomNaissanceNIR}

// EachIdentityRow calls fn for every passage matching f, in creation order.
func (t *Tx) EachIdentityRow(f Filter, fn func(IdentityRow) error) error {
	// One json_extract for every key: SQLite returns them as a JSON array,
	// much cheaper than one call per key.
	var cols strings.Builder
	cols.WriteString(", json_extract(h.data")
	for _, k := range IdentityKeys {
		cols.WriteString(", '$." + k + "'")
	}
	cols.WriteString(")")
	q := `SELECT p.id_technique, p.status, c.code, p.date_delivrance, p.source_file, p.source_sheet, p.source_row,
		coalesce((SELECT group_concat(json_extract(value, '$.code'), ' ') FROM json_each(p.issues) WHERE coalesce(json_extract(value, '$.code'), '') <> ''), '')` +
		cols.String() + `
		FROM passages p JOIN holders h ON h.id = p.holder_id JOIN certifications c ON c.id = p.certification_id WHERE 1=1`
	where, args := f.where()
	rows, err := t.tx.Query(q+where+" ORDER BY p.id", args...)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	var r IdentityRow
	var file, sheet sql.NullString
	var row sql.NullInt64
	var codes, holder string
	texts := make([]*string, 0, len(IdentityKeys))
	for rows.Next() {
		if err := rows.Scan(&r.IDTechnique, &r.Status, &r.CertCode, &r.Delivered, &file, &sheet, &row, &codes, &holder); err != nil {
			return dbError(err)
		}
		texts = texts[:0]
		if err := json.Unmarshal([]byte(holder), &texts); err != nil || len(texts) != len(IdentityKeys) {
			return errUnreadable
		}
		out := IdentityRow{IDTechnique: r.IDTechnique, Status: r.Status, CertCode: r.CertCode, Delivered: r.Delivered,
			Holder: make(core.Values, len(IdentityKeys)), Codes: strings.Fields(codes)}
		for i, k := range IdentityKeys {
			if texts[i] != nil {
				out.Holder.Set(k, *texts[i])
			}
		}
		if file.Valid {
			out.Source = &core.Source{File: file.String, Sheet: sheet.String, Row: int(row.Int64)}
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	return dbError(rows.Err())
}
