package main

import (
	"bytes"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// startProfile writes a CPU profile of the command to the file named by
// CERTIDEPOT_PROFILE, and a heap profile (what the command allocated, and
// what it held at its peak, sampled) to CERTIDEPOT_MEMPROFILE, for
// performance work (go tool pprof); the returned function ends them.
// Nothing happens without the variables.
func startProfile() func() {
	stopHeap := startHeapProfile(os.Getenv("CERTIDEPOT_MEMPROFILE"))
	path := os.Getenv("CERTIDEPOT_PROFILE")
	if path == "" {
		return stopHeap
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		stopHeap()
	}
}

// startHeapProfile keeps the heap profile taken when the heap was at its
// largest (checked every 200 ms), written when the command ends.
func startHeapProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	done := make(chan struct{})
	var best bytes.Buffer
	var peak uint64
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak {
					peak = m.HeapInuse
					best.Reset()
					pprof.Lookup("heap").WriteTo(&best, 0)
				}
			}
		}
	}()
	return func() {
		close(done)
		os.WriteFile(path, best.Bytes(), 0o600)
	}
}
