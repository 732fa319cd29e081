package standin

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCheckOwnDirectory: the stand-in writes its perf-data file only in a directory of its own
// user that no one else can write to, never through a symbolic link.
func TestCheckOwnDirectory(t *testing.T) {
	base := t.TempDir()
	own, open, link := filepath.Join(base, "own"), filepath.Join(base, "open"), filepath.Join(base, "link")
	for _, dir := range []string{own, open} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(own, link); err != nil {
		t.Fatal(err)
	}
	if err := checkOwnDirectory(own); err != nil {
		t.Errorf("%s: %v", own, err)
	}
	for _, dir := range []string{open, link, filepath.Join(base, "missing")} {
		if err := checkOwnDirectory(dir); err == nil {
			t.Errorf("%s accepted", dir)
		}
	}
}
