package ui

import "fyne.io/fyne/v2"

// On Windows the recent dossiers are kept in
// %APPDATA%\Certidépôt\preferences.json, where Windows users and their
// IT look for an application's settings, rather than where Fyne keeps its
// preferences (%USERPROFILE%\AppData\Roaming\fyne\fr.certidepot.app,
// which ignores a redirected %APPDATA%).

func (u *App) recentList() []string {
	p, err := appSettingsPath()
	if err != nil {
		return u.app.Preferences().StringList(recentKey)
	}
	return settingsFile{p}.stringList(recentKey)
}

func (u *App) setRecentList(list []string) {
	p, err := appSettingsPath()
	if err != nil {
		u.app.Preferences().SetStringList(recentKey, list)
		return
	}
	if err := (settingsFile{p}).setStringList(recentKey, list); err != nil {
		fyne.LogError("recent dossiers not saved", err)
	}
}
