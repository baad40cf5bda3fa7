package dossier

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/store"
)

// dossierSchema returns the schema the dossier validates with: the XSD
// loaded from a CDC kit if any, else Certidépôt's own one for the targeted
// version. The second value is the version that governs the writer.
func dossierSchema(tx *store.Tx) (*cdc.Schema, string, error) {
	loaded, err := tx.XSD()
	if err != nil {
		return nil, "", err
	}
	if loaded != nil {
		s, err := cdc.ParseSchema(loaded.Content)
		if err != nil {
			return nil, "", fmt.Errorf("le XSD chargé dans ce dossier (%s) est illisible : %w", loaded.FileName, err)
		}
		return s, s.Version, nil
	}
	v, err := tx.Version()
	if err != nil {
		return nil, "", err
	}
	s, err := cdc.BuiltinSchema(v)
	return s, v, err
}

// Format says which XSD a dossier targets.
type Format struct {
	Version  string `json:"version"`
	Source   string `json:"source"` // "integre" (Certidépôt's own schema) or "charge" (loaded from a CDC kit)
	FileName string `json:"fileName,omitempty"`
	// Passages and WithErrors count the passages checked again after a
	// change of format, and those with errors.
	Passages   int `json:"revalidated"`
	WithErrors int `json:"withErrors"`
}

// Sources of a format.
const (
	SourceBuiltin = "integre"
	SourceLoaded  = "charge"
)

// Format returns the format the dossier targets.
func (d *Dossier) Format(ctx context.Context) (Format, error) {
	var f Format
	err := d.view(ctx, func(tx *store.Tx) error { return readFormat(tx, &f) })
	return f, err
}

func readFormat(tx *store.Tx, f *Format) error {
	x, err := tx.XSD()
	if err != nil {
		return err
	}
	if f.Version, err = tx.Version(); err != nil {
		return err
	}
	f.Source = SourceBuiltin
	if x != nil {
		f.Version, f.Source, f.FileName = x.Version, SourceLoaded, x.FileName
	}
	return nil
}

// maxXSDSize bounds an XSD file given by the user (the CDC's is 20 KB).
const maxXSDSize = 4 << 20

// ReadXSD reads and parses an XSD file from a CDC kit, refusing what is
// not one (see cdc.ParseSchema). The caller closes the schema.
func ReadXSD(path string) (*cdc.Schema, error) {
	if err := core.CheckInputFile(path, maxXSDSize, "ce n'est pas un XSD de la CDC (quelques dizaines de Ko)"); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, core.ReadError(path, err)
	}
	s, err := cdc.ParseSchema(b)
	if err != nil {
		return nil, fmt.Errorf("%s : %w", filepath.Base(path), err)
	}
	return s, nil
}

// LoadXSD stores an XSD from a CDC kit in the dossier: it validates every
// export from now on, and every passage is checked again against the
// version it declares.
func (d *Dossier) LoadXSD(ctx context.Context, path string) (Format, error) {
	s, err := ReadXSD(path)
	if err != nil {
		return Format{}, err
	}
	defer s.Close()
	var f Format
	err = d.update(ctx, opXSD, func(tx *store.Tx) error {
		if err := tx.AddXSD(store.LoadedXSD{Version: s.Version, FileName: filepath.Base(path), Content: s.Text}); err != nil {
			return err
		}
		if err := tx.SetVersion(cdc.VersionFor(s.Version)); err != nil {
			return err
		}
		return revalidated(tx, &f)
	})
	return f, err
}

// UseBuiltinXSD goes back to Certidépôt's own schema of a version.
func (d *Dossier) UseBuiltinXSD(ctx context.Context, version string) (Format, error) {
	s, err := cdc.BuiltinSchema(version)
	if err != nil {
		return Format{}, err
	}
	s.Close()
	var f Format
	err = d.update(ctx, opXSD, func(tx *store.Tx) error {
		if err := tx.ClearXSD(); err != nil {
			return err
		}
		if err := tx.SetVersion(version); err != nil {
			return err
		}
		return revalidated(tx, &f)
	})
	return f, err
}

func revalidated(tx *store.Tx, f *Format) error {
	if err := readFormat(tx, f); err != nil {
		return err
	}
	counts, err := tx.Counts()
	if err != nil {
		return err
	}
	for _, n := range counts {
		f.Passages += n
	}
	f.WithErrors, err = tx.Revalidate()
	return err
}
