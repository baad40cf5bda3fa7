//go:build !windows

package fault

import "syscall"

// kill sends SIGKILL to the process itself: no deferred function, no
// cleanup runs, as with kill -9.
func kill() { syscall.Kill(syscall.Getpid(), syscall.SIGKILL) }
