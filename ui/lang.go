package ui

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

//go:embed translations/fr.json
var translations embed.FS

// fyneLocales are the languages Fyne ships translations for, and English,
// its fallback: Fyne picks one of them from the system's languages.
var fyneLocales = []string{"en", "cs", "de", "el", "es", "fr", "ja", "pl", "pt", "pt_BR", "ru", "sv", "ta", "uk", "zh_Hans"}

// useFrench makes Fyne's own words (buttons of its dialogs, the text
// fields' menu, « Quitter ») French whatever the system's language:
// Certidépôt is French only, and its users' computers are not always set
// to French. The French words are given for every language Fyne may pick.
func useFrench() {
	data, err := translations.ReadFile("translations/fr.json")
	if err != nil {
		fyne.LogError("French translations missing", err)
		return
	}
	for _, l := range fyneLocales {
		if err := lang.AddTranslationsForLocale(data, fyne.Locale(l)); err != nil {
			fyne.LogError("French translations not loaded", err)
		}
	}
}

func init() { useFrench() }
