package dossier

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/store"
)

// ImportXMLOptions tune the import of a deposit file.
type ImportXMLOptions struct {
	// AlreadyDeposited records the file as a deposit made by hand: its
	// passages wait for the CDC's accusé instead of being sent again.
	AlreadyDeposited bool
}

// ImportXMLResult says what an import of a deposit file did. Its JSON is
// the import-xml command's public output.
type ImportXMLResult struct {
	File     string   `json:"file"`
	Passages int      `json:"passages"` // passages in the file
	Imported int      `json:"imported"`
	Flagged  int      `json:"flagged"` // imported with errors to fix
	Skipped  []string `json:"skipped"` // idTechnique already in the dossier
	Deposit  bool     `json:"deposit"` // recorded as a deposit awaiting its accusé
}

// ImportDepositFile loads a deposit file (typically made by hand before
// Certidépôt) into the dossier, keeping each passage's idTechnique, in one
// transaction. Passages already in the dossier are skipped, so importing
// the same file twice changes nothing.
func (d *Dossier) ImportDepositFile(ctx context.Context, path string, opt ImportXMLOptions) (*ImportXMLResult, error) {
	df, err := cdc.ReadDepositFile(path)
	if err != nil {
		return nil, err
	}
	res := &ImportXMLResult{File: path, Passages: len(df.Passages), Skipped: []string{}}
	err = d.update(ctx, opImportXML, func(tx *store.Tx) error {
		em, err := tx.Emetteur()
		if err != nil {
			return err
		}
		switch {
		case em == "":
			if err := tx.SetEmetteur(df.Emetteur); err != nil {
				return err
			}
		case em != df.Emetteur:
			return fmt.Errorf("ce fichier a été déposé par l'émetteur %s, et ce dossier est celui de l'émetteur %s : importez-le dans le dossier de %s", df.Emetteur, em, df.Emetteur)
		}
		certificateur, err := ensureCertificateur(tx, df.Certificateur)
		if err != nil {
			return err
		}
		holders := map[string]int64{} // identical holders within the file share one record
		var spans []core.Span
		for _, rp := range df.Passages {
			if err := ctx.Err(); err != nil {
				return err
			}
			id := rp.Record.Text(core.KeyIDTechnique)
			if _, err := tx.Passage(id); err == nil {
				res.Skipped = append(res.Skipped, id)
				continue
			}
			cert := rp.Certification
			cert.CertificateurID = certificateur.ID
			if err := tx.EnsureCertification(&cert); err != nil {
				return err
			}
			holder := rp.Record.Only(core.ScopeHolder)
			key := holderKey(holder)
			p := core.Passage{IDTechnique: id, CertificationID: cert.ID, HolderID: holders[key], Holder: holder,
				Data: rp.Record.Only(core.ScopePassage), Source: &core.Source{File: filepath.Base(path), Row: rp.LineStart}}
			if err := tx.AddPassage(&p); err != nil {
				return err
			}
			holders[key] = p.HolderID
			res.Imported++
			if p.Status == core.StatusACompleter {
				res.Flagged++
			}
			spans = append(spans, core.Span{PassageID: p.ID, IDTechnique: id, LineStart: rp.LineStart, LineEnd: rp.LineEnd})
		}
		if !opt.AlreadyDeposited || len(spans) == 0 {
			return nil
		}
		sum, err := fileSum(path)
		if err != nil {
			return err
		}
		st, err := os.Stat(path)
		if err != nil {
			return core.ReadError(path, err)
		}
		dep := store.Deposit{IDFlux: df.IDFlux, Horodatage: df.Horodatage, CertificateurID: certificateur.ID, XSDVersion: df.Version(),
			FileName: filepath.Base(path), FilePath: path, SHA256: sum, Size: st.Size()}
		if err := tx.RecordDeposit(&dep, spans); err != nil {
			return err
		}
		res.Deposit = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func ensureCertificateur(tx *store.Tx, c core.Certificateur) (core.Certificateur, error) {
	all, err := tx.Certificateurs()
	if err != nil {
		return c, err
	}
	for _, existing := range all {
		if existing.IDClient == c.IDClient {
			return existing, nil
		}
	}
	return c, tx.AddCertificateur(&c)
}

// holderKey identifies identical holder data.
func holderKey(h core.Values) string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		v := h[k]
		fmt.Fprintf(&b, "%s=%t:%s\x00", k, v.Nil, v.Text)
	}
	return b.String()
}
