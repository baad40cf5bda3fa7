// Command certidepot is Certidépôt's window. It opens the dossier given as
// argument, if any.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/certidepot/certidepot/core"
	"github.com/certidepot/certidepot/core/dossier"
	"github.com/certidepot/certidepot/ui"
)

func main() {
	// CERTIDEPOT_CAPTURE does the same as --capture for a start that passes
	// only the dossier, as Windows does when a .certidepot file is opened:
	// the package checks its file association that way.
	capture := flag.String("capture", os.Getenv("CERTIDEPOT_CAPTURE"), "enregistre une image PNG de la fenêtre une fois dessinée, puis quitte")
	screen := flag.String("ecran", "", "écran à montrer : "+strings.Join(ui.Screens, ", "))
	file := flag.String("fichier", "", "fichier utilisé par l'écran montré (liste à importer, accusé à lire)")
	size := flag.String("taille", "", "taille de la fenêtre, LARGEURxHAUTEUR (par exemple 1366x768)")
	version := flag.Bool("version", false, "affiche la version et quitte")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage : certidepot [--ecran NOM [--fichier FICHIER]] [--capture FICHIER.png] [--taille LxH] [DOSSIER.certidepot]")
	}
	flag.Parse()
	if *version {
		fmt.Println("Certidépôt " + core.AppVersion)
		return
	}
	dossier.RemoveStaleTempDirs()
	dossier.TuneMemory()
	defer dossier.RemovePrivateTempDir()

	a := app.NewWithID("fr.certidepot.app")
	u := ui.New(a)
	if os.Getenv("CERTIDEPOT_MESURE") != "" {
		u.Measure = func(what string, d time.Duration) { fmt.Fprintf(os.Stderr, "%s : %d ms\n", what, d.Milliseconds()) }
	}
	if *size != "" {
		var w, h float32
		if _, err := fmt.Sscanf(*size, "%fx%f", &w, &h); err != nil || w < 100 || h < 100 {
			fmt.Fprintln(os.Stderr, "certidepot : --taille attend LARGEURxHAUTEUR, par exemple 1366x768")
			os.Exit(2)
		}
		u.Window().Resize(fyne.NewSize(w, h))
	}
	var openErr error
	if flag.NArg() > 0 {
		if openErr = u.Open(flag.Arg(0)); openErr != nil {
			fmt.Fprintln(os.Stderr, "certidepot :", openErr)
		}
	}
	u.Window().Show()
	if openErr != nil {
		u.ShowError(openErr)
	}
	if *screen != "" || *capture != "" {
		go func() {
			if *screen != "" {
				if err := u.ShowScreen(*screen, *file); err != nil {
					fmt.Fprintln(os.Stderr, "certidepot :", err)
					fyne.Do(a.Quit)
					os.Exit(2)
				}
			}
			if *capture != "" {
				captureAndQuit(a, u, *capture)
			}
		}()
	}
	a.Run()
}

// captureAndQuit saves the window as a PNG once it is drawn — the work it
// started finished and two frames in a row the same — for screenshots and
// for checking a start without a screen (under Xvfb).
func captureAndQuit(a fyne.App, u *ui.App, path string) {
	var last []byte
	deadline := time.Now().Add(30 * time.Second)
	for {
		time.Sleep(150 * time.Millisecond)
		u.Wait()
		var img image.Image
		fyne.DoAndWait(func() { img = u.Window().Canvas().Capture() })
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			fmt.Fprintln(os.Stderr, "certidepot : capture impossible :", err)
			break
		}
		drawn := img.Bounds().Dx() > 1 && u.Idle()
		if drawn && bytes.Equal(buf.Bytes(), last) || time.Now().After(deadline) {
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "certidepot : capture impossible :", err)
			}
			break
		}
		last = buf.Bytes()
	}
	fyne.DoAndWait(a.Quit)
}
