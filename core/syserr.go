package core

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// UserError is an error whose message is French and says what to do. The
// system's own error is kept as its cause, for errors.Is and for tests,
// but it is never part of the message: users do not read English.
type UserError struct {
	Msg   string
	Cause error
}

func (e *UserError) Error() string { return e.Msg }
func (e *UserError) Unwrap() error { return e.Cause }

// Errorf is a UserError with the given French message and cause.
func Errorf(cause error, msg string) error { return &UserError{Msg: msg, Cause: cause} }

// WriteError says in French that a file could not be written, and why.
func WriteError(path string, err error) error {
	return Errorf(err, "impossible d'écrire "+path+" : "+SystemMessage(err))
}

// ReadError says in French that a file could not be read, and why.
func ReadError(path string, err error) error {
	return Errorf(err, "impossible de lire "+path+" : "+SystemMessage(err))
}

// SystemMessage says in French what went wrong with a file or the disk,
// and what to do, for an error coming from the operating system.
func SystemMessage(err error) string {
	if err == nil {
		return ""
	}
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Msg
	}
	var pe *fs.PathError
	path := ""
	if errors.As(err, &pe) {
		path = pe.Path
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		path = le.New
	}
	where := ""
	if path != "" {
		where = " (" + path + ")"
	}
	msg := strings.ToLower(err.Error())
	switch {
	case errors.Is(err, syscall.ENOSPC) || strings.Contains(msg, "no space left") || strings.Contains(msg, "disk is full") ||
		strings.Contains(msg, "not enough space") || isDiskFull(err):
		return "le disque est plein" + where + " : libérez de la place, puis recommencez"
	case errors.Is(err, syscall.EROFS) || strings.Contains(msg, "read-only file system"):
		return "le disque ou le dossier est en lecture seule" + where + " : choisissez un autre emplacement"
	case errors.Is(err, fs.ErrNotExist):
		return "fichier ou dossier introuvable" + where + " : vérifiez le chemin"
	case errors.Is(err, fs.ErrPermission):
		return "accès refusé" + where + " : vérifiez les droits sur ce fichier et son dossier, ou choisissez un autre emplacement"
	case errors.Is(err, fs.ErrExist):
		return "le fichier existe déjà" + where + " : choisissez un autre nom"
	case errors.Is(err, syscall.ENAMETOOLONG) || strings.Contains(msg, "file name too long"):
		return "le nom du fichier est trop long" + where + " : raccourcissez-le"
	case errors.Is(err, syscall.EIO) || strings.Contains(msg, "input/output error"):
		return "erreur de lecture ou d'écriture du disque" + where + " : vérifiez le disque ou la clé USB, puis recommencez"
	case strings.Contains(msg, "is a directory"):
		return "c'est un répertoire, pas un fichier" + where
	case errors.Is(err, syscall.ELOOP) || strings.Contains(msg, "too many levels of symbolic links"):
		return "ce chemin tourne en rond (un raccourci qui mène à lui-même)" + where + " : vérifiez le chemin"
	case strings.Contains(msg, "too many open files"):
		return "trop de fichiers ouverts : fermez d'autres programmes, puis recommencez"
	}
	return "erreur du système" + where + " : recommencez ; si elle persiste, vérifiez le disque et les droits sur le fichier"
}
