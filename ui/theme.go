package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/certidepot/certidepot/core"
)

// appTheme is Fyne's theme with Certidépôt's colours. It follows the
// system's light or dark setting (Fyne gives the variant), and adds one
// colour per status tone so that a status looks the same on every screen.
type appTheme struct{}

var _ fyne.Theme = appTheme{}

// The tones' colours, readable on light and dark backgrounds alike.
var toneColors = map[core.Tone]color.NRGBA{
	core.ToneTodo:    {R: 0xE0, G: 0x7B, B: 0x12, A: 0xFF},
	core.ToneReady:   {R: 0x2B, G: 0x6C, B: 0xD9, A: 0xFF},
	core.ToneWaiting: {R: 0x8A, G: 0x5C, B: 0xD1, A: 0xFF},
	core.ToneDone:    {R: 0x23, G: 0x9A, B: 0x55, A: 0xFF},
	core.ToneProblem: {R: 0xD3, G: 0x3B, B: 0x3B, A: 0xFF},
	core.ToneMuted:   {R: 0x8A, G: 0x8F, B: 0x98, A: 0xFF},
}

// brand is the primary colour: the blue of the « ready » tone, the state
// every passage is brought to.
var brand = color.NRGBA{R: 0x2B, G: 0x6C, B: 0xD9, A: 0xFF}

// toneColorName is the theme colour name of a tone, for tinted icons.
func toneColorName(t core.Tone) fyne.ThemeColorName {
	return fyne.ThemeColorName("certidepot-ton-" + string(t))
}

// Theme colour names of Certidépôt's own surfaces.
const (
	colorSidebar fyne.ThemeColorName = "certidepot-barre"
	colorCard    fyne.ThemeColorName = "certidepot-carte"
)

func (appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	for t, c := range toneColors {
		if n == toneColorName(t) {
			return c
		}
	}
	dark := v == theme.VariantDark
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink, theme.ColorNameFocus:
		if n == theme.ColorNameFocus {
			return color.NRGBA{R: brand.R, G: brand.G, B: brand.B, A: 0x66}
		}
		if dark && n == theme.ColorNameHyperlink {
			return color.NRGBA{R: 0x7F, G: 0xAE, B: 0xF5, A: 0xFF}
		}
		return brand
	case theme.ColorNameSelection:
		return color.NRGBA{R: brand.R, G: brand.G, B: brand.B, A: 0x40}
	case colorSidebar:
		if dark {
			return color.NRGBA{R: 0x1C, G: 0x1F, B: 0x24, A: 0xFF}
		}
		return color.NRGBA{R: 0xEC, G: 0xEF, B: 0xF4, A: 0xFF}
	case colorCard:
		if dark {
			return color.NRGBA{R: 0x2A, G: 0x2D, B: 0x33, A: 0xFF}
		}
		return color.NRGBA{R: 0xF6, G: 0xF7, B: 0xF9, A: 0xFF}
	case theme.ColorNameDisabled:
		// Read-only fiches show their values in this colour: it must stay
		// readable.
		if dark {
			return color.NRGBA{R: 0x9A, G: 0x9F, B: 0xA8, A: 0xFF}
		}
		return color.NRGBA{R: 0x6A, G: 0x6F, B: 0x78, A: 0xFF}
	case theme.ColorNamePlaceHolder:
		if dark {
			return color.NRGBA{R: 0x9A, G: 0x9F, B: 0xA8, A: 0xFF}
		}
		return color.NRGBA{R: 0x6A, G: 0x6F, B: 0x78, A: 0xFF}
	case theme.ColorNameSuccess:
		return toneColors[core.ToneDone]
	case theme.ColorNameWarning:
		return toneColors[core.ToneTodo]
	case theme.ColorNameError:
		return toneColors[core.ToneProblem]
	}
	return theme.DefaultTheme().Color(n, v)
}

func (appTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (appTheme) Size(n fyne.ThemeSizeName) float32       { return theme.DefaultTheme().Size(n) }

// toneIcon is the icon of a status tone, in its colour.
func toneIcon(t core.Tone) fyne.Resource {
	var base fyne.Resource
	switch t {
	case core.ToneTodo:
		base = theme.WarningIcon()
	case core.ToneReady:
		base = theme.MailSendIcon()
	case core.ToneWaiting:
		base = theme.HistoryIcon()
	case core.ToneDone:
		base = theme.ConfirmIcon()
	case core.ToneProblem:
		base = theme.ErrorIcon()
	default:
		base = theme.ContentRemoveIcon()
	}
	return theme.NewColoredResource(base, toneColorName(t))
}

// toneFill is a tone's colour made light enough to sit behind text.
func toneFill(t core.Tone) color.Color {
	c := toneColors[t]
	c.A = 0x38
	return c
}
