package core

import "time"

// The law gives a certifier 3 months after a passage's delivery to send
// it to the CDC (article L6113-8 of the Code du travail); Certidépôt warns
// two weeks before, which leaves time for one rejection and a new deposit.
const (
	DeadlineMonths = 3
	alertMonths    = 2
	alertDays      = 15
)

// DeadlineAlertBefore returns the day before which a delivered passage not
// yet accepted needs attention: 2½ months before now.
func DeadlineAlertBefore(now time.Time) time.Time {
	return now.AddDate(0, -alertMonths, -alertDays)
}
