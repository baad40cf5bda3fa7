package core

import "testing"

func TestMaskNIRsIn(t *testing.T) {
	for in, want := range map[string]string{
		"NIR (numéro de sécurité sociale) : « 18505780060481 » n'a pas le bon format.": "NIR (numéro de sécurité sociale) : « 1••••••••••481 » n'a pas le bon format.",
		"Code INSEE : « 1 85 05 78 006 048 84 » n'est pas un code.":                    "Code INSEE : « 1•••••••••••884 » n'est pas un code.",
		"« 185052A00604884 »": "« 1•••••••••••884 »",
		"Date : « 1990-05-17 », ligne 12 345, 200 000 passages, code 75056, 03/04/1990": "Date : « 1990-05-17 », ligne 12 345, 200 000 passages, code 75056, 03/04/1990",
		"Nom : « DUPONT2 »": "Nom : « DUPONT2 »",
		"":                  "",
	} {
		if got := MaskNIRsIn(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
