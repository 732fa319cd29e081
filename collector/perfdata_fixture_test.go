package collector

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/apimwatch/apimwatch/hsperf"
)

// seedPerfData is a perf-data file a G1 JVM (JDK 17, -Xmx128m) wrote after
// two young collections, kept by package hsperf for its own tests.
const seedPerfData = "../hsperf/testdata/g1.hsperf"

// fakePerfDataJVM is fakeJVMProc's process 4242 running as uid 1001 in a
// container: its perf-data file is seedPerfData under its own root, in the
// directory of a user the host does not know, and it maps the file as
// HotSpot does (named in its maps by its path in the container).
func fakePerfDataJVM(t *testing.T) (procRoot string, target Target, perfFile string) {
	t.Helper()
	procRoot, target = fakeJVMProc(t)
	seed, err := os.ReadFile(seedPerfData)
	if err != nil {
		t.Fatal(err)
	}
	perfFile = filepath.Join(procRoot, "4242", "root", "tmp", "hsperfdata_wso2", "4242")
	writeFiles(t, procRoot, map[string]string{
		"4242/status":                        "Name:\tjava\nUid:\t1000\t1001\t1001\t1001\nGid:\t1001\t1001\t1001\t1001\nNSpid:\t4242\n",
		"4242/root/tmp/hsperfdata_wso2/4242": string(seed),
		"4242/maps":                          leftoverMaps + "7f0f7bc4f000-7f0f7bc57000 rw-s 00000000 00:28 9988098 /tmp/hsperfdata_wso2/4242\n",
	})
	return procRoot, target, perfFile
}

// TestPerfDataMetricsFromFile checks every perf-data metric against the
// seed file's counters (see hsperf's TestSeedFile), converted to bytes and
// seconds.
func TestPerfDataMetricsFromFile(t *testing.T) {
	_, target, _ := fakePerfDataJVM(t)
	c := newTestCollector(t, target)

	want := `
# HELP wso2_jvm_perfdata_up 1 when the JVM's perf-data file (/tmp/hsperfdata_<user>/<pid>) was read in this scrape, 0 when not; wso2_jvm_perfdata_unavailable says why.
# TYPE wso2_jvm_perfdata_up gauge
wso2_jvm_perfdata_up{node="cp-1"} 1
# HELP wso2_jvm_heap_used_bytes Heap in use, all generations, from the JVM's perf data.
# TYPE wso2_jvm_heap_used_bytes gauge
wso2_jvm_heap_used_bytes{node="cp-1"} 1214168
# HELP wso2_jvm_heap_committed_bytes Heap committed from the operating system, all generations, from the JVM's perf data.
# TYPE wso2_jvm_heap_committed_bytes gauge
wso2_jvm_heap_committed_bytes{node="cp-1"} 134217760
# HELP wso2_jvm_heap_effective_max_bytes Most the heap may grow to, as the JVM sizes it (-Xmx, or its default without it), from the JVM's perf data.
# TYPE wso2_jvm_heap_effective_max_bytes gauge
wso2_jvm_heap_effective_max_bytes{node="cp-1"} 134217760
# HELP wso2_jvm_heap_generation_used_bytes Heap in use in one generation, from the JVM's perf data.
# TYPE wso2_jvm_heap_generation_used_bytes gauge
wso2_jvm_heap_generation_used_bytes{generation="young",node="cp-1"} 243416
wso2_jvm_heap_generation_used_bytes{generation="old",node="cp-1"} 970752
# HELP wso2_jvm_heap_generation_committed_bytes Heap committed to one generation, from the JVM's perf data.
# TYPE wso2_jvm_heap_generation_committed_bytes gauge
wso2_jvm_heap_generation_committed_bytes{generation="young",node="cp-1"} 83886104
wso2_jvm_heap_generation_committed_bytes{generation="old",node="cp-1"} 50331656
# HELP wso2_jvm_heap_generation_max_bytes Most one generation may grow to, from the JVM's perf data; under G1 every generation may take the whole heap.
# TYPE wso2_jvm_heap_generation_max_bytes gauge
wso2_jvm_heap_generation_max_bytes{generation="young",node="cp-1"} 134217752
wso2_jvm_heap_generation_max_bytes{generation="old",node="cp-1"} 134217736
# HELP wso2_jvm_heap_space_used_bytes Heap in use in one space of a generation (eden, survivor s0/s1, old), from the JVM's perf data.
# TYPE wso2_jvm_heap_space_used_bytes gauge
wso2_jvm_heap_space_used_bytes{generation="young",node="cp-1",space="eden"} 0
wso2_jvm_heap_space_used_bytes{generation="young",node="cp-1",space="s0"} 0
wso2_jvm_heap_space_used_bytes{generation="young",node="cp-1",space="s1"} 243416
wso2_jvm_heap_space_used_bytes{generation="old",node="cp-1",space="space"} 970752
# HELP wso2_jvm_heap_space_committed_bytes Heap committed to one space of a generation, from the JVM's perf data.
# TYPE wso2_jvm_heap_space_committed_bytes gauge
wso2_jvm_heap_space_committed_bytes{generation="young",node="cp-1",space="eden"} 82837512
wso2_jvm_heap_space_committed_bytes{generation="young",node="cp-1",space="s0"} 8
wso2_jvm_heap_space_committed_bytes{generation="young",node="cp-1",space="s1"} 1048584
wso2_jvm_heap_space_committed_bytes{generation="old",node="cp-1",space="space"} 50331656
# HELP wso2_jvm_heap_space_max_bytes Most one space of a generation may grow to, from the JVM's perf data; under G1 the spaces share the heap's regions, so their maxima do not add up to the heap's.
# TYPE wso2_jvm_heap_space_max_bytes gauge
wso2_jvm_heap_space_max_bytes{generation="young",node="cp-1",space="eden"} 134217736
wso2_jvm_heap_space_max_bytes{generation="young",node="cp-1",space="s0"} 8
wso2_jvm_heap_space_max_bytes{generation="young",node="cp-1",space="s1"} 134217736
wso2_jvm_heap_space_max_bytes{generation="old",node="cp-1",space="space"} 134217736
# HELP wso2_jvm_metaspace_used_bytes Metaspace in use (class metadata), from the JVM's perf data.
# TYPE wso2_jvm_metaspace_used_bytes gauge
wso2_jvm_metaspace_used_bytes{node="cp-1"} 196080
# HELP wso2_jvm_metaspace_committed_bytes Metaspace committed, from the JVM's perf data.
# TYPE wso2_jvm_metaspace_committed_bytes gauge
wso2_jvm_metaspace_committed_bytes{node="cp-1"} 393216
# HELP wso2_jvm_metaspace_max_bytes Most metaspace may grow to (-XX:MaxMetaspaceSize, else the space the JVM reserved), from the JVM's perf data.
# TYPE wso2_jvm_metaspace_max_bytes gauge
wso2_jvm_metaspace_max_bytes{node="cp-1"} 1140850688
# HELP wso2_jvm_compressed_class_space_used_bytes Compressed class space in use, the part of metaspace holding class structures, from the JVM's perf data.
# TYPE wso2_jvm_compressed_class_space_used_bytes gauge
wso2_jvm_compressed_class_space_used_bytes{node="cp-1"} 9152
# HELP wso2_jvm_compressed_class_space_committed_bytes Compressed class space committed, from the JVM's perf data.
# TYPE wso2_jvm_compressed_class_space_committed_bytes gauge
wso2_jvm_compressed_class_space_committed_bytes{node="cp-1"} 131072
# HELP wso2_jvm_compressed_class_space_max_bytes Most the compressed class space may grow to (-XX:CompressedClassSpaceSize), from the JVM's perf data.
# TYPE wso2_jvm_compressed_class_space_max_bytes gauge
wso2_jvm_compressed_class_space_max_bytes{node="cp-1"} 1073741824
# HELP wso2_jvm_gc_collections_total Collections (pauses) of one of the JVM's garbage collectors, from the JVM's perf data.
# TYPE wso2_jvm_gc_collections_total counter
wso2_jvm_gc_collections_total{gc="G1 young collection pauses",node="cp-1"} 2
wso2_jvm_gc_collections_total{gc="G1 full collection pauses",node="cp-1"} 0
wso2_jvm_gc_collections_total{gc="G1 concurrent cycle pauses",node="cp-1"} 0
# HELP wso2_jvm_gc_collection_seconds_total Seconds one of the JVM's garbage collectors spent in its collections, from the JVM's perf data.
# TYPE wso2_jvm_gc_collection_seconds_total counter
wso2_jvm_gc_collection_seconds_total{gc="G1 young collection pauses",node="cp-1"} 0.003894259
wso2_jvm_gc_collection_seconds_total{gc="G1 full collection pauses",node="cp-1"} 0
wso2_jvm_gc_collection_seconds_total{gc="G1 concurrent cycle pauses",node="cp-1"} 0
# HELP wso2_jvm_threads_live Live Java threads (not the JVM's own GC and compiler threads that wso2_jvm_threads counts too), from the JVM's perf data.
# TYPE wso2_jvm_threads_live gauge
wso2_jvm_threads_live{node="cp-1"} 7
# HELP wso2_jvm_threads_daemon Live Java daemon threads, from the JVM's perf data.
# TYPE wso2_jvm_threads_daemon gauge
wso2_jvm_threads_daemon{node="cp-1"} 6
# HELP wso2_jvm_threads_peak Most live Java threads at once since the JVM started, from the JVM's perf data.
# TYPE wso2_jvm_threads_peak gauge
wso2_jvm_threads_peak{node="cp-1"} 7
# HELP wso2_jvm_threads_started_total Java threads started since the JVM started, from the JVM's perf data.
# TYPE wso2_jvm_threads_started_total counter
wso2_jvm_threads_started_total{node="cp-1"} 7
# HELP wso2_jvm_classes_loaded Classes loaded now (loaded minus unloaded since the JVM started), from the JVM's perf data.
# TYPE wso2_jvm_classes_loaded gauge
wso2_jvm_classes_loaded{node="cp-1"} 504
# HELP wso2_jvm_classes_unloaded_total Classes unloaded since the JVM started, from the JVM's perf data.
# TYPE wso2_jvm_classes_unloaded_total counter
wso2_jvm_classes_unloaded_total{node="cp-1"} 0
# HELP wso2_jvm_safepoints_total Safepoints (stop-the-world pauses, collections among them) since the JVM started, from the JVM's perf data.
# TYPE wso2_jvm_safepoints_total counter
wso2_jvm_safepoints_total{node="cp-1"} 2
# HELP wso2_jvm_safepoint_seconds_total Seconds the JVM's threads were stopped at safepoints, from the JVM's perf data.
# TYPE wso2_jvm_safepoint_seconds_total counter
wso2_jvm_safepoint_seconds_total{node="cp-1"} 0.004127775
# HELP wso2_jvm_safepoint_sync_seconds_total Seconds spent bringing the threads to safepoints, from the JVM's perf data.
# TYPE wso2_jvm_safepoint_sync_seconds_total counter
wso2_jvm_safepoint_sync_seconds_total{node="cp-1"} 1.1197e-05
# HELP wso2_jvm_uptime_seconds Seconds since the JVM started, by the JVM's own clock, from its perf data.
# TYPE wso2_jvm_uptime_seconds gauge
wso2_jvm_uptime_seconds{node="cp-1"} 0.889501097
`
	var names []string
	for _, desc := range perfDataDescs {
		if desc != jvmPerfDataUnavailable {
			names = append(names, descName(desc))
		}
	}
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), names...); err != nil {
		t.Fatal(err)
	}
	if n := testutil.CollectAndCount(c, "wso2_jvm_perfdata_unavailable"); n != 0 {
		t.Errorf("wso2_jvm_perfdata_unavailable: %d series, want none while the file is read", n)
	}
}

// descName is the metric name in a Desc's String().
func descName(desc interface{ String() string }) string {
	name, _, _ := strings.Cut(strings.TrimPrefix(desc.String(), `Desc{fqName: "`), `"`)
	return name
}

// TestPerfDataStatesAreLoggedOncePerReason walks one JVM through a readable
// file, a damaged one, one the JVM has not finished, and back: each reason
// shows in the metric at every scrape and in the log once, the jvm unit
// keeps succeeding, and a file that comes back is read again although its
// path was known.
func TestPerfDataStatesAreLoggedOncePerReason(t *testing.T) {
	_, target, perfFile := fakePerfDataJVM(t)
	seed, err := os.ReadFile(perfFile)
	if err != nil {
		t.Fatal(err)
	}
	notReady := append([]byte{}, seed...)
	notReady[7] = 0 // the prologue's accessible flag
	core, logs := observer.New(zapcore.InfoLevel)
	c := New(zap.New(core), []Target{target})

	for _, step := range []struct {
		content []byte
		reason  string // "" when read
	}{
		{seed, ""},
		{seed[:100], perfDataCorrupt},
		{notReady, perfDataNotReady},
		{seed, ""},
	} {
		if err := os.WriteFile(perfFile, step.content, 0o644); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			checkPerfDataState(t, scrapeSeries(t, c), "cp-1", step.reason)
		}
	}
	warnings := logs.FilterMessageSnippet("cannot read the JVM's perf data")
	if warnings.Len() != 2 || warnings.FilterField(zap.String("reason", perfDataCorrupt)).Len() != 1 ||
		warnings.FilterField(zap.String("reason", perfDataNotReady)).Len() != 1 {
		t.Errorf("want one warning for corrupt and one for not_ready, got:\n%v", warnings.All())
	}
	if got := logs.FilterMessageSnippet("perf data again").Len(); got != 1 {
		t.Errorf("%d recovery lines, want 1:\n%v", got, logs.All())
	}
}

// TestPerfDataUnavailableReasons: a JVM without a readable file, for each
// reason the agent can tell from it.
func TestPerfDataUnavailableReasons(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, procRoot, perfFile string)
		reason string
	}{
		{"no file", func(t *testing.T, _, perfFile string) {
			removeFile(t, perfFile)
		}, perfDataMissing},
		{"no file, -XX:-UsePerfData", func(t *testing.T, procRoot, perfFile string) {
			removeFile(t, perfFile)
			cmdline := "/usr/bin/java\x00-XX:-UsePerfData\x00-Dcarbon.home=/opt/wso2am-4.2.0\x00" + bootstrapClass + "\x00"
			writeFiles(t, procRoot, map[string]string{"4242/cmdline": cmdline})
		}, perfDataDisabled},
		{"left by an earlier JVM", func(t *testing.T, procRoot, _ string) {
			writeFiles(t, procRoot, map[string]string{"4242/maps": leftoverMaps})
		}, perfDataStale},
		{"left by an earlier JVM, -XX:-UsePerfData", func(t *testing.T, procRoot, _ string) {
			cmdline := "/usr/bin/java\x00-XX:-UsePerfData\x00-Dcarbon.home=/opt/wso2am-4.2.0\x00" + bootstrapClass + "\x00"
			writeFiles(t, procRoot, map[string]string{"4242/maps": leftoverMaps, "4242/cmdline": cmdline})
		}, perfDataDisabled},
		{"no status", func(t *testing.T, procRoot, _ string) {
			removeFile(t, filepath.Join(procRoot, "4242", "status"))
		}, perfDataError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			procRoot, target, perfFile := fakePerfDataJVM(t)
			tc.change(t, procRoot, perfFile)
			checkPerfDataState(t, scrapeSeries(t, newTestCollector(t, target)), "cp-1", tc.reason)
		})
	}
}

// leftoverMaps are maps of a JVM without perf data: the file fakePerfDataJVM
// puts where it would keep its own was left by an earlier JVM with its pid.
const leftoverMaps = "55d4c0a00000-55d4c0a01000 r--p 00000000 00:00 0 \n" +
	"7f0f7bc60000-7f0f7bc61000 r-xp 00000000 fe:00 4711 /usr/lib/jvm/java-17/lib/server/libjvm.so\n"

func removeFile(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

// checkPerfDataState checks node's perf-data metrics for reason, "" when
// the file is read.
func checkPerfDataState(t *testing.T, series map[string]float64, node, reason string) {
	t.Helper()
	up := requireSeries(t, series, fmt.Sprintf(`wso2_jvm_perfdata_up{node=%q}`, node))
	unavailable := seriesOf(series, "wso2_jvm_perfdata_unavailable")
	_, heap := series[fmt.Sprintf(`wso2_jvm_heap_used_bytes{node=%q}`, node)]
	if reason == "" {
		if up != 1 || len(unavailable) != 0 || !heap {
			t.Errorf("file readable: up %v, unavailable %v, heap reported %v; want 1, none, true", up, unavailable, heap)
		}
	} else {
		want := fmt.Sprintf(`wso2_jvm_perfdata_unavailable{node=%q,reason=%q}`, node, reason)
		if up != 0 || len(unavailable) != 1 || unavailable[want] != 1 || heap {
			t.Errorf("reason %s: up %v, unavailable %v, heap reported %v; want 0, %s 1, false", reason, up, unavailable, heap, want)
		}
	}
	if success := requireSeries(t, series, fmt.Sprintf(`apimwatch_collector_success{collector="jvm",node=%q}`, node)); success != 1 {
		t.Errorf("jvm success = %v: the perf data's state is not a failed read of the unit", success)
	}
}

// A refused file cannot be made as root, which reads any file, so the
// classification of hsperf's errors is checked on the errors themselves
// (hsperf's TestLocateAsAnotherUser produces a real refusal).
func TestPerfDataReason(t *testing.T) {
	off := jvmCommandLine{noPerfData: true}
	for _, tc := range []struct {
		err  error
		cmd  jvmCommandLine
		want string
	}{
		{fmt.Errorf("%w: pid 1", hsperf.ErrNoPerfData), jvmCommandLine{}, perfDataMissing},
		{fmt.Errorf("%w: pid 1", hsperf.ErrNoPerfData), off, perfDataDisabled},
		{fmt.Errorf("%w: pid 1: %w", hsperf.ErrPermission, os.ErrPermission), jvmCommandLine{}, perfDataPermission},
		{fmt.Errorf("%w: pid 1: %w", hsperf.ErrPermission, os.ErrPermission), off, perfDataPermission},
		{fmt.Errorf("%w: pid 1", hsperf.ErrStale), jvmCommandLine{}, perfDataStale},
		{fmt.Errorf("%w: pid 1", hsperf.ErrStale), off, perfDataDisabled},
		{hsperf.ErrNotAccessible, jvmCommandLine{}, perfDataNotReady},
		{fmt.Errorf("reading x: %w: bad magic", hsperf.ErrFormat), jvmCommandLine{}, perfDataCorrupt},
		{errors.New("reading the JVM's uid: no such process"), jvmCommandLine{}, perfDataError},
	} {
		if got := perfDataReason(tc.err, tc.cmd); got != tc.want {
			t.Errorf("perfDataReason(%v, noPerfData %v) = %s, want %s", tc.err, tc.cmd.noPerfData, got, tc.want)
		}
		if perfDataHints[tc.want] == "" {
			t.Errorf("no hint for reason %s", tc.want)
		}
	}
}

func TestLabelValuesAreValidAndUnique(t *testing.T) {
	seen := labelValues{}
	got := []string{
		seen.unique("eden", "space", 0),
		seen.unique("eden", "space", 1),
		seen.unique("", "space", 2),
		seen.unique("space_4", "space", 3),
		seen.unique("", "space", 4),
		seen.unique("bad\xffname", "space", 5),
		seen.unique(strings.Repeat("x", 200), "space", 6),
	}
	want := []string{"eden", "space_1", "space_2", "space_4", "space_4_", "bad?name", strings.Repeat("x", maxLabelValue)}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("name %d became %q, want %q", i, got[i], want[i])
		}
		if !utf8.ValidString(got[i]) {
			t.Errorf("%q is not UTF-8", got[i])
		}
	}
}
