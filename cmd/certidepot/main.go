// Command certidepot is Certidépôt's window. It opens the dossier given as
// argument, if any.
package main

import (
	"flag"
	"fmt"
	"image/png"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/ui"
)

func main() {
	// CERTIDEPOT_CAPTURE does the same as --capture for a start that passes
	// only the dossier, as Windows does when a .certidepot file is opened:
	// the package checks its file association that way.
	capture := flag.String("capture", os.Getenv("CERTIDEPOT_CAPTURE"), "enregistre une image PNG de la fenêtre après son affichage, puis quitte")
	screen := flag.String("ecran", "", "écran à montrer : "+strings.Join(ui.Screens, ", "))
	version := flag.Bool("version", false, "affiche la version et quitte")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage : certidepot [--ecran NOM] [--capture FICHIER.png] [DOSSIER.certidepot]")
	}
	flag.Parse()
	if *version {
		fmt.Println("Certidépôt " + core.AppVersion)
		return
	}

	a := app.NewWithID("fr.certidepot.app")
	u := ui.New(a)
	if flag.NArg() > 0 {
		start := time.Now()
		err := u.Open(flag.Arg(0))
		if os.Getenv("CERTIDEPOT_MESURE") != "" {
			fmt.Fprintf(os.Stderr, "ouverture du dossier : %d ms\n", time.Since(start).Milliseconds())
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "certidepot :", err)
			dialog.ShowError(err, u.Window())
		}
	}
	shown := u.Window()
	u.Window().Show()
	if *screen != "" {
		w, err := u.ShowScreen(*screen)
		if err != nil {
			fmt.Fprintln(os.Stderr, "certidepot :", err)
			os.Exit(2)
		}
		shown = w
	}
	if *capture != "" {
		go captureAndQuit(a, shown, *capture)
	}
	a.Run()
}

// captureAndQuit saves the window as a PNG once it has been drawn, for
// screenshots and for checking a start without a screen (under Xvfb).
func captureAndQuit(a fyne.App, w fyne.Window, path string) {
	time.Sleep(3 * time.Second)
	fyne.DoAndWait(func() {
		img := w.Canvas().Capture()
		f, err := os.Create(path)
		if err == nil {
			err = png.Encode(f, img)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "certidepot : capture impossible :", err)
		}
		a.Quit()
	})
}
