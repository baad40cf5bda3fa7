package dossier

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/excel"
	"github.com/certidepot/certidepot/core/store"
)

// Following up a rejection: for each holder whose passages the CDC
// rejected, a row of a workbook (who they are as the CDC was told, what it
// answered, what to check, which document to ask for, from the accusé
// catalogue) and, when the dossier has their e-mail address and there is
// something to ask them, an e-mail draft in French that the user's mail
// client opens, to check and send.

// FollowUpPassage is one rejected passage of a holder.
type FollowUpPassage struct {
	IDTechnique   string             `json:"idTechnique"`
	Certification core.Certification `json:"-"`
	Delivered     string             `json:"delivered"` // AAAA-MM-JJ
	Message       string             `json:"message"`   // the CDC's
	Explanation   cdc.Explanation    `json:"explanation"`
	Risks         []string           `json:"risks"` // codes of its identity warnings
}

// FollowUp is what to ask one holder after rejections.
type FollowUp struct {
	HolderID int64             `json:"-"`
	Holder   string            `json:"holder"` // "NOM Prénom"
	Email    string            `json:"-"`      // a usable address, or ""
	Values   core.Values       `json:"-"`      // the holder's data
	Passages []FollowUpPassage `json:"passages"`
	// Ask is what to ask the holder; nil when the rejections are the
	// organisation's to fix (a certification code, dates).
	Ask *HolderAsk `json:"ask"`
}

// HolderAsk is a request to a holder, in words addressed to them.
type HolderAsk struct {
	Why      string   `json:"why"`      // what the CDC could not do
	Check    []string `json:"check"`    // what to check
	Document string   `json:"document"` // what to send
}

// The asks, by the first field the CDC's explanation points at.
var (
	askIdentity = HolderAsk{
		Why: "La Caisse des Dépôts n'a pas pu vous identifier à partir des informations d'état civil que nous lui avons transmises.",
		Check: []string{
			"votre nom de naissance (celui de votre acte de naissance, et non un nom d'épouse ou d'usage) ;",
			"votre premier prénom, écrit exactement comme à l'état civil, avec ses tirets s'il est composé ;",
			"votre sexe et votre année de naissance.",
		},
		Document: "une copie de votre pièce d'identité (carte d'identité ou passeport, recto verso) ou un extrait d'acte de naissance",
	}
	askBirthDay = HolderAsk{
		Why: "La Caisse des Dépôts n'a pas pu vous identifier à partir des informations d'état civil que nous lui avons transmises : votre jour ou votre mois de naissance ne correspondent pas.",
		Check: []string{
			"votre jour et votre mois de naissance (ne sont-ils pas inversés ?) ;",
			"puis votre nom de naissance, votre premier prénom (tel qu'à l'état civil), votre sexe et votre année de naissance.",
		},
		Document: askIdentity.Document,
	}
	askBirthplace = HolderAsk{
		Why: "La Caisse des Dépôts n'a pas pu vous identifier à partir des informations d'état civil que nous lui avons transmises : votre lieu de naissance, ou une autre information, ne correspond pas.",
		Check: []string{
			"votre commune de naissance (telle qu'elle s'appelait à votre naissance), ou votre pays de naissance si vous êtes né(e) à l'étranger ;",
			"vos deuxième et troisième prénoms, s'il y en a ;",
			"votre nom d'usage, s'il y en a un.",
		},
		Document: "un extrait d'acte de naissance, qui indique votre commune de naissance exacte",
	}
	askSeveral = HolderAsk{
		Why: "La Caisse des Dépôts a trouvé plusieurs personnes ayant votre état civil et n'a pas pu savoir laquelle vous êtes.",
		Check: []string{
			"votre date de naissance complète (jour, mois et année) ;",
			"votre commune de naissance, ou votre pays de naissance si vous êtes né(e) à l'étranger ;",
			"tous vos prénoms, dans l'ordre de l'état civil.",
		},
		Document: "un extrait d'acte de naissance",
	}
)

// askFor tells what to ask a holder after a rejection explained by ex, or
// nil when the holder can do nothing about it.
func askFor(ex cdc.Explanation) *HolderAsk {
	if !ex.Known || len(ex.Fields) == 0 || ex.Documents == "" {
		return nil
	}
	switch ex.Fields[0] {
	case core.KeyNomNaissance:
		return &askIdentity
	case core.KeyJour:
		return &askBirthDay
	case core.KeyCodeInsee:
		return &askBirthplace
	case core.KeyMois:
		return &askSeveral
	}
	return nil
}

// refusedPrefix starts the message ReadAccuse keeps on the passages of a
// file refused as a whole: a structural error, nothing to ask holders.
const refusedPrefix = "Fichier refusé par la CDC"

// FollowUps returns, holder by holder, the rejected passages to follow up:
// those the accusé of the deposit idFlux rejected, or every rejected
// passage when idFlux is "". Passages corrected since (no longer
// rejected) and those of a file refused as a whole are left out.
func (d *Dossier) FollowUps(ctx context.Context, idFlux string) ([]FollowUp, error) {
	var out []FollowUp
	err := d.view(ctx, func(tx *store.Tx) error {
		var only map[string]bool
		if idFlux != "" {
			dep, err := tx.FindDeposit(idFlux, "", nil)
			if err != nil {
				return err
			}
			if dep == nil {
				return fmt.Errorf("aucun dépôt de ce dossier n'a l'identifiant de flux %s : voyez la liste des dépôts (certidepot-cli deposits)", idFlux)
			}
			spans, err := tx.DepositSpans(dep.ID)
			if err != nil {
				return err
			}
			only = map[string]bool{}
			for _, s := range spans {
				only[s.IDTechnique] = true
			}
		}
		certs, err := tx.Certifications()
		if err != nil {
			return err
		}
		byHolder := map[int64]int{}
		return tx.EachPassage(store.Filter{Status: core.StatusRejete}, func(p *core.Passage) error {
			if only != nil && !only[p.IDTechnique] || strings.HasPrefix(p.AccuseMessage, refusedPrefix) {
				return nil
			}
			i, ok := byHolder[p.HolderID]
			if !ok {
				i = len(out)
				byHolder[p.HolderID] = i
				out = append(out, FollowUp{HolderID: p.HolderID, Holder: core.HolderName(p.Holder), Email: usableEmail(p.Holder), Values: p.Holder})
			}
			fp := FollowUpPassage{IDTechnique: p.IDTechnique, Certification: certs[p.CertificationID], Delivered: p.Data.Text(core.KeyDateDebutValid),
				Message: p.AccuseMessage, Explanation: cdc.Explain(p.AccuseMessage), Risks: []string{}}
			for _, is := range p.Issues {
				if is.Code != "" {
					fp.Risks = appendCode(fp.Risks, is.Code)
				}
			}
			f := &out[i]
			f.Passages = append(f.Passages, fp)
			if f.Ask == nil {
				f.Ask = askFor(fp.Explanation)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// usableEmail returns the holder's address when a mail client can take it.
func usableEmail(h core.Values) string {
	e := h.Text(core.KeyEmail)
	if e == "" || core.CheckValue(core.FieldByKey(core.KeyEmail), core.Value{Text: e}) != "" {
		return ""
	}
	if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
		return ""
	}
	return e
}

// FollowUpOptions tune the writing of the requests to holders.
type FollowUpOptions struct {
	IDFlux string // only this deposit's rejections ("" = every rejected passage)
	Dir    string // the folder to write into, made if missing
	// From is the sender of the drafts ("" = the mail client's account).
	From string
	// Signature closes the drafts ("" = « Le service des certifications »).
	Signature string
}

// FollowUpItem says where one rejected passage is followed up.
type FollowUpItem struct {
	IDTechnique string `json:"idTechnique"`
	Holder      string `json:"holder"`
	Row         int    `json:"row"`   // its holder's row in the workbook
	Draft       string `json:"draft"` // the e-mail draft's path, "" when none
}

// FollowUpResult says what WriteFollowUps wrote. Its JSON is the relances
// command's public output.
type FollowUpResult struct {
	Workbook string         `json:"workbook"` // "" when there was nothing to follow up
	Holders  int            `json:"holders"`
	Passages int            `json:"passages"`
	Drafts   []string       `json:"drafts"`
	Items    []FollowUpItem `json:"items"`
	// WithoutEmail counts the holders to ask that have no usable address;
	// NothingToAsk those whose rejections are the organisation's to fix.
	WithoutEmail int `json:"withoutEmail"`
	NothingToAsk int `json:"nothingToAsk"`
}

// FollowUpWorkbook is the name of the workbook WriteFollowUps writes.
const FollowUpWorkbook = "demandes-aux-titulaires.xlsx"

const defaultSignature = "Le service des certifications"

// WriteFollowUps prepares the requests to holders (« Préparer les demandes
// aux titulaires »): the workbook FollowUpWorkbook and one .eml draft per
// holder to ask who has an address, in opt.Dir, every file readable by its
// owner only. It refuses, before writing anything, when one of the files
// exists. With nothing to follow up it writes nothing.
func (d *Dossier) WriteFollowUps(ctx context.Context, opt FollowUpOptions) (*FollowUpResult, error) {
	if strings.TrimSpace(opt.Dir) == "" {
		return nil, errors.New("indiquez le dossier où écrire les demandes aux titulaires")
	}
	fus, err := d.FollowUps(ctx, opt.IDFlux)
	if err != nil {
		return nil, err
	}
	res := &FollowUpResult{Drafts: []string{}, Items: []FollowUpItem{}}
	if len(fus) == 0 {
		return res, nil
	}
	if opt.Signature == "" {
		opt.Signature = defaultSignature
	}
	if opt.From != "" {
		a, err := mail.ParseAddress(opt.From)
		if err != nil || strings.ContainsAny(opt.From, "\r\n") {
			return nil, fmt.Errorf("l'adresse de l'expéditeur « %s » n'est pas une adresse e-mail valide", opt.From)
		}
		opt.From = a.String()
	}
	now := d.Now()
	var drafts []draft
	rows := make([]excel.FollowUpRow, len(fus))
	for i, fu := range fus {
		name := ""
		switch {
		case fu.Ask == nil:
			res.NothingToAsk++
			rows[i] = followUpRow(fu, "aucun : rejet à corriger par l'organisme")
		case fu.Email == "":
			res.WithoutEmail++
			rows[i] = followUpRow(fu, "pas d'adresse e-mail : contactez le titulaire autrement")
		default:
			name = fmt.Sprintf("%03d-%s.eml", i+1, fileSlug(fu.Holder))
			drafts = append(drafts, draft{filepath.Join(opt.Dir, name), draftEML(fu, opt, now)})
			rows[i] = followUpRow(fu, name)
		}
		for _, p := range fu.Passages {
			it := FollowUpItem{IDTechnique: p.IDTechnique, Holder: fu.Holder, Row: excel.FollowUpHeaderRow + 1 + i}
			if name != "" {
				it.Draft = filepath.Join(opt.Dir, name)
			}
			res.Items = append(res.Items, it)
			res.Passages++
		}
	}
	res.Holders = len(fus)
	res.Workbook = filepath.Join(opt.Dir, FollowUpWorkbook)
	if err := os.MkdirAll(opt.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("impossible de créer le dossier %s : %s", opt.Dir, core.SystemMessage(err))
	}
	paths := []string{res.Workbook}
	for _, dr := range drafts {
		paths = append(paths, dr.path)
	}
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("le fichier %s existe déjà : choisissez un autre dossier pour les demandes aux titulaires (rien n'a été écrit)", p)
		}
	}
	if err := excel.WriteFollowUp(res.Workbook, rows); err != nil {
		return nil, err
	}
	for _, dr := range drafts {
		if err := writeNew(dr.path, dr.body); err != nil {
			return nil, err
		}
		res.Drafts = append(res.Drafts, dr.path)
	}
	return res, nil
}

// draft is an e-mail draft to write.
type draft struct{ path, body string }

// writeNew creates a file readable by its owner only; it never replaces one.
func writeNew(path, content string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return core.WriteError(path, err)
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return core.WriteError(path, err)
	}
	return nil
}

// fileSlug makes a file name part of a holder's name: folded, hyphens.
func fileSlug(name string) string {
	s := strings.ReplaceAll(core.Fold(name), " ", "-")
	if s == "" {
		return "titulaire"
	}
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}

// holderIdentity is the holder's data as the CDC was told, field by field.
type holderIdentity struct {
	birthName, usageName, firstNames, sex, birthDate, birthplace string
}

func identityOf(h core.Values) holderIdentity {
	var id holderIdentity
	switch h.Identification() {
	case core.BranchDossier:
		id.birthName, id.firstNames = h.Text(core.KeyNomTitulaire), h.Text(core.KeyPrenomTitulaire)
		return id
	case core.BranchNIR:
		id.birthName = h.Text(core.KeyNomNaissanceNIR)
		return id
	}
	id.birthName, id.usageName = h.Text(core.KeyNomNaissance), h.Text(core.KeyNomUsage)
	var names []string
	for _, k := range []string{core.KeyPrenom1, "prenom2", "prenom3"} {
		if t := h.Text(k); t != "" {
			names = append(names, t)
		}
	}
	id.firstNames = strings.Join(names, ", ")
	if s := h.Text(core.KeySexe); s != "" {
		id.sex = core.FieldByKey(core.KeySexe).Describe(core.Value{Text: s})
	}
	y := h.Text(core.KeyAnnee)
	m, em := strconv.Atoi(h.Text(core.KeyMois))
	d, ed := strconv.Atoi(h.Text(core.KeyJour))
	switch {
	case y != "" && em == nil && ed == nil:
		id.birthDate = fmt.Sprintf("%02d/%02d/%s", d, m, y)
	case y != "" && em == nil:
		id.birthDate = fmt.Sprintf("%02d/%s (jour inconnu)", m, y)
	case y != "":
		id.birthDate = y + " (jour et mois inconnus)"
	}
	s := &sighting{insee: strings.ToUpper(h.Text(core.KeyCodeInsee)), postal: h.Text(core.KeyCodePostal),
		commune: h.Text(core.KeyLibelleCommune), pays: h.Text(core.KeyLibellePays)}
	if s.insee != "" || s.postal != "" {
		id.birthplace = s.placeLabel()
	} else {
		id.birthplace = "non connu"
	}
	return id
}

func followUpRow(fu FollowUp, draft string) excel.FollowUpRow {
	id := identityOf(fu.Values)
	row := excel.FollowUpRow{Holder: fu.Holder, BirthName: id.birthName, UsageName: id.usageName, FirstNames: id.firstNames, Sex: id.sex,
		BirthDate: id.birthDate, Birthplace: id.birthplace, Email: fu.Values.Text(core.KeyEmail), Draft: draft}
	var certs, delivered, ids, msgs, meanings, checks, docs, risks []string
	for _, p := range fu.Passages {
		certs = append(certs, p.Certification.Label())
		if t, ok := core.ParseISODate(p.Delivered); ok {
			delivered = append(delivered, core.FrenchDate(t))
		}
		ids = append(ids, p.IDTechnique)
		msgs = append(msgs, p.Message)
		meanings = appendOnce(meanings, p.Explanation.Title+" : "+p.Explanation.Meaning)
		for _, c := range p.Explanation.Check {
			checks = appendOnce(checks, "• "+c)
		}
		if p.Explanation.Documents != "" {
			docs = appendOnce(docs, p.Explanation.Documents)
		}
		for _, code := range p.Risks {
			if c, ok := core.IdentityCheckOf(code); ok {
				risks = appendOnce(risks, c.Label)
			}
		}
	}
	row.Certifications, row.Delivered, row.IDTechniques = strings.Join(certs, "\n"), strings.Join(delivered, "\n"), strings.Join(ids, "\n")
	row.CDCMessage, row.Meaning, row.Check = strings.Join(msgs, "\n"), strings.Join(meanings, "\n"), strings.Join(checks, "\n")
	row.Documents, row.Risks = strings.Join(docs, "\n"), strings.Join(risks, "\n")
	return row
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// greetingName is « Prénom NOM », as a letter starts.
func greetingName(h core.Values) string {
	switch h.Identification() {
	case core.BranchDossier:
		return strings.TrimSpace(h.Text(core.KeyPrenomTitulaire) + " " + h.Text(core.KeyNomTitulaire))
	case core.BranchNIR:
		return h.Text(core.KeyNomNaissanceNIR)
	}
	return strings.TrimSpace(h.Text(core.KeyPrenom1) + " " + h.Text(core.KeyNomNaissance))
}

// certificationText names a certification for its holder.
func certificationText(c core.Certification) string {
	if c.Titre != "" {
		return "« " + c.Titre + " » (" + c.Code + ")"
	}
	return c.Code
}

// draftBody is the French text of the e-mail to a holder.
func draftBody(fu FollowUp, signature string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Bonjour %s,\n\n", greetingName(fu.Values))
	if len(fu.Passages) == 1 {
		p := fu.Passages[0]
		fmt.Fprintf(&b, "Vous avez obtenu la certification %s", certificationText(p.Certification))
		if t, ok := core.ParseISODate(p.Delivered); ok {
			fmt.Fprintf(&b, ", délivrée le %s", core.FrenchDate(t))
		}
		b.WriteString(". Nous devons la déclarer à la Caisse des Dépôts, qui l'inscrit sur votre compte personnel de formation (Mon Compte Formation).\n\n")
	} else {
		b.WriteString("Vous avez obtenu les certifications suivantes :\n")
		for _, p := range fu.Passages {
			fmt.Fprintf(&b, "  - %s", certificationText(p.Certification))
			if t, ok := core.ParseISODate(p.Delivered); ok {
				fmt.Fprintf(&b, ", délivrée le %s", core.FrenchDate(t))
			}
			b.WriteString(" ;\n")
		}
		b.WriteString("Nous devons les déclarer à la Caisse des Dépôts, qui les inscrit sur votre compte personnel de formation (Mon Compte Formation).\n\n")
	}
	b.WriteString(fu.Ask.Why + " Voici ces informations :\n\n")
	id := identityOf(fu.Values)
	for _, l := range [][2]string{{"Nom de naissance", id.birthName}, {"Nom d'usage", id.usageName}, {"Prénom(s)", id.firstNames},
		{"Sexe", id.sex}, {"Date de naissance", id.birthDate}, {"Lieu de naissance", id.birthplace}} {
		if l[1] != "" {
			fmt.Fprintf(&b, "  %s : %s\n", l[0], l[1])
		}
	}
	b.WriteString("\nPourriez-vous vérifier ces informations, en particulier :\n")
	for _, c := range fu.Ask.Check {
		fmt.Fprintf(&b, "  - %s\n", c)
	}
	fmt.Fprintf(&b, "\nMerci de nous répondre en indiquant celles qui sont inexactes, et de joindre à votre réponse %s.\n\n", fu.Ask.Document)
	b.WriteString("Dès réception, nous corrigerons votre dossier et le transmettrons de nouveau à la Caisse des Dépôts.\n\n")
	fmt.Fprintf(&b, "Cordialement,\n%s\n", signature)
	return b.String()
}

// draftSubject is the draft's French subject.
func draftSubject(fu FollowUp) string {
	if len(fu.Passages) == 1 {
		c := fu.Passages[0].Certification
		name := c.Titre
		if name == "" {
			name = c.Code
		}
		return "Votre certification « " + name + " » : vérification de votre état civil"
	}
	return "Vos certifications : vérification de votre état civil"
}

// draftEML builds a draft e-mail (RFC 5322, MIME, UTF-8, quoted-printable)
// that mail clients open ready to send: X-Unsent asks Outlook to open it
// as a new message.
func draftEML(fu FollowUp, opt FollowUpOptions, now time.Time) string {
	var b strings.Builder
	header := func(name, value string) {
		if !strings.HasPrefix(value, "\r\n") {
			value = " " + value
		}
		b.WriteString(name + ":" + value + "\r\n")
	}
	to := mail.Address{Name: cleanHeader(greetingName(fu.Values)), Address: fu.Email}
	header("To", to.String())
	if opt.From != "" {
		header("From", opt.From)
	}
	header("Subject", foldEncoded("Subject", mime.QEncoding.Encode("UTF-8", draftSubject(fu))))
	header("Date", now.Format(time.RFC1123Z))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("X-Unsent", "1")
	b.WriteString("\r\n")
	var body bytes.Buffer
	qp := quotedprintable.NewWriter(&body)
	qp.Write([]byte(draftBody(fu, opt.Signature)))
	qp.Close()
	b.Write(body.Bytes())
	return b.String()
}

// cleanHeader keeps a header value on one line.
func cleanHeader(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }), " ")
}

// foldEncoded folds a header of encoded words (each at most 75
// characters) on the spaces between them, the first one too when it would
// not fit after the name: no line passes 78 characters.
func foldEncoded(name, s string) string {
	s = strings.ReplaceAll(s, "?= =?", "?=\r\n =?")
	if first, _, _ := strings.Cut(s, "\r\n"); len(name)+2+len(first) > 78 {
		s = "\r\n " + s
	}
	return s
}
