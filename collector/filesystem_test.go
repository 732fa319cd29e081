package collector

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFilesystemsAreReportedOncePerMountPoint(t *testing.T) {
	home := t.TempDir()
	logs := filepath.Join(home, "repository", "logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(home, "missing")
	c := newTestCollector(t, Target{Node: "gw", CarbonHome: home, Paths: []string{home, logs, missing}})

	series := scrapeSeries(t, c)

	var sizes []string
	for key, value := range series {
		if !strings.HasPrefix(key, "wso2_host_filesystem_size_bytes{") {
			continue
		}
		sizes = append(sizes, key)
		if value <= 0 {
			t.Errorf("%s = %v, want > 0", key, value)
		}
		free := strings.Replace(key, "size_bytes", "free_bytes", 1)
		if freeBytes := requireSeries(t, series, free); freeBytes > value {
			t.Errorf("%s = %v exceeds the size %v", free, freeBytes, value)
		}
	}
	if len(sizes) != 1 || !strings.Contains(sizes[0], `path="`+home+`"`) {
		t.Errorf("want one filesystem, for %s (its log dir shares it): %v", home, sizes)
	}
	if success := requireSeries(t, series, `apimwatch_collector_success{collector="filesystem",node="gw"}`); success != 0 {
		t.Errorf("filesystem success = %v with %s missing, want 0", success, missing)
	}
}

func TestMountPointOf(t *testing.T) {
	if got, err := mountPointOf("/"); err != nil || got != "/" {
		t.Errorf("mountPointOf(/) = %q, %v", got, err)
	}
	dir := t.TempDir()
	got, err := mountPointOf(dir)
	if err != nil || !strings.HasPrefix(dir, got) {
		t.Errorf("mountPointOf(%s) = %q, %v; want a prefix of it", dir, got, err)
	}
}
