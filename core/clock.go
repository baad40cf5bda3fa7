package core

import (
	"os"
	"sync"
	"time"
)

// Now is the time Certidépôt works at: the computer's clock, or, when
// CERTIDEPOT_AUJOURDHUI names a day (AAAA-MM-JJ), that day at 10:00 and
// as many seconds after as the process has run. It serves screenshots and
// demonstrations that must look the same whatever the day they are made.
func Now() time.Time {
	clockOnce.Do(func() {
		if d, ok := ParseISODate(os.Getenv("CERTIDEPOT_AUJOURDHUI")); ok {
			fixedDay = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, time.Local)
			started = time.Now()
		}
	})
	if fixedDay.IsZero() {
		return time.Now()
	}
	return fixedDay.Add(time.Since(started).Truncate(time.Second))
}

var (
	clockOnce         sync.Once
	fixedDay, started time.Time
)
