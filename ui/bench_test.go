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

// BenchmarkFilterList measures a search by name and a filter by status
// on a 200,000-passage dossier, through Fyne's test driver: from the
// choice to the list shown. The target is under 100 ms.
func BenchmarkFilterList(b *testing.B) {
	if testing.Short() {
		b.Skip("200,000 passages: run without -short")
	}
	u := openPath(b, sampleDossier(b, 200_000))
	u.goTo(u.list)
	u.Wait()
	for _, c := range []struct{ name, search, status string }{
		{"search", "dupont", allStatuses},
		{"status", "", core.StatusACompleter.Label()},
	} {
		b.Run(c.name, func(b *testing.B) {
			for n := 0; n < b.N; n++ {
				b.StopTimer()
				u.list.search.SetText("")
				u.list.status.SetSelected(allStatuses)
				u.Wait()
				b.StartTimer()
				if c.search != "" {
					u.list.search.SetText(c.search)
				} else {
					u.list.status.SetSelected(c.status)
				}
				u.Wait()
				b.StopTimer()
				if len(u.list.rows) == 0 || len(u.list.rows) == 200_000 {
					b.Fatalf("%s: %d rows", c.name, len(u.list.rows))
				}
				b.StartTimer()
			}
		})
	}
}
