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

// Values written by the dossier are read back the same by the direct
// reader and by encoding/json, escapes or not; what the direct reader
// does not take goes the general way.
func TestDecodeValuesFastAndGeneral(t *testing.T) {
	for _, text := range []string{"Dupont", "Zoé", `a"b\c`, "<&>", "tab\there", "bad \xff", "日本", "", "{", "}", ":", ","} {
		vs := core.Values{"nomNaissance": {Text: text}, "prenom1": {Text: "x"}, "nomUsage": {Nil: true}}
		enc := encodeValues(vs)
		got, err := decodeValues(enc)
		var m map[string]*string
		if jerr := json.Unmarshal([]byte(enc), &m); err != nil || jerr != nil || len(got) != len(m) {
			t.Fatalf("%q: %v %v %d/%d", text, err, jerr, len(got), len(m))
		}
		for k, p := range m {
			if p == nil && !got[k].Nil || p != nil && got[k].Text != *p {
				t.Errorf("%q: %s = %+v, want %v", text, k, got[k], p)
			}
		}
	}
	for _, bad := range []string{"", "{", `{"a":}`, `{"a":"b",}`, `{"a" "b"}`, `{"a":"b"}x`, "[1]"} {
		if _, err := decodeValues(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
	if vs, err := decodeValues("{}"); err != nil || len(vs) != 0 {
		t.Errorf("{}: %v %v", vs, err)
	}
}

func BenchmarkDecodeValues(b *testing.B) {
	s := core.NewSampleN(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), 1)
	enc := encodeValues(s.Passages[0].Holder)
	for i := 0; i < b.N; i++ {
		decodeValues(enc)
	}
}
