//go:build unix

package faults

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Operations of the summary, in print order.
var summaryOps = []string{"import", "export", "accuse", "restore", "backup", "erase", "inputs", "concurrent"}

// opStats counts the faults injected into one operation.
type opStats struct {
	faults int            // faults injected
	held   int            // faults after which every invariant held
	kinds  map[string]int // faults by kind: kill, watch, point, disk-full, concurrent, input
	holes  map[string]int // known holes shown (brief run: logged, not failed)
	broken map[string]int // invariants broken
}

var (
	statsMu sync.Mutex
	stats   = map[string]*opStats{}
)

// report records one fault and what the invariants said after it. In the
// brief run, violations of known holes are logged; everything else fails
// the test.
func report(t testing.TB, op, kind, what string, vs []violation) {
	t.Helper()
	statsMu.Lock()
	st := stats[op]
	if st == nil {
		st = &opStats{kinds: map[string]int{}, holes: map[string]int{}, broken: map[string]int{}}
		stats[op] = st
	}
	st.faults++
	st.kinds[kind]++
	if len(vs) == 0 {
		st.held++
	}
	seen := map[string]bool{}
	for _, v := range vs {
		if !seen[v.inv] {
			seen[v.inv] = true
			st.broken[v.inv]++
			if h := v.hole(); h != "" {
				st.holes[h]++
			}
		}
	}
	statsMu.Unlock()
	for _, v := range vs {
		if !full && v.hole() != "" {
			t.Logf("%s %s (%s): %v", op, kind, what, v)
		} else {
			t.Errorf("%s %s (%s): %v", op, kind, what, v)
		}
	}
}

// printSummary prints one line per operation: faults injected,
// invariants held, and which invariants broke.
func printSummary(w io.Writer) {
	statsMu.Lock()
	defer statsMu.Unlock()
	if len(stats) == 0 {
		return
	}
	fmt.Fprintln(w, "faults: operation   faults  invariants held  (by kind) — invariants broken")
	ops := append([]string{}, summaryOps...)
	for op := range stats {
		if !contains(ops, op) {
			ops = append(ops, op)
		}
	}
	total, held := 0, 0
	for _, op := range ops {
		st := stats[op]
		if st == nil {
			continue
		}
		total += st.faults
		held += st.held
		line := fmt.Sprintf("faults: %-10s %7d  %7d/%-7d  (%s)", op, st.faults, st.held, st.faults, counts(st.kinds))
		if len(st.broken) > 0 {
			line += " — broken: " + counts(st.broken)
		}
		if len(st.holes) > 0 && !full {
			line += " [known holes, not failing in the brief run: " + counts(st.holes) + "]"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "faults: total      %7d  %7d/%-7d\n", total, held, total)
}

func counts(m map[string]int) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
