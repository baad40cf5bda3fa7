package cdc

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"

	"github.com/certidepot/certidepot/core/store"
)

// AccuseResult says what reading an accusé did. Its JSON is the
// import-accuse command's public output.
type AccuseResult struct {
	Deposit         DepositRef          `json:"deposit"`
	AlreadyImported bool                `json:"alreadyImported"`
	Refused         bool                `json:"refused"` // the whole file was refused (XSD errors)
	OK              []string            `json:"ok"`
	KO              []KOResult          `json:"ko"`
	Unknown         []string            `json:"unknown"` // idTechnique not in the deposit: reported, not applied
	Errors          []AccuseErrorResult `json:"errors"`
}

// DepositRef names the deposit an accusé answers.
type DepositRef struct {
	IDFlux     string `json:"idFlux"`
	File       string `json:"file"`
	Horodatage string `json:"horodatage"`
	Status     string `json:"status"`
}

// KOResult is one rejected passage with the CDC's message explained.
type KOResult struct {
	IDTechnique string      `json:"idTechnique"`
	Holder      string      `json:"holder"`
	Messages    []string    `json:"messages"`
	Explanation Explanation `json:"explanation"`
}

// AccuseErrorResult is one structural error of a refused file, mapped to
// the passage on its line when there is one.
type AccuseErrorResult struct {
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	IDTechnique string `json:"idTechnique"`
	Holder      string `json:"holder"`
	Field       string `json:"field"`
	Message     string `json:"message"` // plain French
	Raw         string `json:"raw"`     // the CDC's own message
	Known       bool   `json:"known"`
}

// ErrNoDeposit is returned when no deposit of the dossier matches an accusé.
var ErrNoDeposit = errors.New("aucun dépôt de ce dossier ne correspond à cet accusé (ni l'identifiant de flux, ni le nom de fichier, ni les identifiants techniques) : vérifiez que vous avez ouvert le bon dossier")

// ImportAccuse reads an accusé de traitement and reconciles it with the
// deposit it answers, in one transaction: accepted passages are locked,
// rejected ones keep the CDC's message and its explanation, and a refused
// file sends all its passages back with each error mapped to its passage
// and field. Reading the same accusé twice changes nothing.
func ImportAccuse(ctx context.Context, db *store.DB, path string) (*AccuseResult, error) {
	a, err := ReadAccuseFile(path)
	if err != nil {
		return nil, err
	}
	sum, _, err := fileSum(path)
	if err != nil {
		return nil, err
	}
	if _, err := db.Backup("avant-accuse"); err != nil {
		return nil, err
	}
	res := &AccuseResult{Refused: a.Refused(), OK: []string{}, KO: []KOResult{}, Unknown: []string{}, Errors: []AccuseErrorResult{}}
	err = db.Update(ctx, func(tx *store.Tx) error {
		ids := make([]string, 0, len(a.OK)+len(a.KO))
		ids = append(ids, a.OK...)
		for _, k := range a.KO {
			ids = append(ids, k.IDTechnique)
		}
		dep, err := tx.FindDeposit(a.IDFlux, filepath.Base(a.NomFichier), ids)
		if err != nil {
			return err
		}
		if dep == nil {
			return ErrNoDeposit
		}
		res.Deposit = DepositRef{IDFlux: dep.IDFlux, File: dep.FileName, Horodatage: dep.Horodatage}
		if res.AlreadyImported, err = tx.AccuseImported(sum); err != nil {
			return err
		}
		if res.AlreadyImported {
			res.Deposit.Status = dep.AccuseStatus
			return errAlreadyImported
		}
		spans, err := tx.DepositSpans(dep.ID)
		if err != nil {
			return err
		}
		var named []string // the passages messages will name
		for _, k := range a.KO {
			named = append(named, k.IDTechnique)
		}
		if a.Refused() {
			for _, e := range a.Errors {
				if i := spanAt(spans, e.Line); i >= 0 {
					named = append(named, spans[i].IDTechnique)
				}
			}
		}
		names, err := tx.DepositHolderNames(dep.ID, named)
		if err != nil {
			return err
		}
		var outcomes []store.Outcome
		if a.Refused() {
			outcomes = refusedOutcomes(a, spans, names, res)
		} else {
			for _, id := range a.OK {
				outcomes = append(outcomes, store.Outcome{IDTechnique: id, Accepted: true})
			}
			for _, k := range a.KO {
				ex := Explain(strings.Join(k.Messages, " "))
				if len(k.Messages) > 0 {
					ex = Explain(k.Messages[0])
				}
				outcomes = append(outcomes, store.Outcome{IDTechnique: k.IDTechnique, Message: strings.Join(k.Messages, " / ")})
				res.KO = append(res.KO, KOResult{IDTechnique: k.IDTechnique, Holder: names[k.IDTechnique], Messages: k.Messages, Explanation: ex})
			}
		}
		unknown, err := tx.ApplyOutcomes(dep.ID, outcomes)
		if err != nil {
			return err
		}
		res.Unknown = append(res.Unknown, unknown...)
		isUnknown := map[string]bool{}
		for _, id := range unknown {
			isUnknown[id] = true
		}
		for _, id := range a.OK {
			if !isUnknown[id] {
				res.OK = append(res.OK, id)
			}
		}
		known := res.KO[:0]
		for _, k := range res.KO {
			if !isUnknown[k.IDTechnique] {
				known = append(known, k)
			}
		}
		res.KO = known
		rec := store.AccuseRecord{DepositID: dep.ID, SHA256: sum, FileName: filepath.Base(path), IDTraitement: a.IDTraitement,
			Refused: a.Refused(), OK: len(res.OK), KO: len(res.KO), Unknown: len(res.Unknown)}
		if a.Refused() {
			rec.KO = len(spans)
		}
		if err := tx.RecordAccuse(rec); err != nil {
			return err
		}
		d, err := tx.FindDeposit(dep.IDFlux, "", nil)
		if err != nil {
			return err
		}
		res.Deposit.Status = d.AccuseStatus
		return nil
	})
	if errors.Is(err, errAlreadyImported) {
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

var errAlreadyImported = errors.New("accusé déjà importé")

// refusedOutcomes sends every passage of a refused file back, each with
// the structural errors found on its lines.
func refusedOutcomes(a *Accuse, spans []store.Span, names map[string]string, res *AccuseResult) []store.Outcome {
	perPassage := map[string][]string{}
	fieldOf := map[string]string{}
	translated := make([]AccuseErrorResult, len(a.Errors))
	for i, e := range a.Errors {
		field, msg, known := translateCDC(e.Message)
		translated[i] = AccuseErrorResult{Line: e.Line, Column: e.Column, Field: field, Message: msg, Raw: e.Message, Known: known}
	}
	// Xerces names the element of a facet error in the cvc-type message
	// that follows at the same place: borrow it.
	for i := range translated {
		r := &translated[i]
		if r.Field != "" {
			continue
		}
		for j := range translated {
			o := translated[j]
			if j != i && o.Field != "" && o.Line == r.Line && o.Column == r.Column {
				r.Field = o.Field
				r.Message = labelOf(o.Field) + " : " + r.Message
				break
			}
		}
	}
	for _, r := range translated {
		if i := spanAt(spans, r.Line); i >= 0 {
			r.IDTechnique = spans[i].IDTechnique
			r.Holder = names[r.IDTechnique]
			if f := passageFieldByXMLName(r.Field); f != nil {
				r.Field = f.Key
				if fieldOf[r.IDTechnique] == "" {
					fieldOf[r.IDTechnique] = f.Key
				}
			}
			perPassage[r.IDTechnique] = append(perPassage[r.IDTechnique], r.Message)
		}
		res.Errors = append(res.Errors, r)
	}
	out := make([]store.Outcome, 0, len(spans))
	for _, s := range spans {
		msg := "Fichier refusé par la CDC pour une erreur de structure : ce passage n'a pas été examiné ; renvoyez-le une fois le fichier corrigé."
		if m := perPassage[s.IDTechnique]; len(m) > 0 {
			msg = "Fichier refusé par la CDC à cause de ce passage : " + strings.Join(m, " / ")
		}
		out = append(out, store.Outcome{IDTechnique: s.IDTechnique, Message: msg, Field: fieldOf[s.IDTechnique]})
	}
	sort.SliceStable(res.Errors, func(i, j int) bool { return res.Errors[i].Line < res.Errors[j].Line })
	return out
}
