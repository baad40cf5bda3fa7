package core

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// CheckInputFile checks a file given by the user before reading it: it
// must exist, be a regular file and weigh at most max bytes. tooBig is the
// French sentence ending "… fait N Mo : " for an oversized file.
func CheckInputFile(path string, max int64, tooBig string) error {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("le fichier %s n'existe pas", path)
	case err != nil:
		return ReadError(path, err)
	case st.IsDir():
		return fmt.Errorf("%s est un répertoire, pas un fichier", path)
	case st.Size() > max:
		return fmt.Errorf("%s fait %d Mo : %s", path, st.Size()>>20, tooBig)
	}
	return nil
}
