package dossier

import (
	"context"

	"github.com/certidepot/certidepot/core/fault"

	"github.com/certidepot/certidepot/core/store"
)

// BackupFile is one backup of a dossier.
type BackupFile = store.BackupFile

// Backups lists the dossier's backups, most recent first.
func (d *Dossier) Backups() ([]BackupFile, error) { return d.db.Backups() }

// BackupDir is the folder holding the dossier's backups.
func (d *Dossier) BackupDir() string { return d.db.BackupDir() }

// BackupNow writes a dated backup of the dossier on the user's request
// (before changing much by hand, before copying it elsewhere), and
// returns its path.
func (d *Dossier) BackupNow(ctx context.Context) (string, error) {
	var path string
	err := d.run(opBackup, func() (err error) {
		if d.ReadOnly() {
			return ErrReadOnly
		}
		path, err = d.db.Backup("manuelle")
		return err
	})
	return path, err
}

// Restore brings the dossier back to a backup, after saving its current
// state as a backup too. It waits for, then refuses to overlap, an
// operation running in this or another window or command; a backup that
// does not open as a dossier is refused and nothing changes.
func (d *Dossier) Restore(ctx context.Context, backup string) error {
	return d.run(opRestore, func() error {
		if err := store.CheckDossierFile(backup); err != nil {
			return err
		}
		if _, err := d.db.Restore(ctx, backup, "avant-restauration"); err != nil {
			return err
		}
		fault.At("restore.replaced")
		return nil
	})
}
