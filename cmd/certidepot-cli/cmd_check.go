package main

import (
	"flag"
	"fmt"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

func init() {
	commands["check"] = command{
		usage: "DOSSIER [--json]",
		help:  "Vérifie à nouveau tout le dossier et liste les erreurs à corriger (code 1 s'il y en a).",
		run:   runCheck,
	}
}

type checkJSON struct {
	Passages   int              `json:"passages"`
	WithErrors int              `json:"withErrors"`
	Errors     []checkIssueJSON `json:"errors"`
}

// checkIssueJSON is one error; idTechnique is "" for the organisation.
type checkIssueJSON struct {
	IDTechnique string       `json:"idTechnique"`
	Holder      string       `json:"holder"`
	Field       string       `json:"field"`
	Message     string       `json:"message"`
	Warning     bool         `json:"warning,omitempty"`
	Source      *core.Source `json:"source"`
}

func runCheck(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *store.DB) (int, error) {
		out := checkJSON{Errors: []checkIssueJSON{}}
		err := d.Update(bg, func(tx *store.Tx) error {
			orgIssues, err := organisationIssues(tx)
			if err != nil {
				return err
			}
			for _, is := range orgIssues {
				out.Errors = append(out.Errors, checkIssueJSON{Field: is.Field, Message: is.Message})
			}
			if out.WithErrors, err = tx.Revalidate(); err != nil {
				return err
			}
			return tx.EachPassage(store.Filter{}, func(p *core.Passage) error {
				out.Passages++
				for _, is := range p.Issues {
					out.Errors = append(out.Errors, checkIssueJSON{IDTechnique: p.IDTechnique, Holder: core.HolderName(p.Holder),
						Field: is.Field, Message: is.Message, Warning: is.Warning, Source: p.Source})
				}
				return nil
			})
		})
		if err != nil {
			return exitRefused, err
		}
		if *asJSON {
			err = newJSON(e.stdout).Encode(out)
		} else {
			printCheck(e, out)
		}
		if out.errorCount() > 0 {
			return exitFlagged, err
		}
		return exitOK, err
	})
}

// organisationIssues checks the emetteur and certificateurs of the dossier.
func organisationIssues(tx *store.Tx) ([]core.Issue, error) {
	em, err := tx.Emetteur()
	if err != nil {
		return nil, err
	}
	issues := core.ValidateScope(core.Values{core.KeyEmetteurID: {Text: em}}, core.ScopeEmetteur)
	cs, err := tx.Certificateurs()
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		f := core.FieldByKey(core.KeyCertifID)
		issues = append(issues, core.Issue{Field: f.Key, Message: f.Label + " : aucun certificateur dans ce dossier ; ajoutez-en un dans « Organisme »."})
	}
	for _, c := range cs {
		issues = append(issues, core.ValidateScope(core.Values{core.KeyCertifID: {Text: c.IDClient}, core.KeyContrat: {Text: c.Contrat}}, core.ScopeCertificateur)...)
	}
	return issues, nil
}

// errorCount counts the real errors, not the warnings.
func (c checkJSON) errorCount() int {
	n := 0
	for _, is := range c.Errors {
		if !is.Warning {
			n++
		}
	}
	return n
}

func printCheck(e *env, out checkJSON) {
	for _, is := range out.Errors {
		where := "Organisme"
		if is.IDTechnique != "" {
			where = is.Holder
			if where == "" {
				where = "(titulaire sans nom)"
			}
			if is.Source != nil && is.Source.Row > 0 {
				where += fmt.Sprintf(" (%s, ligne %d)", is.Source.File, is.Source.Row)
			}
		}
		note := ""
		if is.Warning {
			note = " (avertissement)"
		}
		fmt.Fprintf(e.stdout, "%s — %s%s\n", where, is.Message, note)
	}
	warnings := len(out.Errors) - out.errorCount()
	switch {
	case out.errorCount() == 0:
		fmt.Fprintf(e.stdout, "Aucune erreur : les %d passage(s) sont vérifiés", out.Passages)
	default:
		fmt.Fprintf(e.stdout, "%d erreur(s) ; %d passage(s) sur %d à compléter", out.errorCount(), out.WithErrors, out.Passages)
	}
	if warnings > 0 {
		fmt.Fprintf(e.stdout, " ; %d avertissement(s), qui n'empêchent pas le dépôt", warnings)
	}
	fmt.Fprintln(e.stdout, ".")
}
