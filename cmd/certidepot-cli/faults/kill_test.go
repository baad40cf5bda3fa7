//go:build unix

package faults

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// operation is one job of the CLI the suite breaks.
type operation struct {
	name    string
	fixture string
	args    func(t testing.TB, s *sandbox) []string
	// window, when set, restricts random kills to a phase seen during
	// calibration (the backup before an export).
	window func(c *calibration) (from, to time.Duration)
}

func operations() []operation {
	return []operation{
		{name: "import", fixture: "base", args: fixed("import-xlsx", dossier, "list.xlsx", "--json")},
		{name: "export", fixture: "imported", args: fixed("export", dossier, "-o", "depot.xml", "--json")},
		{name: "accuse", fixture: "exported", args: fixed("import-accuse", dossier, "accuse.xml", "--json")},
		{name: "restore", fixture: "answered", args: func(t testing.TB, s *sandbox) []string {
			return []string{"restaurer", dossier, filepath.Join(backupsDir, backupWith(t, s, "manuelle"))}
		}},
		// The backup written before an export of a large dossier: random
		// kills fall inside the time the backup took during calibration.
		{name: "backup", fixture: "big", args: fixed("export", dossier, "-o", "depot.xml", "--json"),
			window: func(c *calibration) (time.Duration, time.Duration) {
				from, ok1 := c.events["backup-appears"]
				to, ok2 := c.events["backup-complete"]
				if !ok1 || !ok2 {
					return 0, c.dur / 2
				}
				return from * 9 / 10, to + (to-from)/5
			}},
		{name: "erase", fixture: "answered", args: func(t testing.TB, s *sandbox) []string {
			return []string{"titulaire", dossier, uniqueHolder(t, s), "--effacer"}
		}},
	}
}

func operationNamed(t testing.TB, name string) operation {
	for _, op := range operations() {
		if op.name == name {
			return op
		}
	}
	t.Fatalf("no operation %q", name)
	return operation{}
}

func fixed(args ...string) func(testing.TB, *sandbox) []string {
	return func(testing.TB, *sandbox) []string { return args }
}

// backupWith returns the name of the backup whose name contains part.
func backupWith(t testing.TB, s *sandbox, part string) string {
	for _, n := range s.backupNames() {
		if strings.Contains(n, part) {
			return n
		}
	}
	t.Fatalf("no backup named *%s* in %v", part, s.backupNames())
	return ""
}

// uniqueHolder returns a search text designating exactly one holder that
// has no passage awaiting an accusé (the erase refuses those).
func uniqueHolder(t testing.TB, s *sandbox) string {
	db, err := openRO(s.path(dossier), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT h.search FROM holders h WHERE NOT EXISTS
		(SELECT 1 FROM passages p WHERE p.holder_id = h.id AND p.status = 'depose') ORDER BY h.id`)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for rows.Next() {
		var k string
		rows.Scan(&k)
		all = append(all, k)
	}
	rows.Close()
	var every []string
	r2, err := db.Query("SELECT search FROM holders")
	if err != nil {
		t.Fatal(err)
	}
	for r2.Next() {
		var k string
		r2.Scan(&k)
		every = append(every, k)
	}
	r2.Close()
	for _, k := range all {
		n := 0
		for _, o := range every {
			if strings.Contains(o, k) {
				n++
			}
		}
		if n == 1 && k != "" {
			return k
		}
	}
	t.Fatal("no holder with a unique name in the fixture")
	return ""
}

// calibration is an operation run to its end, twice, watched.
type calibration struct {
	dur     time.Duration            // the longer of the two runs
	before  string                   // fingerprint before
	after   string                   // fingerprint after
	events  map[string]time.Duration // when each watched event was first seen
	walMax  int64                    // largest -wal seen
	outSize int64                    // size of the deposit file written, if any
	dbSize  int64                    // size of the dossier before
	dbAfter int64                    // size of the dossier after
}

var calibrations = map[string]*calibration{}

func calibrate(t testing.TB, op operation) *calibration {
	t.Helper()
	if c, ok := calibrations[op.name]; ok {
		return c
	}
	c := &calibration{events: map[string]time.Duration{}}
	for i := 0; i < 2; i++ {
		s := newSandbox(t, fixture(t, op.fixture))
		st, vs := s.dossierState()
		if len(vs) > 0 {
			t.Fatalf("calibration of %s: %v", op.name, vs)
		}
		c.before = st.fingerprint()
		if info, err := os.Stat(s.path(dossier)); err == nil {
			c.dbSize = info.Size()
		}
		w := newWatcher(s)
		p := s.start(nil, op.args(t, s)...)
		s.observe(p, func(elapsed time.Duration) bool {
			sn := w.snap(p)
			for name, seen := range sn.events() {
				if _, ok := c.events[name]; seen && !ok {
					c.events[name] = elapsed
				}
			}
			c.walMax = max(c.walMax, sn.walSize)
			c.outSize = max(c.outSize, sn.tmpSize)
			return false
		})
		r := p.wait()
		if r.code != 0 && r.code != 1 {
			t.Fatalf("calibration of %s: %v", op.name, r)
		}
		c.dur = max(c.dur, r.dur)
		st, vs = s.dossierState()
		if len(vs) > 0 {
			t.Fatalf("calibration of %s: %v", op.name, vs)
		}
		if i > 0 && st.fingerprint() != c.after {
			t.Fatalf("calibration of %s: two runs end differently:\n%s\n%s", op.name, c.after, st.fingerprint())
		}
		c.after = st.fingerprint()
		if info, err := os.Stat(s.path("depot.xml")); err == nil && !s.initial["depot.xml"] {
			c.outSize = info.Size()
		}
		c.dbAfter = fileSize(s.path(dossier)) + fileSize(s.path(dossier+"-wal"))
		for _, v := range s.takeViolations() {
			if !full && v.hole() != "" {
				t.Logf("calibration of %s: %v", op.name, v)
			} else {
				t.Errorf("calibration of %s: %v", op.name, v)
			}
		}
	}
	if c.before == c.after {
		t.Fatalf("calibration of %s: the operation changes nothing (%s)", op.name, c.after)
	}
	var evs []string
	for k, v := range c.events {
		evs = append(evs, fmt.Sprintf("%s@%v", k, v.Round(100*time.Microsecond)))
	}
	sort.Strings(evs)
	t.Logf("calibration of %s: %v, wal up to %d bytes, events %s", op.name, c.dur.Round(time.Millisecond), c.walMax, strings.Join(evs, " "))
	calibrations[op.name] = c
	return c
}

// watcher reads, while a command runs, what it leaves on disk.
type watcher struct {
	s       *sandbox
	backups map[string]bool // backup files there before
}

func newWatcher(s *sandbox) *watcher {
	w := &watcher{s: s, backups: map[string]bool{}}
	for _, n := range s.backupNames() {
		w.backups[n] = true
	}
	return w
}

// snap is what a command has left on disk at one instant.
type snap struct {
	newBackup, newBackupComplete bool
	newBackupSize                int64
	tmpFiles                     int   // hidden *.tmp files next to the dossier
	tmpSize                      int64 // their largest size
	depotXML                     bool
	walSize                      int64
	restoreTmp                   bool
	tmpdirFiles                  int // files in the command's TMPDIR
	stdout                       bool
}

func (w *watcher) snap(p *proc) snap {
	var sn snap
	if entries, err := os.ReadDir(w.s.path(backupsDir)); err == nil {
		for _, e := range entries {
			if w.backups[e.Name()] || !strings.HasSuffix(e.Name(), ".certidepot") {
				continue
			}
			sn.newBackup = true
			if info, err := e.Info(); err == nil {
				sn.newBackupSize = max(sn.newBackupSize, info.Size())
				if info.Mode().Perm() == 0o600 && info.Size() > 0 {
					sn.newBackupComplete = true
				}
			}
		}
	}
	if entries, err := os.ReadDir(w.s.dir); err == nil {
		for _, e := range entries {
			n := e.Name()
			switch {
			case strings.HasPrefix(n, ".") && strings.HasSuffix(n, ".tmp"):
				sn.tmpFiles++
				if info, err := e.Info(); err == nil {
					sn.tmpSize = max(sn.tmpSize, info.Size())
				}
			case strings.HasPrefix(n, ".certidepot-depot-") && e.IsDir():
				// The export's private folder: its files being written.
				inner, _ := os.ReadDir(filepath.Join(w.s.dir, n))
				for _, f := range inner {
					sn.tmpFiles++
					if info, err := f.Info(); err == nil {
						sn.tmpSize = max(sn.tmpSize, info.Size())
					}
				}
			case n == "depot.xml":
				sn.depotXML = true
			case n == dossier+"-wal":
				if info, err := e.Info(); err == nil {
					sn.walSize = info.Size()
				}
			case strings.HasPrefix(n, dossier+"."):
				sn.restoreTmp = true
			}
		}
	}
	if entries, err := os.ReadDir(w.s.tmp); err == nil {
		sn.tmpdirFiles = len(entries)
	}
	select {
	case <-p.out.first:
		sn.stdout = true
	default:
	}
	return sn
}

// events names what a snap shows, for the calibration.
func (sn snap) events() map[string]bool {
	return map[string]bool{
		"backup-appears":  sn.newBackup,
		"backup-complete": sn.newBackupComplete,
		"tmp-appears":     sn.tmpFiles > 0,
		"file-final":      sn.depotXML,
		"wal-grows":       sn.walSize > 0,
		"restore-tmp":     sn.restoreTmp,
		"tmpdir-file":     sn.tmpdirFiles > 0,
		"stdout":          sn.stdout,
	}
}

// observe calls fn often while p runs, until fn returns true.
func (s *sandbox) observe(p *proc, fn func(elapsed time.Duration) bool) bool {
	for p.running() {
		if fn(time.Since(p.started)) {
			return true
		}
		time.Sleep(150 * time.Microsecond)
	}
	return false
}

// watchPoint is a chosen instant of an operation, seen from outside: the
// command is killed as soon as the disk shows it.
type watchPoint struct {
	name string
	when func(c *calibration) func(sn snap) bool // nil when the calibration did not see it
}

func watchPoints(op string) []watchPoint {
	seen := func(event string, pred func(sn snap) bool) func(c *calibration) func(snap) bool {
		return func(c *calibration) func(snap) bool {
			if _, ok := c.events[event]; !ok {
				return nil
			}
			return pred
		}
	}
	backupAppears := watchPoint{"a new backup file appears", seen("backup-appears", func(sn snap) bool { return sn.newBackup })}
	backupHalf := watchPoint{"the backup is half written", func(c *calibration) func(snap) bool {
		if _, ok := c.events["backup-appears"]; !ok || c.dbSize == 0 {
			return nil
		}
		return func(sn snap) bool { return sn.newBackupSize >= c.dbSize/2 }
	}}
	backupComplete := watchPoint{"the backup is complete", seen("backup-complete", func(sn snap) bool { return sn.newBackupComplete })}
	walGrows := watchPoint{"the transaction writes to the -wal", func(c *calibration) func(snap) bool {
		if _, ok := c.events["wal-grows"]; !ok {
			return nil
		}
		return func(sn snap) bool { return sn.walSize > 0 && !sn.stdout }
	}}
	walHalf := watchPoint{"the -wal reaches half its size", func(c *calibration) func(snap) bool {
		if c.walMax < 64<<10 {
			return nil
		}
		return func(sn snap) bool { return sn.walSize >= c.walMax/2 }
	}}
	stdout := watchPoint{"the result is printed (after the commit)", seen("stdout", func(sn snap) bool { return sn.stdout })}
	switch op {
	case "import":
		return []watchPoint{walGrows, walHalf,
			{"excelize writes its temp file", seen("tmpdir-file", func(sn snap) bool { return sn.tmpdirFiles > 0 })}, stdout}
	case "export":
		return []watchPoint{backupAppears, backupComplete,
			{"the hidden deposit file appears", seen("tmp-appears", func(sn snap) bool { return sn.tmpFiles > 0 })},
			{"the hidden deposit file is half written", func(c *calibration) func(snap) bool {
				if _, ok := c.events["tmp-appears"]; !ok || c.outSize == 0 {
					return nil
				}
				return func(sn snap) bool { return sn.tmpSize >= c.outSize/2 }
			}},
			{"depot.xml gets its final name", seen("file-final", func(sn snap) bool { return sn.depotXML })},
			walGrows, stdout}
	case "accuse":
		return []watchPoint{backupAppears, backupComplete, walGrows, stdout}
	case "restore":
		var sawTmp bool
		return []watchPoint{backupAppears, backupComplete,
			{"the copy next to the dossier appears", seen("restore-tmp", func(sn snap) bool { return sn.restoreTmp })},
			{"the copy next to the dossier is renamed", func(c *calibration) func(snap) bool {
				if _, ok := c.events["restore-tmp"]; !ok {
					return nil
				}
				sawTmp = false
				return func(sn snap) bool {
					sawTmp = sawTmp || sn.restoreTmp
					return sawTmp && !sn.restoreTmp
				}
			}},
			stdout}
	case "backup":
		return []watchPoint{backupAppears, backupHalf, backupComplete}
	case "erase":
		return []watchPoint{walGrows, stdout}
	}
	return nil
}

// hookPoints are the fault points asked of the binary
// (CERTIDEPOT_FAULT=point[:n]), by operation.
var hookPoints = map[string][]string{
	"import":  {"import.row:1", "import.row:100", "import.before-commit", "import.after-commit"},
	"export":  {"backup.copied", "backup.done", "export.file-written", "export.recorded", "export.renamed", "export.before-commit", "export.after-commit"},
	"accuse":  {"backup.copied", "backup.done", "accuse.applied", "accuse.before-commit", "accuse.after-commit"},
	"restore": {"backup.copied", "backup.done", "restore.copied", "restore.replaced"},
	"backup":  {"backup.copied", "backup.done"},
	"erase":   {"erase.before-commit", "erase.after-commit"},
}

var hookSupport map[string]bool

// supportedPoints asks the binary which fault points it has
// (CERTIDEPOT_FAULT=points: one name per line on stderr).
func supportedPoints(t testing.TB) map[string]bool {
	if hookSupport != nil {
		return hookSupport
	}
	hookSupport = map[string]bool{}
	s := newSandbox(t, "")
	r := s.runEnv([]string{"CERTIDEPOT_FAULT=points"}, "version")
	s.takeViolations()
	for _, line := range strings.Split(r.stderr+"\n"+r.stdout, "\n") {
		line = strings.TrimSpace(line)
		if i := strings.IndexByte(line, '.'); i > 0 && !strings.ContainsAny(line, " :") {
			hookSupport[line] = true
		}
	}
	return hookSupport
}

// trial runs op once from its fixture, lets kill decide when to kill it,
// then checks every invariant. It returns false when the command ended
// before being killed (no fault injected).
func trial(t *testing.T, op operation, c *calibration, kind, what string, env []string, kill func(s *sandbox, w *watcher, p *proc)) bool {
	t.Helper()
	s := newSandbox(t, fixture(t, op.fixture))
	args := op.args(t, s)
	w := newWatcher(s)
	p := s.start(env, args...)
	if kill != nil {
		kill(s, w, p)
	}
	r := p.wait()
	if !r.killed {
		s.takeViolations()
		return false
	}
	report(t, op.name, kind, what, s.afterFault(op.name, c))
	return true
}

// afterFault checks the invariants on a sandbox whose command was broken.
func (s *sandbox) afterFault(op string, c *calibration) []violation {
	_, vs := s.dossierState() // right after the fault: integrity
	l, v := s.cliListing()    // the next command on the dossier
	vs = append(vs, v...)
	st, v := s.dossierState()
	vs = append(vs, v...)
	if st != nil {
		fp := st.fingerprint()
		if c != nil && fp != c.before && fp != c.after {
			vs = append(vs, violation{invAtomic, fmt.Sprintf("half-done: %s\n  before: %s\n  after:  %s", fp, c.before, c.after)})
		}
		if len(l.passages) != st.counts["passages"] {
			vs = append(vs, violation{invCLI, fmt.Sprintf("passages --json lists %d passages, the file holds %d", len(l.passages), st.counts["passages"])})
		}
		vs = append(vs, s.checkDeposits(st, l)...)
		if op == "restore" && c != nil && fp == c.after && !s.someBackupIs(l, c.before) {
			vs = append(vs, violation{invNothingLost, "restored, but the state before the restore is in no backup"})
		}
	}
	vs = append(vs, s.checkBackups(l)...)
	vs = append(vs, s.checkLeftovers(st, l)...)
	return append(vs, s.takeViolations()...)
}

// someBackupIs reports whether a listed backup has this fingerprint.
func (s *sandbox) someBackupIs(l *listing, fp string) bool {
	for _, b := range l.backups {
		p := b.Path
		if !filepath.IsAbs(p) {
			p = s.path(p)
		}
		if st, err := readState(p, true); err == nil && st.fingerprint() == fp {
			return true
		}
	}
	return false
}

// TestKill kills every operation with SIGKILL at random offsets within
// its measured duration, at instants chosen from what it leaves on disk,
// and at the binary's fault points when it has them.
func TestKill(t *testing.T) {
	for _, op := range operations() {
		t.Run(op.name, func(t *testing.T) {
			c := calibrate(t, op)
			r := rng("kill/" + op.name)
			from, to := time.Duration(0), c.dur
			if op.window != nil {
				from, to = op.window(c)
			}
			n := kills
			if op.name == "erase" { // a small transaction, not in the list of operations to hammer
				n = (kills + 2) / 3
			}
			done, tries := 0, 0
			for done < n && tries < 3*n+5 {
				tries++
				offset := from + time.Duration(r.Int64N(int64(max(to-from, time.Millisecond))))
				what := fmt.Sprintf("SIGKILL at %v of %v", offset.Round(10*time.Microsecond), c.dur.Round(time.Millisecond))
				if trial(t, op, c, "kill", what, nil, func(s *sandbox, w *watcher, p *proc) {
					time.Sleep(time.Until(p.started.Add(offset)))
					p.kill()
				}) {
					done++
				}
			}
			t.Logf("%s: %d random kills (%d tries, offsets %v–%v)", op.name, done, tries, from.Round(time.Millisecond), to.Round(time.Millisecond))
			for _, wp := range watchPoints(op.name) {
				pred := wp.when(c)
				if pred == nil {
					t.Logf("%s: instant « %s » not seen during calibration: skipped", op.name, wp.name)
					continue
				}
				for i := 0; i < pick(1, 3); i++ {
					pred := wp.when(c)
					if !trial(t, op, c, "watch", wp.name, nil, func(s *sandbox, w *watcher, p *proc) {
						if s.observe(p, func(time.Duration) bool { return pred(w.snap(p)) }) {
							p.kill()
						}
					}) {
						t.Logf("%s: ended before « %s »", op.name, wp.name)
					}
				}
			}
			points := supportedPoints(t)
			if len(points) == 0 {
				t.Logf("%s: the binary has no fault points (CERTIDEPOT_FAULT): points inside transactions skipped", op.name)
				return
			}
			for _, pt := range hookPoints[op.name] {
				name, _, _ := strings.Cut(pt, ":")
				if !points[name] {
					t.Errorf("%s: the binary lists fault points but not %s", op.name, name)
					continue
				}
				if !trial(t, op, c, "point", pt, []string{"CERTIDEPOT_FAULT=" + pt}, nil) {
					t.Errorf("%s: CERTIDEPOT_FAULT=%s did not kill the command", op.name, pt)
				}
			}
		})
	}
}
