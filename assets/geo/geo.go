// Package geo embeds Certidépôt's offline geographic dataset, generated
// from INSEE's Code officiel géographique 2026 (Licence Ouverte 2.0) and
// La Poste's base officielle des codes postaux (ODbL), by gen.go.
package geo

import _ "embed"

//go:generate go run gen.go

// CommunesTSV lists every commune and arrondissement since 1943 with its
// validity period: code, name, start, end ("" = still valid), type.
//
//go:embed communes.tsv.gz
var CommunesTSV []byte

// PaysTSV lists countries and territories since 1943: code, short name,
// long name, start, end, parent country code.
//
//go:embed pays.tsv.gz
var PaysTSV []byte

// PostauxTSV maps postal codes to INSEE commune codes (La Poste, 2024).
//
//go:embed postaux.tsv.gz
var PostauxTSV []byte
