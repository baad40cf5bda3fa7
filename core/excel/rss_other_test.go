//go:build !unix

package excel

func peakRSSMB() float64 { return 0 }
