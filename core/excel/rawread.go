package excel

import (
	"github.com/xuri/excelize/v2"
)

// ReadRawRows reads every row of a workbook's first sheet as excelize
// gives them raw (File.Rows, Columns with RawCellValue), doing nothing with
// them: the floor an import is measured against. It returns the number of
// rows and of cells.
func ReadRawRows(path string, tmpDir string) (rows, cells int, err error) {
	f, err := excelize.OpenFile(path, excelize.Options{TmpDir: tmpDir})
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	rr, err := f.Rows(f.GetSheetName(0))
	if err != nil {
		return 0, 0, err
	}
	defer rr.Close()
	for rr.Next() {
		cols, err := rr.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return rows, cells, err
		}
		rows++
		cells += len(cols)
	}
	return rows, cells, rr.Error()
}
