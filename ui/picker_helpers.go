package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// containerBorder lays top above center, which takes the rest.
func containerBorder(top, center fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(top, nil, nil, nil, center)
}
