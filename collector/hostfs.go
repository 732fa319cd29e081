package collector

import (
	"os"
	"path/filepath"
)

// hostFS locates the host's /proc and /sys. A containerised agent sees them
// mounted elsewhere and is told where by HOST_PROC and HOST_SYS, the same
// variables gopsutil honours, so every file this package reads itself goes
// through here.
type hostFS struct {
	proc string
	sys  string
}

func hostFSFromEnv() hostFS {
	return hostFS{proc: envOr("HOST_PROC", "/proc"), sys: envOr("HOST_SYS", "/sys")}
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

func (h hostFS) procPath(elem ...string) string {
	return filepath.Join(append([]string{h.proc}, elem...)...)
}

func (h hostFS) sysPath(elem ...string) string {
	return filepath.Join(append([]string{h.sys}, elem...)...)
}
