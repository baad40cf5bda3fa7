package excel

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
)

// templateOrder is the column order of the template: certification, then
// the holder as on an identity card, then the passage. Dictionary fields
// not listed here follow, so that no field is ever left out.
var templateOrder = []string{
	core.KeyCertType, core.KeyCertCode, core.KeyCertTitle,
	core.KeyNomNaissance, core.KeyNomUsage, core.KeyPrenom1, "prenom2", "prenom3", core.KeySexe,
	core.KeyAnnee, core.KeyMois, core.KeyJour,
	core.KeyCodeInsee, core.KeyCodePostal, core.KeyLibelleCommune, core.KeyCodePays, core.KeyLibellePays,
	core.KeyDateDebutValid, core.KeyDateFinValid, "obtentionCertification", "donneeCertifiee", "mentionValidee", "scoring",
	"libelleOption", core.KeyDateDebutExamen, core.KeyDateFinExamen, "modalitePassageExamen", "codePostalCentreExamen",
	core.KeyModaliteAcces, core.KeyVoieAccesVAE, "initiativeInscription", "dateInscription",
	core.KeyPresenceLangue, core.KeyNiveauLangue, core.KeyPresenceNumeriq, core.KeyScoreGeneral, core.KeyResultats,
	"urlPreuve", "verbatim", core.KeyNatureDeposant,
	core.KeyIdentification, core.KeyIDDossier, core.KeyNomTitulaire, core.KeyPrenomTitulaire, core.KeyNIR, core.KeyNomNaissanceNIR,
	"commentairesMEN", core.KeyIDTechnique,
}

// templateColumn is one column of the template.
type templateColumn struct {
	field   *core.Field
	header  string
	meaning string
}

func templateColumns() []templateColumn {
	var out []templateColumn
	seen := map[string]bool{}
	add := func(key string) {
		if seen[key] {
			return
		}
		seen[key] = true
		f := core.FieldByKey(key)
		if f == nil || f.Scope == core.ScopeFlux || f.Scope == core.ScopeEmetteur || f.Scope == core.ScopeCertificateur {
			return
		}
		out = append(out, templateColumn{field: f, header: f.Label, meaning: f.Help})
	}
	for _, k := range templateOrder {
		add(k)
	}
	for _, f := range core.Fields() {
		add(f.Key)
	}
	return out
}

// formatText describes, in French, how a field's cells are written.
func formatText(f *core.Field) string {
	switch f.Kind {
	case core.KindDate:
		return "date JJ/MM/AAAA"
	case core.KindInt:
		return fmt.Sprintf("nombre entier de %d à %d", f.Min, f.Max)
	case core.KindBool:
		return "Oui ou Non"
	case core.KindEnum, core.KindChoice:
		labels := make([]string, len(f.Enum))
		for i, e := range f.Enum {
			labels[i] = e.Label
		}
		return "liste : " + strings.Join(labels, " ; ")
	}
	switch {
	case f.PatternFmt != "":
		return f.PatternFmt
	case f.MinLen > 0 && f.MinLen == f.MaxLen:
		return fmt.Sprintf("texte de %d caractères exactement", f.MinLen)
	case f.MaxLen > 0:
		return fmt.Sprintf("texte, %d caractères au plus", f.MaxLen)
	}
	return "texte"
}

func obligationText(f *core.Field) string {
	switch {
	case f.Default != "":
		return "facultatif (par défaut : " + f.Describe(core.Value{Text: f.Default}) + ")"
	case f.Obligation == core.ObligatoireSaufNil:
		return "obligatoire ; laissez vide si la donnée n'est pas connue"
	case f.Obligation == core.Conditionnel:
		return "conditionnel : " + f.Condition
	}
	return f.Obligation.Label()
}

const (
	sheetData   = "Passages"
	sheetReadme = "Lisez-moi"
	sheetLists  = "Listes"
	maxDataRows = 100000 // rows given drop-down lists
)

// WriteTemplate writes the import template: one column per dictionary
// field with French headers, drop-down lists for every enumeration, date
// cells, a frozen header, one example row and a "Lisez-moi" sheet.
func WriteTemplate(path string, now time.Time) error {
	return writeWorkbook(path, nil, func(f *excelize.File, cols []templateColumn, dateStyle int) error {
		s := core.NewSample(now)
		p := core.Passage{Holder: s.Passages[0].Holder, Data: s.Passages[0].Data}
		rec := p.Record(s.Certifications[0])
		return writeRow(f, 2, cols, rec, s.Certifications[0].Titre, dateStyle)
	})
}

// checkWorkbookName refuses to write a workbook under a name Excel would
// not open as one (the library writes .xlsx files only).
func checkWorkbookName(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return nil
	}
	return fmt.Errorf("%s : un classeur Excel s'enregistre en .xlsx ; donnez-lui un nom qui finit par .xlsx", filepath.Base(path))
}

// writeWorkbook builds a workbook with the template's layout; fill writes
// the data rows.
func writeWorkbook(path string, extra []string, fill func(*excelize.File, []templateColumn, int) error) error {
	if err := checkWorkbookName(path); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetData); err != nil {
		return err
	}
	cols := templateColumns()
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1D4F91"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	dateFmt := "dd/mm/yyyy"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": codes keep their leading zeros
	if err != nil {
		return err
	}
	if _, err := f.NewSheet(sheetLists); err != nil {
		return err
	}
	listCol := 0
	for i, c := range cols {
		letter := columnLetter(i)
		if err := f.SetCellValue(sheetData, letter+"1", c.header); err != nil {
			return err
		}
		width := 18.0
		if len(c.header) > 22 {
			width = 26
		}
		if err := f.SetColWidth(sheetData, letter, letter, width); err != nil {
			return err
		}
		rng := fmt.Sprintf("%s2:%s%d", letter, letter, maxDataRows)
		switch c.field.Kind {
		case core.KindDate:
			if err := f.SetColStyle(sheetData, letter, dateStyle); err != nil {
				return err
			}
		case core.KindText:
			if err := f.SetColStyle(sheetData, letter, textStyle); err != nil {
				return err
			}
		case core.KindEnum, core.KindBool, core.KindChoice:
			lc := columnLetter(listCol)
			listCol++
			for j, e := range c.field.Enum {
				if err := f.SetCellValue(sheetLists, fmt.Sprintf("%s%d", lc, j+1), e.Label); err != nil {
					return err
				}
			}
			dv := excelize.NewDataValidation(true)
			dv.Sqref = rng
			dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$1:$%s$%d", sheetLists, lc, lc, len(c.field.Enum)))
			dv.SetError(excelize.DataValidationErrorStyleWarning, "Valeur inattendue", "Choisissez une valeur de la liste : "+formatText(c.field))
			if err := f.AddDataValidation(sheetData, dv); err != nil {
				return err
			}
		}
	}
	for i, h := range extra {
		letter := columnLetter(len(cols) + i)
		f.SetCellValue(sheetData, letter+"1", h)
		f.SetColWidth(sheetData, letter, letter, 60)
	}
	last := columnLetter(len(cols) + len(extra) - 1)
	if err := f.SetCellStyle(sheetData, "A1", last+"1", header); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheetData, 1, 32); err != nil {
		return err
	}
	if err := f.SetPanes(sheetData, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := f.SetSheetVisible(sheetLists, false); err != nil {
		return err
	}
	if err := writeReadme(f, cols, header); err != nil {
		return err
	}
	if err := fill(f, cols, dateStyle); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.SaveAs(path); err != nil {
		return core.WriteError(path, err)
	}
	return os.Chmod(path, 0o600) // it may hold personal data
}

func writeReadme(f *excelize.File, cols []templateColumn, header int) error {
	if _, err := f.NewSheet(sheetReadme); err != nil {
		return err
	}
	intro := "Une ligne par passage de certification. Laissez vide une donnée « obligatoire sauf non connue » que vous n'avez pas ; n'écrivez jamais « nil ». " +
		"Les colonnes absentes ou vides prennent les valeurs par défaut du dossier. Importez ensuite avec Certidépôt (Importer un fichier Excel)."
	f.SetCellValue(sheetReadme, "A1", intro)
	titles := []string{"Colonne", "Titre", "Signification", "Obligation", "Format", "N° du dictionnaire CDC", "Balise XML"}
	for i, t := range titles {
		f.SetCellValue(sheetReadme, columnLetter(i)+"3", t)
	}
	f.SetCellStyle(sheetReadme, "A3", "G3", header)
	for i, c := range cols {
		r := i + 4
		vals := []string{columnLetter(i), c.header, c.meaning, "facultatif", "texte", "", ""}
		if c.field != nil {
			vals[3], vals[4], vals[5], vals[6] = obligationText(c.field), formatText(c.field), c.field.ID, c.field.XMLName
		}
		for j, v := range vals {
			if err := f.SetCellValue(sheetReadme, fmt.Sprintf("%s%d", columnLetter(j), r), v); err != nil {
				return err
			}
		}
	}
	for col, w := range map[string]float64{"A": 9, "B": 34, "C": 70, "D": 40, "E": 50, "F": 12, "G": 26} {
		f.SetColWidth(sheetReadme, col, col, w)
	}
	return nil
}

// writeRow writes one passage in the template's layout; enumerations are
// written with their French labels, dates as real dates.
func writeRow(f *excelize.File, row int, cols []templateColumn, rec core.Values, titre string, dateStyle int) error {
	for i, c := range cols {
		cell := fmt.Sprintf("%s%d", columnLetter(i), row)
		var v any
		switch {
		case c.field.Key == core.KeyCertTitle:
			v = titre
		case c.field.Kind == core.KindDate:
			if d, ok := core.ParseISODate(rec.Text(c.field.Key)); ok {
				v = d
			} else {
				v = rec.Text(c.field.Key)
			}
		case rec[c.field.Key].Nil:
			v = ""
		case rec.Text(c.field.Key) == "" && (c.field.Obligation == core.Obligatoire && c.field.Default == "" || c.field.Obligation == core.ObligatoireSaufNil):
			// Required and missing: said so, for a blank cell would read
			// back as « donnée non connue » (or the dossier's default).
			v = ToComplete
		case c.field.Kind == core.KindEnum || c.field.Kind == core.KindBool || c.field.Kind == core.KindChoice:
			v = c.field.Describe(rec[c.field.Key])
		case c.field.Kind == core.KindInt:
			v = rec.Text(c.field.Key)
			if n, err := strconv.Atoi(rec.Text(c.field.Key)); err == nil {
				v = n
			}
		default:
			v = rec.Text(c.field.Key)
		}
		if s, ok := v.(string); ok && s == "" {
			continue
		}
		if err := f.SetCellValue(sheetData, cell, v); err != nil {
			return err
		}
		if _, isDate := v.(time.Time); isDate {
			f.SetCellStyle(sheetData, cell, cell, dateStyle)
		}
	}
	return nil
}
