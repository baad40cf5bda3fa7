package store

import (
	"database/sql"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// ListRow is what a list of passages shows, read without decoding the
// stored values in Go: the window lists 200,000 passages this way.
type ListRow struct {
	IDTechnique   string
	Status        core.Status
	Holder        string // "NOM Prénom", whatever the identification branch
	Certification string // code
	Delivered     string // AAAA-MM-JJ
	FirstIssue    string
	AccuseMessage string
}

// EachListRow calls fn for every passage matching f, in creation order.
func (t *Tx) EachListRow(f Filter, fn func(ListRow) error) error {
	q := `SELECT p.id_technique, p.status, c.code, p.date_delivrance, coalesce(json_extract(p.issues, '$[0].message'), ''),
		p.accuse_message,
		CASE coalesce(json_extract(h.data, '$.identification'), 'titulaire')
			WHEN 'dossierFormation' THEN coalesce(json_extract(h.data, '$.nomTitulaire'), '') || ' ' || coalesce(json_extract(h.data, '$.prenom1Titulaire'), '')
			WHEN 'identifiantNational' THEN coalesce(json_extract(h.data, '$.nomNaissanceNir'), '')
			ELSE coalesce(json_extract(h.data, '$.nomNaissance'), '') || ' ' || coalesce(json_extract(h.data, '$.prenom1'), '')
		END
		FROM passages p JOIN holders h ON h.id = p.holder_id JOIN certifications c ON c.id = p.certification_id WHERE 1=1`
	where, args := f.where()
	rows, err := t.tx.Query(q+where+" ORDER BY p.id", args...)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r ListRow
		var first sql.NullString
		if err := rows.Scan(&r.IDTechnique, &r.Status, &r.Certification, &r.Delivered, &first, &r.AccuseMessage, &r.Holder); err != nil {
			return dbError(err)
		}
		r.FirstIssue, r.Holder = first.String, strings.TrimSpace(r.Holder)
		if err := fn(r); err != nil {
			return err
		}
	}
	return dbError(rows.Err())
}
