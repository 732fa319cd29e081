package collector

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestRealJVMPerfData runs the stand-in bootstrap under G1, Parallel and Serial GC,
// allocating enough garbage for collections to happen before it writes its
// pid file, and checks the perf-data metrics against the JVM's -Xmx, against
// each other and against jstat, which reads the same counters with the JDK's
// own code.
func TestRealJVMPerfData(t *testing.T) {
	requireTools(t, "jstat")
	for _, tc := range []struct {
		name, option string
		// sharedRegions: G1's generations share one pool of regions, so each
		// may grow to the whole heap; other collectors split it.
		sharedRegions bool
	}{
		{"G1", "-XX:+UseG1GC", true},
		{"Parallel", "-XX:+UseParallelGC", false},
		{"Serial", "-XX:+UseSerialGC", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			c := newTestCollector(t, Target{Node: "gw-1", CarbonHome: home})
			started := time.Now()
			jvm := startJVM(t, home, tc.option, "-Dtest.garbage.mib=256")
			waitForPIDFile(t, home, jvm)
			waitUntilReported(t, c, "gw-1", jvm.Process.Pid)

			// The JVM counts a pause before it adds the pause's time.
			var series map[string]float64
			eventually(t, jvmWait, "perf data with a collection and its time", func() bool {
				series = scrapeSeries(t, c)
				return series[`wso2_jvm_perfdata_up{node="gw-1"}`] == 1 &&
					sumSeries(series, "wso2_jvm_gc_collections_total") > 0 &&
					sumSeries(series, "wso2_jvm_gc_collection_seconds_total") > 0
			})
			checkPerfDataHeap(t, series, tc.sharedRegions)
			checkPerfDataRest(t, series, started)
			if success := requireSeries(t, series, `apimwatch_collector_success{collector="jvm",node="gw-1"}`); success != 1 {
				t.Errorf("jvm success = %v, want 1", success)
			}
			for key := range series {
				if strings.HasPrefix(key, "wso2_jvm_perfdata_unavailable{") {
					t.Errorf("%s while the perf data is read", key)
				}
			}
			compareWithJstat(t, c, jvm.Process.Pid)

			problems, err := testutil.CollectAndLint(c)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("promlint: %s: %s", p.Metric, p.Text)
			}
		})
	}
}

func checkPerfDataHeap(t *testing.T, series map[string]float64, sharedRegions bool) {
	t.Helper()
	used := requireSeries(t, series, `wso2_jvm_heap_used_bytes{node="gw-1"}`)
	committed := requireSeries(t, series, `wso2_jvm_heap_committed_bytes{node="gw-1"}`)
	effectiveMax := requireSeries(t, series, `wso2_jvm_heap_effective_max_bytes{node="gw-1"}`)
	xmx := requireSeries(t, series, `wso2_jvm_heap_max_bytes{node="gw-1"}`)
	// G1 pads each capacity by 8 bytes (see hsperf.JVMStats.Heap).
	if effectiveMax < xmx || effectiveMax > xmx+1024 {
		t.Errorf("wso2_jvm_heap_effective_max_bytes = %v, want -Xmx %v (+ at most 1 KiB)", effectiveMax, xmx)
	}
	if used <= 0 || used > committed || committed > effectiveMax {
		t.Errorf("heap used %v, committed %v, max %v: want 0 < used <= committed <= max", used, committed, effectiveMax)
	}
	if got := sumSeries(series, "wso2_jvm_heap_generation_used_bytes"); got != used {
		t.Errorf("generations use %v bytes, the heap %v", got, used)
	}
	if got := sumSeries(series, "wso2_jvm_heap_space_used_bytes"); got != used {
		t.Errorf("spaces use %v bytes, the heap %v", got, used)
	}
	generationMax := seriesOf(series, "wso2_jvm_heap_generation_max_bytes")
	if len(generationMax) < 2 {
		t.Fatalf("want a young and an old generation, got %v", generationMax)
	}
	if sharedRegions {
		for key, value := range generationMax {
			if value <= 0 || value > effectiveMax {
				t.Errorf("%s = %v, want each generation's max within the heap's %v", key, value, effectiveMax)
			}
		}
	} else if got := sumSeries(series, "wso2_jvm_heap_generation_max_bytes"); got != effectiveMax {
		t.Errorf("the generations' maxima add up to %v, the heap's is %v", got, effectiveMax)
	}
	metaUsed := requireSeries(t, series, `wso2_jvm_metaspace_used_bytes{node="gw-1"}`)
	if metaCommitted := requireSeries(t, series, `wso2_jvm_metaspace_committed_bytes{node="gw-1"}`); metaUsed <= 0 || metaUsed > metaCommitted {
		t.Errorf("metaspace used %v, committed %v", metaUsed, metaCommitted)
	}
}

func checkPerfDataRest(t *testing.T, series map[string]float64, started time.Time) {
	t.Helper()
	live := requireSeries(t, series, `wso2_jvm_threads_live{node="gw-1"}`)
	daemon := requireSeries(t, series, `wso2_jvm_threads_daemon{node="gw-1"}`)
	peak := requireSeries(t, series, `wso2_jvm_threads_peak{node="gw-1"}`)
	if live <= 0 || daemon > live || live > peak {
		t.Errorf("threads live %v, daemon %v, peak %v: want 0 < live, daemon <= live <= peak", live, daemon, peak)
	}
	if loaded := requireSeries(t, series, `wso2_jvm_classes_loaded{node="gw-1"}`); loaded <= 100 {
		t.Errorf("wso2_jvm_classes_loaded = %v, want the hundreds a JVM loads to start", loaded)
	}
	collections := sumSeries(series, "wso2_jvm_gc_collections_total")
	if safepoints := requireSeries(t, series, `wso2_jvm_safepoints_total{node="gw-1"}`); safepoints < collections {
		t.Errorf("%v safepoints for %v collections: every pause is a safepoint", safepoints, collections)
	}
	uptime := requireSeries(t, series, `wso2_jvm_uptime_seconds{node="gw-1"}`)
	if elapsed := time.Since(started).Seconds(); uptime <= 0 || uptime > elapsed {
		t.Errorf("wso2_jvm_uptime_seconds = %v, want within the %.1f s since java was started", uptime, elapsed)
	}
}

// compareWithJstat checks the heap's spaces, metaspace, collections and
// collection time against `jstat -gc`, read between two scrapes: each of
// its columns must lie between the two scrapes' figures, give or take its
// rounding (KB to one decimal, seconds to three).
func compareWithJstat(t *testing.T, c *Collector, pid int) {
	t.Helper()
	before := jstatView(t, scrapeSeries(t, c))
	gc := jstatGC(t, pid)
	after := jstatView(t, scrapeSeries(t, c))

	// The collectors' columns: "-" (left out) for one a collector lacks.
	gc["GC"] = gc["YGC"] + gc["FGC"] + gc["CGC"]
	for column, tolerance := range map[string]float64{
		"S0C": 0.051, "S1C": 0.051, "S0U": 0.051, "S1U": 0.051, "EC": 0.051, "EU": 0.051,
		"OC": 0.051, "OU": 0.051, "MC": 0.051, "MU": 0.051, "GC": 0, "GCT": 0.0011,
	} {
		want, ok := gc[column]
		if !ok {
			t.Errorf("jstat -gc printed no %s", column)
			continue
		}
		low, high := min(before[column], after[column]), max(before[column], after[column])
		if want < low-tolerance || want > high+tolerance {
			t.Errorf("jstat %s = %v, the scrapes around it %v and %v", column, want, before[column], after[column])
		}
	}
}

// jstatView expresses a scrape in the columns and units (KB, seconds) of
// `jstat -gc`: E, S0 and S1 for the young generation's eden and survivors,
// O for the old generation, GC for all the collections.
func jstatView(t *testing.T, series map[string]float64) map[string]float64 {
	t.Helper()
	view := map[string]float64{
		"MC":  requireSeries(t, series, `wso2_jvm_metaspace_committed_bytes{node="gw-1"}`) / 1024,
		"MU":  requireSeries(t, series, `wso2_jvm_metaspace_used_bytes{node="gw-1"}`) / 1024,
		"GC":  sumSeries(series, "wso2_jvm_gc_collections_total"),
		"GCT": sumSeries(series, "wso2_jvm_gc_collection_seconds_total"),
	}
	for suffix, metric := range map[string]string{"U": "wso2_jvm_heap_space_used_bytes", "C": "wso2_jvm_heap_space_committed_bytes"} {
		spaces := seriesOf(series, metric)
		if len(spaces) < 4 {
			t.Fatalf("%s: want eden, s0, s1 and the old space, got %v", metric, spaces)
		}
		for key, value := range spaces {
			var column string
			switch {
			case strings.Contains(key, `generation="old"`):
				column = "O"
			case strings.Contains(key, `space="eden"`):
				column = "E"
			case strings.Contains(key, `space="s0"`):
				column = "S0"
			case strings.Contains(key, `space="s1"`):
				column = "S1"
			default:
				t.Fatalf("%s is none of the spaces jstat shows", key)
			}
			view[column+suffix] += value / 1024
		}
	}
	return view
}

// jstatGC runs `jstat -gc pid` and returns its columns; "-" (a collector
// that lacks the figure) is left out.
func jstatGC(t *testing.T, pid int) map[string]float64 {
	t.Helper()
	out, err := exec.Command("jstat", "-gc", strconv.Itoa(pid)).CombinedOutput()
	if err != nil {
		t.Fatalf("jstat -gc: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		t.Fatalf("jstat -gc printed %q, want a header and a line", out)
	}
	header, values := strings.Fields(lines[0]), strings.Fields(lines[1])
	if len(header) != len(values) {
		t.Fatalf("jstat -gc printed %q: columns and values differ", out)
	}
	columns := map[string]float64{}
	for i, name := range header {
		if values[i] == "-" {
			continue
		}
		value, err := strconv.ParseFloat(values[i], 64)
		if err != nil {
			t.Fatalf("jstat -gc column %s = %q: %v", name, values[i], err)
		}
		columns[name] = value
	}
	return columns
}

// TestRealJVMWithoutPerfData: a JVM started with -XX:-UsePerfData is
// reported as such at every scrape and logged once; the jvm unit still
// succeeds. Its replacement with perf data is logged once as a recovery.
func TestRealJVMWithoutPerfData(t *testing.T) {
	home := t.TempDir()
	core, logs := observer.New(zapcore.InfoLevel)
	c := New(zap.New(core), []Target{{Node: "gw-1", CarbonHome: home}})
	c.scanInterval = 100 * time.Millisecond

	off := startJVM(t, home, "-XX:-UsePerfData")
	waitForPIDFile(t, home, off)
	waitUntilReported(t, c, "gw-1", off.Process.Pid)
	checkUnavailableAndLoggedOnce(t, c, logs, perfDataDisabled)

	stopJVM(off)
	on := startJVM(t, home)
	waitForPIDFile(t, home, on)
	waitUntilReported(t, c, "gw-1", on.Process.Pid)
	for range 3 {
		checkPerfDataState(t, scrapeSeries(t, c), "gw-1", "")
	}
	if got := logs.FilterMessageSnippet("perf data again").Len(); got != 1 {
		t.Errorf("%d recovery lines, want 1:\n%v", got, logs.All())
	}
	if got := logs.FilterMessageSnippet("cannot read the JVM's perf data").Len(); got != 1 {
		t.Errorf("%d warnings in all, want still 1:\n%v", got, logs.All())
	}
}

// TestRealJVMWithALeftoverPerfDataFile: a JVM killed without cleaning up
// left its perf-data file, and the JVM now running under its pid has perf
// data turned off where the agent cannot see it (JAVA_TOOL_OPTIONS). The
// agent must not report the dead JVM's frozen figures as this one's: it says
// "stale" at every scrape, logs it once, and leaves the heap metrics out.
func TestRealJVMWithALeftoverPerfDataFile(t *testing.T) {
	seed, err := os.ReadFile(seedPerfData)
	if err != nil {
		t.Fatal(err)
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	core, logs := observer.New(zapcore.InfoLevel)
	c := New(zap.New(core), []Target{{Node: "gw-1", CarbonHome: home}})
	t.Setenv("JAVA_TOOL_OPTIONS", "-XX:-UsePerfData")
	jvm := startJVM(t, home)
	dir := filepath.Join("/tmp", "hsperfdata_"+me.Username)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	leftover := filepath.Join(dir, strconv.Itoa(jvm.Process.Pid))
	if err := os.WriteFile(leftover, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(leftover) })
	waitForPIDFile(t, home, jvm)
	waitUntilReported(t, c, "gw-1", jvm.Process.Pid)

	checkUnavailableAndLoggedOnce(t, c, logs, perfDataStale)
}

// checkUnavailableAndLoggedOnce scrapes gw-1 three times: each must report
// reason, and the log must have one warning, for that reason.
func checkUnavailableAndLoggedOnce(t *testing.T, c *Collector, logs *observer.ObservedLogs, reason string) {
	t.Helper()
	for range 3 {
		checkPerfDataState(t, scrapeSeries(t, c), "gw-1", reason)
	}
	warnings := logs.FilterMessageSnippet("cannot read the JVM's perf data")
	if warnings.Len() != 1 || warnings.FilterField(zap.String("reason", reason)).Len() != 1 {
		t.Errorf("want one warning with reason %s over 3 scrapes, got:\n%v", reason, warnings.All())
	}
}

// seriesOf returns the series of one metric.
func seriesOf(series map[string]float64, name string) map[string]float64 {
	found := map[string]float64{}
	for key, value := range series {
		if strings.HasPrefix(key, name+"{") {
			found[key] = value
		}
	}
	return found
}

// sumSeries adds up the series of one metric.
func sumSeries(series map[string]float64, name string) float64 {
	total := 0.0
	for _, value := range seriesOf(series, name) {
		total += value
	}
	return total
}
