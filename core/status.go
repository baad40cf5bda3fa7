package core

// Status is where a passage stands in its life cycle.
type Status string

const (
	StatusACompleter Status = "a_completer" // has errors: cannot be exported
	StatusPret       Status = "pret"        // valid, ready for the next deposit
	StatusDepose     Status = "depose"      // in a recorded deposit, awaiting the accusé
	StatusAccepte    Status = "accepte"     // accepted by the CDC: never sent again
	StatusRejete     Status = "rejete"      // rejected by the CDC: to correct and send again
	StatusRetire     Status = "retire"      // withdrawn from the CDC (SUPPRESSION): may be corrected and sent again
)

// Statuses lists every status in life-cycle order.
var Statuses = []Status{StatusACompleter, StatusPret, StatusDepose, StatusAccepte, StatusRejete, StatusRetire}

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
	case StatusRetire:
		return "Retiré de la CDC"
	}
	return string(s)
}

// Valid reports whether s is one of the statuses.
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

// DepositState is what the CDC said of a deposit, once its accusé is read.
type DepositState string

const (
	DepositAwaiting DepositState = ""               // no accusé read yet
	DepositSuccess  DepositState = "traite_succes"  // every passage accepted
	DepositWithKO   DepositState = "traite_erreurs" // some passages rejected
	DepositRefused  DepositState = "refuse"         // the whole file was refused (structure)
	DepositPartial  DepositState = "partiel"        // the accusé left passages without an answer
)

// Label returns the French label shown to users.
func (s DepositState) Label() string {
	switch s {
	case DepositAwaiting:
		return "en attente de l'accusé"
	case DepositSuccess:
		return "traité avec succès"
	case DepositWithKO:
		return "traité avec erreurs"
	case DepositRefused:
		return "refusé (erreur de structure)"
	case DepositPartial:
		return "traité en partie"
	}
	return string(s)
}

// EventKind is one kind of step in a passage's timeline.
type EventKind string

const (
	EventCreated  EventKind = "creation"
	EventImported EventKind = "import"
	EventEdited   EventKind = "modification"
	EventExported EventKind = "export"
	EventAccepted EventKind = "accuse_ok"
	EventRejected EventKind = "accuse_ko"
	EventResend   EventKind = "renvoi"
	EventUnlocked EventKind = "deverrouillage"
	// A withdrawal (SUPPRESSION) answered by the CDC.
	EventWithdrawn       EventKind = "retrait"
	EventWithdrawRefused EventKind = "retrait_refuse"
)

// Label returns the French label of the step, as the timeline shows it.
func (k EventKind) Label() string {
	switch k {
	case EventCreated:
		return "Créé"
	case EventImported:
		return "Importé"
	case EventEdited:
		return "Modifié"
	case EventExported:
		return "Déposé dans"
	case EventAccepted:
		return "Accepté par la CDC"
	case EventRejected:
		return "Rejeté par la CDC"
	case EventResend:
		return "Remis dans le prochain dépôt"
	case EventUnlocked:
		return "Déverrouillé"
	case EventWithdrawn:
		return "Retiré de la CDC"
	case EventWithdrawRefused:
		return "Retrait refusé par la CDC"
	}
	return string(k)
}
