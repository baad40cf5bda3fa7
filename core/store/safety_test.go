package store

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
)

func TestBackupsAreDatedPrivateAndRotated(t *testing.T) {
	d, path := newDossier(t)
	seed(t, d)
	clock := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	d.now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	if err := d.Update(ctx, func(tx *Tx) error { return tx.SetBackupsKept(3) }); err != nil {
		t.Fatal(err)
	}
	var last string
	for i := 0; i < 5; i++ {
		p, err := d.Backup("export")
		if err != nil {
			t.Fatal(err)
		}
		last = p
	}
	backups, err := d.Backups()
	if err != nil || len(backups) != 3 || backups[0].Path != last {
		t.Fatalf("backups: %+v %v", backups, err)
	}
	st, _ := os.Stat(last)
	if st.Mode().Perm() != 0o600 || !strings.HasPrefix(filepath.Base(last), "essai-20261122-1") || filepath.Dir(last) != strings.TrimSuffix(path, Extension)+".sauvegardes" {
		t.Fatalf("backup %s, mode %v", last, st.Mode().Perm())
	}
	b, err := Open(last, testValidator)
	if err != nil {
		t.Fatal(err)
	}
	var em string
	b.View(ctx, func(tx *Tx) error { em, err = tx.Emetteur(); return err })
	b.Close()
	if em != "12ABC345" {
		t.Fatalf("backup content: %q", em)
	}
}

// A restore replaces the content of the open dossier in place: another
// handle on it sees the backup's content; a backup cut short is refused
// and changes nothing.
func TestRestoreInPlaceAndRefusesBrokenBackups(t *testing.T) {
	d, path := newDossier(t)
	cert := seed(t, d)
	backup, err := d.Backup("export")
	if err != nil {
		t.Fatal(err)
	}
	err = d.Update(ctx, func(tx *Tx) error {
		return tx.AddPassage(&core.Passage{CertificationID: cert.ID, Holder: holder("Après", "Coup"), Data: passageData("2026-01-01")})
	})
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(path, testValidator)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ready := func(db *DB) int {
		var counts map[core.Status]int
		if err := db.View(ctx, func(tx *Tx) (err error) { counts, err = tx.Counts(); return err }); err != nil {
			t.Fatal(err)
		}
		return counts[core.StatusPret]
	}
	if ready(other) != 1 {
		t.Fatal("setup: the passage is not there")
	}
	broken := filepath.Join(t.TempDir(), "coupee"+Extension)
	b, _ := os.ReadFile(backup)
	os.WriteFile(broken, b[:len(b)/2], 0o600)
	if _, err := d.Restore(ctx, broken, "avant-restauration"); err == nil || !strings.Contains(err.Error(), "ne peut pas être restaurée") {
		t.Fatalf("restoring a truncated backup: %v", err)
	}
	if ready(other) != 1 {
		t.Fatal("a refused restore changed the dossier")
	}
	if _, err := d.Restore(ctx, backup, "avant-restauration"); err != nil {
		t.Fatal(err)
	}
	if ready(other) != 0 || ready(d) != 0 {
		t.Fatal("the restore did not bring back the backup's content")
	}
}

// A restore waits for an operation writing from another handle, then
// refuses with a French message instead of undoing it.
func TestRestoreWaitsForAWriterThenRefuses(t *testing.T) {
	orig := busyTimeoutMS
	busyTimeoutMS = 300
	defer func() { busyTimeoutMS = orig }()
	d, path := newDossier(t)
	seed(t, d)
	backup, err := d.Backup("essai")
	if err != nil {
		t.Fatal(err)
	}
	writer, err := Open(path, testValidator)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	hold, release := make(chan struct{}), make(chan struct{})
	go writer.Update(ctx, func(tx *Tx) error {
		tx.SetSetting("essai", "en cours")
		close(hold)
		<-release
		return nil
	})
	<-hold
	_, err = d.Restore(ctx, backup, "avant-restauration")
	close(release)
	if err == nil || !strings.Contains(err.Error(), "occupé") {
		t.Fatalf("restore during a write: %v", err)
	}
}

// Two handles on the same dossier (two windows, or the window and the
// CLI): readers go on during a write; a second writer waits, then gets a
// French message; nothing is corrupted.
func TestSharedUseOfOneDossier(t *testing.T) {
	orig := busyTimeoutMS
	busyTimeoutMS = 300
	defer func() { busyTimeoutMS = orig }()
	a, path := newDossier(t)
	cert := seed(t, a)
	b, err := Open(path, testValidator)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	holding := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- a.Update(ctx, func(tx *Tx) error {
			if err := tx.AddPassage(&core.Passage{CertificationID: cert.ID, Holder: holder("Un", "A"), Data: passageData("2026-01-01")}); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	var n map[core.Status]int
	if err := b.View(ctx, func(tx *Tx) error { n, err = tx.Counts(); return err }); err != nil || n[core.StatusPret] != 0 {
		t.Fatalf("reader during a write: %v %v", n, err)
	}
	err = b.Update(ctx, func(tx *Tx) error { return tx.SetEmetteur("99ZZZ999") })
	if err == nil || !strings.Contains(err.Error(), "occupé par une autre fenêtre ou une autre commande") {
		t.Fatalf("second writer: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := b.Update(ctx, func(tx *Tx) error { return tx.SetEmetteur("99ZZZ999") }); err != nil {
		t.Fatalf("writer after release: %v", err)
	}
	var ok string
	a.db.QueryRow("PRAGMA integrity_check").Scan(&ok)
	if ok != "ok" {
		t.Fatalf("integrity: %s", ok)
	}
}

func TestCorruptDossierGetsAMessage(t *testing.T) {
	d, path := newDossier(t)
	seed(t, d)
	d.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	d.Close()
	b, _ := os.ReadFile(path)
	for i := 100; i < len(b); i += 7 {
		b[i] ^= 0x5A
	}
	os.WriteFile(path, b, 0o600)
	os.Remove(path + "-wal")
	_, err := Open(path, testValidator)
	if err == nil {
		t.Fatal("corrupt dossier opened")
	}
	if !strings.Contains(err.Error(), "endommagé") && !strings.Contains(err.Error(), "pas un dossier Certidépôt") {
		t.Fatalf("message: %v", err)
	}
}

// Twelve backups in one second are listed in the order they were written
// (« -10 » after « -9 », not before « -2 »), whatever their reasons.
func TestBackupsOfOneSecondKeepTheirOrder(t *testing.T) {
	d, _ := newDossier(t)
	seed(t, d)
	d.now = func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) }
	var written []string
	for i := 0; i < 12; i++ {
		reason := "avant-export"
		if i%3 == 1 {
			reason = "avant-accuse"
		}
		p, err := d.Backup(reason)
		if err != nil {
			t.Fatal(err)
		}
		written = append(written, filepath.Base(p))
	}
	backups, err := d.Backups()
	if err != nil || len(backups) != DefaultBackupsKept {
		t.Fatalf("backups: %d %v", len(backups), err)
	}
	for i, b := range backups {
		if want := written[len(written)-1-i]; b.Name != want {
			t.Fatalf("backup %d is %s, want %s (written %v)", i, b.Name, want, written)
		}
	}
}

// A copy a killed process left half-written, or its write probe, is
// removed when the dossier is opened again; one of a process still running
// is left alone.
func TestStaleBackupCopiesRemovedAtOpen(t *testing.T) {
	d, path := newDossier(t)
	seed(t, d)
	d.Close()
	dir := BackupDirOf(path)
	os.MkdirAll(dir, 0o700)
	dead := filepath.Join(dir, tmpPrefix+"999999999-essai-20261122-100000-avant-export.certidepot")
	alive := filepath.Join(dir, tmpPrefix+strconv.Itoa(os.Getppid())+"-essai-20261122-100000-avant-export.certidepot")
	// The write probe beside the dossier, left by a process killed while
	// the dossier was being opened.
	probe := filepath.Join(filepath.Dir(path), tmpPrefix+"999999999-essai-123456")
	for _, p := range []string{dead, dead + "-journal", alive, probe} {
		os.WriteFile(p, []byte("données"), 0o600)
	}
	d, err := Open(path, testValidator)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, p := range []string{dead, dead + "-journal", probe} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s left", filepath.Base(p))
		}
	}
	if _, err := os.Stat(alive); err != nil {
		t.Errorf("a running process's copy was removed: %v", err)
	}
}
