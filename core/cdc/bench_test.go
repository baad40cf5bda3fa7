package cdc

import (
	"testing"
	"time"

	"github.com/certidepot/certidepot/core"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 22, 10, 30, 0, 0, time.FixedZone("CET", 3600)) }

// BenchmarkRenderPassage is the writer's hot path: one passage to XML.
func BenchmarkRenderPassage(b *testing.B) {
	s := core.NewSampleN(fixedNow(), 1)
	p := core.Passage{IDTechnique: core.NewIDTechnique(), Holder: s.Passages[0].Holder, Data: s.Passages[0].Data}
	rec := p.Record(s.Certifications[0])
	var buf []byte
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = RenderPassage(buf[:0], rec)
	}
	b.SetBytes(int64(len(buf)))
}
