package dossier

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// holderValues is a clean holder born on 14/07/1988 in Toulouse.
func holderValues(nom, prenom, sexe string) core.Values {
	h := core.Values{}
	h.Set(core.KeyNomNaissance, nom)
	h.SetNil(core.KeyNomUsage)
	h.Set(core.KeyPrenom1, prenom)
	h.Set(core.KeySexe, sexe)
	h.Set(core.KeyAnnee, "1988")
	h.Set(core.KeyMois, "7")
	h.Set(core.KeyJour, "14")
	h.Set(core.KeyCodeInsee, "31555")
	h.Set(core.KeyLibelleCommune, "Toulouse")
	return h
}

// addPassage records a passage of h for the dossier's certification
// number cert (0 or 1 in the sample), with the sample's passage data.
func addPassage(t *testing.T, d *Dossier, cert int, h core.Values) *core.Passage {
	t.Helper()
	s := core.NewSample(fixedNow())
	p := &core.Passage{Holder: h, Data: s.Passages[cert].Data.Clone()}
	err := d.db.Update(ctx, func(tx *store.Tx) error {
		certs, err := tx.Certifications()
		if err != nil {
			return err
		}
		for _, c := range certs {
			if c.Code == s.Certifications[cert].Code {
				p.CertificationID = c.ID
			}
		}
		return tx.AddPassage(p)
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// codesByPassage returns the identity codes Check reports, per passage.
func codesByPassage(t *testing.T, d *Dossier) (map[string][]string, *CheckResult) {
	t.Helper()
	res, err := d.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, is := range res.Errors {
		if is.Code != "" {
			if !is.Warning {
				t.Errorf("identity issue %s is not a warning", is.Code)
			}
			out[is.IDTechnique] = append(out[is.IDTechnique], is.Code)
		}
	}
	return out, res
}

func messageOf(res *CheckResult, id, code string) string {
	for _, is := range res.Errors {
		if is.IDTechnique == id && is.Code == code {
			return is.Message
		}
	}
	return ""
}

func reason(r *Risks, code string) RiskCount {
	for _, rc := range r.Reasons {
		if rc.Code == code {
			return rc
		}
	}
	return RiskCount{}
}

func TestSamePersonWithAnotherSex(t *testing.T) {
	d, _ := sampleDossier(t)
	a := addPassage(t, d, 0, holderValues("LAMBERTINI", "Claude", "F"))
	b := addPassage(t, d, 1, holderValues("Lambertini", "Claude", "M")) // another certification, typed otherwise
	other := addPassage(t, d, 1, holderValues("LAMBERTINI", "Dominique", "M"))
	codes, res := codesByPassage(t, d)
	for _, p := range []*core.Passage{a, b} {
		if strings.Join(codes[p.IDTechnique], " ") != core.CodeSexeDivergent {
			t.Fatalf("%s: codes %v", p.IDTechnique, codes[p.IDTechnique])
		}
	}
	if len(codes[other.IDTechnique]) != 0 {
		t.Fatalf("another first name is another person: %v", codes[other.IDTechnique])
	}
	msg := messageOf(res, a.IDTechnique, core.CodeSexeDivergent)
	for _, want := range []string{"Sexe : un autre passage du même titulaire", "RS5286 délivrée le", "indique le sexe « Masculin »", "Vérifiez le sexe"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	// The comparisons come right after the passage's own issues.
	last := -1
	for i, is := range res.Errors {
		if is.IDTechnique == a.IDTechnique {
			if last >= 0 && i != last+1 {
				t.Fatal("the issues of one passage are not together")
			}
			last = i
		}
	}
	risks, err := d.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rc := reason(risks, core.CodeSexeDivergent); rc.Passages != 2 || rc.Ready != 2 || rc.Label == "" || rc.Rejection == "" {
		t.Fatalf("risk count: %+v", rc)
	}
	if fiche, err := d.PassageRisks(ctx, b.IDTechnique); err != nil || len(fiche) != 1 || fiche[0].Code != core.CodeSexeDivergent || fiche[0].Field != core.KeySexe {
		t.Fatalf("fiche: %+v %v", fiche, err)
	}
	// Corrected, neither is flagged any more.
	h := b.Holder.Clone()
	h.Set(core.KeySexe, "F")
	if _, err := d.SavePassage(ctx, Edit{IDTechnique: b.IDTechnique, Values: merge(h, b.Data)}); err != nil {
		t.Fatal(err)
	}
	if codes, _ := codesByPassage(t, d); len(codes[a.IDTechnique])+len(codes[b.IDTechnique]) != 0 {
		t.Fatalf("after the correction: %v %v", codes[a.IDTechnique], codes[b.IDTechnique])
	}
}

func merge(a, b core.Values) core.Values {
	out := a.Clone()
	for k, v := range b {
		out[k] = v
	}
	return out
}

func TestSamePersonWithAnotherBirthplace(t *testing.T) {
	d, _ := sampleDossier(t)
	a := addPassage(t, d, 0, holderValues("ESTRADIER", "Paul", "M"))
	hb := holderValues("ESTRADIER", "Paul", "M")
	hb.Set(core.KeyCodeInsee, "33063")
	hb.Set(core.KeyLibelleCommune, "Bordeaux")
	b := addPassage(t, d, 1, hb)
	codes, res := codesByPassage(t, d)
	if strings.Join(codes[a.IDTechnique], " ") != core.CodeLieuDivergent || strings.Join(codes[b.IDTechnique], " ") != core.CodeLieuDivergent {
		t.Fatalf("codes: %v %v", codes[a.IDTechnique], codes[b.IDTechnique])
	}
	msg := messageOf(res, a.IDTechnique, core.CodeLieuDivergent)
	for _, want := range []string{"Code INSEE du lieu de naissance : un autre passage", "Bordeaux (33063) au lieu de Toulouse (31555)", "deux homonymes"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	// The same place written another way, or an unknown place, contradict nothing.
	for _, place := range []func(core.Values){
		func(h core.Values) { delete(h, core.KeyCodeInsee); h.Set(core.KeyCodePostal, "31000") },
		func(h core.Values) {
			delete(h, core.KeyCodeInsee)
			delete(h, core.KeyLibelleCommune)
			h.SetNil(core.KeyCodePostal)
		},
	} {
		h := b.Holder.Clone()
		place(h)
		if _, err := d.SavePassage(ctx, Edit{IDTechnique: b.IDTechnique, Values: merge(h, b.Data)}); err != nil {
			t.Fatal(err)
		}
		if codes, _ := codesByPassage(t, d); len(codes[a.IDTechnique])+len(codes[b.IDTechnique]) != 0 {
			t.Fatalf("%v: %v %v", h, codes[a.IDTechnique], codes[b.IDTechnique])
		}
	}
}

func TestAcceptedPassageIsOnlyAReference(t *testing.T) {
	d, dir, dep, spans := exported(t)
	path := writeAccuse(t, dir, "accuse.xml", accuseB("<idFlux>"+dep.IDFlux+"</idFlux>", spans, 0, nil))
	if _, err := d.ReadAccuse(ctx, path); err != nil {
		t.Fatal(err)
	}
	var accepted *core.Passage
	d.db.View(ctx, func(tx *store.Tx) (err error) { accepted, err = tx.Passage(spans[0].IDTechnique); return err })
	h := accepted.Holder.Clone()
	h.Set(core.KeySexe, map[string]string{"M": "F", "F": "M"}[h.Text(core.KeySexe)])
	fresh := addPassage(t, d, 1, h)
	codes, res := codesByPassage(t, d)
	if len(codes[accepted.IDTechnique]) != 0 || strings.Join(codes[fresh.IDTechnique], " ") != core.CodeSexeDivergent {
		t.Fatalf("codes: accepted %v, new %v", codes[accepted.IDTechnique], codes[fresh.IDTechnique])
	}
	if msg := messageOf(res, fresh.IDTechnique, core.CodeSexeDivergent); !strings.Contains(msg, "accepté par la CDC : c'est sans doute celui-ci qui est faux") {
		t.Fatalf("message: %q", msg)
	}
	if res.Risks.Passages != 1+8 || res.Risks.AtRisk != 1 { // the new one and the 8 to complete
		t.Fatalf("risks: %+v", res.Risks)
	}
}

func TestAmbiguousBirthDateMarker(t *testing.T) {
	d, _ := sampleDossier(t)
	h := holderValues("PRADINES", "Agathe", "F")
	h.Set(core.KeyMois, "4")
	h.Set(core.KeyJour, "3")
	h.Set(core.KeyBirthOrder, core.BirthOrderDayFirst) // as the import notes it
	p := addPassage(t, d, 0, h)
	if p.Status != core.StatusPret {
		t.Fatalf("a warning held the passage back: %s %+v", p.Status, p.Issues)
	}
	codes, res := codesByPassage(t, d)
	if strings.Join(codes[p.IDTechnique], " ") != core.CodeDateAmbigue || !strings.Contains(messageOf(res, p.IDTechnique, core.CodeDateAmbigue), "ce pourrait être le 4 mars 1988") {
		t.Fatalf("codes %v, %q", codes[p.IDTechnique], messageOf(res, p.IDTechnique, core.CodeDateAmbigue))
	}
	if ids, err := d.PassagesAtRisk(ctx, core.CodeDateAmbigue, ""); err != nil || len(ids) != 1 || ids[0] != p.IDTechnique {
		t.Fatalf("filter: %v %v", ids, err)
	}
	h.Set(core.KeyBirthOrder, core.BirthOrderChecked) // the user checked the date
	saved, err := d.SavePassage(ctx, Edit{IDTechnique: p.IDTechnique, Values: merge(h, p.Data)})
	if err != nil || len(saved.Issues) != 0 {
		t.Fatalf("checked: %+v %v", saved, err)
	}
}

func TestPassagesAtRiskFilter(t *testing.T) {
	d, _ := sampleDossier(t)
	a := addPassage(t, d, 0, holderValues("DUPONT épouse MARTIN", "Sylvie", "F"))
	h := holderValues("VALLAURIS", "Marie Claire", "F")
	h.Set(core.KeyNomUsage, "x") // not a name: to complete
	h.Set(core.KeySexe, "X")
	b := addPassage(t, d, 1, h)
	if b.Status != core.StatusACompleter {
		t.Fatalf("status %s", b.Status)
	}
	for _, c := range []struct {
		code   string
		status core.Status
		want   []string
	}{
		{core.CodeNomMarital, "", []string{a.IDTechnique}},
		{core.CodePrenomsMultiples, "", []string{b.IDTechnique}},
		{core.CodePrenomsMultiples, core.StatusPret, []string{}},
		{"", core.StatusPret, []string{a.IDTechnique}},
	} {
		ids, err := d.PassagesAtRisk(ctx, c.code, c.status)
		if err != nil || strings.Join(ids, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s %s: %v %v, want %v", c.code, c.status, ids, err, c.want)
		}
	}
	r, err := d.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Ready != 42+1 || r.ReadyAtRisk != 1 || reason(r, core.CodePrenomsMultiples).Ready != 0 || reason(r, core.CodeNomMarital).Ready != 1 {
		t.Fatalf("risks: %+v", r)
	}
}

// TestShareFlaggedOnTheSample measures the checks on the example dossier:
// its holders are correct, so every flag there is a false alarm.
func TestShareFlaggedOnTheSample(t *testing.T) {
	d, _ := sampleDossier(t)
	codes, res := codesByPassage(t, d)
	r, err := d.Risks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(r) != fmt.Sprint(res.Risks) {
		t.Fatalf("check and Risks disagree: %+v / %+v", res.Risks, r)
	}
	t.Logf("example dossier: %d of %d passages flagged (%.1f %%): %+v", r.AtRisk, res.Passages, 100*float64(r.AtRisk)/float64(res.Passages), r.Reasons)
	if r.AtRisk != len(codes) || r.Passages != 50 {
		t.Fatalf("risks %+v, codes %v", r, codes)
	}
	if r.AtRisk > 2 {
		t.Fatalf("%d false alarms on the example dossier: %v", r.AtRisk, codes)
	}
}

// realisticList builds a graduates list as an office keeps one: n clean
// rows with the names France really has (hyphenated first names,
// particles, apostrophes, double names, names from abroad, births abroad
// and in arrondissements, married women with their name of use in its
// column), then the mistakes office staff really make, each with the
// codes it must raise. Some correct rows hold a first name written with a
// space that civil status may keep as one name (« Mohamed Amine »): they
// are flagged, rightly, since only the holder's papers tell. It returns
// the rows, the codes each sheet row must raise, and those rows.
func realisticList(n int) ([][]any, map[int][]string, map[int]bool) {
	nomsF := []string{"MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU", "SIMON", "LAURENT",
		"LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "LEFÈVRE", "MERCIER",
		"DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ", "de La Fontaine", "D'ALMEIDA", "N'DIAYE", "O'BRIEN", "MC DONALD", "LE GOFF",
		"LE BRIS", "DA SILVA", "DOS SANTOS", "VAN DER BERG", "BEN ALI", "EL KHOURY", "NGUYEN", "TRAN", "LÊ", "NG", "DIALLO", "TRAORÉ",
		"KONÉ", "BENOÎT-GUYOD", "MARTIN-DUPONT", "MARTIN DURAND", "GARCÍA Y LÓPEZ", "SAINT-JEAN", "DE SOUSA", "LÉVÊQUE", "ŒILLET",
		"D'ARTAGNAN", "MACKENZIE", "L'HERMITE", "DELA CRUZ", "ABOU-KHALIL", "ÇELIK", "YILMAZ", "KOWALSKI", "SCHMITT", "MÜLLER", "O'NEILL"}
	prenomsF := []string{"Marie", "Léa", "Chloé", "Inès", "Zoé", "Anaïs", "Camille", "Manon", "Sarah", "Emma", "Jade", "Louise", "Marie-Claire",
		"Marie-Hélène", "Anne-Sophie", "Yasmine", "Fatoumata", "Aïcha", "Ève", "Éloïse", "Noémie", "Renée", "Nadège", "Sylvie", "Nathalie", "Christelle", "Ly", "Zeynep"}
	prenomsM := []string{"Lucas", "Hugo", "Louis", "Nathan", "Gabriel", "Théo", "Jules", "Arthur", "Jean-Pierre", "Jean-Baptiste", "Mehdi",
		"Mohamed", "Ibrahima", "Noé", "Maël", "Kévin", "Jérôme", "François-Xavier", "Abd El Kader", "Jo", "Loïc", "Yanis", "Thierry", "Stéphane"}
	lieux := [][3]string{{"31555", "Toulouse", ""}, {"33063", "Bordeaux", ""}, {"44109", "Nantes", ""}, {"59350", "Lille", ""}, {"67482", "Strasbourg", ""},
		{"06088", "Nice", ""}, {"34172", "Montpellier", ""}, {"35238", "Rennes", ""}, {"75115", "Paris 15e Arrondissement", ""},
		{"75120", "Paris 20e Arrondissement", ""}, {"69383", "Lyon 3e Arrondissement", ""}, {"13205", "Marseille 5e Arrondissement", ""},
		{"97411", "Saint-Denis", ""}, {"99350", "Casablanca", "Maroc"}, {"99352", "Alger", "Algérie"}, {"99351", "Tunis", "Tunisie"},
		{"99109", "Berlin", "Allemagne"}, {"99134", "Madrid", "Espagne"}, {"99139", "Porto", "Portugal"}, {"99243", "Hanoï", "Viet Nam"}}
	header := []any{"Type", "Code", "Intitulé", "Nom de naissance", "Nom d'usage", "Prénom", "Prénom 2", "Sexe", "Date de naissance",
		"Code INSEE", "Commune de naissance", "Pays de naissance", "Date de délivrance", "Courriel"}
	certs := [][3]string{{"RNCP", "RNCP37873", "Gestionnaire de paie"}, {"RS", "RS5286", "Utilisation d'un tableur"}}
	r := rand.New(rand.NewPCG(2026, 12))
	rows := [][]any{header}
	seen := map[string]bool{}
	row := func(cert int, nom, usage, prenom, prenom2, sexe string, y, m, dd int, lieu [3]string) {
		var insee, commune, pays any = lieu[0], lieu[1], nil
		if lieu[2] != "" {
			commune, pays = nil, lieu[2]
		}
		var email any
		if r.IntN(4) > 0 {
			email = strings.ToLower(strings.NewReplacer(" ", "", "'", "", "é", "e", "è", "e", "ï", "i", "ë", "e", "ô", "o").Replace(strings.Fields(prenom)[0]+"."+strings.Fields(nom)[0])) + "@exemple.fr"
		}
		var u, p2 any
		if usage != "" {
			u = usage
		}
		if prenom2 != "" {
			p2 = prenom2
		}
		rows = append(rows, []any{certs[cert][0], certs[cert][1], certs[cert][2], nom, u, prenom, p2, sexe, date(y, m, dd), insee, commune, pays,
			date(2026, 10, 15), email})
	}
	for len(rows) < n+1 {
		female := r.IntN(2) == 0
		nom := nomsF[r.IntN(len(nomsF))]
		prenom, sexe := prenomsM[r.IntN(len(prenomsM))], "M"
		if female {
			prenom, sexe = prenomsF[r.IntN(len(prenomsF))], "F"
		}
		y, m, dd := 1962+r.IntN(42), 1+r.IntN(12), 1+r.IntN(28)
		key := core.Fold(nom + " " + prenom + fmt.Sprint(y, m, dd))
		if seen[key] {
			continue // two clean rows must not be the same person
		}
		seen[key] = true
		usage, prenom2 := "", ""
		if female && r.IntN(3) == 0 {
			usage = nomsF[r.IntN(len(nomsF))]
		}
		if r.IntN(3) == 0 {
			prenom2 = prenomsF[r.IntN(len(prenomsF))]
			if !female {
				prenom2 = prenomsM[r.IntN(len(prenomsM))]
			}
		}
		lieu := lieux[r.IntN(len(lieux))]
		if r.IntN(40) == 0 && y >= 1980 {
			lieu = [3]string{"2A004", "Ajaccio", ""} // Corsica's codes since 1976
		}
		row(r.IntN(2), nom, usage, prenom, prenom2, sexe, y, m, dd, lieu)
	}
	want, spaced := map[int][]string{}, map[int]bool{}
	for i, sp := range [][2]string{{"Mohamed Amine", "M"}, {"Nour El Houda", "F"}, {"Thi Lan", "F"}} {
		row(i%2, nomsF[i], "", sp[0], "", sp[1], 1990+i, 5, 11, lieux[i])
		want[len(rows)], spaced[len(rows)] = []string{core.CodePrenomsMultiples}, true
	}
	toulouse, bordeaux := lieux[0], lieux[1]
	mistake := func(codes []string, cert int, nom, usage, prenom, prenom2, sexe string, y int, lieu [3]string) {
		row(cert, nom, usage, prenom, prenom2, sexe, y, 3, 17, lieu)
		want[len(rows)] = codes
	}
	one := func(code string) []string { return []string{code} }
	mistake(one(core.CodePrenomsMultiples), 0, "ALBERTINI", "", "Marie Claire", "", "F", 1991, toulouse)
	mistake(one(core.CodePrenomsMultiples), 1, "BARTHÈS", "", "Anne Sophie", "", "F", 1986, toulouse)
	mistake(one(core.CodePrenomsMultiples), 0, "CASTAGNÉ", "", "Jean, Paul", "", "M", 1979, toulouse)
	mistake(one(core.CodeNomMarital), 1, "DELMAS épouse FABRE", "", "Sylvie", "", "F", 1970, toulouse)
	mistake(one(core.CodeNomMarital), 0, "FABRE née DELMAS", "", "Christine", "", "F", 1968, toulouse)
	mistake(one(core.CodeNomMarital), 1, "GARRIGUES ép. SOULA", "", "Nadia", "", "F", 1975, toulouse)
	mistake(one(core.CodeNomMarital), 0, "HUGUET/ROUQUETTE", "", "Isabelle", "", "F", 1972, toulouse)
	mistake(one(core.CodeNomCaracteres), 1, "IZARD2", "", "Pierre", "", "M", 1990, toulouse)
	mistake(one(core.CodeNomInitiales), 0, "JOUVE", "", "J.", "", "M", 1983, toulouse)
	mistake(one(core.CodeNomInitiales), 1, "LACAZE", "", "Thomas", "P.", "M", 1984, toulouse)
	mistake(one(core.CodeAgeImprobable), 0, "MAURY", "", "Julie", "", "F", 2019, toulouse)
	mistake(one(core.CodeAgeImprobable), 1, "NOGUÈS", "", "Henri", "", "M", 1903, toulouse)
	mistake(one(core.CodeSexeDivergent), 0, "PUJOL", "", "Camille", "", "F", 1993, toulouse)
	mistake(one(core.CodeSexeDivergent), 1, "PUJOL", "", "Camille", "", "M", 1993, toulouse)
	mistake(one(core.CodeLieuDivergent), 0, "RESPAUD", "", "Laurent", "", "M", 1977, toulouse)
	mistake(one(core.CodeLieuDivergent), 1, "RESPAUD", "", "Laurent", "", "M", 1977, bordeaux)
	mistake(one(core.CodeCommuneDate), 0, "SANTONI", "", "Ange", "", "M", 1970, [3]string{"2A004", "Ajaccio", ""})
	mistake(one(core.CodeCommuneInconnue), 1, "TRÉMOLET", "", "Anne", "", "F", 1981, [3]string{"31000", "Toulouse", ""})
	mistake(one(core.CodeVilleEntiere), 0, "VIGUIER", "", "Paul", "", "M", 1989, [3]string{"75056", "Paris", ""})
	return rows, want, spaced
}

// TestShareFlaggedOnARealisticList imports a realistic list and measures
// the checks: every planted mistake raises its code, no correct row raises
// anything.
func TestShareFlaggedOnARealisticList(t *testing.T) {
	rows, want, spaced := realisticList(400)
	d := newDossier(t)
	res, err := d.ImportSheet(ctx, sheet(t, rows), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != len(rows)-1 {
		t.Fatalf("imported %d of %d rows: %+v", res.Imported, len(rows)-1, res.Errors[:min(len(res.Errors), 5)])
	}
	// The import summary shows the per-passage ones, with their code.
	summary := map[int][]string{}
	for _, e := range res.Errors {
		if e.Code != "" {
			summary[e.Row] = append(summary[e.Row], e.Code)
		}
	}
	for r, codes := range want {
		if c := codes[0]; c != core.CodeSexeDivergent && c != core.CodeLieuDivergent && fmt.Sprint(summary[r]) != fmt.Sprint(codes) {
			t.Errorf("import summary, row %d: %v, want %v", r, summary[r], codes)
		}
	}
	check, err := d.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int][]string{}
	for _, is := range check.Errors {
		if is.Code != "" {
			got[is.Source.Row] = append(got[is.Source.Row], is.Code)
		}
	}
	var falseAlarms, missed []string
	for r, codes := range got {
		if fmt.Sprint(codes) != fmt.Sprint(want[r]) {
			falseAlarms = append(falseAlarms, fmt.Sprintf("row %d %v: %v, want %v", r, rows[r-1][3:6], codes, want[r]))
		}
	}
	for r, codes := range want {
		if _, ok := got[r]; !ok {
			missed = append(missed, fmt.Sprintf("row %d %v: %v", r, rows[r-1][3:6], codes))
		}
	}
	sort.Strings(falseAlarms)
	sort.Strings(missed)
	clean := len(rows) - 1 - len(want) + len(spaced)
	t.Logf("realistic list: %d of %d passages flagged (%.1f %%); %d planted mistakes, %d missed; %d correct rows, %d flagged for a first name with a space (maybe one name), %d other false alarms",
		check.Risks.AtRisk, check.Passages, 100*float64(check.Risks.AtRisk)/float64(check.Passages), len(want)-len(spaced), len(missed), clean, len(spaced), len(falseAlarms))
	if len(falseAlarms) > 0 || len(missed) > 0 {
		t.Fatalf("false alarms or wrong codes:\n%s\nmissed:\n%s", strings.Join(falseAlarms, "\n"), strings.Join(missed, "\n"))
	}
	if check.Risks.AtRisk != len(want) {
		t.Fatalf("risks: %+v", check.Risks)
	}
}

// TestEmailIsImportedKeptAndNeverDeposited: the e-mail column of a list
// lands in the dossier, a wrong address holds nothing back, and no
// deposit file ever carries one.
func TestEmailIsImportedKeptAndNeverDeposited(t *testing.T) {
	d := newDossier(t)
	rows := [][]any{
		{"Type", "Code", "Nom de naissance", "Prénom", "Sexe", "Date de naissance", "Code INSEE", "Date de délivrance", "Courriel"},
		{"RS", "RS5286", "ROUQUETTE", "Agnès", "F", date(1985, 5, 17), "31555", date(2026, 10, 15), "agnes.rouquette@exemple.fr"},
		{"RS", "RS5286", "SABATIER", "Louis", "M", date(1979, 9, 23), "33063", date(2026, 10, 15), "louis.sabatier@"},
		{"RS", "RS5286", "TOURNIER", "Élise", "F", date(1992, 1, 30), "44109", date(2026, 10, 15), nil},
	}
	if _, err := d.ImportSheet(ctx, sheet(t, rows), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ps := passages(t, d)
	if ps["ROUQUETTE"].Holder.Text(core.KeyEmail) != "agnes.rouquette@exemple.fr" || ps["TOURNIER"].Holder.Text(core.KeyEmail) != "" {
		t.Fatalf("e-mail not imported: %v", ps["ROUQUETTE"].Holder)
	}
	bad := ps["SABATIER"]
	if bad.Status != core.StatusPret || len(bad.Issues) != 1 || !bad.Issues[0].Warning || bad.Issues[0].Field != core.KeyEmail {
		t.Fatalf("a wrong address: %s %+v", bad.Status, bad.Issues)
	}
	out := filepath.Join(t.TempDir(), "depot.xml")
	exp, err := d.Export(ctx, ExportOptions{Out: out})
	if err != nil || exp.Exported != 3 {
		t.Fatalf("export: %+v %v", exp, err)
	}
	body, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, never := range []string{"@", "agnes.rouquette", "exemple.fr", "<cpf:>", "email", "ordreJourMois"} {
		if bytes.Contains(body, []byte(never)) {
			t.Errorf("the deposit file holds %q", never)
		}
	}
	if !bytes.Contains(body, []byte("ROUQUETTE")) {
		t.Fatal("the deposit lacks its holders")
	}
}

func TestEmailIsErasedWithTheHolder(t *testing.T) {
	d, _ := sampleDossier(t)
	h := holderValues("ZÉLIE-MARCHAND", "Odile", "F")
	h.Set(core.KeyEmail, "odile.zelie@exemple.fr")
	addPassage(t, d, 0, h)
	found, err := d.FindHolders(ctx, "Zélie")
	if err != nil || len(found) != 1 || found[0].Data.Text(core.KeyEmail) != "odile.zelie@exemple.fr" {
		t.Fatalf("found %+v %v", found, err)
	}
	if _, err := d.EraseHolder(ctx, found[0].HolderID); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{d.Path(), d.Path() + "-wal"} {
		if b, err := os.ReadFile(f); err == nil && bytes.Contains(b, []byte("odile.zelie")) {
			t.Fatalf("%s still holds the erased address", f)
		}
	}
}

// TestRejectedPassageStaysRejectedUntilCorrected: adding an e-mail address
// or checking the birth date changes nothing the CDC gets; the passage is
// still to correct, not ready to be sent again as it was.
func TestRejectedPassageStaysRejectedUntilCorrected(t *testing.T) {
	d, dir, dep, spans := exported(t)
	if _, err := d.ReadAccuse(ctx, writeAccuse(t, dir, "a.xml", accuseB("<idFlux>"+dep.IDFlux+"</idFlux>", spans, 1,
		[]string{"Aucun titulaire ne correspond aux critères obligatoires"}))); err != nil {
		t.Fatal(err)
	}
	det, err := d.Passage(ctx, spans[0].IDTechnique)
	if err != nil {
		t.Fatal(err)
	}
	vs := det.Passage.Record(det.Certification)
	for _, c := range []struct {
		key, value string
		want       core.Status
	}{
		{core.KeyEmail, "lea.martin@exemple.fr", core.StatusRejete},
		{core.KeyBirthOrder, core.BirthOrderChecked, core.StatusRejete},
		{core.KeyNomNaissance, "MARTIN-DURAND", core.StatusPret},
	} {
		vs.Set(c.key, c.value)
		p, err := d.SavePassage(ctx, Edit{IDTechnique: spans[0].IDTechnique, Values: vs})
		if err != nil || p.Status != c.want {
			t.Fatalf("%s changed: %v %v, want %s", c.key, p.Status, err, c.want)
		}
	}
}
