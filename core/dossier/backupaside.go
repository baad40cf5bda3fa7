package dossier

import (
	"os"
	"path/filepath"
)

// aside is a backup of the dossier written while an operation works: the
// backup reads the last committed state (the operation's changes are not
// committed yet), on its own connection and, on two cores, at the same
// time. The operation commits only once the backup is done.
type aside struct {
	done chan struct{}
	path string
	err  error
}

func (d *Dossier) backupAside(reason string) *aside {
	a := &aside{done: make(chan struct{})}
	go func() {
		defer close(a.done)
		a.path, a.err = d.db.Backup(reason)
	}()
	return a
}

// wait returns the backup's error once it is written.
func (a *aside) wait() error {
	<-a.done
	return a.err
}

// discard removes the backup of an operation that changed nothing after
// all (an export refused by the XSD): only real changes keep one.
func (a *aside) discard() {
	if a.wait() == nil {
		os.Remove(a.path)
		os.Remove(filepath.Dir(a.path)) // the backups folder, if this was its only file
	}
}
