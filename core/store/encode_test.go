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
