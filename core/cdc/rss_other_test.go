//go:build !unix

package cdc

func peakRSS() float64 { return 0 }
