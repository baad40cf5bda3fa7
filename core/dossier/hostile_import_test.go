package dossier

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
)

// Cells at the last row (1,048,576) and the last column (XFD), formulas
// and merged cells are read without trouble.
func TestExtremeSheetsFormulasAndMergedCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for i, h := range []string{"Nom de naissance", "Prénom", "Sexe", "Année de naissance", "Mois de naissance", "Jour de naissance", "Code INSEE", "Code certification", "Date de délivrance"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("Sheet1", cell, h)
	}
	set := func(row int, vals ...any) {
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	set(2, "D'Artagnan-Lœuvre & <Fils>", "Zoé", "F", 1990, 5, 17, "31555", "RS5286", "12/05/2026")
	set(3, "Bad\x07Name", "Léo", "M", 1991, 6, 18, "31555", "RS5286", "12/05/2026")
	set(4, "Formule", "Ana", "F", nil, 1, 2, "31555", "RS5286", "12/05/2026")
	f.SetCellFormula("Sheet1", "D4", "=1990+2")
	f.SetCellValue("Sheet1", "D4", 1992) // cached result, as Excel saves it
	set(5, "Fusion", "Eva", "F", 1993, 3, 4, "31555", "RS5286", "12/05/2026")
	f.MergeCell("Sheet1", "H5", "H6")
	set(6, "Fusion", "Max", "M", 1994, 4, 5, "31555")
	f.SetCellValue("Sheet1", "I6", "12/05/2026")
	f.SetCellValue("Sheet1", "XFD1", "Tout au bout")
	f.SetCellValue("Sheet1", "A1048576", "Tout en bas")
	path := filepath.Join(t.TempDir(), "extreme.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 6 {
		t.Fatalf("rows %d", res.Rows)
	}
	ps := passages(t, db)
	if p := ps["D'Artagnan-Lœuvre & <Fils>"]; p == nil || p.Status != core.StatusPret {
		t.Fatalf("name with apostrophe, ligature, & and < must be kept and valid: %+v", p)
	}
	// Excel cannot store a control character: excelize writes U+FFFD.
	if p := ps["Bad\uFFFDName"]; p == nil || p.Status != core.StatusACompleter || !strings.Contains(p.Issues[0].Message, "caractère illisible") {
		t.Fatalf("control character must be refused: %+v", p)
	}
	if p := ps["Formule"]; p == nil || p.Holder.Text(core.KeyAnnee) != "1992" {
		t.Fatalf("formula's cached value: %+v", p)
	}
	// The merged certification cell shows its value over both rows, as
	// Excel does: the second row has it too.
	for _, e := range res.Errors {
		if e.Row == 6 && e.Field == core.KeyCertCode {
			t.Fatalf("row under a merged cell: %+v", e)
		}
	}
	if p := ps["Fusion"]; p == nil {
		t.Fatal("merged rows not imported")
	}
}
