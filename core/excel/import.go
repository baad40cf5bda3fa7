package excel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/certidepot/certidepot/core/store"
)

// Options tune an import.
type Options struct {
	Sheet         string // sheet to read; "" = the first one with recognisable headers
	Certificateur string // BCR of the certificateur, needed when the dossier has several
	// Progress is called now and then with the rows read and, when known,
	// the total (0 otherwise). It runs on the importing goroutine.
	Progress func(done, total int)
	// Mapping corrects the automatic column mapping: column header (as
	// written in the sheet) → field key, or "" to ignore the column.
	Mapping map[string]string
	// SaveMapping, when set, stores Mapping in the dossier under this name;
	// UseMapping applies a mapping saved before (Mapping wins over it).
	SaveMapping, UseMapping string
}

// RowError is an error found on one row, placed on its cell.
type RowError struct {
	Row         int    `json:"row"`    // 1-based spreadsheet row
	Column      string `json:"column"` // column letter ("" when the field has no column)
	Field       string `json:"field"`
	Message     string `json:"message"`
	Warning     bool   `json:"warning,omitempty"`
	IDTechnique string `json:"idTechnique,omitempty"` // the passage the row became
}

// ColumnInfo describes a column of the sheet.
type ColumnInfo struct {
	Letter string `json:"letter"`
	Header string `json:"header"`
	Field  string `json:"field,omitempty"` // dictionary key, or the special column's name
	Label  string `json:"label,omitempty"`
	Reason string `json:"reason,omitempty"` // why it is ignored
}

// DefaultInfo is a value given to a field the sheet does not provide.
type DefaultInfo struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// Result says what an import did. Its JSON is import-xlsx's output.
type Result struct {
	File      string        `json:"file"`
	Sheet     string        `json:"sheet"`
	ImportID  int64         `json:"importId"`
	Rows      int           `json:"rows"`     // data rows read (blank rows skipped)
	Imported  int           `json:"imported"` // new passages
	Updated   int           `json:"updated"`  // existing passages changed by the sheet
	Unchanged int           `json:"unchanged"`
	Locked    int           `json:"locked"`  // rows matching a deposited or accepted passage: left as is
	Flagged   int           `json:"flagged"` // rows whose passage has errors
	Errors    []RowError    `json:"errors"`
	Columns   []ColumnInfo  `json:"columns"`
	Unknown   []ColumnInfo  `json:"unknownColumns"`
	Ignored   []ColumnInfo  `json:"ignoredColumns"`
	Defaults  []DefaultInfo `json:"defaults"`
	Notices   []string      `json:"notices"`
	Derived   []Derived     `json:"derived"`
}

// ErrNoHeader is returned when no sheet has recognisable column headers.
var ErrNoHeader = errors.New("aucune ligne d'en-têtes reconnue")

// Import reads a list of graduates into the dossier, in one transaction:
// every non-blank row becomes a passage (ready, or to complete with its
// errors), remembering its file, sheet and row. Rows matching a passage
// already in the dossier (same idTechnique, or same holder, certification
// and delivery date) update it instead. Cancelling ctx leaves the dossier
// as it was.
func Import(ctx context.Context, db *store.DB, path string, opt Options) (*Result, error) {
	wb, err := openWorkbook(path)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	sheet, head, rr, l, err := findSheet(wb, opt.Sheet)
	if err != nil {
		return nil, err
	}
	defer rr.Close()
	res := &Result{File: path, Sheet: sheet, Errors: []RowError{}, Columns: []ColumnInfo{}, Unknown: []ColumnInfo{},
		Ignored: []ColumnInfo{}, Defaults: []DefaultInfo{}, Notices: []string{}, Derived: []Derived{}}
	mapping, err := loadMapping(ctx, db, opt)
	if err != nil {
		return nil, err
	}
	if l, err = applyMapping(l, head, mapping); err != nil {
		return nil, err
	}
	describeLayout(l, res)
	imp := newImporter(wb, l, res)
	total := 0
	if wb.xl != nil {
		if dim, err := wb.xl.GetSheetDimension(sheet); err == nil {
			total = dimensionRows(dim) - l.dataStart + 1
		}
	} else {
		total = len(wb.csvRows) - l.dataStart + 1
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		if err := imp.prepare(tx, opt, filepath.Base(path), sheet); err != nil {
			return err
		}
		if opt.SaveMapping != "" {
			b, _ := json.Marshal(mapping)
			if err := tx.SaveMapping(opt.SaveMapping, string(b)); err != nil {
				return err
			}
		}
		for i, cells := range head {
			if row := i + 1; row >= l.dataStart {
				if err := imp.row(tx, row, cells); err != nil {
					return err
				}
			}
		}
		row := len(head)
		for rr.Next() {
			row++
			if row%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if opt.Progress != nil {
					opt.Progress(row-l.dataStart+1, total)
				}
			}
			cells, err := rr.Cells()
			if err != nil {
				return fmt.Errorf("ligne %d illisible : %v", row, err)
			}
			if err := imp.row(tx, row, cells); err != nil {
				return err
			}
		}
		if err := imp.finish(tx); err != nil {
			return err
		}
		if opt.Progress != nil {
			opt.Progress(res.Rows, res.Rows)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, errors.New("import annulé : rien n'a été modifié dans le dossier")
		}
		return nil, err
	}
	return res, nil
}

var reDimension = regexp.MustCompile(`[A-Z]+([0-9]+)$`)

func dimensionRows(dim string) int {
	if m := reDimension.FindStringSubmatch(dim); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// Preview reads a sheet's headers without importing anything: the
// columns recognised (after the user's mapping, if any), ignored and
// unknown, and the defaults that would apply. It also lists the
// workbook's sheets.
func Preview(path, sheet string, mapping map[string]string) (*Result, []string, error) {
	wb, err := openWorkbook(path)
	if err != nil {
		return nil, nil, err
	}
	defer wb.Close()
	name, head, rr, l, err := findSheet(wb, sheet)
	if err != nil {
		return nil, wb.sheets, err
	}
	rr.Close()
	if l, err = applyMapping(l, head, mapping); err != nil {
		return nil, wb.sheets, err
	}
	res := &Result{File: path, Sheet: name, Errors: []RowError{}, Columns: []ColumnInfo{}, Unknown: []ColumnInfo{},
		Ignored: []ColumnInfo{}, Defaults: []DefaultInfo{}, Notices: []string{}, Derived: []Derived{}}
	describeLayout(l, res)
	res.Defaults = newImporter(wb, l, res).defaultsInfo()
	return res, wb.sheets, nil
}

// findSheet picks the sheet to import and reads its first rows to find
// the headers.
func findSheet(wb *workbook, want string) (string, [][]string, sheetReader, layout, error) {
	sheets := wb.sheets
	if want != "" {
		found := false
		for _, s := range wb.sheets {
			if s == want {
				found = true
			}
		}
		if !found {
			return "", nil, nil, layout{}, fmt.Errorf("pas de feuille « %s » dans ce classeur ; feuilles disponibles : %s", want, strings.Join(wb.sheets, ", "))
		}
		sheets = []string{want}
	}
	for _, s := range sheets {
		rr, err := wb.rows(s)
		if err != nil {
			return "", nil, nil, layout{}, err
		}
		var head [][]string
		for len(head) < maxHeaderRows && rr.Next() {
			cells, err := rr.Cells()
			if err != nil {
				rr.Close()
				return "", nil, nil, layout{}, fmt.Errorf("feuille « %s », ligne %d illisible : %v", s, len(head)+1, err)
			}
			head = append(head, cells)
		}
		if l, ok := detectLayout(head); ok {
			return s, head, rr, l, nil
		}
		rr.Close()
	}
	return "", nil, nil, layout{}, fmt.Errorf("%w dans %s (feuilles : %s) : la première ligne doit porter les titres des colonnes, par exemple « Nom de naissance », « Prénom », « Date de naissance », « Code certification », « Date de délivrance » ; partez du modèle (certidepot-cli template)",
		ErrNoHeader, filepath.Base(wb.path), strings.Join(wb.sheets, ", "))
}

func describeLayout(l layout, res *Result) {
	for _, c := range l.columns {
		ci := ColumnInfo{Letter: c.letter, Header: c.header}
		switch {
		case c.field != nil:
			ci.Field, ci.Label = c.field.Key, c.field.Label
		case c.special == specialBirthDate:
			ci.Field, ci.Label = specialBirthDate, "Date de naissance (année, mois et jour)"
		case c.special == specialTitre:
			ci.Field, ci.Label = specialTitre, "Intitulé de la certification"
		}
		res.Columns = append(res.Columns, ci)
	}
	for _, c := range l.unknown {
		res.Unknown = append(res.Unknown, ColumnInfo{Letter: c.letter, Header: c.header, Reason: "titre non reconnu : colonne ignorée"})
	}
	for _, c := range l.fluxCols {
		res.Ignored = append(res.Ignored, ColumnInfo{Letter: c.letter, Header: c.header,
			Reason: "donnée du fichier de dépôt (émetteur, certificateur, flux), reprise du dossier à l'export : colonne ignorée"})
	}
	for _, c := range l.duplicate {
		res.Ignored = append(res.Ignored, ColumnInfo{Letter: c.letter, Header: c.header, Reason: "même donnée qu'une colonne précédente : colonne ignorée"})
	}
}
