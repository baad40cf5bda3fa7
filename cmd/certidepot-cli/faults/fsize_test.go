//go:build unix

package faults

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A disk that fills up, without mounting anything: the command runs with
// a file size limit (RLIMIT_FSIZE), so that the first write taking any
// file past N bytes fails (EFBIG), as on a full disk. This runs where
// tmpfs mounts are not permitted, and everywhere as one more kind of
// fault.

// The test binary re-executes itself as a small launcher: it sets the
// limit, then becomes the CLI (exec), so that the limit applies to the
// CLI alone.
const (
	fsizeExec  = "CERTIDEPOT_FAULTS_EXEC"  // the binary to become
	fsizeLimit = "CERTIDEPOT_FAULTS_FSIZE" // the limit, in bytes
)

func execLimited() {
	path := os.Getenv(fsizeExec)
	n, err := strconv.ParseUint(os.Getenv(fsizeLimit), 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults: bad", fsizeLimit)
		os.Exit(126)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
		fmt.Fprintln(os.Stderr, "faults: setrlimit:", err)
		os.Exit(126)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, fsizeExec+"=") && !strings.HasPrefix(kv, fsizeLimit+"=") {
			env = append(env, kv)
		}
	}
	err = syscall.Exec(path, append([]string{path}, os.Args[1:]...), env)
	fmt.Fprintln(os.Stderr, "faults: exec:", err)
	os.Exit(126)
}

// runLimited runs a command whose files cannot grow past limit bytes.
func (s *sandbox) runLimited(limit int64, args ...string) result {
	s.t.Helper()
	self, err := os.Executable()
	if err != nil {
		s.t.Fatal(err)
	}
	saved := cliPath
	cliPath = self
	defer func() { cliPath = saved }()
	return s.start([]string{fsizeExec + "=" + saved, fsizeLimit + "=" + strconv.FormatInt(limit, 10)}, args...).wait()
}

// TestFileSizeLimit runs each operation with a file size limit drawn
// between 0 and the largest file it writes: it must do everything, or
// refuse in French and change nothing.
func TestFileSizeLimit(t *testing.T) {
	for _, op := range operations() {
		t.Run(op.name, func(t *testing.T) {
			c := calibrate(t, op)
			largest := max(c.dbSize, c.dbAfter, c.walMax, c.outSize)
			r := rng("file-size/" + op.name)
			n := pick(1, 10)
			if op.name == "erase" {
				n = pick(1, 3)
			}
			for i := 0; i < n; i++ {
				limit := r.Int64N(largest + largest/4)
				s := newSandbox(t, fixture(t, op.fixture))
				res := s.runLimited(limit, op.args(t, s)...)
				what := fmt.Sprintf("files limited to %d bytes (largest written: %d): exit %d", limit, largest, res.code)
				vs := s.afterFault(op.name, c)
				vs = append(vs, outcomeMatches(s, c, res)...)
				report(t, op.name, "file-size", what, vs)
			}
		})
	}
}

// outcomeMatches checks that a command that said it was done did it all,
// and that a refused one said why in French and changed nothing.
func outcomeMatches(s *sandbox, c *calibration, r result) []violation {
	st, err := readState(s.path(dossier), false)
	if err != nil {
		return nil // reported by afterFault
	}
	fp := st.fingerprint()
	switch {
	case r.code == 0 || r.code == 1:
		if fp != c.after {
			return []violation{{invNothingLost, fmt.Sprintf("%v\n  said done, but the dossier is %s\n  expected %s", r, fp, c.after)}}
		}
	case r.code == 2:
		var vs []violation
		if fp != c.before {
			vs = append(vs, violation{invRefusal, fmt.Sprintf("%v\n  refused, but the dossier changed: %s", r, fp)})
		}
		if r.stderr == "" {
			vs = append(vs, violation{invRefusal, "refused without a message: " + r.String()})
		}
		return vs
	default:
		return []violation{{invRefusal, "unexpected exit: " + r.String()}}
	}
	return nil
}
