package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/certidepot/certidepot/core/dossier"
)

// withDossier opens an existing dossier for the length of fn.
func withDossier(path string, fn func(*dossier.Dossier) (int, error)) (int, error) {
	d, err := dossier.Open(path)
	if err != nil {
		return exitRefused, err
	}
	defer d.Close()
	return fn(d)
}

var bg = context.Background()

func newJSON(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// refuseExisting protects a file the user already has.
func refuseExisting(path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("le fichier %s existe déjà : choisissez un autre nom", path)
	}
	return nil
}
