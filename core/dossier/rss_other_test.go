//go:build !unix

package dossier

func peakRSS() float64 { return 0 }
