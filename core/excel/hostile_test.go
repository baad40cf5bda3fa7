package excel

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeSheet writes an .xlsx whose cells are given row by row.
func writeSheet(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, cells := range rows {
		for c, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := filepath.Join(t.TempDir(), "diplomes.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// A file that unzips to far more than it weighs is refused before
// anything is read.
func TestZipBombIsRefused(t *testing.T) {
	orig := unzipSizeLimit
	unzipSizeLimit = 1 << 20
	defer func() { unzipSizeLimit = orig }()
	rows := [][]any{{"Nom de naissance", "Prénom", "Code certification"}}
	filler := strings.Repeat("A", 30000)
	for i := 0; i < 200; i++ {
		rows = append(rows, []any{fmt.Sprint(i) + filler, "x", "RS5286"}) // distinct: shared strings are not repeated
	}
	path := writeSheet(t, rows)
	wb, err := Open(path, OpenOptions{})
	if err == nil {
		wb.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "volume démesuré") {
		t.Fatalf("zip bomb: %v", err)
	}
}
