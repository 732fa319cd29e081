package logwatch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
)

func testOptions(stateDir string) Options {
	return Options{
		StateDir: stateDir, MaxLineBytes: 64 << 10, PollInterval: 10 * time.Millisecond,
		IdleClose: 20 * time.Millisecond, Location: time.UTC, MaxExceptionClasses: 50, RecentErrors: 5,
	}
}

func appendLines(t *testing.T, path string, lines ...string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(strings.Join(lines, "\n") + "\n"); err != nil {
		t.Fatal(err)
	}
}

func carbonError(i int) string {
	return fmt.Sprintf("TID: [-1234] [] [2026-11-22 10:00:%02d,000] ERROR {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} - Error deploying api-%d in Gateway", i%60, i)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestWatcherCountsAcrossRotationAndRestart follows a real file through a log4j2 rename
// rollover and an agent restart (checkpoint), and counts every record exactly once.
func TestWatcherCountsAcrossRotationAndRestart(t *testing.T) {
	dir, state := t.TempDir(), t.TempDir()
	live := filepath.Join(dir, "wso2carbon.log")
	appendLines(t, live, carbonError(0)) // before the agent starts: not counted (start at end)
	nodes := []Node{{Name: "cp1", Files: []File{{Path: live}}}}

	reg := prometheus.NewPedanticRegistry()
	w := New(zap.NewNop(), reg)
	w.Apply(testOptions(state), nodes)
	errors := w.metrics.records.WithLabelValues("cp1", "wso2carbon.log", "ERROR")
	f3 := w.metrics.signatureRecords.WithLabelValues("cp1", "F3")

	time.Sleep(50 * time.Millisecond) // let the first poll find the file and seek to its end
	appendLines(t, live, carbonError(1), carbonError(2))
	waitFor(t, "two records", func() bool { return testutil.ToFloat64(errors) == 2 })

	if err := os.Rename(live, filepath.Join(dir, "wso2carbon-11-22-2026-1.log")); err != nil {
		t.Fatal(err)
	}
	appendLines(t, live, carbonError(3))
	waitFor(t, "the record after the rollover", func() bool { return testutil.ToFloat64(errors) == 3 })

	w.Stop()                                             // checkpoints
	appendLines(t, live, carbonError(4), carbonError(5)) // written while the agent is down
	w2 := New(zap.NewNop(), prometheus.NewRegistry())
	w2.Apply(testOptions(state), nodes)
	defer w2.Stop()
	errors2 := w2.metrics.records.WithLabelValues("cp1", "wso2carbon.log", "ERROR")
	waitFor(t, "the records written while the agent was down", func() bool { return testutil.ToFloat64(errors2) == 2 })
	time.Sleep(100 * time.Millisecond)
	if got := testutil.ToFloat64(errors2); got != 2 {
		t.Errorf("after the restart: %v records, want exactly 2 (no duplicate)", got)
	}
	if got := testutil.ToFloat64(f3); got != 3 {
		t.Errorf("F3 before the restart: %v, want 3", got)
	}

	problems, err := testutil.GatherAndLint(reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

func TestWatcherExportsFileStats(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "wso2carbon.log")
	appendLines(t, live, "")
	reg := prometheus.NewPedanticRegistry()
	w := New(zap.NewNop(), reg)
	w.Apply(testOptions(""), []Node{{Name: "cp1", Files: []File{{Path: live}}}})
	defer w.Stop()
	time.Sleep(50 * time.Millisecond)
	appendLines(t, live, carbonError(1), "\tat a.B.c(B.java:1)")
	want := `
# HELP wso2_log_lines_total Complete lines read from the log file since the agent started.
# TYPE wso2_log_lines_total counter
wso2_log_lines_total{file="wso2carbon.log",node="cp1"} 2
# HELP wso2_log_file_following 1 while the file is open and being read, 0 while it cannot be (missing, unreadable).
# TYPE wso2_log_file_following gauge
wso2_log_file_following{file="wso2carbon.log",node="cp1"} 1
`
	waitFor(t, "two lines", func() bool {
		return testutil.GatherAndCompare(reg, strings.NewReader(want), "wso2_log_lines_total", "wso2_log_file_following") == nil
	})
}

// TestWatcherWithoutStateDirStillFollows: checkpoints that cannot be kept cost a resume, not
// the node's log metrics.
func TestWatcherWithoutStateDirStillFollows(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "wso2carbon.log")
	appendLines(t, live, "")
	notADir := filepath.Join(dir, "file")
	appendLines(t, notADir, "x")
	w := New(zap.NewNop(), prometheus.NewRegistry())
	w.Apply(testOptions(filepath.Join(notADir, "state")), []Node{{Name: "cp1", Files: []File{{Path: live}}}})
	defer w.Stop()
	time.Sleep(50 * time.Millisecond)
	appendLines(t, live, carbonError(1))
	errors := w.metrics.records.WithLabelValues("cp1", "wso2carbon.log", "ERROR")
	waitFor(t, "the record", func() bool { return testutil.ToFloat64(errors) == 1 })
}

// TestFilesWithTheSameNameKeepTheirOwnSeries: a glob over two directories follows two
// wso2carbon.log files; the second is labelled by its path.
func TestFilesWithTheSameNameKeepTheirOwnSeries(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "a", "wso2carbon.log"), filepath.Join(root, "b", "wso2carbon.log")
	for _, p := range []string{a, b} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		appendLines(t, p, "")
	}
	reg := prometheus.NewPedanticRegistry()
	w := New(zap.NewNop(), reg)
	w.Apply(testOptions(""), []Node{{Name: "cp1", Files: []File{{Path: filepath.Join(root, "*", "wso2carbon.log")}}}})
	defer w.Stop()
	time.Sleep(50 * time.Millisecond)
	appendLines(t, a, carbonError(1))
	appendLines(t, b, carbonError(2), carbonError(3))
	waitFor(t, "both files' records", func() bool {
		samples, err := gatherOne(w.metrics.records)
		if err != nil {
			t.Fatal(err)
		}
		byFile := map[string]float64{}
		for _, s := range samples {
			byFile[s.labels["file"]] += s.value
		}
		return byFile["wso2carbon.log"]+byFile[b]+byFile[a] == 3 && len(byFile) == 2
	})
	if _, err := reg.Gather(); err != nil {
		t.Errorf("the per-file series must not collide: %v", err)
	}
}

// TestStopCompletesThePendingRecord: the last record of a file is counted when the agent stops
// before idle_close has passed.
func TestStopCompletesThePendingRecord(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "wso2carbon.log")
	appendLines(t, live, "")
	opts := testOptions("")
	opts.IdleClose = time.Hour
	w := New(zap.NewNop(), prometheus.NewRegistry())
	w.Apply(opts, []Node{{Name: "cp1", Files: []File{{Path: live}}}})
	time.Sleep(50 * time.Millisecond)
	appendLines(t, live, carbonError(1))
	lines := w.metrics.records.WithLabelValues("cp1", "wso2carbon.log", "ERROR")
	time.Sleep(100 * time.Millisecond)
	if v := testutil.ToFloat64(lines); v != 0 {
		t.Fatalf("the record is complete before idle_close: %v", v)
	}
	w.Stop()
	if v := testutil.ToFloat64(lines); v != 1 {
		t.Errorf("after Stop: %v records, want 1", v)
	}
}
