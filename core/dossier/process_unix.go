//go:build !windows

package dossier

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with this number runs (signal 0
// checks without sending anything).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
