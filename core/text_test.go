package core

import "testing"

func TestCleanInvisible(t *testing.T) {
	cases := []struct {
		in, want string
		removed  Invisible
	}{
		{"Dupont", "Dupont", 0},
		{"Lefèvre-Zoé", "Lefèvre-Zoé", 0},
		{"Du\u200bpont", "Dupont", InvisibleZeroWidth},
		{"\ufeffDupont", "Dupont", InvisibleZeroWidth},
		{"Jean\u200dPierre\u2060", "JeanPierre", InvisibleZeroWidth},
		{"\u202bDupont\u202c", "Dupont", InvisibleBidi},
		{"\u200eDupont\u200f", "Dupont", InvisibleBidi},
		{"\u2067Dupont\u2069", "Dupont", InvisibleBidi},
		{"Du\u00adpont", "Dupont", InvisibleFormat},
		{"Jean\tPierre", "Jean Pierre", InvisibleTab},
		{"Jean \t Pierre\t", "Jean Pierre ", InvisibleTab},
		{"Jean\r\nPierre", "Jean Pierre", InvisibleLineBreak},
		{"Jean\u2028Pierre", "Jean Pierre", InvisibleLineBreak},
		{"Jean\u00a0Pierre\u202f", "Jean Pierre ", 0},
		{"Jean  Pierre", "Jean  Pierre", 0}, // two plain spaces: the user's own
		{"a\u200b\tb\u200e", "a b", InvisibleZeroWidth | InvisibleTab | InvisibleBidi},
		// Lost characters stay, for validation to ask for a retype.
		{"Bad\x07Name", "Bad\x07Name", 0},
		{"Bad\uFFFDName", "Bad\uFFFDName", 0},
	}
	for _, c := range cases {
		got, removed := CleanInvisible(c.in)
		if got != c.want || removed != c.removed {
			t.Errorf("CleanInvisible(%q) = %q %v, want %q %v", c.in, got, removed, c.want, c.removed)
		}
	}
	if s := (InvisibleTab | InvisibleBidi).String(); s != "tabulation, marque de sens d'écriture" {
		t.Errorf("String: %q", s)
	}
	if n := testing.AllocsPerRun(100, func() { CleanInvisible("Jean-Édouard Lefèvre") }); n != 0 {
		t.Errorf("clean value: %v allocations", n)
	}
}
