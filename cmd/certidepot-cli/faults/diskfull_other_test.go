//go:build unix && !linux

package faults

import (
	"testing"
)

func unmountAll() {}

func TestDiskFull(t *testing.T) {
	t.Skip("disk-full cases need Linux (a tmpfs mounted by the suite)")
}

func needTmpfs(t *testing.T) { t.Skip("disk-full cases need Linux (a tmpfs mounted by the suite)") }
