package collector

import (
	"path/filepath"
	"testing"
)

// fakeHost builds a /proc and /sys tree in a temporary directory and points
// HOST_PROC and HOST_SYS at it, for gopsutil and this package alike.
func fakeHost(t *testing.T, proc, sys map[string]string) (procRoot, sysRoot string) {
	t.Helper()
	root := t.TempDir()
	procRoot, sysRoot = filepath.Join(root, "proc"), filepath.Join(root, "sys")
	writeFiles(t, procRoot, proc)
	writeFiles(t, sysRoot, sys)
	t.Setenv("HOST_PROC", procRoot)
	t.Setenv("HOST_SYS", sysRoot)
	return procRoot, sysRoot
}

// hostProcFixture is a quiet host: one CPU line in USER_HZ ticks, memory and
// load, booted at 1700000000.
var hostProcFixture = map[string]string{
	"stat": "cpu  1000 200 300 40000 50 6 7 8 0 0\ncpu0 1000 200 300 40000 50 6 7 8 0 0\nbtime 1700000000\n",
	"meminfo": "MemTotal:        8000000 kB\nMemFree:         1000000 kB\nMemAvailable:    6000000 kB\n" +
		"Buffers:          100000 kB\nCached:          2000000 kB\nSwapTotal:       2000000 kB\nSwapFree:        1500000 kB\n",
	"loadavg": "0.50 0.25 0.10 1/300 4242\n",
}

func withFiles(base map[string]string, extra map[string]string) map[string]string {
	merged := map[string]string{}
	for path, content := range base {
		merged[path] = content
	}
	for path, content := range extra {
		merged[path] = content
	}
	return merged
}
