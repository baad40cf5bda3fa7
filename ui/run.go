package ui

import (
	"context"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// jobs counts the work running off the UI goroutine: tests and the
// screenshot capture wait for it to finish.
type jobs struct {
	mu sync.Mutex
	n  int
	wg sync.WaitGroup
	// inline runs the work on the calling goroutine: Fyne's test driver
	// runs fyne.Do at once on the goroutine that calls it, so work done
	// elsewhere would touch widgets from several goroutines at once.
	inline bool
}

func (j *jobs) add() {
	j.mu.Lock()
	j.n++
	j.mu.Unlock()
	j.wg.Add(1)
}

func (j *jobs) done() {
	j.mu.Lock()
	j.n--
	j.mu.Unlock()
	j.wg.Done()
}

// idle reports whether no work is running.
func (j *jobs) idle() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.n == 0
}

// wait blocks until no work runs.
func (j *jobs) wait() { j.wg.Wait() }

// background runs work off the UI goroutine with ctx, then gives its
// result to done on the UI goroutine (through fyne.Do): the one way the
// window runs anything that reads or writes the dossier.
func background[T any](j *jobs, ctx context.Context, work func(context.Context) (T, error), done func(T, error)) {
	if j.inline {
		v, err := work(ctx)
		done(v, err)
		return
	}
	j.add()
	go func() {
		v, err := work(ctx)
		fyne.Do(func() {
			defer j.done()
			done(v, err)
		})
	}()
}

// progress is a dialog with a bar and an « Annuler » button that cancels
// the work's context: exports, accusés, imports and reloads of big lists.
type progress struct {
	d      *dialog.CustomDialog
	label  *widget.Label
	bar    *widget.ProgressBar
	cancel context.CancelFunc
	shown  time.Time
	esc    func()
}

// withProgress runs work behind a progress dialog. work reports its
// progress through report (done of total; total 0 when unknown). Then
// finish runs on the UI goroutine, once the dialog is gone.
func withProgress[T any](u *App, title, what string, work func(ctx context.Context, report func(done, total int)) (T, error), finish func(T, error)) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &progress{label: widget.NewLabel(what), bar: widget.NewProgressBar(), cancel: cancel, shown: time.Now()}
	p.bar.TextFormatter = func() string {
		if p.bar.Value <= 0 {
			return ""
		}
		return fmt.Sprintf("%.0f %%", p.bar.Value*100)
	}
	stop := button("Annuler", theme.CancelIcon(), widget.MediumImportance, func() {
		p.label.SetText("Annulation en cours…")
		cancel()
	})
	p.d = dialog.NewCustomWithoutButtons(title, container.NewVBox(p.label, p.bar), u.win)
	p.d.SetButtons([]fyne.CanvasObject{stop})
	p.d.Resize(fyne.NewSize(440, p.d.MinSize().Height))
	p.esc = u.pushEscape(func() { stop.OnTapped() })
	p.d.Show()
	var last time.Time
	report := func(done, total int) {
		// At most ten refreshes a second: 200,000 rows report often.
		if time.Since(last) < 100*time.Millisecond && done < total {
			return
		}
		last = time.Now()
		fyne.Do(func() {
			if total > 0 {
				p.bar.SetValue(float64(done) / float64(total))
				p.label.SetText(fmt.Sprintf("%s (%s sur %s)", what, num(done), num(total)))
			}
		})
	}
	background(&u.jobs, ctx, func(ctx context.Context) (T, error) { return work(ctx, report) }, func(v T, err error) {
		p.esc()
		p.d.Hide()
		cancel()
		finish(v, err)
	})
}

// afterDraw runs fn on the UI goroutine once the window has drawn what was
// just put in it, when positions are known (to scroll to a field).
func (u *App) afterDraw(fn func()) {
	if u.jobs.inline {
		fn()
		return
	}
	u.jobs.add()
	time.AfterFunc(80*time.Millisecond, func() {
		fyne.Do(func() {
			defer u.jobs.done()
			fn()
		})
	})
}
