package dossier

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/excel"
)

// A number typed in a date column is never read as a serial date: 1990 is
// not 12/06/1905. In a delivery date column it is kept and reported; in
// the birth date column it is the year (the importer leaves month and day
// unknown). A real Excel date still imports.
func TestNumberInADateColumnIsNotASerialDate(t *testing.T) {
	path := sheet(t, [][]any{
		{"Nom de naissance", "Prénom", "Sexe", "Date de naissance", "Code INSEE", "Code certification", "Date de délivrance"},
		{"Annee", "Paul", "M", 1990, "31555", "RS5286", 1990},
		{"Vraie", "Zoé", "F", date(1990, 2, 1), "31555", "RS5286", 45424},
		{"Texte", "Léa", "F", "1er février 1990", "31555", "RS5286", "12 mai 2026"},
	})
	db := newDossier(t)
	res, err := db.ImportSheet(ctx, path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ps := passages(t, db)
	if p := ps["Annee"]; p == nil || p.Holder.Text(core.KeyAnnee) != "1990" || p.Holder.Text(core.KeyMois) != "" || p.Data.Text(core.KeyDateDebutValid) != "1990" {
		t.Fatalf("numbers in date columns: %+v", p)
	}
	if p := ps["Vraie"]; p == nil || p.Holder.Text(core.KeyMois) != "2" || p.Holder.Text(core.KeyJour) != "1" || p.Data.Text(core.KeyDateDebutValid) != "45424" {
		t.Fatalf("real date, and a number without a date format: %+v", p)
	}
	if p := ps["Texte"]; p == nil || p.Holder.Text(core.KeyJour) != "1" || p.Data.Text(core.KeyDateDebutValid) != "2026-05-12" {
		t.Fatalf("dates in words: %+v", p)
	}
	flagged := map[int]bool{}
	for _, e := range res.Errors {
		flagged[e.Row] = flagged[e.Row] || e.Field == core.KeyDateDebutValid
	}
	if !flagged[2] || !flagged[3] || flagged[4] {
		t.Fatalf("the delivery dates 1990 and 45424 must be flagged, not the others: %+v", res.Errors)
	}
}

// A damaged workbook is refused whole, with a French message, before any
// row is imported; excelize alone would import the rows before the
// damage and stop there silently.
func TestDamagedWorkbookIsRefusedWhole(t *testing.T) {
	rows := [][]any{{"Nom de naissance", "Prénom", "Sexe", "Code certification", "Date de délivrance"}}
	for i := 0; i < 50; i++ {
		rows = append(rows, []any{"Nom", "Prénom", "F", "RS5286", "12/05/2026"})
	}
	good := sheet(t, rows)
	const sheetPart, strings_ = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
	cut := func(b []byte) []byte { return b[:len(b)*2/3] }
	cases := []struct {
		name, part string
		change     func([]byte) []byte
		raw        bool
		want       string
	}{
		{"truncated sheet", sheetPart, cut, false, "feuille « Sheet1 » illisible"},
		{"unclosed row", sheetPart, func(b []byte) []byte { return bytes.Replace(b, []byte(`</row><row r="30"`), []byte(`<row r="30"`), 1) }, false, "ne correspond à aucune balise ouverte"},
		{"bad character", sheetPart, func(b []byte) []byte { return bytes.Replace(b, []byte(`<v>`), []byte("<v>\x01"), 1) }, false, "caractère interdit"},
		{"bad entity", sheetPart, func(b []byte) []byte { return bytes.Replace(b, []byte(`<v>`), []byte("<v>&nbsp;"), 1) }, false, "entité"},
		{"truncated strings", strings_, cut, false, "sharedStrings.xml illisible"},
		{"checksum", strings_, nil, true, "sharedStrings.xml illisible"},
	}
	for _, c := range cases {
		path := damage(t, good, c.part, c.change, c.raw)
		if _, err := excelize.OpenFile(path); err != nil && c.name != "checksum" {
			t.Logf("%s: excelize refuses it too: %v", c.name, err)
		}
		db := newDossier(t)
		_, err := db.ImportSheet(ctx, path, ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "est endommagé") || !strings.Contains(err.Error(), "rien n'a été importé") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
		if n := len(passages(t, db)); n != 0 {
			t.Errorf("%s: %d passages imported", c.name, n)
		}
		if _, err := excel.Sheets(path); err == nil {
			t.Errorf("%s: listed as readable", c.name)
		}
	}
	if _, err := excel.Open(good, excel.OpenOptions{}); err != nil {
		t.Fatalf("intact workbook refused: %v", err)
	}
}

// damage rewrites one part of a valid workbook.
func damage(t *testing.T, src, part string, change func([]byte) []byte, raw bool) string {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part && !raw {
			b = change(b)
		}
		if f.Name == part && raw {
			// Store the part uncompressed with its true checksum, then
			// alter its bytes in the archive: the checksum no longer matches.
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
			w.Write(b)
			continue
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	out := buf.Bytes()
	if raw {
		i := bytes.Index(out, []byte("RS5286"))
		if i < 0 {
			t.Fatal("marker not found")
		}
		out[i] = 'X'
	}
	p := filepath.Join(t.TempDir(), "abime.xlsx")
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
