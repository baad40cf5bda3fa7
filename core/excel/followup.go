package excel

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
)

// FollowUpRow is one holder's line in the workbook of requests to the
// holders whose passages the CDC rejected: who they are as the CDC was
// told, what it answered, what to check and what to ask them for. Cells
// holding several passages' texts have one line each.
type FollowUpRow struct {
	Holder         string // "NOM Prénom"
	BirthName      string
	UsageName      string
	FirstNames     string
	Sex            string
	BirthDate      string
	Birthplace     string
	Email          string
	Certifications string
	Delivered      string
	IDTechniques   string
	CDCMessage     string
	Meaning        string
	Check          string
	Documents      string
	Risks          string // Certidépôt's warnings on the passages before the deposit
	Draft          string // the e-mail draft's file name, or why there is none
}

// followUpColumns are the workbook's columns: header, width, and the cell.
var followUpColumns = []struct {
	header string
	width  float64
	cell   func(FollowUpRow) string
}{
	{"Titulaire", 24, func(r FollowUpRow) string { return r.Holder }},
	{"Nom de naissance", 18, func(r FollowUpRow) string { return r.BirthName }},
	{"Nom d'usage", 16, func(r FollowUpRow) string { return r.UsageName }},
	{"Prénoms", 20, func(r FollowUpRow) string { return r.FirstNames }},
	{"Sexe", 10, func(r FollowUpRow) string { return r.Sex }},
	{"Date de naissance", 13, func(r FollowUpRow) string { return r.BirthDate }},
	{"Lieu de naissance", 22, func(r FollowUpRow) string { return r.Birthplace }},
	{"Adresse e-mail", 26, func(r FollowUpRow) string { return r.Email }},
	{"Certification", 30, func(r FollowUpRow) string { return r.Certifications }},
	{"Date de délivrance", 13, func(r FollowUpRow) string { return r.Delivered }},
	{"Identifiant technique", 20, func(r FollowUpRow) string { return r.IDTechniques }},
	{"Message de la CDC", 40, func(r FollowUpRow) string { return r.CDCMessage }},
	{"Ce que cela veut dire", 45, func(r FollowUpRow) string { return r.Meaning }},
	{"À vérifier", 55, func(r FollowUpRow) string { return r.Check }},
	{"Document à demander", 40, func(r FollowUpRow) string { return r.Documents }},
	{"Risques signalés avant le dépôt", 34, func(r FollowUpRow) string { return r.Risks }},
	{"Brouillon d'e-mail", 28, func(r FollowUpRow) string { return r.Draft }},
	{"Suivi (demande envoyée, réponse, correction)", 34, func(FollowUpRow) string { return "" }},
}

const (
	sheetFollowUp = "Demandes"
	// FollowUpHeaderRow is the row of the headers; holders start below.
	FollowUpHeaderRow = 1
)

// WriteFollowUp writes the follow-up workbook at path, readable by its
// owner only (it holds personal data), one row per holder in the given
// order, and a sheet saying how to use it. An existing file is replaced
// only through a complete new one.
func WriteFollowUp(path string, rows []FollowUpRow) error {
	if err := checkWorkbookName(path); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetFollowUp); err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1D4F91"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	// Text cells ("@"): a birth date or a code stays as written.
	body, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	last := columnLetter(len(followUpColumns) - 1)
	for i, c := range followUpColumns {
		col := columnLetter(i)
		if err := f.SetCellValue(sheetFollowUp, fmt.Sprintf("%s%d", col, FollowUpHeaderRow), c.header); err != nil {
			return err
		}
		if err := f.SetColWidth(sheetFollowUp, col, col, c.width); err != nil {
			return err
		}
	}
	for r, row := range rows {
		n := FollowUpHeaderRow + 1 + r
		for i, c := range followUpColumns {
			if v := c.cell(row); v != "" {
				if err := f.SetCellStr(sheetFollowUp, fmt.Sprintf("%s%d", columnLetter(i), n), v); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetCellStyle(sheetFollowUp, "A1", last+"1", header); err != nil {
		return err
	}
	if len(rows) > 0 {
		if err := f.SetCellStyle(sheetFollowUp, "A2", fmt.Sprintf("%s%d", last, len(rows)+1), body); err != nil {
			return err
		}
		if err := f.AutoFilter(sheetFollowUp, fmt.Sprintf("A1:%s%d", last, len(rows)+1), nil); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sheetFollowUp, 1, 32); err != nil {
		return err
	}
	if err := f.SetPanes(sheetFollowUp, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if _, err := f.NewSheet(sheetReadme); err != nil {
		return err
	}
	for i, line := range []string{
		"Une ligne par titulaire dont un passage a été rejeté par la Caisse des Dépôts (CDC) après la vérification de son identité.",
		"« Message de la CDC » : la réponse de l'accusé de traitement ; « Ce que cela veut dire » et « À vérifier » : son explication ; « Document à demander » : la pièce à réclamer au titulaire.",
		"« Brouillon d'e-mail » : le fichier .eml préparé à côté de ce classeur ; ouvrez-le avec votre messagerie, relisez-le, puis envoyez-le. Sans adresse e-mail, contactez le titulaire autrement.",
		"Quand le titulaire a répondu : corrigez sa fiche dans Certidépôt ; le passage corrigé repart dans le prochain dépôt.",
		"Ce classeur contient des données personnelles : ne le diffusez pas, et supprimez-le une fois les corrections faites.",
	} {
		if err := f.SetCellStr(sheetReadme, fmt.Sprintf("A%d", i+1), line); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheetReadme, "A", "A", 150); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return saveOwnerOnly(f, path)
}

// saveOwnerOnly writes the workbook to a new file readable by its owner
// only, then puts it in place: the data is never readable by others, not
// even while it is written.
func saveOwnerOnly(f *excelize.File, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".certidepot-*.xlsx") // created 0600
	if err != nil {
		return core.WriteError(path, err)
	}
	_, err = f.WriteTo(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return core.WriteError(path, err)
	}
	return nil
}
