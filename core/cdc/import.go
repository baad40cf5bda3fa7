package cdc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// ImportOptions tune the import of a deposit file.
type ImportOptions struct {
	// AlreadyDeposited records the file as a deposit made by hand: its
	// passages wait for the CDC's accusé instead of being sent again.
	AlreadyDeposited bool
}

// ImportResult says what an import of a deposit file did.
type ImportResult struct {
	File     string   `json:"file"`
	Passages int      `json:"passages"` // passages in the file
	Imported int      `json:"imported"`
	Flagged  int      `json:"flagged"` // imported with errors to fix
	Skipped  []string `json:"skipped"` // idTechnique already in the dossier
	Deposit  bool     `json:"deposit"` // recorded as a deposit awaiting its accusé
}

// ImportDeposit loads a deposit file (typically made by hand before
// Certidépôt) into the dossier, keeping each passage's idTechnique, in one
// transaction. Passages already in the dossier are skipped, so importing
// the same file twice changes nothing.
func ImportDeposit(ctx context.Context, db *store.DB, path string, opt ImportOptions) (*ImportResult, error) {
	df, err := ReadDepositFile(path)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{File: path, Passages: len(df.Passages), Skipped: []string{}}
	err = db.Update(ctx, func(tx *store.Tx) error {
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
		var spans []store.Span
		for _, rp := range df.Passages {
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
			spans = append(spans, store.Span{PassageID: p.ID, IDTechnique: id, LineStart: rp.LineStart, LineEnd: rp.LineEnd})
		}
		if !opt.AlreadyDeposited || len(spans) == 0 {
			return nil
		}
		sum, size, err := fileSum(path)
		if err != nil {
			return err
		}
		d := store.Deposit{IDFlux: df.IDFlux, Horodatage: df.Horodatage, CertificateurID: certificateur.ID, XSDVersion: versionOfFile(df),
			FileName: filepath.Base(path), FilePath: path, SHA256: sum, Size: size}
		if err := tx.RecordDeposit(&d, spans); err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return fmt.Errorf("un dépôt d'identifiant de flux %s est déjà enregistré dans ce dossier", df.IDFlux)
			}
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

func versionOfFile(df *DepositFile) string {
	if df.Action != "" {
		return core.Version115
	}
	return core.Version112
}

func fileSum(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}
