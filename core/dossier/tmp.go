package dossier

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/certidepot/certidepot/core/store"
)

// Holder data must not linger in the system's shared temporary folder:
// what a library needs to unpack (a large sheet) goes to a private folder
// of this process (0700), removed when the process ends, and removed at
// the next start of Certidépôt when a killed process could not.

var (
	tmpOnce sync.Once
	tmpDir  string
)

// tmpRoot is the parent of every process's private folder.
func tmpRoot() string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "certidepot", "tmp")
}

// PrivateTempDir returns this process's private temporary folder, made on
// first use; folders left by processes that are gone are removed then.
// "" when none can be made (the libraries then use the system's).
func PrivateTempDir() string {
	tmpOnce.Do(func() {
		root := tmpRoot()
		if err := os.MkdirAll(root, 0o700); err != nil {
			return
		}
		removeStaleTempDirs(root)
		dir := filepath.Join(root, strconv.Itoa(os.Getpid()))
		os.RemoveAll(dir) // a previous process with the same number
		if err := os.Mkdir(dir, 0o700); err == nil {
			tmpDir = dir
		}
	})
	return tmpDir
}

// RemoveStaleTempDirs removes the private folders of processes that are
// gone (killed before they could): the programs call it when they start,
// so that a killed import leaves its unpacked sheet no longer than that.
func RemoveStaleTempDirs() { removeStaleTempDirs(tmpRoot()) }

// RemovePrivateTempDir removes this process's private folder: the
// programs call it when they end.
func RemovePrivateTempDir() {
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
}

// removeStaleTempDirs removes the folders of processes that no longer run.
func removeStaleTempDirs(root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(strings.TrimSpace(e.Name()))
		if err != nil || pid == os.Getpid() {
			continue
		}
		if !store.ProcessAlive(pid) {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}
