// Package fault stops the process at a named point of an operation, for
// the fault-injection tests: CERTIDEPOT_FAULT=point (or point:n, the n-th
// time the point is reached) makes the process kill itself there, as a
// power cut or a kill -9 would. Without the variable it does nothing.
package fault

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Variable is the environment variable naming the point to stop at.
const Variable = "CERTIDEPOT_FAULT"

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
	if hits.Add(1) == nth {
		kill()
	}
}
