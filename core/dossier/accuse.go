package dossier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/cdc"
	"github.com/certidepot/certidepot/core/fault"
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
	// Superseded lists the passages this accusé answers that were sent
	// again since (or already answered): the later deposit's accusé speaks
	// for them, so this answer is not applied.
	Superseded []string `json:"superseded"`
	// AlreadyAtCDC lists the passages the CDC answered it already holds
	// (« existe déjà en base »): they are accepted, never sent again.
	AlreadyAtCDC []KOResult `json:"alreadyAtCDC"`
	// Notices are what the user should check: an accusé whose idFlux is no
	// deposit's, matched by its file name or its passages.
	Notices []string `json:"notices"`
}

// DepositRef names the deposit an accusé answers.
type DepositRef struct {
	IDFlux     string            `json:"idFlux"`
	File       string            `json:"file"`
	Horodatage string            `json:"horodatage"`
	Status     core.DepositState `json:"status"`
}

// KOResult is one rejected passage with the CDC's message explained.
type KOResult struct {
	IDTechnique string          `json:"idTechnique"`
	Holder      string          `json:"holder"`
	Messages    []string        `json:"messages"`
	Explanation cdc.Explanation `json:"explanation"`
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

// ReadAccuse reads an accusé de traitement and reconciles it with the
// deposit it answers, in one transaction: accepted passages are locked,
// rejected ones keep the CDC's message and its explanation, and a refused
// file sends all its passages back with each error mapped to its passage
// and field. It changes only the passages whose latest deposit it
// answers. Reading the same accusé again — even downloaded again, with
// other bytes — changes nothing, and neither that nor a refusal writes a
// backup.
func (d *Dossier) ReadAccuse(ctx context.Context, path string) (*AccuseResult, error) {
	a, err := cdc.ReadAccuseFile(path)
	if err != nil {
		return nil, err
	}
	sum, err := fileSum(path)
	if err != nil {
		return nil, err
	}
	key := accuseKey(a)
	ids := a.IDs()
	res := &AccuseResult{Refused: a.Refused(), OK: []string{}, KO: []KOResult{}, Unknown: []string{}, Errors: []AccuseErrorResult{},
		Superseded: []string{}, AlreadyAtCDC: []KOResult{}, Notices: []string{}}
	err = d.run(opAccuse, func() error {
		// First a look without writing: no deposit, or an accusé read
		// already, is answered without a backup.
		var dep *store.Deposit
		err := d.view(ctx, func(tx *store.Tx) (err error) {
			if dep, err = tx.FindDeposit(a.IDFlux, filepath.Base(a.NomFichier), ids); err != nil || dep == nil {
				return err
			}
			res.AlreadyImported, err = tx.AccuseImported(sum, key)
			return err
		})
		switch {
		case err != nil:
			return err
		case dep == nil:
			return ErrNoDeposit
		}
		res.Deposit = DepositRef{IDFlux: dep.IDFlux, File: dep.FileName, Horodatage: dep.Horodatage, Status: dep.AccuseStatus}
		if a.IDFlux != "" && a.IDFlux != dep.IDFlux {
			res.Notices = append(res.Notices, fmt.Sprintf("L'accusé porte l'identifiant de flux %s, qui n'est celui d'aucun dépôt de ce dossier : il a été rapproché du dépôt %s (flux %s) par son nom de fichier ou ses identifiants techniques. Vérifiez qu'il répond bien à ce dépôt.",
				a.IDFlux, dep.FileName, dep.IDFlux))
		}
		if res.AlreadyImported {
			return nil
		}
		backup := d.backupAside("avant-accuse")
		err = d.db.Update(ctx, func(tx *store.Tx) error {
			if err := d.applyAccuse(tx, a, dep.ID, store.AccuseRecord{DepositID: dep.ID, SHA256: sum, ContentKey: key,
				FileName: filepath.Base(path), IDTraitement: a.IDTraitement, Refused: a.Refused()}, res); err != nil {
				return err
			}
			fault.At("accuse.applied")
			if err := backup.wait(); err != nil {
				return err
			}
			fault.At("accuse.before-commit")
			return nil
		})
		if err != nil {
			backup.discard()
			return err
		}
		fault.At("accuse.after-commit")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (d *Dossier) applyAccuse(tx *store.Tx, a *cdc.Accuse, depositID int64, rec store.AccuseRecord, res *AccuseResult) error {
	spans, err := tx.DepositSpans(depositID)
	if err != nil {
		return err
	}
	var refusal []cdc.RefusalError
	var named []string // the passages messages will name
	for _, k := range a.KO {
		named = append(named, k.IDTechnique)
	}
	if a.Refused() {
		refusal = cdc.ExplainRefusal(a.Errors, spans)
		for _, r := range refusal {
			if r.IDTechnique != "" {
				named = append(named, r.IDTechnique)
			}
		}
	}
	names, err := tx.DepositHolderNames(depositID, named)
	if err != nil {
		return err
	}
	var outcomes []store.Outcome
	kos := map[string]KOResult{}
	if a.Refused() {
		outcomes = refusedOutcomes(refusal, spans, names, res)
	} else {
		for _, id := range a.OK {
			outcomes = append(outcomes, store.Outcome{IDTechnique: id, Accepted: true})
		}
		for _, k := range a.KO {
			first := strings.Join(k.Messages, " ")
			if len(k.Messages) > 0 {
				first = k.Messages[0]
			}
			o := store.Outcome{IDTechnique: k.IDTechnique, Message: strings.Join(k.Messages, " / ")}
			if cdcID, ok := cdc.AlreadyAtCDC(first); ok {
				// The same passage is already at the CDC: never send it
				// again; the message stays, to say why.
				o.Accepted, o.CDCID = true, cdcID
			}
			outcomes = append(outcomes, o)
			kos[k.IDTechnique] = KOResult{IDTechnique: k.IDTechnique, Holder: names[k.IDTechnique], Messages: k.Messages, Explanation: cdc.Explain(first)}
		}
	}
	applied, err := tx.ApplyOutcomes(depositID, outcomes)
	if err != nil {
		return err
	}
	res.Unknown = append(res.Unknown, applied.Unknown...)
	res.Superseded = append(res.Superseded, applied.Superseded...)
	if !a.Refused() {
		for _, id := range applied.OK {
			if k, dup := kos[id]; dup {
				res.AlreadyAtCDC = append(res.AlreadyAtCDC, k) // accepted, still explained
				continue
			}
			res.OK = append(res.OK, id)
		}
		for _, id := range applied.KO {
			res.KO = append(res.KO, kos[id])
		}
	}
	rec.OK, rec.KO, rec.Unknown = len(res.OK)+len(res.AlreadyAtCDC), len(res.KO), len(res.Unknown)
	if a.Refused() {
		rec.OK, rec.KO = 0, len(spans)
	}
	if err := tx.RecordAccuse(rec); err != nil {
		return err
	}
	if erase, err := tx.EraseNIRWhenAccepted(); err != nil {
		return err
	} else if erase {
		if _, err := tx.EraseAcceptedNIRs(); err != nil {
			return err
		}
	}
	dep, err := tx.FindDeposit(res.Deposit.IDFlux, "", nil)
	if err != nil {
		return err
	}
	if dep != nil {
		res.Deposit.Status = dep.AccuseStatus
	}
	return nil
}

// refusedOutcomes sends every passage of a refused file back, each with
// the structural errors found on its lines.
func refusedOutcomes(refusal []cdc.RefusalError, spans []core.Span, names map[string]string, res *AccuseResult) []store.Outcome {
	perPassage := map[string][]string{}
	fieldOf := map[string]string{}
	for _, r := range refusal {
		if r.IDTechnique != "" {
			if fieldOf[r.IDTechnique] == "" && core.FieldByKey(r.Field) != nil {
				fieldOf[r.IDTechnique] = r.Field
			}
			perPassage[r.IDTechnique] = append(perPassage[r.IDTechnique], r.Message)
		}
		res.Errors = append(res.Errors, AccuseErrorResult{Line: r.Line, Column: r.Column, IDTechnique: r.IDTechnique, Holder: names[r.IDTechnique],
			Field: r.Field, Message: r.Message, Raw: r.Raw, Known: r.Known})
	}
	out := make([]store.Outcome, 0, len(spans))
	for _, s := range spans {
		msg := "Fichier refusé par la CDC pour une erreur de structure : ce passage n'a pas été examiné ; renvoyez-le une fois le fichier corrigé."
		if m := perPassage[s.IDTechnique]; len(m) > 0 {
			msg = "Fichier refusé par la CDC à cause de ce passage : " + strings.Join(m, " / ")
		}
		out = append(out, store.Outcome{IDTechnique: s.IDTechnique, Message: msg, Field: fieldOf[s.IDTechnique]})
	}
	return out
}

// accuseKey identifies what an accusé says, whatever its bytes: the flux,
// then each accepted id, each rejected id with its messages, each error.
func accuseKey(a *cdc.Accuse) string {
	var lines []string
	for _, id := range a.OK {
		lines = append(lines, "ok\x00"+id)
	}
	for _, k := range a.KO {
		lines = append(lines, "ko\x00"+k.IDTechnique+"\x00"+strings.Join(k.Messages, "\x00"))
	}
	for _, e := range a.Errors {
		lines = append(lines, fmt.Sprintf("err\x00%d\x00%d\x00%s\x00%s", e.Line, e.Column, e.Type, e.Message))
	}
	sort.Strings(lines)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\n", a.IDFlux, a.NomFichier)
	for _, l := range lines {
		io.WriteString(h, l+"\n")
	}
	return hex.EncodeToString(h.Sum(nil))
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", core.ReadError(path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", core.ReadError(path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
