package ui

import "os"

// removeIfEmpty deletes a file the save dialog created empty; a file with
// content is never touched.
func removeIfEmpty(path string) {
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		os.Remove(path)
	}
}
