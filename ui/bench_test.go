package ui

import (
	"testing"

	"github.com/certidepot/certidepot/core"
)

// BenchmarkSaveOnePassage measures what the window does when the user
// saves one passage of a 200,000-passage dossier from its fiche, through
// Fyne's test driver: the save, then its row of the list and the counts,
// nothing else. The target is under 100 ms.
func BenchmarkSaveOnePassage(b *testing.B) {
	if testing.Short() {
		b.Skip("200,000 passages: run without -short")
	}
	u := openPath(b, sampleDossier(b, 200_000))
	u.goTo(u.list)
	u.Wait()
	if len(u.list.rows) != 200_000 {
		b.Fatalf("%d rows listed", len(u.list.rows))
	}
	i := rowOf(b, u, core.StatusPret)
	u.list.open(i)
	u.Wait()
	f := fiche(b, u)
	option := f.fields["libelleOption"].entry
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		text := "Option A"
		if n%2 == 1 {
			text = "Option B"
		}
		b.StopTimer()
		option.SetText(text)
		b.StartTimer()
		f.save(nil)
		u.Wait()
		b.StopTimer()
		if f.dirty() || u.list.rows[i].status != core.StatusPret || u.home.summary.Counts[core.StatusPret] == 0 {
			b.Fatal("the save did not show")
		}
		b.StartTimer()
	}
}
