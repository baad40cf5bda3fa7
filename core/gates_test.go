package core

import "testing"

// The gate table must say what the rules enforce: a gated field filled
// while its gate is closed gets the rules' warning, and the same field is
// accepted once the gate is open.
func TestGatesAgreeWithRules(t *testing.T) {
	filled := map[string]string{KeyNiveauLangue: "B2", KeyScoreGeneral: "500", KeyResultats: "1.1:3", KeyVoieAccesVAE: "VAE_CLASSIQUE"}
	seen := map[string]bool{}
	for _, g := range Gates {
		for _, k := range g.Fields {
			seen[k] = true
			closed := validRecord()
			closed.Set(k, filled[k])
			var warned bool
			for _, is := range NewValidator().Passage(closed, Options{}) {
				warned = warned || (is.Field == k && is.Warning)
			}
			if !warned {
				t.Errorf("%s filled with %s closed: no warning from the rules", k, g.Key)
			}
			if FieldByKey(k).Applies(validRecord()) || !FieldByKey(k).Applies(closed) {
				t.Errorf("%s: Applies does not follow the gate and the value", k)
			}
			open := closed.Clone()
			open.Set(g.Key, g.Value)
			for _, is := range NewValidator().Passage(open, Options{}) {
				if is.Field == k && is.Warning {
					t.Errorf("%s with %s open: still warned: %s", k, g.Key, is.Message)
				}
			}
		}
	}
	// Every field the rules warn about when its gate is closed is in the table.
	for _, f := range Fields() {
		if f.Obligation != Conditionnel || seen[f.Key] || f.Scope != ScopePassage {
			continue
		}
		t.Errorf("conditional passage field %s has no gate in the table", f.Key)
	}
}

func TestEveryStatusHasToneAndTexts(t *testing.T) {
	tones := map[Tone]bool{}
	for _, s := range Statuses {
		tones[s.Tone()] = true
		if s.Explain() == "" || s.ShortLabel() == "" {
			t.Errorf("%s lacks its texts", s)
		}
		if (s.HeldBack() == "") != (s == StatusPret) {
			t.Errorf("%s: held-back text %q", s, s.HeldBack())
		}
	}
	if len(tones) != len(Statuses) {
		t.Errorf("two statuses share a tone: %v", tones)
	}
}
