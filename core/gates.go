package core

// Gate is a field that opens a block of others: the language level only
// when « Niveau de langue européen connu » is Oui, the DIGCOMP block only
// when « Niveau numérique européen connu » is Oui, the VAE route only for
// the VAE access. Forms show a gated field only when its gate is open (or
// when it holds a value, so that the rules' warning can be read).
type Gate struct {
	Key    string   // the gate field
	Value  string   // the code that opens it
	Fields []string // the fields it opens
}

// Gates are the dictionary's gates, as the cross-field rules enforce them
// (a test checks that both agree).
var Gates = []Gate{
	{Key: KeyPresenceLangue, Value: "true", Fields: []string{KeyNiveauLangue}},
	{Key: KeyPresenceNumeriq, Value: "true", Fields: []string{KeyScoreGeneral, KeyResultats}},
	{Key: KeyModaliteAcces, Value: "VAE", Fields: []string{KeyVoieAccesVAE}},
}

// GateOf returns the gate of a gated field.
func GateOf(key string) (Gate, bool) {
	for _, g := range Gates {
		for _, k := range g.Fields {
			if k == key {
				return g, true
			}
		}
	}
	return Gate{}, false
}

// Open reports whether the gate is open in a record.
func (g Gate) Open(vs Values) bool { return vs.Text(g.Key) == g.Value }

// Applies reports whether a field takes part in a record: its
// identification branch is chosen and, for a gated field, its gate is
// open or it holds a value.
func (f *Field) Applies(vs Values) bool {
	if !f.ActiveIn(vs) {
		return false
	}
	if g, ok := GateOf(f.Key); ok && !g.Open(vs) {
		return !vs.Get(f.Key).Empty()
	}
	return true
}
