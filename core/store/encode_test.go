package store

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
)

// The hand-written encoding of values gives, byte for byte, what
// encoding/json gives, whatever the text holds.
func TestEncodeValuesMatchesEncodingJSON(t *testing.T) {
	texts := []string{"Dupont", "Zoé", "N'Diaye", "Œillet", `a"b\c`, "<&>", "tab\there", "nl\nx\r", "\x00\x01\x1f", "\u2028\u2029",
		"bad \xff utf8", "\xe2\x82", "日本", "😀", ""}
	for _, tx := range texts {
		vs := core.Values{"nomNaissance": {Text: tx}, "prenom1": {Text: "x"}, "nomUsage": {Nil: true}, "vide": {Text: ""}}
		m := map[string]*string{}
		for k, v := range vs {
			if v.Nil {
				m[k] = nil
			} else if v.Text != "" {
				text := v.Text
				m[k] = &text
			}
		}
		want, _ := json.Marshal(m)
		if got := encodeValues(vs); got != string(want) {
			t.Errorf("%q: %s, want %s", tx, got, want)
		}
		back, err := decodeValues(encodeValues(vs))
		if err != nil || (tx != "" && back.Text("nomNaissance") == "") || !back["nomUsage"].Nil {
			t.Errorf("%q: decoded %+v %v", tx, back, err)
		}
	}
}

func BenchmarkEncodeValues(b *testing.B) {
	s := core.NewSampleN(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), 1)
	vs := s.Passages[0].Holder
	for i := 0; i < b.N; i++ {
		encodeValues(vs)
	}
}

// BenchmarkAddNewPassages: the writing stage of an import, 10,000 new
// passages in batches of 100 in one transaction.
func BenchmarkAddNewPassages(b *testing.B) {
	s := core.NewSampleN(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), 10_000)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d, _ := newDossier(b)
		certID := seed(b, d).ID
		ps := make([]*core.Passage, len(s.Passages))
		for j, sp := range s.Passages {
			ps[j] = &core.Passage{IDTechnique: core.NewIDTechnique(), CertificationID: certID, Holder: sp.Holder, Data: sp.Data, Status: core.StatusPret}
		}
		b.StartTimer()
		err := d.Update(ctx, func(tx *Tx) error {
			for len(ps) > 0 {
				n := min(len(ps), 100)
				if err := tx.AddNewPassages(ps[:n]); err != nil {
					return err
				}
				ps = ps[n:]
			}
			return nil
		})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		d.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(10_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
