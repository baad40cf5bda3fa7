package core

// Tone is how a status reads at a glance: the window gives each tone its
// colour and icon, so that every screen colours a status the same way.
type Tone string

const (
	ToneTodo    Tone = "a_faire"    // something to fix before it can go
	ToneReady   Tone = "pret"       // will leave with the next deposit
	ToneWaiting Tone = "en_attente" // sent, the CDC has not answered yet
	ToneDone    Tone = "termine"    // accepted: nothing more to do
	ToneProblem Tone = "probleme"   // the CDC said no
	ToneMuted   Tone = "inactif"    // out of the CDC's records
)

// Tone returns the status's tone.
func (s Status) Tone() Tone {
	switch s {
	case StatusACompleter:
		return ToneTodo
	case StatusPret:
		return ToneReady
	case StatusDepose:
		return ToneWaiting
	case StatusAccepte:
		return ToneDone
	case StatusRejete:
		return ToneProblem
	}
	return ToneMuted
}

// ShortLabel is the label of a status where room is short (list cells,
// chips, legends).
func (s Status) ShortLabel() string {
	switch s {
	case StatusPret:
		return "Prêt"
	case StatusDepose:
		return "Déposé"
	case StatusAccepte:
		return "Accepté"
	case StatusRejete:
		return "Rejeté"
	case StatusRetire:
		return "Retiré"
	}
	return s.Label()
}

// Explain says in one French sentence what the status means for the
// passage and what the user can do: the fiche's banner and the deposit
// screen say the same thing.
func (s Status) Explain() string {
	switch s {
	case StatusACompleter:
		return "Des champs ont des erreurs : corrigez-les, le passage partira dans le prochain dépôt."
	case StatusPret:
		return "Le passage est complet : il partira dans le prochain fichier de dépôt."
	case StatusDepose:
		return "Le passage est dans un fichier de dépôt en attente de l'accusé de traitement de la CDC : il ne peut pas être modifié d'ici là."
	case StatusAccepte:
		return "La CDC a accepté ce passage : il ne sera plus jamais renvoyé, et une correction ne lui serait pas transmise."
	case StatusRejete:
		return "La CDC a rejeté ce passage : corrigez-le (ou remettez-le tel quel), il repartira dans le prochain dépôt."
	case StatusRetire:
		return "Le passage a été retiré des données de la CDC : corrigé et enregistré, il pourra être envoyé de nouveau."
	}
	return ""
}

// HeldBack says why passages of this status stay out of a deposit ("" for
// the ready ones, which go).
func (s Status) HeldBack() string {
	switch s {
	case StatusACompleter:
		return "ils ont des erreurs à corriger d'abord."
	case StatusDepose:
		return "ils sont déjà dans un fichier déposé, en attente de l'accusé de traitement."
	case StatusAccepte:
		return "la CDC les a déjà acceptés ; ils ne doivent jamais être renvoyés."
	case StatusRejete:
		return "la CDC les a rejetés ; corrigez-les (ou remettez-les tels quels) pour qu'ils repartent."
	case StatusRetire:
		return "ils ont été retirés des données de la CDC ; corrigez-les pour les envoyer de nouveau."
	}
	return ""
}

// DepositNextStep is what to do with a deposit file once it is written.
const DepositNextStep = "Étape suivante : déposez le fichier sur l'espace certificateur de la Caisse des Dépôts (« Transmettre des données », puis « Déposer un fichier XML »), puis lisez l'accusé de traitement quand il arrive."
