package core

import (
	"strings"
	"testing"
)

func TestNIRKeyAndConversion(t *testing.T) {
	// The key is 97 minus the number modulo 97 (computed independently
	// here); Corsica's 2A and 2B count as 19 and 18.
	for _, c := range []struct{ nir13, key string }{
		{"1850578006084", "91"},
		{"2690299341732", "85"},
		{"178022A123456", ""},
		{"178022B123456", ""},
	} {
		key, ok := NIRKey(c.nir13)
		if !ok {
			t.Fatalf("%s: not a NIR", c.nir13)
		}
		if c.key != "" && key != atoi(c.key) {
			t.Errorf("%s: key %d, want %s", c.nir13, key, c.key)
		}
	}
	a, _ := NIRKey("178022A123456")
	b, _ := NIRKey("178022B123456")
	if want := 97 - int(1780219123456%97); a != want {
		t.Errorf("2A key %d, want %d (2A read as 19)", a, want)
	}
	if want := 97 - int(1780218123456%97); b != want {
		t.Errorf("2B key %d, want %d (2B read as 18)", b, want)
	}
	f := FieldByKey(KeyNIR)
	for typed, want := range map[string]string{
		"1 85 05 78 006 084 91":  "1850578006084", // 15 → 13, spaces removed
		"1.85.05.78.006.084.91":  "1850578006084",
		"1850578006084":          "1850578006084",
		"1 85 05 78 006 084 36":  "185057800608436", // wrong key: kept for the check to explain
		"2 69 02 99 341 732 85 ": "2690299341732",
		"1 78 02 2a 123 456 37":  "178022A123456",
	} {
		if got := Convert(f, typed); got.Text != want {
			t.Errorf("Convert(%q) = %q, want %q", typed, got.Text, want)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func TestNIRChecks(t *testing.T) {
	f := FieldByKey(KeyNIR)
	check := func(typed string) string { return CheckValue(f, Convert(f, typed)) }
	if msg := check("1 85 05 78 006 084 91"); msg != "" {
		t.Errorf("valid NIR refused: %s", msg)
	}
	if msg := check("1 85 05 78 006 084 36"); !strings.Contains(msg, "la clé 36 ne correspond pas") || !strings.Contains(msg, "91") {
		t.Errorf("wrong key: %q", msg)
	}
	if msg := check("1851378006084"); !strings.Contains(msg, "mois de naissance") {
		t.Errorf("month 13: %q", msg)
	}
	if msg := check("1852078006084"); msg != "" {
		t.Errorf("month 20 (unknown month) refused: %q", msg)
	}
	if msg := check("3850578006084"); msg == "" {
		t.Error("sex digit 3 accepted")
	}
	vs := Values{}
	vs.Set(KeyIdentification, BranchNIR)
	vs.Set(KeyNIR, "1850578006084")
	vs.Set(KeySexe, "F")
	if got := checkNIRSex(vs, Options{}); len(got) != 1 || !strings.Contains(got[0].Message, "commence par 1 (masculin)") {
		t.Errorf("sex mismatch: %+v", got)
	}
	vs.Set(KeySexe, "M")
	if got := checkNIRSex(vs, Options{}); len(got) != 0 {
		t.Errorf("consistent sex flagged: %+v", got)
	}
	if got := MaskNIR("1850578006084"); got != "1•••••••••084" {
		t.Errorf("mask %q", got)
	}
}

// No message quotes a NIR in clear, whatever is wrong with it.
func TestNIRNeverQuotedInClear(t *testing.T) {
	v := NewValidator()
	for _, n := range []string{"3850599123456", "18505ABCDEFGH", "185051234567899", "1851399123456", "2850599123456"} {
		vs := Values{KeyIdentification: Value{Text: BranchNIR}, KeySexe: Value{Text: "M"}, KeyNIR: Read(FieldByKey(KeyNIR), n, 0).Value}
		found := false
		for _, is := range v.Passage(vs, Options{Version: Version115}) {
			if is.Field == KeyNIR {
				found = true
				if strings.Contains(is.Message, n[:13]) || strings.Contains(is.Message, n[5:11]) {
					t.Errorf("%s quoted in clear: %s", n, is.Message)
				}
			}
		}
		if !found {
			t.Errorf("%s: no message on the NIR", n)
		}
	}
}
