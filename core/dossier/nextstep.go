package dossier

import "github.com/certidepot/certidepot/core"

// Step is the one thing a dossier asks for next, as the home screen
// proposes it.
type Step string

const (
	StepImport  Step = "importer" // no passage yet
	StepFix     Step = "corriger" // passages to complete
	StepRejects Step = "rejets"   // passages the CDC rejected
	StepDeposit Step = "deposer"  // passages ready
	StepAccuse  Step = "accuse"   // deposits awaiting their accusé
	StepNothing Step = "a_jour"   // nothing to do
)

// Next returns what to do next with the dossier and how many passages (or
// deposits) it concerns. Errors come first: depositing before fixing them
// makes two deposits where one would do. Then the CDC's rejections, the
// deposit, and the accusés to read.
func (s Summary) Next() (Step, int) {
	total := 0
	for _, n := range s.Counts {
		total += n
	}
	c := s.Counts
	switch {
	case total == 0:
		return StepImport, 0
	case c[core.StatusACompleter] > 0:
		return StepFix, c[core.StatusACompleter]
	case c[core.StatusRejete] > 0:
		return StepRejects, c[core.StatusRejete]
	case c[core.StatusPret] > 0:
		return StepDeposit, c[core.StatusPret]
	case s.AwaitingAccuse > 0:
		return StepAccuse, s.AwaitingAccuse
	}
	return StepNothing, 0
}
