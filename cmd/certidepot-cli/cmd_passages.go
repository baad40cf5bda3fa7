package main

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
)

var cmdPassages = command{
	usage: "DOSSIER [--json]",
	help:  "Liste les passages du dossier avec leur statut, leurs erreurs et leur origine.",
	run:   runPassages,
}

// passageJSON is the public JSON shape of a passage.
type passageJSON struct {
	IDTechnique   string            `json:"idTechnique"`
	Status        core.Status       `json:"status"`
	Errors        []core.Issue      `json:"errors"`
	Source        *core.Source      `json:"source"`
	Certification certificationJSON `json:"certification"`
	NomNaissance  string            `json:"nomNaissance"`
	Prenom1       string            `json:"prenom1"`
	AccuseMessage *string           `json:"accuseMessage"`
}

type certificationJSON struct {
	Type string `json:"type"`
	Code string `json:"code"`
}

func toJSON(p *core.Passage, c core.Certification) passageJSON {
	out := passageJSON{
		IDTechnique:   p.IDTechnique,
		Status:        p.Status,
		Errors:        p.Issues,
		Source:        p.Source,
		Certification: certificationJSON{Type: c.Type, Code: c.Code},
		NomNaissance:  firstText(p.Holder, core.KeyNomNaissance, core.KeyNomNaissanceNIR, core.KeyNomTitulaire),
		Prenom1:       firstText(p.Holder, core.KeyPrenom1, core.KeyPrenomTitulaire),
	}
	if out.Errors == nil {
		out.Errors = []core.Issue{}
	}
	if p.AccuseMessage != "" {
		out.AccuseMessage = &p.AccuseMessage
	}
	return out
}

// firstText returns the first non-empty value among keys: the holder's
// name lives in a different field in each identification branch.
func firstText(vs core.Values, keys ...string) string {
	if b := vs.Identification(); b != core.BranchTitulaire {
		keys = keys[1:] // the titulaire field is only meaningful in its branch
	}
	for _, k := range keys {
		if t := vs.Text(k); t != "" {
			return t
		}
	}
	return ""
}

func runPassages(e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("passages", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	pos, err := parseArgs(fs, args, "le chemin du DOSSIER")
	if err != nil {
		return exitRefused, err
	}
	return withDossier(pos[0], func(d *dossier.Dossier) (int, error) {
		if *asJSON {
			return exitOK, streamJSON(e, d)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 2, 2, ' ', 0)
		fmt.Fprintln(tw, "STATUT\tTITULAIRE\tCERTIFICATION\tDÉLIVRANCE\tID TECHNIQUE\tPREMIÈRE ERREUR")
		n := 0
		err := d.EachPassage(bg, dossier.Filter{}, func(p *core.Passage, c core.Certification) error {
			n++
			first := ""
			if len(p.Issues) > 0 {
				first = p.Issues[0].Message
			}
			deliv := p.Data.Text(core.KeyDateDebutValid)
			if d, ok := core.ParseISODate(deliv); ok {
				deliv = core.FrenchDate(d)
			}
			_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Status.Label(), core.HolderName(p.Holder), c.Code, deliv, p.IDTechnique, first)
			return err
		})
		if err != nil {
			return exitRefused, err
		}
		tw.Flush()
		fmt.Fprintf(e.stdout, "%d passage(s).\n", n)
		return exitOK, nil
	})
}

// streamJSON writes the JSON array one passage at a time.
func streamJSON(e *env, d *dossier.Dossier) error {
	enc := newJSON(e.stdout)
	sep := "["
	err := d.EachPassage(bg, dossier.Filter{}, func(p *core.Passage, c core.Certification) error {
		fmt.Fprint(e.stdout, sep)
		sep = ","
		return enc.Encode(toJSON(p, c))
	})
	if err != nil {
		return err
	}
	if sep == "[" {
		fmt.Fprint(e.stdout, "[")
	}
	_, err = fmt.Fprintln(e.stdout, "]")
	return err
}
