//go:build linux

package faults

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// filler is the file that fills a disk-full sandbox.
const filler = "remplissage"

var (
	mountsMu sync.Mutex
	mounts   []string
)

// mountTmpfs mounts a tmpfs of size bytes on dir (root, or a user allowed
// to mount, only).
func mountTmpfs(dir string, size int64) error {
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, fmt.Sprintf("size=%d,mode=0700", size)); err != nil {
		return err
	}
	mountsMu.Lock()
	mounts = append(mounts, dir)
	mountsMu.Unlock()
	return nil
}

func unmount(dir string) {
	syscall.Unmount(dir, syscall.MNT_DETACH)
	mountsMu.Lock()
	defer mountsMu.Unlock()
	for i, m := range mounts {
		if m == dir {
			mounts = append(mounts[:i], mounts[i+1:]...)
			break
		}
	}
}

// unmountAll undoes what the tests left mounted.
func unmountAll() {
	mountsMu.Lock()
	ms := append([]string{}, mounts...)
	mountsMu.Unlock()
	for _, m := range ms {
		unmount(m)
	}
}

// canMount tells, once, whether this machine lets the suite mount a
// tmpfs; the reason when it does not.
var canMount = sync.OnceValue(func() error {
	dir, err := os.MkdirTemp(workRoot, "probe-")
	if err != nil {
		return err
	}
	defer os.Remove(dir)
	if err := mountTmpfs(dir, 1<<20); err != nil {
		return err
	}
	unmount(dir)
	return nil
})

// needTmpfs skips a test where mounting is not permitted.
func needTmpfs(t *testing.T) {
	t.Helper()
	if err := canMount(); err != nil {
		t.Skipf("disk-full cases on a tmpfs skipped: mounting is not permitted here (%v); run as root to have them (TestFileSizeLimit, a file size limit, stands in for them)", err)
	}
}

// tmpfsSandbox is a sandbox on its own tmpfs of size bytes, holding a copy
// of the fixture.
func tmpfsSandbox(t *testing.T, from string, size int64) *sandbox {
	t.Helper()
	s := newSandbox(t, "")
	if err := mountTmpfs(s.dir, size); err != nil {
		t.Fatalf("mount: %v", err)
	}
	t.Cleanup(func() { unmount(s.dir) })
	if from != "" {
		s.copyFixture(from)
	}
	if err := os.MkdirAll(s.tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	return s
}

// free is the space left on the sandbox's filesystem.
func (s *sandbox) free() int64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(s.dir, &st); err != nil {
		s.t.Fatal(err)
	}
	return int64(st.Bavail) * st.Bsize
}

// fill leaves about left bytes free.
func (s *sandbox) fill(left int64) {
	s.t.Helper()
	n := s.free() - left
	if n <= 0 {
		return
	}
	f, err := os.OpenFile(s.path(filler), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, int64(len(buf)))
		if _, err := f.Write(buf[:k]); err != nil {
			break // full already
		}
		n -= k
	}
	s.inputs[filler] = true
}

// growth measures how much disk an operation uses at its peak.
func growth(t *testing.T, op operation, size int64) int64 {
	s := tmpfsSandbox(t, fixture(t, op.fixture), size)
	start := s.free()
	low := start
	p := s.start(nil, op.args(t, s)...)
	s.observe(p, func(time.Duration) bool { low = min(low, s.free()); return false })
	r := p.wait()
	s.takeViolations()
	if r.code != 0 && r.code != 1 {
		t.Fatalf("%s with room enough: %v", op.name, r)
	}
	return start - low
}

// TestDiskFull runs each operation on a tmpfs filled so that it runs out
// of space somewhere between its first byte and its last: it must either
// do everything or refuse in French and change nothing.
func TestDiskFull(t *testing.T) {
	needTmpfs(t)
	for _, op := range operations() {
		t.Run(op.name, func(t *testing.T) {
			c := calibrate(t, op)
			fix := fixture(t, op.fixture)
			size := dirSize(t, fix)*4 + 64<<20
			need := growth(t, op, size)
			if need <= 0 {
				t.Fatalf("%s: no disk growth measured", op.name)
			}
			r := rng("disk-full/" + op.name)
			n := pick(2, 12)
			if op.name == "erase" {
				n = pick(1, 4)
			}
			for i := 0; i < n; i++ {
				left := int64(0)
				if i > 0 {
					left = r.Int64N(need + need/5)
				}
				s := tmpfsSandbox(t, fix, size)
				args := op.args(t, s)
				s.fill(left)
				free := s.free()
				res := s.run(args...)
				what := fmt.Sprintf("%d bytes free of the %d it needs: exit %d", free, need, res.code)
				// The disk still full, the dossier can be looked at (its
				// messages are checked for French like any other).
				s.run("passages", dossier, "--json")
				os.Remove(s.path(filler))
				vs := s.afterFault(op.name, c)
				vs = append(vs, outcomeMatches(s, c, res)...)
				report(t, op.name, "disk-full", what, vs)
			}
		})
	}
}

// dirSize is the bytes of the files under dir.
func dirSize(t testing.TB, dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return nil
	})
	return n
}
