package core

// Status is where a passage stands in its life cycle.
type Status string

const (
	StatusACompleter Status = "a_completer" // has errors: cannot be exported
	StatusPret       Status = "pret"        // valid, ready for the next deposit
	StatusDepose     Status = "depose"      // in a recorded deposit, awaiting the accusé
	StatusAccepte    Status = "accepte"     // accepted by the CDC: never sent again
	StatusRejete     Status = "rejete"      // rejected by the CDC: to correct and send again
)

// Statuses lists every status in life-cycle order.
var Statuses = []Status{StatusACompleter, StatusPret, StatusDepose, StatusAccepte, StatusRejete}

// Label returns the French label shown to users.
func (s Status) Label() string {
	switch s {
	case StatusACompleter:
		return "À compléter"
	case StatusPret:
		return "Prêt à déposer"
	case StatusDepose:
		return "Déposé, en attente de l'accusé"
	case StatusAccepte:
		return "Accepté par la CDC"
	case StatusRejete:
		return "Rejeté par la CDC"
	}
	return string(s)
}

// Valid reports whether s is one of the five statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if v == s {
			return true
		}
	}
	return false
}

// Locked reports whether the passage must not be edited: it is in a deposit
// awaiting its accusé, or the CDC accepted it.
func (s Status) Locked() bool { return s == StatusDepose || s == StatusAccepte }

// AfterEdit returns the status of an unlocked passage once its data has
// been saved: errors keep it to complete, otherwise it is ready (a rejected
// passage that was corrected becomes ready to send again).
func AfterEdit(hasErrors bool) Status {
	if hasErrors {
		return StatusACompleter
	}
	return StatusPret
}
