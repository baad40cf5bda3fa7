//go:build !windows

package ui

// Elsewhere the recent dossiers stay in Fyne's preferences (on Linux,
// ~/.config/fyne/fr.certidepot.app/preferences.json), where they have
// always been.

func (u *App) recentList() []string { return u.app.Preferences().StringList(recentKey) }

func (u *App) setRecentList(list []string) { u.app.Preferences().SetStringList(recentKey, list) }
