//go:build unix

package faults

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Run-wide settings, read once in TestMain.
var (
	full     bool   // CERTIDEPOT_FAULTS=full
	seed     uint64 // random offsets derive from it
	kills    int    // random kills per operation
	cliPath  string // the binary under test
	workRoot string // every sandbox lives under it
	keepWork bool
)

func TestMain(m *testing.M) {
	if os.Getenv(fsizeExec) != "" {
		execLimited() // this process only stands for the CLI: see fsize_test.go
	}
	os.Exit(mainRun(m))
}

// briefSeed draws the brief run's faults.
const briefSeed = 20261201

func mainRun(m *testing.M) int {
	full = os.Getenv("CERTIDEPOT_FAULTS") == "full"
	// The brief run (make test, CI) always draws the same faults, so that
	// it passes or fails the same way on every run; the full run draws new
	// ones each time, to find what the fixed ones miss.
	seed = briefSeed
	if full {
		seed = uint64(time.Now().UnixNano())
	}
	if s := os.Getenv("CERTIDEPOT_FAULTS_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "faults: CERTIDEPOT_FAULTS_SEED=%q is not a number\n", s)
			return 2
		}
		seed = v
	}
	kills = 3
	if full {
		kills = 50
	}
	if s := os.Getenv("CERTIDEPOT_FAULTS_KILLS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			fmt.Fprintf(os.Stderr, "faults: CERTIDEPOT_FAULTS_KILLS=%q is not a count\n", s)
			return 2
		}
		kills = v
	}
	keepWork = os.Getenv("CERTIDEPOT_FAULTS_KEEP") != ""
	mode := "brief"
	if full {
		mode = "full"
	}
	fmt.Printf("faults: mode %s, seed %d (replay: CERTIDEPOT_FAULTS_SEED=%d), %d random kills per operation\n", mode, seed, seed, kills)

	var err error
	// A neutral name: paths appear in the messages checked for English.
	workRoot, err = os.MkdirTemp("", "cdpt-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		return 2
	}
	defer func() {
		if keepWork {
			fmt.Printf("faults: work directories kept in %s\n", workRoot)
			return
		}
		unmountAll()
		os.RemoveAll(workRoot)
	}()
	if cliPath = os.Getenv("CERTIDEPOT_FAULTS_CLI"); cliPath == "" {
		cliPath = filepath.Join(workRoot, "bin", "certidepot-cli")
		if err := buildCLI(cliPath); err != nil {
			fmt.Fprintln(os.Stderr, "faults: building certidepot-cli:", err)
			return 2
		}
	} else if cliPath, err = filepath.Abs(cliPath); err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		return 2
	}
	code := m.Run()
	printSummary(os.Stdout)
	return code
}

// buildCLI builds certidepot-cli from this tree with scripts/go.
func buildCLI(out string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	goTool := filepath.Join(root, "scripts", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goTool, "build", "-o", out, "./cmd/certidepot-cli")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%v\n%s", err, b)
	}
	return nil
}

// repoRoot is the directory holding go.mod, above the package directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// rng returns the random source of one campaign: derived from the run's
// seed and the campaign's name, so that running one test alone
// (-run) replays the same offsets for it.
func rng(name string) *rand.Rand {
	h := sha256.Sum256([]byte(name))
	return rand.New(rand.NewPCG(seed, binary.LittleEndian.Uint64(h[:8])))
}

// needFull skips a test outside the full run.
func needFull(t *testing.T) {
	t.Helper()
	if !full {
		t.Skip("full run only: CERTIDEPOT_FAULTS=full (make faults)")
	}
}

// pick returns the brief or the full value.
func pick[T any](brief, whole T) T {
	if full {
		return whole
	}
	return brief
}

// oneLine shortens a command output for a log line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		cut := 300
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
