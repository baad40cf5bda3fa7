package dossier

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/excel"
)

// ColumnPreview is one column of a sheet with its first values, as the
// import would read them: the import wizard shows them under the column's
// choice, so that the user sees what each column holds.
type ColumnPreview struct {
	excel.ColumnInfo
	Ignored bool     // not imported (unknown title, flux data, duplicate)
	Samples []string // first rows' values: labels for lists, JJ/MM/AAAA dates
}

// PreviewColumns returns every column of a sheet (recognised or not, in
// sheet order) with the values of its first rows.
func PreviewColumns(path, sheet string, mapping map[string]string, rows int) ([]ColumnPreview, error) {
	wb, r, err := openSheet(path, sheet, mapping)
	if err != nil {
		return nil, err
	}
	l := r.Layout()
	r.Close()
	wb.Close()
	// The columns not imported are read through free text fields, so that
	// their raw content shows too.
	used := map[string]bool{}
	for _, c := range l.Columns {
		used[c.Field] = true
	}
	probe := map[string]string{}
	for h, k := range mapping {
		probe[h] = k
	}
	probeOf := map[string]string{} // letter → probe key
	free := probeFields(used)
	for _, c := range append(append([]excel.ColumnInfo{}, l.Unknown...), l.Ignored...) {
		if len(free) == 0 {
			break
		}
		probe[c.Header], probeOf[c.Letter], free = free[0], free[0], free[1:]
	}
	wb, r, err = openSheet(path, sheet, probe)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	defer r.Close()
	var out []ColumnPreview
	for _, c := range l.Columns {
		out = append(out, ColumnPreview{ColumnInfo: c})
	}
	for _, c := range append(append([]excel.ColumnInfo{}, l.Unknown...), l.Ignored...) {
		out = append(out, ColumnPreview{ColumnInfo: c, Ignored: true})
	}
	sort.SliceStable(out, func(i, j int) bool { return letterLess(out[i].Letter, out[j].Letter) })
	for n := 0; n < rows && r.Next(); n++ {
		row := r.Row()
		for i := range out {
			c := &out[i]
			key := c.Field
			if c.Ignored {
				key = probeOf[c.Letter]
			}
			c.Samples = append(c.Samples, sampleText(key, row))
		}
	}
	return out, r.Err()
}

// probeFields are text fields free in this sheet, whose conversion keeps
// the text as typed.
func probeFields(used map[string]bool) []string {
	var out []string
	for _, f := range core.Fields() {
		if f.Kind == core.KindText && f.ZeroPad == 0 && f.Pattern == nil && f.Branch == "" && f.Scope == core.ScopePassage &&
			f.Key != core.KeyIDTechnique && !used[f.Key] {
			out = append(out, f.Key)
		}
	}
	return out
}

// sampleText is a value of a row as users read it.
func sampleText(key string, row excel.Row) string {
	switch key {
	case "":
		return ""
	case core.KeyCertTitle:
		return row.Title
	case core.KeyBirthDate:
		y, m, d := row.Values.Text(core.KeyAnnee), row.Values.Text(core.KeyMois), row.Values.Text(core.KeyJour)
		if m == "" || d == "" {
			return y
		}
		return pad2(d) + "/" + pad2(m) + "/" + y
	}
	f := core.FieldByKey(key)
	v := row.Values.Get(key)
	if f == nil || v.Empty() {
		return ""
	}
	return DisplayValue(f, v)
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// DisplayValue is a stored value as users read it: the label of a code,
// « donnée non connue », dates as JJ/MM/AAAA (also when a spreadsheet
// gave a date with a time, 1990-05-04T00:00:00Z).
func DisplayValue(f *core.Field, v core.Value) string {
	if f.Kind == core.KindDate && !v.Nil && len(v.Text) > 10 && v.Text[10] == 'T' {
		if d, ok := core.ParseISODate(v.Text[:10]); ok {
			return core.FrenchDate(d)
		}
	}
	return f.Describe(v)
}

func letterLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// ValueCount is one distinct value of a list column, with the rows that
// hold it and what the import understands by it.
type ValueCount struct {
	Text  string // the value as the import reads it: a code when understood, the text as typed otherwise
	Rows  int
	Known bool   // a code of the field
	Label string // French label of the code, when Known
}

// ColumnValues is a list column (an enumerated or yes/no field) of a sheet
// with its distinct values.
type ColumnValues struct {
	excel.ColumnInfo
	Values []ValueCount // most frequent first
}

// SheetValues reads a whole sheet and returns, for each column holding a
// list field, its distinct values with their row counts and whether the
// import understands them: the wizard's value step.
func SheetValues(ctx context.Context, path, sheet string, mapping map[string]string, progress func(done, total int)) ([]ColumnValues, error) {
	wb, r, err := openSheet(path, sheet, mapping)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	defer r.Close()
	var cols []ColumnValues
	counts := map[string]map[string]int{}
	for _, c := range r.Layout().Columns {
		f := core.FieldByKey(c.Field)
		if f == nil || (f.Kind != core.KindEnum && f.Kind != core.KindBool) || f.Scope == core.ScopeCertification {
			continue
		}
		cols = append(cols, ColumnValues{ColumnInfo: c})
		counts[f.Key] = map[string]int{}
	}
	total, n := r.TotalRows(), 0
	for r.Next() {
		if n%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, errors.New("lecture annulée")
			}
			if progress != nil {
				progress(n, total)
			}
		}
		n++
		row := r.Row()
		for k, m := range counts {
			if v := row.Values.Get(k); !v.Empty() && !v.Nil {
				m[v.Text]++
			}
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	for i := range cols {
		f := core.FieldByKey(cols[i].Field)
		for text, rows := range counts[f.Key] {
			vc := ValueCount{Text: text, Rows: rows}
			if l := f.EnumLabel(text); l != "" {
				vc.Known, vc.Label = true, l
			}
			cols[i].Values = append(cols[i].Values, vc)
		}
		sort.Slice(cols[i].Values, func(a, b int) bool {
			va, vb := cols[i].Values[a], cols[i].Values[b]
			if va.Rows != vb.Rows {
				return va.Rows > vb.Rows
			}
			return strings.Compare(va.Text, vb.Text) < 0
		})
	}
	return cols, nil
}
