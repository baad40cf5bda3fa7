//go:build unix

package faults

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// forbiddenPhrases must never reach a user: messages of the system,
// SQLite, excelize, libxml2 or Go's XML decoder, shown untranslated (some
// inside a French sentence, in parentheses). They are matched without
// regard to case on everything a command prints.
var forbiddenPhrases = []string{
	// system
	"no space left on device", "read-only file system", "permission denied", "operation not permitted",
	"no such file or directory", "input/output error", "too many open files", "bad file descriptor",
	"file already closed", "broken pipe", "file exists", "is a directory", "not a directory",
	// SQLite
	"database is locked", "database or disk is full", "disk is full", "sqlite_", "readonly database",
	"attempt to write", "file is not a database", "disk image is malformed", "unable to open database",
	"no such table", "constraint failed", "out of memory",
	// excelize, archive/zip
	"cannot convert cell", "to coordinates", "invalid cell name", "zip: not a valid zip file", "unzip size",
	"worksheet", "unsupported workbook",
	// libxml2, encoding/xml
	"internal error", "xmlschema", "invalid utf-8", "xml syntax error", "is not a valid value",
	"is not expected", "is not allowed", "is not defined", "is not absolute", "element '", "attribute '",
	"expected", "not finished", "redefined", "construct error", "labelled", "accepts only", "allowed only",
	"premature end", "tag mismatch", "document is empty", "parser error", "namespace error", "validity error",
	"unexpected eof", "unexpected end",
	// Go runtime and library wording
	"panic:", "goroutine ", "runtime error", "nil pointer", "index out of range", "context canceled",
	"deadline exceeded", "exit status", "invalid argument", "failed to", "cannot ", "could not", "unable to",
	// the flag package
	"help requested", "flag provided", "bad flag syntax", "invalid value", "invalid boolean",
}

// englishWords are common English words that are not French words. A line
// holding two or more of them (outside « » quotes, which hold the user's
// own values) is English: an untranslated message the phrase list does
// not know yet.
var englishWords = toSet(`the is are was were be been not no of to in into for with without from by at this that these
there which what when while does did has have had can cannot could should must will would may only but than then
value values element elements attribute attributes expected unexpected allowed defined redefined declared error errors
failed failure invalid file files database locked space left device disk full read write readonly denied
permission such directory found missing empty finished construct labelled accepts content child children string
prefix namespace scope resolve corresponding definition internal validating against atomic facet cell convert
coordinates name too many open closed broken pipe timeout exceeded size limit unzip zip archive malformed start
tag mismatch premature end input output proper syntax line column character characters encoding unsupported
exists already nothing done doing cause caused unknown wrong bad data table row rows sheet number out range
pointer memory operation permitted argument`)

func toSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var (
	quoted      = regexp.MustCompile(`«[^»]*»`)
	address     = regexp.MustCompile(`https?://[^\s"»)]+`)
	jsonMessage = regexp.MustCompile(`"(?:message|messages|reason|title|meaning|label)":"((?:[^"\\]|\\.)*)"`)
)

// englishIn returns what is English in text (a command's stdout or
// stderr): forbidden phrases, then lines that read as English.
func englishIn(text string) []string {
	text = strings.ReplaceAll(text, workRoot, "")
	// Namespace addresses a message quotes for the user to copy
	// (http://www.w3.org/2001/XMLSchema-instance) are names, not prose.
	text = address.ReplaceAllString(text, "")
	var found []string
	low := strings.ToLower(text)
	for _, p := range forbiddenPhrases {
		if i := strings.Index(low, p); i >= 0 {
			found = append(found, "« "+excerpt(text, i, len(p))+" »")
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if words := englishWordsIn(line); len(words) >= 2 && !containsAny(strings.ToLower(line), forbiddenPhrases) {
			found = append(found, "line in English ("+strings.Join(words, ", ")+") : "+oneLine(line))
		}
	}
	return found
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func englishWordsIn(line string) []string {
	line = quoted.ReplaceAllString(line, " ")
	seen := map[string]bool{}
	var out []string
	// Digits belong to words: identifiers (7bad9be1…) are not English.
	for _, w := range strings.FieldsFunc(line, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }) {
		w = strings.ToLower(strings.Trim(w, "'"))
		if englishWords[w] && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// excerpt is text around a match, for a log line.
func excerpt(text string, i, n int) string {
	lo, hi := max(0, i-40), min(len(text), i+n+40)
	for lo > 0 && !utf8Start(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8Start(text[hi]) {
		hi++
	}
	return oneLine(text[lo:hi])
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// messageKeys are the JSON fields that hold text for users.
var messageKeys = map[string]bool{"message": true, "messages": true, "reason": true, "notices": true, "title": true,
	"meaning": true, "check": true, "documents": true, "label": true}

// englishInJSON checks the user-facing strings of a JSON output, and the
// forbidden phrases over all of it.
func englishInJSON(out string) []string {
	var texts []string
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		// Cut short (the command failed half-way): its messages, by pattern.
		for _, m := range jsonMessage.FindAllStringSubmatch(out, -1) {
			texts = append(texts, m[1])
		}
	}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				walk(k, c)
			}
		case []any:
			for _, c := range x {
				walk(key, c)
			}
		case string:
			if messageKeys[key] {
				texts = append(texts, x)
			}
		}
	}
	walk("", v)
	found := englishIn(strings.Join(texts, "\n"))
	low := strings.ToLower(out)
	for _, p := range forbiddenPhrases {
		if strings.Contains(low, p) && !strings.Contains(strings.ToLower(strings.Join(texts, "\n")), p) {
			i := strings.Index(low, p)
			found = append(found, "« "+excerpt(out, i, len(p))+" »")
		}
	}
	return found
}

// The list catches each phrase and the untranslated messages seen in the
// product, and none of Certidépôt's own French.
func TestForbiddenPhraseList(t *testing.T) {
	for _, p := range forbiddenPhrases {
		if p != strings.ToLower(p) {
			t.Errorf("phrase %q must be lower case", p)
		}
		if len(englishIn("certidepot-cli export : erreur ("+strings.ToUpper(p[:1])+p[1:]+")")) == 0 {
			t.Errorf("phrase %q not detected", p)
		}
	}
	english := []string{
		"certidepot-cli export : sauvegarde impossible (database or disk is full (13)) : l'opération n'a pas été faite",
		"le dossier est occupé par une autre fenêtre ou une autre commande : réessayez dans un instant (database is locked (5) (SQLITE_BUSY))",
		"certidepot-cli import-xlsx : feuille « Sheet1 », ligne 3 illisible : cannot convert cell \"B3!\" to coordinates: invalid cell name \"B3!\"",
		"Ligne 4, colonne 2 : erreur de schéma : Internal error: xmlSchemaValidateFacets, validating against a atomic type facet.",
		"ligne 1 : ce n'est pas un accusé de traitement lisible (XML syntax error on line 1: invalid UTF-8)",
		"Ligne 62, colonne 62 : le fichier XML est mal formé : Attribute a redefined.",
		"Ligne 191, colonne 1 : le fichier XML est mal formé : CData section not finished",
		"Ligne 62, colonne 48 : erreur de schéma : Namespace prefix x on anneeNaissance is not defined",
		"Ligne 1, colonne 33 : le fichier XML est mal formé : standalone accepts only 'yes' or 'no'.",
		"impossible d'écrire depot.xml : write depot.xml: no space left on device",
		"passages : attempt to write a readonly database (8)",
	}
	for _, e := range english {
		if len(englishIn(e)) == 0 {
			t.Errorf("English not detected: %s", e)
		}
	}
	french := []string{
		"Fichier prêt : depot.xml — 1994 passage(s), 3.2 Mo, valide au regard du XSD 1.1.2.",
		"6 passage(s) non exporté(s) — À compléter : ils ont des erreurs à corriger (certidepot-cli check DOSSIER).",
		"Étape suivante : déposez le fichier sur l'espace certificateur de la Caisse des Dépôts (« Transmettre des données » → « Déposer un fichier XML »), puis importez l'accusé de traitement quand il arrive.",
		"certidepot-cli import-accuse : aucun dépôt de ce dossier ne correspond à cet accusé (ni l'identifiant de flux, ni le nom de fichier, ni les identifiants techniques) : vérifiez que vous avez ouvert le bon dossier",
		"Ligne 65, colonne 53 : Sexe : « H » n'est pas une valeur permise ; choisissez parmi M (Masculin), F (Féminin).",
		"Ligne 48, colonne 53 : fin de fichier inattendue : la balise « mentionValidee » ouverte ligne 48 n'est jamais fermée ; le fichier est incomplet (copie interrompue ?), refaites l'export.",
		"Dupont Antoine — Sexe : « H » n'est pas une valeur permise ; choisissez parmi M (Masculin), F (Féminin).",
		"le dossier est occupé par une autre fenêtre ou une autre commande : réessayez dans un instant",
		"Feuille « Sheet1 » : 25 colonne(s) reconnue(s).",
		"Import n° 1 (certidepot-cli annuler-import DOSSIER 1 pour l'annuler).",
		"N'Diaye Zoé (c6b79f28-d3bb-4528-8f08-73be0bad6a62) — Aucun titulaire ne correspond aux critères obligatoires",
		"Ligne 300 : Passage : le préfixe « xsi: » de l'attribut « xsi:nil » n'est déclaré nulle part ; déclarez-le sur la balise racine (« xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" » pour xsi) ou corrigez-le.",
	}
	for _, f := range french {
		if got := englishIn(f); len(got) > 0 {
			t.Errorf("French taken for English: %s → %v", f, got)
		}
	}
	// JSON cut short: its keys are not English messages, its messages are read.
	cut := `[{"idTechnique":"x","status":"pret","errors":[],"source":{"file":"list.xlsx","sheet":"Sheet1","row":2}}` + "\n" +
		`,{"idTechnique":"y","status":"a_completer","errors":[{"field":"sexe","message":"Sexe : « H » n'est pas une valeur permise."}],"source":null`
	if got := englishInJSON(cut); len(got) > 0 {
		t.Errorf("JSON cut short taken for English: %v", got)
	}
	if got := englishInJSON(cut + `,{"errors":[{"field":"x","message":"Element 'x': This element is not expected."}]`); len(got) == 0 {
		t.Error("English message inside JSON cut short not detected")
	}
	// The help and the column list: every French sentence the CLI has.
	s := newSandbox(t, "")
	for _, args := range [][]string{{"aide"}, {"colonnes"}, {"version"}} {
		r := s.run(args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
	for _, v := range s.violations {
		t.Errorf("French taken for English: %s", v.msg)
	}
}
