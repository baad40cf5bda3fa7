package ui

import "fyne.io/fyne/v2"

// On Windows the recent dossiers are kept in
// %APPDATA%\Certidépôt\preferences.json, where Windows users and their
// IT look for an application's settings, rather than where Fyne keeps its
// preferences (%USERPROFILE%\AppData\Roaming\fyne\fr.certidepot.app,
// which ignores a redirected %APPDATA%).

// appID is the application's Fyne ID (cmd/certidepot). Another app, such
// as the tests' temporary ones, keeps Fyne's preferences, so that it never
// reads or changes the user's list.
const appID = "fr.certidepot.app"

func (u *App) settings() (settingsFile, bool) {
	if u.app.UniqueID() != appID {
		return settingsFile{}, false
	}
	p, err := appSettingsPath()
	return settingsFile{p}, err == nil
}

func (u *App) recentList() []string {
	s, ok := u.settings()
	if !ok {
		return u.app.Preferences().StringList(recentKey)
	}
	return s.stringList(recentKey)
}

func (u *App) setRecentList(list []string) {
	s, ok := u.settings()
	if !ok {
		u.app.Preferences().SetStringList(recentKey, list)
		return
	}
	if err := s.setStringList(recentKey, list); err != nil {
		fyne.LogError("recent dossiers not saved", err)
	}
}
