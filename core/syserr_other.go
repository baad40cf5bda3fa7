//go:build !windows

package core

func isDiskFull(error) bool { return false }
