package dossier

import (
	"os"
	"runtime/debug"
)

// TuneMemory sets how the programs trade memory for speed: the garbage
// collector runs a third as often as by default (an import of 200,000
// rows allocates a lot, briefly), under a soft limit of 400 MiB that
// keeps the peak below 512 MB. GOGC and GOMEMLIMIT, when set, win. The
// programs call it when they start.
func TuneMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(400 << 20)
	}
}
