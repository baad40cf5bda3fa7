package excel

import (
	"fmt"
	"strings"

	"github.com/certidepot/certidepot/core"
)

// applyMapping corrects the detected layout: each header named in the
// mapping is given the field chosen by the user, or ignored ("").
func applyMapping(l layout, head [][]string, mapping map[string]string) (layout, error) {
	if len(mapping) == 0 {
		return l, nil
	}
	want := map[string]string{}
	for h, k := range mapping {
		if k != "" && core.FieldByKey(k) == nil {
			return l, fmt.Errorf("correspondance de colonnes : « %s » n'est pas une donnée connue (voir certidepot-cli colonnes)", k)
		}
		want[core.Fold(h)] = k
	}
	all := append(append(append(append([]column{}, l.columns...), l.unknown...), l.duplicate...), l.fluxCols...)
	var out layout
	out.headerRows, out.dataStart = l.headerRows, l.dataStart
	taken := map[string]bool{}
	for _, c := range all {
		k, overridden := want[core.Fold(c.header)]
		if !overridden {
			continue
		}
		switch {
		case k == "":
			out.unknown = append(out.unknown, column{index: c.index, letter: c.letter, header: c.header})
		default:
			c.target = target{field: core.FieldByKey(k), weight: 2}
			out.columns = append(out.columns, c)
			taken[k] = true
		}
	}
	for _, group := range [][]column{l.columns, l.unknown, l.duplicate, l.fluxCols} {
		for _, c := range group {
			if _, overridden := want[core.Fold(c.header)]; overridden {
				continue
			}
			key := c.special
			if c.field != nil {
				key = c.field.Key
			}
			switch {
			case c.field == nil && c.special == "":
				out.unknown = append(out.unknown, c)
			case c.special == specialFlux:
				out.fluxCols = append(out.fluxCols, c)
			case taken[key]:
				out.duplicate = append(out.duplicate, c)
			default:
				taken[key] = true
				out.columns = append(out.columns, c)
			}
		}
	}
	return out, nil
}

// ParseMapping reads "En-tête=clé" pairs (command line), "" key to ignore.
func ParseMapping(pairs []string) (map[string]string, error) {
	m := map[string]string{}
	for _, p := range pairs {
		h, k, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(h) == "" {
			return nil, fmt.Errorf("« %s » : écrivez En-tête=donnée, par exemple \"Nom JF=nomNaissance\" (donnée vide pour ignorer la colonne)", p)
		}
		m[strings.TrimSpace(h)] = strings.TrimSpace(k)
	}
	return m, nil
}

// ParseValueChoices reads "Titre de colonne:valeur=CODE" pairs (command
// line): the meaning of one value of an enumerated column, for all its
// rows. The title ends at the first colon, the code follows the last
// equals sign (codes have neither).
func ParseValueChoices(pairs []string) (map[string]map[string]string, error) {
	m := map[string]map[string]string{}
	for _, p := range pairs {
		rest, code, ok := cutLast(p, "=")
		header, value, ok2 := strings.Cut(rest, ":")
		header, value, code = strings.TrimSpace(header), strings.TrimSpace(value), strings.TrimSpace(code)
		if !ok || !ok2 || header == "" || value == "" || code == "" {
			return nil, fmt.Errorf("« %s » : écrivez \"Titre de colonne:valeur=CODE\", par exemple \"Mode d'accès:VAE=VAE\"", p)
		}
		if m[header] == nil {
			m[header] = map[string]string{}
		}
		m[header][value] = code
	}
	return m, nil
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}
