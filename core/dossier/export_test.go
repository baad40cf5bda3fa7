package dossier

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/store"
)

// mustBeValidOfficially checks a file with the CDC's own XSD, through the
// library and, when available, through xmllint as an independent check.
func mustBeValidOfficially(t *testing.T, path string) {
	t.Helper()
	// The official XSD of the format the file is written for: 1.1.5 files
	// carry an action.
	schema, xsdFile := officialSchema(t), "xsd-1.1.2.xsd"
	if b, _ := os.ReadFile(path); bytes.Contains(b, []byte("<cpf:action>")) {
		schema, xsdFile = officialSchema115(t), "kit-2026/certifications-cdc.xsd"
	}
	r, err := schema.ValidateFile(path)
	if err != nil || !r.Valid() {
		t.Fatalf("%s is not valid against the official XSD: %v %+v", path, err, r)
	}
	if xmllint, err := exec.LookPath("xmllint"); err == nil {
		out, err := exec.Command(xmllint, "--noout", "--schema", refDir+xsdFile, path).CombinedOutput()
		if err != nil {
			t.Fatalf("xmllint refuses %s: %s", path, out)
		}
	}
}

func TestExportSampleIsValidAndRecorded(t *testing.T) {
	db, dir := sampleDossier(t)
	out := filepath.Join(dir, "depot.xml")
	res, err := db.Export(ctx, ExportOptions{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Exported != 42 || len(res.Files) != 1 || res.HeldBack[core.StatusACompleter] != 8 {
		t.Fatalf("result: %+v", res)
	}
	mustBeValidOfficially(t, out)
	body, _ := os.ReadFile(out)
	sum := sha256.Sum256(body)
	if f := res.Files[0]; f.SHA256 != hex.EncodeToString(sum[:]) || f.Size != int64(len(body)) || f.XSDVersion != "1.1.5" {
		t.Fatalf("recorded file: %+v", f)
	}
	text := string(body)
	for _, want := range []string{`<cpf:horodatage>2026-11-22T10:30:00+01:00</cpf:horodatage>`, `<cpf:dateFinValidite xsi:nil="true"/>`,
		"<cpf:natureDeposant>CERTIFICATEUR</cpf:natureDeposant>", "<cpf:codeInsee>"} {
		if !strings.Contains(text, want) {
			t.Errorf("file lacks %s", want)
		}
	}
	if strings.Contains(text, "<cpf:prenom2></cpf:prenom2>") || strings.Contains(text, "  <") {
		t.Error("empty element or indentation in output")
	}
	lines := strings.Split(text, "\n")

	var deposits []store.Deposit
	var spans []core.Span
	var counts map[core.Status]int
	db.db.View(ctx, func(tx *store.Tx) error {
		deposits, _ = tx.Deposits()
		spans, _ = tx.DepositSpans(deposits[0].ID)
		counts, err = tx.Counts()
		return err
	})
	if len(deposits) != 1 || deposits[0].Passages != 42 || deposits[0].FileName != "depot.xml" || deposits[0].IDFlux != res.Files[0].IDFlux {
		t.Fatalf("deposit: %+v", deposits)
	}
	for _, s := range spans {
		if !strings.Contains(lines[s.LineStart-1], "<cpf:idTechnique>"+s.IDTechnique+"</cpf:idTechnique>") {
			t.Fatalf("line %d does not hold passage %s", s.LineStart, s.IDTechnique)
		}
	}
	if counts[core.StatusDepose] != 42 || counts[core.StatusPret] != 0 {
		t.Fatalf("statuses after export: %v", counts)
	}

	// Nothing left to send: no file, nothing recorded.
	res, err = db.Export(ctx, ExportOptions{Out: filepath.Join(dir, "depot2.xml")})
	if err != nil || res.Exported != 0 || len(res.Files) != 0 || res.HeldBack[core.StatusDepose] != 42 {
		t.Fatalf("second export: %+v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "depot2.xml")); !os.IsNotExist(err) {
		t.Fatal("empty export wrote a file")
	}
}

func TestExportSplitsByCountAndSize(t *testing.T) {
	db, dir := sampleDossier(t)
	out := filepath.Join(dir, "lot.xml")
	res, err := db.Export(ctx, ExportOptions{Out: out, MaxPassages: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 5 || res.Exported != 42 {
		t.Fatalf("split by count: %+v", res)
	}
	for i, f := range res.Files {
		want := out
		if i > 0 {
			want = filepath.Join(dir, "lot_"+string(rune('1'+i))+".xml")
		}
		if f.Path != want || f.Passages > 10 {
			t.Errorf("file %d: %+v", i, f)
		}
		mustBeValidOfficially(t, f.Path)
	}

	db2, dir2 := sampleDossier(t)
	res, err = db2.Export(ctx, ExportOptions{Out: filepath.Join(dir2, "petit.xml"), MaxBytes: 8 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) < 3 || res.Exported != 42 {
		t.Fatalf("split by size: %+v", res)
	}
	for _, f := range res.Files {
		if f.Size > 8<<10 {
			t.Errorf("%s is %d bytes, over the limit", f.Path, f.Size)
		}
		mustBeValidOfficially(t, f.Path)
	}
}

// A stricter XSD loaded in the dossier makes the export fail: nothing is
// kept, and each error names the holder and the field.
func TestInvalidExportIsMappedToPassagesAndKeepsNothing(t *testing.T) {
	db, dir := sampleDossier(t)
	official, _ := os.ReadFile(refDir + "xsd-1.1.2.xsd")
	strict := strings.Replace(string(official), `<xsd:enumeration value="M"/>`, "", 1)
	err := db.db.Update(ctx, func(tx *store.Tx) error {
		return tx.AddXSD(store.LoadedXSD{Version: "1.1.2", FileName: "strict.xsd", Content: []byte(strict)})
	})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "depot.xml")
	res, err := db.Export(ctx, ExportOptions{Out: out})
	if !errors.Is(err, ErrInvalidExport) {
		t.Fatalf("export with a stricter XSD: %v", err)
	}
	if len(res.Errors) == 0 {
		t.Fatal("no errors reported")
	}
	for _, e := range res.Errors {
		if e.IDTechnique == "" || e.Holder == "" || e.Field != core.KeySexe || !strings.HasPrefix(e.Message, "Sexe : « M » n'est pas une valeur permise") {
			t.Fatalf("unmapped error: %+v", e)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "exemple.certidepot" && e.Name() != "exemple.certidepot-wal" && e.Name() != "exemple.certidepot-shm" {
			t.Fatalf("failed export left %s (no file, no private folder, no backup)", e.Name())
		}
	}
	var counts map[core.Status]int
	db.db.View(ctx, func(tx *store.Tx) error { counts, err = tx.Counts(); return err })
	if counts[core.StatusPret] != 42 || counts[core.StatusDepose] != 0 {
		t.Fatalf("statuses changed by a failed export: %v", counts)
	}
}

func TestExportRefusesToOverwrite(t *testing.T) {
	db, dir := sampleDossier(t)
	out := filepath.Join(dir, "depot.xml")
	os.WriteFile(out, []byte("déjà déposé"), 0o600)
	_, err := db.Export(ctx, ExportOptions{Out: out})
	if err == nil || !strings.Contains(err.Error(), "existe déjà") {
		t.Fatalf("overwrite: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "déjà déposé" {
		t.Fatal("existing file changed")
	}
}

// A dossier made before the 1.1.5 kit keeps targeting 1.1.2: its files
// have no action and pass the official 1.1.2 XSD.
func TestExportIn112(t *testing.T) {
	db, dir := sampleDossier(t)
	if _, err := db.UseBuiltinXSD(ctx, core.Version112); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "depot-112.xml")
	res, err := db.Export(ctx, ExportOptions{Out: out})
	if err != nil || res.Exported != 42 || res.Files[0].XSDVersion != "1.1.2" {
		t.Fatalf("export in 1.1.2: %+v %v", res, err)
	}
	if b, _ := os.ReadFile(out); bytes.Contains(b, []byte("action")) {
		t.Fatal("a 1.1.2 file carries an action")
	}
	mustBeValidOfficially(t, out)
}
