package cdc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A hand-made deposit may be saved in Windows-1252 or ISO-8859-1: libxml2
// must read it the same way on every system (through iconv on Linux, its
// own tables and xmlenc_windows.go on Windows), and the message must show
// the characters as typed.
func TestValidateSingleByteEncodings(t *testing.T) {
	s := builtin(t, "1.1.2")
	utf8 := strings.Replace(officialExample(t), "<cpf:nomNaissance>Dupont</cpf:nomNaissance>", "<cpf:nomNaissance>Dupont-Lœuvre</cpf:nomNaissance>", 1)
	utf8 = strings.Replace(utf8, "<cpf:sexe>M</cpf:sexe>", "<cpf:sexe>€’é</cpf:sexe>", 1)
	cp1252 := map[rune]byte{'œ': 0x9C, '€': 0x80, '’': 0x92}
	encode := func(s string, table map[rune]byte) []byte {
		var out []byte
		for _, r := range s {
			switch b, ok := table[r]; {
			case ok:
				out = append(out, b)
			case r < 0x100:
				out = append(out, byte(r))
			default:
				t.Fatalf("%q has no single-byte form", r)
			}
		}
		return out
	}
	dir := t.TempDir()
	for _, c := range []struct {
		label, want string
		content     []byte
	}{
		{"UTF-8", "« €’é »", []byte(utf8)},
		{"windows-1252", "« €’é »", encode(utf8, cp1252)},
		{"CP1252", "« €’é »", encode(utf8, cp1252)},
		{"ISO-8859-1", "« é »", encode(strings.NewReplacer("œ", "oe", "€’", "").Replace(utf8), nil)},
	} {
		content := strings.Replace(string(c.content), `encoding="UTF-8"`, `encoding="`+c.label+`"`, 1)
		path := filepath.Join(dir, c.label+".xml")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		rep, err := s.ValidateFile(path)
		if err != nil {
			t.Fatalf("%s: %v", c.label, err)
		}
		if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, c.want) || rep.Errors[0].Field != "sexe" {
			t.Errorf("%s: %+v", c.label, rep.Errors)
		}
	}
}

// A workbook given where a deposit file or an accusé is expected is named
// for what it is, not taken for a damaged XML file.
func TestWorkbookInsteadOfXML(t *testing.T) {
	p := filepath.Join(t.TempDir(), "liste.xml")
	os.WriteFile(p, []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00binary"), 0o600)
	_, err := ReadAccuseFile(p)
	if err == nil || !strings.Contains(err.Error(), "c'est un classeur Excel (.xlsx) ou une archive .zip, pas un fichier XML") {
		t.Fatalf("accusé: %v", err)
	}
	rep, err := builtin(t, "1.1.5").ValidateFile(p)
	msg := ""
	if err != nil {
		msg = err.Error()
	} else if rep != nil && len(rep.Errors) > 0 {
		msg = rep.Errors[0].Message
	}
	if !strings.Contains(msg, "c'est un classeur Excel") {
		t.Fatalf("validation: %q", msg)
	}
}

// A deposit file given as an accusé, or the reverse, is named for what it
// is, with the file to choose instead.
func TestDepositAndAccuseTakenForEachOther(t *testing.T) {
	dir := t.TempDir()
	dep := filepath.Join(dir, "depot.xml")
	os.WriteFile(dep, []byte(officialExample(t)), 0o600)
	if _, err := ReadAccuseFile(dep); err == nil || !strings.Contains(err.Error(), "est un fichier de dépôt (celui que vous avez envoyé à la CDC), pas son accusé") {
		t.Errorf("deposit as accusé: %v", err)
	}
	acc := filepath.Join(dir, "accuse.xml")
	os.WriteFile(acc, []byte("<rapport><idFlux>x</idFlux></rapport>"), 0o600)
	if _, err := ReadDepositFile(acc); err == nil || !strings.Contains(err.Error(), "est un accusé de traitement de la CDC, pas un fichier de dépôt") {
		t.Errorf("accusé as deposit: %v", err)
	}
}
