package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

// englishWords are words of Fyne's own dialogs and widgets (and English
// words that crept into ours): none may show in the window.
var englishWords = regexp.MustCompile(`(?:^|[^\p{L}])(Select one|Home|Computer|Parent|Overwrite|Are you sure|Cancel|Save|Open|File|Folder|Yes|No|Error|Confirm|Quit|Copy|Paste|Cut|Select all|Undo|Redo|Name|Size|Loading|Show Hidden Files|Create Folder|New Folder|Favourites|Desktop|Downloads|Enter filename|Advanced|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Mon|Tue|Wed|Thu|Fri|Sat|Sun|MON|TUE|WED|THU|FRI|SAT|SUN)(?:[^\p{L}]|$)`)

// jargon is what office staff should not read: codes beside labels
// (« Par admission (PAR_ADMISSION) ») and machine dates.
var jargon = regexp.MustCompile(`\([A-Z]+_[A-Z_]+\)|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}`)

// quoted is what the window quotes from the user's data (« … »), and the
// licences' own names: not the window's words.
var quoted = regexp.MustCompile(`«[^»]*(»|…$)|Open Licence|Open Database( License)?`)

func checkFrench(t *testing.T, u *App, screen string, least int) {
	t.Helper()
	all := texts(u)
	if len(all) < least {
		t.Errorf("%s: almost nothing shown: %q", screen, all)
	}
	for _, s := range all {
		s = quoted.ReplaceAllString(s, "")
		if m := englishWords.FindStringSubmatch(s); m != nil {
			t.Errorf("%s: English %q in %q", screen, m[1], s)
		}
		if m := jargon.FindString(s); m != "" {
			t.Errorf("%s: jargon %q in %q", screen, m, s)
		}
	}
}

// Every screen, and the dialogs they open, speak French only.
func TestNoEnglishOnAnyScreen(t *testing.T) {
	// The check itself finds what Fyne would show untranslated.
	for _, en := range []string{"(Select one)", "Home", "Computer", "Overwrite?", "January 2026", "Save File"} {
		if englishWords.FindStringSubmatch(en) == nil {
			t.Fatalf("the check misses %q", en)
		}
	}
	if jargon.FindString("Par admission (PAR_ADMISSION)") == "" || jargon.FindString("1890-05-04T00:00:00Z") == "" {
		t.Fatal("the check misses codes and machine dates")
	}
	dir := t.TempDir()
	list := filepath.Join(dir, "liste.csv")
	os.WriteFile(list, []byte("Nom;Prénom;Sexe;Date de naissance;Code INSEE;Code certification;Date de délivrance;Remarque\n"+
		"Garcia;Inès;F;03/04/1990;31555;RS5286;12/05/2026;ok\nLopez;Tom;X;04/05/1991;31555;RS5286;2026-05-12T00:00:00Z;\n"), 0o600)
	welcome := newTestApp(t)
	if err := welcome.ShowScreen("bienvenue", ""); err != nil {
		t.Fatal(err)
	}
	checkFrench(t, welcome, "bienvenue", 8)

	u := openSample(t)
	ctx := context.Background()
	// Some passages accepted and one rejected, so that every kind of
	// fiche and deposit has something to show.
	res, err := u.d.Export(ctx, dossier.ExportOptions{Out: filepath.Join(dir, "depot.xml")})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	u.d.EachListRow(ctx, dossier.Filter{Status: core.StatusDepose}, func(r dossier.ListRow) error { ids = append(ids, r.IDTechnique); return nil })
	accuse := filepath.Join(dir, "accuse.xml")
	body := fmt.Sprintf("<rapport><idFlux>%s</idFlux><PassagesKO><passage><idTechnique>%s</idTechnique><messageErreur>Plusieurs titulaires ont été identifiés</messageErreur></passage></PassagesKO><PassagesOK>", res.Files[0].IDFlux, ids[0])
	for _, id := range ids[1:] {
		body += "<idTechnique>" + id + "</idTechnique>"
	}
	os.WriteFile(accuse, []byte(body+"</PassagesOK></rapport>"), 0o600)
	if _, err := u.d.ReadAccuse(ctx, accuse); err != nil {
		t.Fatal(err)
	}
	// A risk of rejection, for the screens that show them.
	var toFix string
	u.d.EachListRow(ctx, dossier.Filter{Status: core.StatusACompleter}, func(r dossier.ListRow) error { toFix = r.IDTechnique; return nil })
	setHolder(t, u, toFix, core.KeyPrenom1, "Marie Claire")
	u.changedAll()
	for _, s := range Screens {
		if s == "bienvenue" {
			continue
		}
		file := ""
		switch {
		case strings.HasPrefix(s, "import"):
			file = list
		case s == "accuses":
			file = accuse
		}
		if err := u.ShowScreen(s, file); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		checkFrench(t, u, s, 12)
		// Every screen fits a 1024×700 screen (window frame and menu bar
		// aside): it scrolls rather than growing the window.
		if m := u.win.Content().MinSize(); m.Width > 1000 || m.Height > 600 {
			t.Errorf("%s: needs %v, more than the window", s, m)
		}
		for len(u.escapes) > 0 {
			u.escape()
		}
		u.goTo(u.home)
		u.Wait()
	}
	// Fyne's own pieces: the calendar, a text field's menu, a list's
	// prompt, the error and confirmation dialogs.
	u.pickDate("Date", "15/06/2026", func(string) {})
	checkFrench(t, u, "calendrier", 30)
	if !shows(u, "juin 2026") {
		t.Errorf("calendar: %q", texts(u))
	}
	u.escape()
	e := newEntry()
	u.win.SetContent(e)
	test.TapSecondary(e)
	checkFrench(t, u, "menu d'un champ", 3)
	if !shows(u, "Coller") {
		t.Errorf("text menu: %q", texts(u))
	}
	u.win.SetContent(newChoice([]string{"a"}, nil))
	if !shows(u, prompt) {
		t.Errorf("list prompt: %q", texts(u))
	}
	checkFrench(t, u, "liste", 1)
}

// Fyne's own words are French whatever the system's language.
func TestFyneSpeaksFrenchInAnyLanguage(t *testing.T) {
	for _, l := range []string{"en_US.UTF-8", "de_DE.UTF-8", "it_IT.UTF-8", "pt_BR.UTF-8", "C"} {
		t.Setenv("LANGUAGE", "")
		t.Setenv("LC_ALL", l)
		t.Setenv("LANG", l)
		useFrench() // Fyne picks the language again from the system's
		for en, fr := range map[string]string{"Cancel": "Annuler", "Yes": "Oui", "Save": "Enregistrer", "Paste": "Coller", "Quit": "Quitter", "Error": "Erreur"} {
			if got := lang.L(en); got != fr {
				t.Errorf("%s: %q is %q, want %q", l, en, got, fr)
			}
		}
	}
}

// The confirmation and error dialogs, and the unsaved-changes prompt,
// close with Échap.
func TestDialogsCloseWithEscape(t *testing.T) {
	u := openSample(t)
	for name, open := range map[string]func(){
		"confirm": func() { u.confirm("Titre", "Texte", "Faire", widget.HighImportance, func() {}) },
		"error":   func() { u.showError(fmt.Errorf("erreur")) },
		"unsaved": func() { u.askUnsaved("la fiche", func() {}, func() {}) },
	} {
		open()
		if len(u.win.Canvas().Overlays().List()) == 0 {
			t.Fatalf("%s: no dialog", name)
		}
		typeKey(u, fyne.KeyEscape)
		if n := len(u.win.Canvas().Overlays().List()); n != 0 || len(u.escapes) != 0 {
			t.Fatalf("%s: Échap left %d dialog(s)", name, n)
		}
	}
}

// A date a spreadsheet gave with a time shows as JJ/MM/AAAA in the fiche.
func TestDateWithTimeShowsFrench(t *testing.T) {
	f := core.FieldByKey(core.KeyDateDebutValid)
	if got := inputText(f, core.Value{Text: "1990-05-04T00:00:00Z"}); got != "04/05/1990" {
		t.Fatalf("%q", got)
	}
	if got := inputText(f, core.Value{Text: "2026-06-15"}); got != "15/06/2026" {
		t.Fatalf("%q", got)
	}
}
