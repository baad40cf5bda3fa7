package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/certidepot/certidepot/core"
)

// The progress dialog's « Annuler » cancels the context the work runs
// with.
func TestProgressCancelStopsTheWork(t *testing.T) {
	u := openSample(t)
	u.jobs.inline = false // the work must run while the user clicks
	started := make(chan struct{})
	var got error
	withProgress(u, "Travail", "En cours", func(ctx context.Context, _ func(int, int)) (int, error) {
		close(started)
		<-ctx.Done()
		return 0, ctx.Err()
	}, func(_ int, err error) { got = err })
	<-started
	tapButton(t, u, "Annuler")
	if !errors.Is(got, context.Canceled) {
		t.Fatalf("work ended with %v", got)
	}
	if len(u.win.Canvas().Overlays().List()) != 0 {
		t.Fatal("the progress dialog stayed")
	}
}

// A deposit cancelled from its progress dialog keeps nothing.
func TestDepositCancelledFromProgress(t *testing.T) {
	u := openPath(t, sampleDossier(t, 3000))
	u.goTo(u.dep)
	u.Wait()
	dir := t.TempDir()
	u.dep.dir = dir
	u.dep.fill()
	name := u.dep.name.Text
	u.jobs.inline = false
	u.dep.start()
	tapButton(t, u, "Annuler") // at once: 3,000 passages take longer to write
	if fileExists(filepath.Join(dir, name)) {
		t.Fatal("a cancelled deposit left its file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("a cancelled deposit left %v", entries)
	}
	if c, _ := u.d.Counts(context.Background()); c[core.StatusDepose] != 0 {
		t.Fatalf("counts after cancel: %v", c)
	}
	if !shows(u, "nnulé") || shows(u, "context canceled") {
		t.Fatalf("no message: %q", texts(u))
	}
}
