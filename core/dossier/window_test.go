package dossier

import (
	"testing"

	"github.com/certidepot/certidepot/core"
)

// The setting that erases NIRs after each accusé is read and changed
// alone: changing it erases nothing.
func TestEraseNIRSettingAlone(t *testing.T) {
	d, _ := sampleDossier(t)
	if on, err := d.EraseNIRWhenAccepted(ctx); err != nil || on {
		t.Fatalf("a new dossier erases NIRs: %v %v", on, err)
	}
	if err := d.SetEraseNIRWhenAccepted(ctx, true); err != nil {
		t.Fatal(err)
	}
	if on, err := d.EraseNIRWhenAccepted(ctx); err != nil || !on {
		t.Fatalf("setting not kept: %v %v", on, err)
	}
	off := false
	if _, err := d.EraseAcceptedNIRs(ctx, &off); err != nil {
		t.Fatal(err)
	}
	if on, _ := d.EraseNIRWhenAccepted(ctx); on {
		t.Fatal("EraseAcceptedNIRs did not turn the setting off")
	}
}

// RisksAmong counts the risks of some passages only, comparing them with
// every passage.
func TestRisksAmong(t *testing.T) {
	d, _ := sampleDossier(t)
	a := addPassage(t, d, 0, holderValues("DUPONT épouse MARTIN", "Sylvie", "F"))
	b := addPassage(t, d, 0, holderValues("LAMBERTINI", "Claude", "F"))
	addPassage(t, d, 1, holderValues("LAMBERTINI", "Claude", "M"))
	r, err := d.RisksAmong(ctx, []string{a.IDTechnique, b.IDTechnique})
	if err != nil {
		t.Fatal(err)
	}
	if r.Passages != 2 || r.AtRisk != 2 || r.ReadyAtRisk != 2 || reason(r, core.CodeNomMarital).Ready != 1 || reason(r, core.CodeSexeDivergent).Ready != 1 {
		t.Fatalf("risks among two: %+v", r)
	}
	if r, err := d.RisksAmong(ctx, nil); err != nil || r.Passages != 0 || len(r.Reasons) != 0 {
		t.Fatalf("risks among none: %+v %v", r, err)
	}
}

// Only the 1.1.5 format has withdrawals.
func TestFormatWithdrawals(t *testing.T) {
	d, _ := sampleDossier(t)
	f, err := d.Format(ctx)
	if err != nil || f.Version != core.Version115 || !f.Withdrawals() {
		t.Fatalf("a new dossier: %+v %v", f, err)
	}
	if f, err = d.UseBuiltinXSD(ctx, core.Version112); err != nil || f.Withdrawals() {
		t.Fatalf("%+v %v", f, err)
	}
	if f, err = d.UseBuiltinXSD(ctx, core.Version115); err != nil || !f.Withdrawals() {
		t.Fatalf("%+v %v", f, err)
	}
}
