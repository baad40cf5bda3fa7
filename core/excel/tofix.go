package excel

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
)

// ToFix is one passage to correct, as the to-fix workbook shows it.
type ToFix struct {
	Record core.Values // certification, passage and holder fields, idTechnique included
	Title  string      // the certification's title
	Errors []string    // what to correct, in French
}

// WriteToFix writes passages to correct in the template's layout, plus an
// "Erreurs à corriger" column, so they can be corrected in Excel and
// imported again: the idTechnique column makes the re-import update them.
// each calls emit for every passage; WriteToFix returns how many it wrote.
func WriteToFix(path string, each func(emit func(ToFix) error) error) (int, error) {
	n := 0
	err := writeWorkbook(path, []string{"Erreurs à corriger"}, func(f *excelize.File, cols []templateColumn, dateStyle int) error {
		wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Font: &excelize.Font{Color: "9C0006"}})
		if err != nil {
			return err
		}
		errCol := columnLetter(len(cols))
		return each(func(p ToFix) error {
			n++
			row := n + 1
			if err := writeRow(f, row, cols, p.Record, p.Title, dateStyle); err != nil {
				return err
			}
			cell := fmt.Sprintf("%s%d", errCol, row)
			if err := f.SetCellValue(sheetData, cell, strings.Join(p.Errors, "\n")); err != nil {
				return err
			}
			return f.SetCellStyle(sheetData, cell, cell, wrap)
		})
	})
	return n, err
}
