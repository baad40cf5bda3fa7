//go:build unix

package faults

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// dossier is the dossier's name in every sandbox; commands run in the
// sandbox directory and name every file relatively, so that a sandbox
// copied elsewhere (a fixture) still holds valid recorded paths.
const (
	dossier    = "d.certidepot"
	backupsDir = "d.sauvegardes"
)

// sandbox is one directory where commands run: the dossier, its backups,
// inputs and outputs, and tmp/, the commands' TMPDIR.
type sandbox struct {
	t              testing.TB
	dir            string
	tmp            string
	inputs         map[string]bool // files put there on purpose (relative paths)
	initial        map[string]bool // files copied from the fixture
	env            []string        // extra environment of every command
	runs           []result        // every command run, for the log
	pendingOutputs []string        // deposit files asked of commands still running
	violations     []violation     // found while running (messages in English…)
}

// newSandbox makes an empty sandbox, or a copy of a fixture directory.
func newSandbox(t testing.TB, from string) *sandbox {
	t.Helper()
	dir, err := os.MkdirTemp(workRoot, "s-")
	if err != nil {
		t.Fatal(err)
	}
	s := &sandbox{t: t, dir: dir, tmp: filepath.Join(dir, "tmp"), inputs: map[string]bool{}, initial: map[string]bool{}}
	if from != "" {
		s.copyFixture(from)
	}
	if err := os.MkdirAll(s.tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	if !keepWork {
		t.Cleanup(func() { os.RemoveAll(dir) })
	}
	return s
}

// copyFixture copies a fixture directory into the sandbox.
func (s *sandbox) copyFixture(from string) {
	s.t.Helper()
	if err := copyTree(from, s.dir); err != nil {
		s.t.Fatalf("copy of the fixture: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(from, inputsList)); err == nil {
		for _, n := range strings.Fields(string(b)) {
			s.inputs[n] = true
		}
	}
	filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(s.dir, p)
			s.initial[rel] = true
		}
		return nil
	})
}

// inputsList names, in a fixture, the files put there as inputs.
const inputsList = ".inputs"

// input registers a file of the sandbox as an input (allowed to stay).
func (s *sandbox) input(rel string) string {
	s.inputs[rel] = true
	os.WriteFile(filepath.Join(s.dir, inputsList), []byte(strings.Join(keys(s.inputs), "\n")), 0o600)
	return rel
}

func (s *sandbox) path(rel string) string { return filepath.Join(s.dir, rel) }

// result is one finished command.
type result struct {
	args           []string
	code           int  // exit code; -1 when killed
	killed         bool // ended by SIGKILL (from the suite or from the binary's fault hook)
	stdout, stderr string
	dur            time.Duration
}

func (r result) String() string {
	state := fmt.Sprintf("exit %d", r.code)
	if r.killed {
		state = "killed"
	}
	return fmt.Sprintf("certidepot-cli %s: %s after %v; stdout %q; stderr %q", strings.Join(r.args, " "), state,
		r.dur.Round(time.Millisecond), oneLine(r.stdout), oneLine(r.stderr))
}

// proc is a running command.
type proc struct {
	s        *sandbox
	cmd      *exec.Cmd
	args     []string
	started  time.Time
	out, err *watchBuffer
	done     chan struct{}
	res      result
}

// watchBuffer records an output and says when its first byte came.
type watchBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	first chan struct{}
	once  sync.Once
}

func newWatchBuffer() *watchBuffer { return &watchBuffer{first: make(chan struct{})} }

func (w *watchBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(p) > 0 {
		w.once.Do(func() { close(w.first) })
	}
	return w.b.Write(p)
}

func (w *watchBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// commandEnv is the environment of every command: the suite's own
// variables removed, TMPDIR in the sandbox so that temp files can be
// found, and a neutral locale.
func (s *sandbox) commandEnv(extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "CERTIDEPOT_FAULT") || strings.HasPrefix(kv, "TMPDIR=") || strings.HasPrefix(kv, "XDG_CACHE_HOME=") || strings.HasPrefix(kv, "LC_ALL=") {
			continue
		}
		env = append(env, kv)
	}
	// The private temporary folders go under the user's cache folder:
	// in the sandbox's tmp/ too, so that they are watched like TMPDIR.
	env = append(env, "TMPDIR="+s.tmp, "XDG_CACHE_HOME="+filepath.Join(s.tmp, "cache"), "LC_ALL=C.UTF-8")
	env = append(env, s.env...)
	return append(env, extra...)
}

// start starts a command in the sandbox.
func (s *sandbox) start(extraEnv []string, args ...string) *proc {
	s.t.Helper()
	cmd := exec.Command(cliPath, args...)
	cmd.Dir = s.dir
	cmd.Env = s.commandEnv(extraEnv)
	p := &proc{s: s, cmd: cmd, args: args, out: newWatchBuffer(), err: newWatchBuffer(), done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.err
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting certidepot-cli: %v", err)
	}
	go func() {
		err := cmd.Wait()
		p.res = result{args: args, stdout: p.out.String(), stderr: p.err.String(), dur: time.Since(p.started), code: cmd.ProcessState.ExitCode()}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
				p.res.killed, p.res.code = true, -1
			}
		}
		close(p.done)
	}()
	return p
}

// running reports whether the command has not ended yet.
func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// kill sends SIGKILL, as kill -9 does.
func (p *proc) kill() { p.cmd.Process.Signal(syscall.SIGKILL) }

// wait waits for the command and checks its messages.
func (p *proc) wait() result {
	<-p.done
	p.s.record(p.res)
	return p.res
}

// run runs a command to its end.
func (s *sandbox) run(args ...string) result {
	s.t.Helper()
	return s.start(nil, args...).wait()
}

// runEnv runs a command with extra environment.
func (s *sandbox) runEnv(env []string, args ...string) result {
	s.t.Helper()
	return s.start(env, args...).wait()
}

// must runs a command that has to succeed (exit 0, or 1 when flagged is
// allowed).
func (s *sandbox) must(args ...string) result {
	s.t.Helper()
	r := s.run(args...)
	if r.code != 0 && !(r.code == 1 && (args[0] == "import-xlsx" || args[0] == "import-accuse")) {
		s.t.Fatalf("%v", r)
	}
	return r
}

// record keeps a finished command and checks that what it printed is
// French.
func (s *sandbox) record(r result) {
	s.runs = append(s.runs, r)
	var found []string
	if isJSON(r.stdout) {
		found = englishInJSON(r.stdout)
	} else {
		found = englishIn(r.stdout)
	}
	found = append(found, englishIn(r.stderr)...)
	if len(found) > 4 {
		found = append(found[:4], fmt.Sprintf("… and %d more", len(found)-4))
	}
	if len(found) > 0 {
		s.violations = append(s.violations, violation{inv: invFrench, msg: "certidepot-cli " + strings.Join(r.args, " ") + ": " + strings.Join(found, " ; ")})
	}
	if strings.Contains(r.stderr, "erreur interne inattendue") {
		s.violations = append(s.violations, violation{inv: invNoCrash, msg: r.String()})
	}
}

func isJSON(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "[") || strings.HasPrefix(s, "{")
}

// takeViolations returns and forgets what was found while running.
func (s *sandbox) takeViolations() []violation {
	v := s.violations
	s.violations = nil
	return v
}

// copyTree copies a directory (regular files and directories, modes kept).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm())
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		return copyFile(p, target, info.Mode().Perm())
	})
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(dst, mode)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
