package fault

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestAtHelper reaches a point three times, in a child process.
func TestAtHelper(t *testing.T) {
	if os.Getenv(Variable) == "" {
		t.Skip("helper process only")
	}
	for i := 0; i < 3; i++ {
		At("import.row")
		os.Stdout.WriteString("ligne\n")
	}
}

func TestAtKillsAtTheNthHit(t *testing.T) {
	for _, c := range []struct {
		env   string
		lines int
	}{{"import.row", 0}, {"import.row:2", 1}, {"import.row:4", 3}, {"export.recorded", 3}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestAtHelper$", "-test.v")
		cmd.Env = append(os.Environ(), Variable+"="+c.env)
		out, err := cmd.Output()
		killed := err != nil && strings.Contains(err.Error(), "killed")
		if n := strings.Count(string(out), "ligne\n"); n != c.lines || killed != (c.lines < 3) {
			t.Errorf("%s: %d lines, killed %v (%v)", c.env, n, killed, err)
		}
	}
}

func TestList(t *testing.T) {
	var b strings.Builder
	t.Setenv(Variable, "points")
	List(&b)
	if got := strings.Fields(b.String()); len(got) != len(Points) || got[0] != "backup.copied" {
		t.Fatalf("listed %v", got)
	}
}
