package dossier

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/geo"
	"github.com/certidepot/certidepot/core/store"
)

// Identity risks over the whole dossier. Each passage's own identity
// warnings are stored with it (the dossier's validator runs the
// dictionary's identity checks); the checks that compare passages — the
// same person with another sex or birthplace elsewhere — need every
// passage, and are computed here, on demand. Risks counts the passages
// still to deposit that some check flags, per reason, for the home screen
// and the deposit step; PassagesAtRisk lists them for the passages list;
// PassageRisks gives the fiche the comparisons of one passage.

// RiskCount is how many passages still to deposit one check flags.
type RiskCount struct {
	Code      string `json:"code"`
	Label     string `json:"label"`     // French
	Rejection string `json:"rejection"` // the CDC's message the data risks
	Passages  int    `json:"passages"`
	Ready     int    `json:"ready"` // of them, ready: in the next deposit
}

// Risks counts the passages at risk of a CDC rejection. Its JSON is part
// of the check command's public output.
type Risks struct {
	// Passages counts the passages still to deposit: to complete, ready,
	// rejected or withdrawn (accepted and deposited ones are the CDC's).
	Passages int `json:"passages"`
	// AtRisk counts those with at least one identity warning.
	AtRisk      int `json:"atRisk"`
	Ready       int `json:"ready"`
	ReadyAtRisk int `json:"readyAtRisk"`
	// Reasons has one entry per check flagging a passage, in the order of
	// the CDC's matching (core.IdentityChecks).
	Reasons []RiskCount `json:"reasons"`
}

// stillToDeposit reports whether a passage will still go to the CDC.
func stillToDeposit(s core.Status) bool {
	return s == core.StatusACompleter || s == core.StatusPret || s == core.StatusRejete || s == core.StatusRetire
}

// sighting is what the comparisons need of one passage: little, so that
// 200,000 passages fit in memory.
type sighting struct {
	idTechnique string
	status      core.Status
	holder      string // "NOM Prénom"
	source      *core.Source
	key         string // same person: folded birth name, first name and birth date ("" when incomplete)
	sexe        string
	insee       string
	postal      string
	commune     string // libelleCommuneNaissance
	pays        string // libellePaysNaissance
	certCode    string
	delivered   string
	codes       []string // codes of its stored identity warnings
}

// identityIndex gathers the passages of a dossier by person.
type identityIndex struct {
	seq      []*sighting // every passage, in creation order
	byPerson map[string][]*sighting
}

func newIdentityIndex() *identityIndex {
	return &identityIndex{byPerson: map[string][]*sighting{}}
}

// personKey is what makes two passages the same person for the CDC's
// first two steps: birth name, first name (accents, case and hyphens
// aside) and the full birth date. "" when one of them is missing.
func personKey(h core.Values) string {
	if h.Identification() != core.BranchTitulaire {
		return ""
	}
	y, ey := strconv.Atoi(h.Text(core.KeyAnnee))
	m, em := strconv.Atoi(h.Text(core.KeyMois))
	d, ed := strconv.Atoi(h.Text(core.KeyJour))
	if ey != nil || em != nil || ed != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	nom, prenom := core.Fold(h.Text(core.KeyNomNaissance)), core.Fold(h.Text(core.KeyPrenom1))
	if nom == "" || prenom == "" {
		return ""
	}
	return nom + "|" + prenom + "|" + strconv.Itoa(y*10000+m*100+d)
}

// add indexes a passage read whole (by Check).
func (ix *identityIndex) add(p *core.Passage, c core.Certification) {
	r := store.IdentityRow{IDTechnique: p.IDTechnique, Status: p.Status, Holder: p.Holder, CertCode: c.Code,
		Delivered: p.Data.Text(core.KeyDateDebutValid), Source: p.Source}
	for _, is := range p.Issues {
		if is.Code != "" {
			r.Codes = appendCode(r.Codes, is.Code)
		}
	}
	ix.addRow(r)
}

func (ix *identityIndex) addRow(r store.IdentityRow) {
	h := r.Holder
	s := &sighting{idTechnique: r.IDTechnique, status: r.Status, holder: core.HolderName(h), source: r.Source, key: personKey(h),
		certCode: r.CertCode, delivered: r.Delivered}
	if stillToDeposit(r.Status) {
		s.codes = r.Codes
	}
	if s.key != "" {
		s.sexe, s.insee, s.postal = h.Text(core.KeySexe), strings.ToUpper(h.Text(core.KeyCodeInsee)), h.Text(core.KeyCodePostal)
		s.commune, s.pays = h.Text(core.KeyLibelleCommune), h.Text(core.KeyLibellePays)
		ix.byPerson[s.key] = append(ix.byPerson[s.key], s)
	}
	ix.seq = append(ix.seq, s)
}

func appendCode(codes []string, code string) []string {
	for _, c := range codes {
		if c == code {
			return codes
		}
	}
	return append(codes, code)
}

// places returns the INSEE codes the birthplace may be ("pays:XXX" for a
// country; a postal code, the communes it serves), nil when unknown.
func (s *sighting) places() []string {
	switch {
	case core.IsAbroadCode(s.insee):
		return []string{"pays:" + core.CountryCodeOf(s.insee)}
	case s.insee != "":
		return []string{s.insee}
	case s.postal != "":
		var out []string
		for _, p := range geo.ByPostalCode(s.postal) {
			out = append(out, p.Code)
		}
		if len(out) == 0 {
			out = []string{"cp:" + s.postal}
		}
		return out
	}
	return nil
}

// placeLabel names the birthplace for a message.
func (s *sighting) placeLabel() string {
	switch {
	case core.IsAbroadCode(s.insee):
		name := s.pays
		if p, ok := geo.CountryAt(s.insee, time.Time{}); ok && name == "" {
			name = p.Nom
		}
		return strings.TrimSpace(name + " (" + s.insee + ")")
	case s.insee != "":
		name := s.commune
		if p, ok := geo.CommuneAt(s.insee, time.Time{}); ok && name == "" {
			name = p.Nom
		}
		return strings.TrimSpace(name + " (" + s.insee + ")")
	}
	return "code postal " + s.postal
}

// differentPlaces reports whether two known birthplaces cannot be the same.
func differentPlaces(a, b *sighting) bool {
	pa, pb := a.places(), b.places()
	if pa == nil || pb == nil {
		return false // an unknown place contradicts nothing
	}
	for _, x := range pa {
		for _, y := range pb {
			if x == y {
				return false
			}
		}
	}
	return true
}

// describe names another passage for a message: its certification, its
// delivery, where it came from and what the CDC said.
func (s *sighting) describe() string {
	parts := []string{s.certCode}
	if d, ok := core.ParseISODate(s.delivered); ok {
		parts[0] += " délivrée le " + core.FrenchDate(d)
	}
	if s.source != nil && s.source.Row > 0 {
		parts = append(parts, fmt.Sprintf("ligne %d de %s", s.source.Row, s.source.File))
	}
	switch s.status {
	case core.StatusAccepte:
		parts = append(parts, "accepté par la CDC")
	case core.StatusDepose:
		parts = append(parts, "déposé, en attente de l'accusé")
	case core.StatusRejete:
		parts = append(parts, "rejeté par la CDC")
	}
	return strings.Join(parts, ", ")
}

func others(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(", et %d autre(s)", n-1)
}

// crossIssues returns the comparisons of one passage with the others of
// the same person. Only passages still to deposit get them: the others
// are there to compare with.
func (ix *identityIndex) crossIssues(s *sighting) []core.Issue {
	otherSex, otherPlace := ix.contradictions(s)
	var out []core.Issue
	if len(otherSex) > 0 {
		o := otherSex[0]
		hint := ""
		if o.status == core.StatusAccepte {
			hint = " Ce passage-là a été accepté par la CDC : c'est sans doute celui-ci qui est faux."
		}
		out = append(out, core.NewWarning(core.KeySexe, core.CodeSexeDivergent, fmt.Sprintf(
			"un autre passage du même titulaire (même nom de naissance, prénom et date de naissance : %s%s) indique le sexe « %s » : l'un des deux est faux, "+
				"et la CDC rejettera celui qui ne correspond pas à l'état civil (« Aucun titulaire ne correspond aux critères obligatoires »). Vérifiez le sexe sur une pièce d'identité et corrigez le passage erroné.%s",
			o.describe(), others(len(otherSex)), core.FieldByKey(core.KeySexe).Describe(core.Value{Text: o.sexe}), hint)))
	}
	if len(otherPlace) > 0 {
		o := otherPlace[0]
		field := core.KeyCodeInsee
		if s.insee == "" {
			field = core.KeyCodePostal
		}
		out = append(out, core.NewWarning(field, core.CodeLieuDivergent, fmt.Sprintf(
			"un autre passage (%s%s) a le même nom de naissance, le même prénom, le même sexe et la même date de naissance, mais un autre lieu de naissance : %s au lieu de %s. "+
				"S'il s'agit de la même personne, l'un des deux lieux est faux et la CDC rejettera le passage erroné (« Aucun titulaire ne correspond aux critères de réconciliation ») ; "+
				"s'il s'agit de deux homonymes, la CDC ne les distinguera que par leur commune de naissance exacte. Vérifiez le lieu de naissance sur une pièce d'identité.",
			o.describe(), others(len(otherPlace)), o.placeLabel(), s.placeLabel())))
	}
	return out
}

// contradictions returns the other passages of the same person with
// another sex, and those with the same sex and another birthplace. Only
// passages still to deposit are compared: the others are there to compare
// with.
func (ix *identityIndex) contradictions(s *sighting) (otherSex, otherPlace []*sighting) {
	if s.key == "" || !stillToDeposit(s.status) || len(ix.byPerson[s.key]) < 2 {
		return nil, nil
	}
	for _, o := range ix.byPerson[s.key] {
		switch {
		case o == s:
		case o.sexe != s.sexe && isSex(o.sexe) && isSex(s.sexe):
			otherSex = append(otherSex, o)
		case o.sexe == s.sexe && differentPlaces(s, o):
			otherPlace = append(otherPlace, o)
		}
	}
	return otherSex, otherPlace
}

func isSex(s string) bool { return s == "M" || s == "F" }

// codesOf returns every identity code flagging a passage: its own and the
// comparisons'.
func (ix *identityIndex) codesOf(s *sighting) []string {
	otherSex, otherPlace := ix.contradictions(s)
	if len(otherSex)+len(otherPlace) == 0 {
		return s.codes
	}
	codes := append([]string(nil), s.codes...)
	if len(otherSex) > 0 {
		codes = appendCode(codes, core.CodeSexeDivergent)
	}
	if len(otherPlace) > 0 {
		codes = appendCode(codes, core.CodeLieuDivergent)
	}
	return codes
}

func (ix *identityIndex) risks() *Risks {
	out := &Risks{Reasons: []RiskCount{}}
	per := map[string]*RiskCount{}
	for _, s := range ix.seq {
		if !stillToDeposit(s.status) {
			continue
		}
		ready := s.status == core.StatusPret
		out.Passages++
		if ready {
			out.Ready++
		}
		codes := ix.codesOf(s)
		if len(codes) == 0 {
			continue
		}
		out.AtRisk++
		if ready {
			out.ReadyAtRisk++
		}
		for _, c := range codes {
			rc := per[c]
			if rc == nil {
				rc = &RiskCount{Code: c}
				per[c] = rc
			}
			rc.Passages++
			if ready {
				rc.Ready++
			}
		}
	}
	for _, check := range core.IdentityChecks() {
		if rc := per[check.Code]; rc != nil {
			rc.Label, rc.Rejection = check.Label, check.Rejection
			out.Reasons = append(out.Reasons, *rc)
		}
	}
	return out
}

// withCrossIssues inserts the comparisons of each passage after its own
// issues, keeping the organisation's first and the passages' order.
func (ix *identityIndex) withCrossIssues(issues []CheckIssue) []CheckIssue {
	own := map[string][]CheckIssue{}
	var out []CheckIssue
	for _, is := range issues {
		if is.IDTechnique == "" {
			out = append(out, is)
			continue
		}
		own[is.IDTechnique] = append(own[is.IDTechnique], is)
	}
	for _, s := range ix.seq {
		out = append(out, own[s.idTechnique]...)
		for _, is := range ix.crossIssues(s) {
			out = append(out, CheckIssue{IDTechnique: s.idTechnique, Holder: s.holder, Field: is.Field, Message: is.Message,
				Warning: true, Code: is.Code, Source: s.source})
		}
	}
	return out
}

// scanIdentity indexes the passages matching f.
func scanIdentity(tx *store.Tx, f store.Filter) (*identityIndex, error) {
	ix := newIdentityIndex()
	err := tx.EachIdentityRow(f, func(r store.IdentityRow) error { ix.addRow(r); return nil })
	return ix, err
}

// Risks counts the passages still to deposit at risk of a CDC rejection,
// per reason: for the home screen, and for the deposit step before the
// file is written.
func (d *Dossier) Risks(ctx context.Context) (*Risks, error) {
	var out *Risks
	err := d.view(ctx, func(tx *store.Tx) error {
		ix, err := scanIdentity(tx, store.Filter{})
		if err == nil {
			out = ix.risks()
		}
		return err
	})
	return out, err
}

// PassagesAtRisk returns the idTechnique of the passages still to deposit
// that the check code flags (any check when code is ""), in creation
// order; status, when set, keeps only the passages having it (core.StatusPret:
// those the next deposit would send). For the passages list's filter.
func (d *Dossier) PassagesAtRisk(ctx context.Context, code string, status core.Status) ([]string, error) {
	out := []string{}
	err := d.view(ctx, func(tx *store.Tx) error {
		ix, err := scanIdentity(tx, store.Filter{})
		if err != nil {
			return err
		}
		for _, s := range ix.seq {
			if !stillToDeposit(s.status) || status != "" && s.status != status {
				continue
			}
			for _, c := range ix.codesOf(s) {
				if code == "" || c == code {
					out = append(out, s.idTechnique)
					break
				}
			}
		}
		return nil
	})
	return out, err
}

// PassageRisks returns the comparisons of one passage with the dossier's
// other passages of the same person, for its fiche (its own identity
// warnings are in Passage.Issues). Only the holders with the same name
// are read.
func (d *Dossier) PassageRisks(ctx context.Context, idTechnique string) ([]core.Issue, error) {
	var out []core.Issue
	err := d.view(ctx, func(tx *store.Tx) error {
		p, err := tx.Passage(idTechnique)
		if err != nil {
			return err
		}
		if personKey(p.Holder) == "" {
			return nil
		}
		ix, err := scanIdentity(tx, store.Filter{Search: core.HolderName(p.Holder)})
		if err != nil {
			return err
		}
		for _, s := range ix.seq {
			if s.idTechnique == idTechnique {
				out = ix.crossIssues(s)
			}
		}
		return nil
	})
	return out, err
}
