package ui

import "github.com/certidepot/certidepot/core"

// aboutText is the « À propos » text: version and the licences of what the
// application embeds.
func aboutText() string {
	return "Certidépôt " + core.AppVersion + "\n\n" +
		"Prépare, vérifie et suit les dépôts des passages de certification à la Caisse des Dépôts (SI CPF). " +
		"Fonctionne entièrement hors ligne : vos données restent sur cet ordinateur.\n\n" +
		"Données embarquées :\n" +
		"• Source : Insee, Code officiel géographique 2026 — Licence Ouverte / Open Licence 2.0.\n" +
		"• La Poste, base officielle des codes postaux (2024) — Open Database License (ODbL).\n\n" +
		"Composants : Fyne (BSD-3), excelize (BSD-3), libxml2 (MIT) via lestrrat-go/libxml2 (MIT), modernc.org/sqlite (BSD-3)."
}

func (u *App) showAbout() { u.info("À propos de Certidépôt", aboutText()) }
