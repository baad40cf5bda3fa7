//go:build unix

package faults

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// job is one command of a concurrent pair, with how to find its effect in
// a dossier file once it said it was done.
type job struct {
	name string
	args func(t testing.TB, s *sandbox) []string
	// done returns the SQL query (and arguments) counting the effect of a
	// successful run in a dossier file: > 0 when it is there; "" when the
	// run has no effect to look for.
	done func(s *sandbox, r result) (string, []any)
}

var (
	jobImport = job{"import", fixed("import-xlsx", dossier, "list-plus.xlsx", "--json"), func(s *sandbox, r result) (string, []any) {
		var res struct {
			Imported int `json:"imported"`
		}
		if json.Unmarshal([]byte(r.stdout), &res) != nil || res.Imported == 0 {
			return "", nil
		}
		return "SELECT count(*) FROM imports WHERE file LIKE '%list-plus.xlsx' AND added = ? AND undone_at IS NULL", []any{res.Imported}
	}}
	jobExport = job{"export", func(t testing.TB, s *sandbox) []string {
		out := "depot-2.xml"
		if exists(s.path(out)) || strings.Contains(strings.Join(s.pendingOutputs, " "), out) {
			out = "depot-3.xml"
		}
		s.pendingOutputs = append(s.pendingOutputs, out)
		return []string{"export", dossier, "-o", out, "--json"}
	}, func(s *sandbox, r result) (string, []any) {
		var res struct {
			Files []struct {
				IDFlux string `json:"idFlux"`
			} `json:"files"`
		}
		if json.Unmarshal([]byte(r.stdout), &res) != nil || len(res.Files) == 0 {
			return "", nil
		}
		return "SELECT count(*) FROM deposits WHERE id_flux = ?", []any{res.Files[0].IDFlux}
	}}
	jobAccuse = job{"accuse", fixed("import-accuse", dossier, "accuse.xml", "--json"), func(s *sandbox, r result) (string, []any) {
		var res struct {
			AlreadyImported bool `json:"alreadyImported"`
		}
		if json.Unmarshal([]byte(r.stdout), &res) != nil || res.AlreadyImported {
			return "", nil
		}
		sum, _, _ := fileSum(s.path("accuse.xml"))
		return "SELECT count(*) FROM accuses WHERE sha256 = ?", []any{sum}
	}}
	jobRestore = job{"restore", func(t testing.TB, s *sandbox) []string {
		return []string{"restaurer", dossier, filepath.Join(backupsDir, backupWith(t, s, "manuelle"))}
	}, func(*sandbox, result) (string, []any) { return "", nil }}
)

// TestConcurrent runs two commands at once on one dossier, the second
// started at a random instant of the first: nothing either says it did
// may be lost, a refusal must be French, and the dossier stays whole.
func TestConcurrent(t *testing.T) {
	pairs := [][2]job{{jobImport, jobExport}, {jobImport, jobAccuse}, {jobExport, jobExport}, {jobImport, jobRestore}}
	if full {
		pairs = append(pairs, [][2]job{{jobExport, jobAccuse}, {jobImport, jobImport}, {jobExport, jobRestore}}...)
	}
	r := rng("concurrent")
	n := pick(1, 8)
	for _, pair := range pairs {
		a, b := pair[0], pair[1]
		t.Run(a.name+"+"+b.name, func(t *testing.T) {
			// How long the first takes alone.
			s := newSandbox(t, fixture(t, "exported"))
			alone := s.run(a.args(t, s)...)
			s.takeViolations()
			for i := 0; i < n; i++ {
				s := newSandbox(t, fixture(t, "exported"))
				delay := time.Duration(r.Int64N(int64(alone.dur) + 1))
				pa := s.start(nil, a.args(t, s)...)
				time.Sleep(time.Until(pa.started.Add(delay)))
				pb := s.start(nil, b.args(t, s)...)
				ra, rb := pa.wait(), pb.wait()
				what := fmt.Sprintf("%s, then %s %v later: exits %d and %d", a.name, b.name, delay.Round(time.Millisecond), ra.code, rb.code)
				vs := s.afterFault("concurrent", nil)
				restored := (a.name == "restore" && ra.code == 0) || (b.name == "restore" && rb.code == 0)
				for _, c := range []struct {
					j job
					r result
				}{{a, ra}, {b, rb}} {
					vs = append(vs, s.checkJob(c.j, c.r, restored)...)
				}
				report(t, "concurrent", "concurrent", what, vs)
			}
		})
	}
}

// checkJob checks one command of a pair: a refusal says why, in French;
// a success is in the dossier (or, after a restore, in a backup).
func (s *sandbox) checkJob(j job, r result, restored bool) []violation {
	switch r.code {
	case 0, 1:
	case 2:
		if !strings.Contains(r.stderr, "occupé") && !strings.Contains(r.stderr, "réessayez") {
			return []violation{{invRefusal, fmt.Sprintf("%s refused while another command ran, without saying the dossier is busy: %s", j.name, r)}}
		}
		return nil
	default:
		return []violation{{invRefusal, "unexpected exit: " + r.String()}}
	}
	q, args := j.done(s, r)
	if q == "" {
		return nil
	}
	if s.countWhere(s.path(dossier), false, q, args...) > 0 {
		return nil
	}
	inv := invNothingLost
	if restored {
		inv = invRestoreLost
		for _, b := range s.backupNames() {
			if s.countWhere(s.path(filepath.Join(backupsDir, b)), true, q, args...) > 0 {
				return nil // replaced by the restore, kept in the backup it made first
			}
		}
	}
	return []violation{{inv, fmt.Sprintf("%s said it was done (%s) but it is in neither the dossier nor any backup", j.name, firstLine(r.stdout+r.stderr, ""))}}
}

// countWhere runs a count query on a dossier file (-1 on error).
func (s *sandbox) countWhere(path string, immutable bool, q string, args ...any) int {
	db, err := openRO(path, immutable)
	if err != nil {
		return -1
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		return -1
	}
	return n
}
