//go:build linux

package faults

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A backup cut short by a full disk is left as a 0-byte or partial file
// (0644), listed as the newest; restoring it says « restauré » and leaves
// an empty dossier.
func TestHoleBackupCutShortByFullDisk(t *testing.T) {
	needFull(t)
	needTmpfs(t)
	fix := fixture(t, "imported")
	var vs []violation
	for _, leftFrac := range []int64{0, 2} { // nothing left; half the dossier's size left
		s := tmpfsSandbox(t, fix, dirSize(t, fix)*3+1<<20)
		before := countIn(s.path(dossier), false)
		s.fill(fileSize(s.path(dossier)) * leftFrac / 4)
		r := s.run("export", dossier, "-o", "depot.xml")
		os.Remove(s.path(filler)) // room again: what is left behind?
		l, v := s.cliListing()
		vs = append(vs, v...)
		vs = append(vs, s.checkBackups(l)...)
		if r.code == 0 {
			continue
		}
		if len(l.backups) > 0 {
			newest := l.backups[0]
			rr := s.run("restaurer", dossier, newest.Path)
			if after := countIn(s.path(dossier), false); rr.code == 0 && after != before {
				vs = append(vs, violation{invBackups, fmt.Sprintf("restaurer of the backup the full disk cut short (%s, %d bytes) said « %s »; the dossier now has %d passages (it had %d)",
					newest.Name, newest.Size, strings.TrimSpace(rr.stdout), after, before)})
			}
		}
		vs = append(vs, s.takeViolations()...)
	}
	holeCheck(t, "backup", "disk-full", "backup cut short by a full disk", vs)
}

// In a read-only folder, even passages fails (« attempt to write a
// readonly database »).
func TestHoleReadOnlyFolder(t *testing.T) {
	needFull(t)
	needTmpfs(t)
	fix := fixture(t, "imported")
	s := tmpfsSandbox(t, fix, dirSize(t, fix)*2+1<<20)
	want := countIn(s.path(dossier), false)
	os.Remove(s.path(dossier + "-wal"))
	os.Remove(s.path(dossier + "-shm"))
	if err := syscall.Mount("", s.dir, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("remount read-only: %v", err)
	}
	var vs []violation
	r := s.run("passages", dossier, "--json")
	var n int
	if r.code == 0 {
		n = strings.Count(r.stdout, `"idTechnique"`)
	}
	if r.code != 0 || n != want {
		vs = append(vs, violation{invCLI, fmt.Sprintf("passages of a dossier in a read-only folder: exit %d, %d passages of %d, « %s »", r.code, n, want, oneLine(r.stderr))})
	}
	r = s.run("export", dossier, "-o", "depot.xml")
	if r.code != 2 || !strings.Contains(r.stderr, "lecture seule") {
		vs = append(vs, violation{invRefusal, "export in a read-only folder: " + r.String()})
	}
	holeCheck(t, "inputs", "read-only", "dossier in a read-only folder", append(vs, s.takeViolations()...))
}

// « no space left on device » and « database or disk is full » reach the
// user.
func TestHoleEnglishOnFullDisk(t *testing.T) {
	needFull(t)
	needTmpfs(t)
	t.Run("deposit-folder-full", func(t *testing.T) {
		s := newSandbox(t, fixture(t, "imported"))
		full := s.path("plein")
		os.MkdirAll(full, 0o700)
		if err := mountTmpfs(full, 256<<10); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { unmount(full) })
		f, _ := os.Create(filepath.Join(full, filler))
		f.Write(make([]byte, 240<<10))
		f.Close()
		s.input("plein/" + filler)
		r := s.run("export", dossier, "-o", "plein/depot.xml")
		vs := s.takeViolations()
		if r.code != 2 {
			vs = append(vs, violation{invRefusal, r.String()})
		}
		holeCheck(t, "export", "disk-full", "deposit folder full", vs)
	})
	t.Run("dossier-disk-full", func(t *testing.T) {
		fix := fixture(t, "imported")
		s := tmpfsSandbox(t, fix, dirSize(t, fix)*3+1<<20)
		s.fill(0)
		s.run("export", dossier, "-o", "depot.xml")
		s.run("import-xlsx", dossier, "list-plus.xlsx")
		holeCheck(t, "export", "disk-full", "dossier's disk full", s.takeViolations())
	})
}
