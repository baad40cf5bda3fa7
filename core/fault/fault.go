// Package fault stops the process at a named point of an operation, for
// the fault-injection tests: CERTIDEPOT_FAULT=point (or point:n, the n-th
// time the point is reached) makes the process kill itself there, as a
// power cut or a kill -9 would. Without the variable it does nothing.
package fault

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Variable is the environment variable naming the point to stop at.
const Variable = "CERTIDEPOT_FAULT"

// Points are the points the operations have, in the order they meet
// them; CERTIDEPOT_FAULT=points lists them (see List).
var Points = []string{
	"backup.copied", "backup.done",
	"import.row", "import.before-commit", "import.after-commit",
	"export.intent", "export.file-written", "export.before-commit", "export.recorded", "export.renamed", "export.after-commit",
	"accuse.applied", "accuse.before-commit", "accuse.after-commit",
	"restore.copied", "restore.replaced",
	"erase.before-commit", "erase.after-commit",
}

// List writes the points, one per line, when the environment asks for
// them (CERTIDEPOT_FAULT=points), for the tests to know what to stop at.
func List(w io.Writer) {
	if os.Getenv(Variable) == "points" {
		for _, p := range Points {
			fmt.Fprintln(w, p)
		}
	}
}

var known = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range Points {
		m[p] = true
	}
	return m
}()

var (
	once  sync.Once
	point string
	nth   int64 = 1
	hits  atomic.Int64
)

// At stops the process abruptly when it reaches the point named by the
// environment (the n-th time, when it says point:n).
func At(name string) {
	once.Do(func() {
		v := os.Getenv(Variable)
		if p, n, ok := strings.Cut(v, ":"); ok {
			if k, err := strconv.ParseInt(n, 10, 64); err == nil && k > 0 {
				v, nth = p, k
			}
		}
		point = v
	})
	if point == "" || point != name {
		return
	}
	if !known[name] {
		panic("fault: unknown point " + name) // a point must be listed in Points
	}
	if hits.Add(1) == nth {
		kill()
	}
}
