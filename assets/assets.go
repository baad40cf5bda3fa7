// Package assets holds the resources bundled into the binaries.
package assets

import _ "embed"

// IconPNG is the application icon (512×512), drawn from icon.svg.
//
//go:embed icon.png
var IconPNG []byte
