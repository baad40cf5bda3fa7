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
// sheet order) with the values of its first rows: recognised columns as
// the import reads them, the others as typed.
func PreviewColumns(path, sheet string, mapping map[string]string, rows int) ([]ColumnPreview, error) {
	wb, r, err := openSheet(path, sheet, mapping)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	defer r.Close()
	l := r.Layout()
	var out []ColumnPreview
	for _, c := range l.Columns {
		out = append(out, ColumnPreview{ColumnInfo: c})
	}
	for _, c := range append(append([]excel.ColumnInfo{}, l.Unknown...), l.Ignored...) {
		out = append(out, ColumnPreview{ColumnInfo: c, Ignored: true})
	}
	sort.SliceStable(out, func(i, j int) bool { return letterLess(out[i].Letter, out[j].Letter) })
	var raws []excel.RawRow
	for len(raws) < rows {
		raw, ok := r.NextRaw()
		if !ok {
			break
		}
		raws = append(raws, raw)
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	r.DecideDateOrders(raws)
	for _, raw := range raws {
		row := r.Convert(raw)
		for i := range out {
			c := &out[i]
			if c.Ignored {
				c.Samples = append(c.Samples, rawCell(raw, c.Letter))
			} else {
				c.Samples = append(c.Samples, sampleText(c.Field, row))
			}
		}
	}
	return out, nil
}

// rawCell is a row's cell in the column of that letter, as typed.
func rawCell(raw excel.RawRow, letter string) string {
	if i := excel.ColumnIndex(letter); i >= 0 && i < len(raw.Cells) {
		return strings.TrimSpace(raw.Cells[i])
	}
	return ""
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

// ColumnValues is a list column (an enumerated or yes/no field) of a
// sheet with its distinct values, each as typed, with its rows and what
// the import understands by it (see excel.ValueInfo).
type ColumnValues struct {
	excel.ColumnInfo
	Values []excel.ValueInfo // most frequent first
}

// SheetValues is what the wizard's value step shows: the whole sheet
// read as the import reads it, with the value choices given so far
// (column title → value as typed → code), the distinct values of each
// list column, and the rows hidden or filtered out in Excel.
type SheetValues struct {
	Columns    []ColumnValues
	HiddenRows []int
}

// ReadSheetValues reads a whole sheet for the value step (see
// SheetValues); progress is called now and then.
func ReadSheetValues(ctx context.Context, path, sheet string, mapping map[string]string, choices map[string]map[string]string, progress func(done, total int)) (*SheetValues, error) {
	wb, r, err := openSheet(path, sheet, mapping)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	defer r.Close()
	if err := r.SetValueChoices(choices); err != nil {
		return nil, err
	}
	out := &SheetValues{}
	total, n := r.TotalRows(), 0
	for {
		raw, ok := r.NextRaw()
		if !ok {
			break
		}
		if n%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, errors.New("lecture annulée : rien n'a été importé")
			}
			if progress != nil {
				progress(n, total)
			}
		}
		n++
		if raw.Hidden {
			out.HiddenRows = append(out.HiddenRows, raw.Number)
		}
		r.Convert(raw)
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	byLetter := map[string]int{}
	for _, c := range r.Layout().Columns {
		f := core.FieldByKey(c.Field)
		if f == nil || len(f.Enum) == 0 || f.Kind == core.KindChoice {
			continue
		}
		byLetter[c.Letter] = len(out.Columns)
		out.Columns = append(out.Columns, ColumnValues{ColumnInfo: c})
	}
	for _, v := range r.Values() {
		if i, ok := byLetter[v.Letter]; ok {
			out.Columns[i].Values = append(out.Columns[i].Values, v)
		}
	}
	return out, nil
}
