package collector

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// fakeJVMProc is process 4242, a Carbon JVM for /opt/wso2am-4.2.0, in a fake
// /proc. The cgroup v2 limits of its service are 2 cores and 4 GiB.
func fakeJVMProc(t *testing.T) (procRoot string, target Target) {
	t.Helper()
	cmdline := strings.Join([]string{"/usr/bin/java", "-Xms256m", "-Xmx1024m", "-XX:MaxHeapSize=2g",
		"-Dcarbon.home=/opt/wso2am-4.2.0/", "-Dprofile=control-plane", "-classpath", "lib/*",
		bootstrapClass, "-Xmx64m"}, "\x00") + "\x00"
	procRoot, _ = fakeHost(t,
		withFiles(hostProcFixture, map[string]string{
			"self/cgroup":   "0::/agent\n",
			"4242/cmdline":  cmdline,
			"4242/stat":     "4242 (java) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 87 0 500000 4000000000 50000 0\n",
			"4242/limits":   "Limit                     Soft Limit           Hard Limit           Units     \nMax open files            65536                65536                files     \n",
			"4242/cgroup":   "0::/system.slice/wso2am.service\n",
			"4242/fd/0":     "",
			"4242/fd/1":     "",
			"4242/fd/2":     "",
			"other/cmdline": "ignored, not a pid",
			"4243/cmdline":  "sleep\x00100\x00",
		}),
		map[string]string{
			"fs/cgroup/system.slice/wso2am.service/cpu.max":    "200000 100000\n",
			"fs/cgroup/system.slice/wso2am.service/memory.max": "4294967296\n",
		})
	pidFile := filepath.Join(t.TempDir(), "wso2carbon.pid")
	if err := os.WriteFile(pidFile, []byte("4242\n\x00\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	return procRoot, Target{Node: "cp-1", CarbonHome: "/opt/wso2am-4.2.0", PIDFile: pidFile}
}

func TestJVMMetricsFromProcFiles(t *testing.T) {
	_, target := fakeJVMProc(t)
	c := newTestCollector(t, target)

	want := fmt.Sprintf(`
# HELP wso2_jvm_up 1 when the node's WSO2 JVM is running: found through wso2carbon.pid or by its command line, and confirmed by -Dcarbon.home.
# TYPE wso2_jvm_up gauge
wso2_jvm_up{node="cp-1"} 1
# HELP wso2_jvm_pid Process id of the JVM, as seen from the agent's /proc.
# TYPE wso2_jvm_pid gauge
wso2_jvm_pid{node="cp-1"} 4242
# HELP wso2_jvm_info Always 1 while the JVM runs; profile is its -Dprofile value, "default" when absent.
# TYPE wso2_jvm_info gauge
wso2_jvm_info{node="cp-1",profile="control-plane"} 1
# HELP wso2_jvm_heap_max_bytes Maximum heap from the JVM command line (-Xmx or -XX:MaxHeapSize, the last one given). Absent when neither is given.
# TYPE wso2_jvm_heap_max_bytes gauge
wso2_jvm_heap_max_bytes{node="cp-1"} 2.147483648e+09
# HELP wso2_jvm_restarts_total Times the node's JVM was replaced by another (a new pid and start time), as the start script's exit-121 restart loop does, counted since the agent started.
# TYPE wso2_jvm_restarts_total counter
wso2_jvm_restarts_total{node="cp-1"} 0
# HELP wso2_jvm_cpu_seconds_total CPU seconds the JVM spent in user and system mode, from /proc/<pid>/stat.
# TYPE wso2_jvm_cpu_seconds_total counter
wso2_jvm_cpu_seconds_total{mode="system",node="cp-1"} 5.67
wso2_jvm_cpu_seconds_total{mode="user",node="cp-1"} 12.34
# HELP wso2_jvm_resident_memory_bytes Resident memory of the JVM, from /proc/<pid>/stat.
# TYPE wso2_jvm_resident_memory_bytes gauge
wso2_jvm_resident_memory_bytes{node="cp-1"} %d
# HELP wso2_jvm_virtual_memory_bytes Virtual memory of the JVM, from /proc/<pid>/stat.
# TYPE wso2_jvm_virtual_memory_bytes gauge
wso2_jvm_virtual_memory_bytes{node="cp-1"} 4e+09
# HELP wso2_jvm_threads Threads of the JVM, from /proc/<pid>/stat.
# TYPE wso2_jvm_threads gauge
wso2_jvm_threads{node="cp-1"} 87
# HELP wso2_jvm_start_time_seconds Start time of the JVM in seconds since the Unix epoch, from /proc/<pid>/stat and the boot time.
# TYPE wso2_jvm_start_time_seconds gauge
wso2_jvm_start_time_seconds{node="cp-1"} 1.700005e+09
# HELP wso2_jvm_open_fds Open file descriptors of the JVM, entries of /proc/<pid>/fd.
# TYPE wso2_jvm_open_fds gauge
wso2_jvm_open_fds{node="cp-1"} 3
# HELP wso2_jvm_max_fds Soft limit on the JVM's open files, from /proc/<pid>/limits.
# TYPE wso2_jvm_max_fds gauge
wso2_jvm_max_fds{node="cp-1"} 65536
# HELP wso2_jvm_cgroup_cpu_limit_cores CPU limit of the JVM's cgroup in cores, as wso2_host_cgroup_cpu_limit_cores. Absent when unlimited or not visible to the agent.
# TYPE wso2_jvm_cgroup_cpu_limit_cores gauge
wso2_jvm_cgroup_cpu_limit_cores{node="cp-1"} 2
# HELP wso2_jvm_cgroup_memory_limit_bytes Memory limit of the JVM's cgroup, as wso2_host_cgroup_memory_limit_bytes. Absent when unlimited or not visible to the agent.
# TYPE wso2_jvm_cgroup_memory_limit_bytes gauge
wso2_jvm_cgroup_memory_limit_bytes{node="cp-1"} 4.294967296e+09
# HELP apimwatch_collector_success 1 when every read of this collection unit succeeded in the last scrape; 0 when some metric was skipped (the log says why, once per cause).
# TYPE apimwatch_collector_success gauge
apimwatch_collector_success{collector="filesystem",node="cp-1"} 1
apimwatch_collector_success{collector="host",node=""} 1
apimwatch_collector_success{collector="jvm",node="cp-1"} 1
`, 50000*os.Getpagesize())
	err := testutil.CollectAndCompare(c, strings.NewReader(want),
		"wso2_jvm_up", "wso2_jvm_pid", "wso2_jvm_info", "wso2_jvm_heap_max_bytes", "wso2_jvm_restarts_total",
		"wso2_jvm_cpu_seconds_total", "wso2_jvm_resident_memory_bytes", "wso2_jvm_virtual_memory_bytes",
		"wso2_jvm_threads", "wso2_jvm_start_time_seconds", "wso2_jvm_open_fds", "wso2_jvm_max_fds",
		"wso2_jvm_cgroup_cpu_limit_cores", "wso2_jvm_cgroup_memory_limit_bytes", "apimwatch_collector_success")
	if err != nil {
		t.Fatal(err)
	}
}

// /proc/<pid>/fd is EACCES when the agent runs as another user than WSO2.
// Tests run as root, which reads any directory, so a regular file stands in
// for the unreadable directory.
func TestUnreadableFDsSkipOneMetricAndLogOncePerCause(t *testing.T) {
	procRoot, target := fakeJVMProc(t)
	fdDir := filepath.Join(procRoot, "4242", "fd")
	if err := os.RemoveAll(fdDir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fdDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zapcore.InfoLevel)
	c := New(zap.New(core), []Target{target})

	for range 3 {
		series := scrapeSeries(t, c)
		if got := requireSeries(t, series, `apimwatch_collector_success{collector="jvm",node="cp-1"}`); got != 0 {
			t.Errorf("jvm success = %v with /proc/<pid>/fd unreadable, want 0", got)
		}
		if _, found := series[`wso2_jvm_open_fds{node="cp-1"}`]; found {
			t.Error("wso2_jvm_open_fds reported although /proc/<pid>/fd could not be read")
		}
		requireSeries(t, series, `wso2_jvm_threads{node="cp-1"}`)
		requireSeries(t, series, `wso2_jvm_max_fds{node="cp-1"}`)
	}
	if got := logs.FilterMessageSnippet("couldn't collect").Len(); got != 1 {
		t.Errorf("%d warnings over 3 scrapes, want 1 per cause:\n%v", got, logs.All())
	}

	if err := os.Remove(fdDir); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(fdDir, 0o755); err != nil {
		t.Fatal(err)
	}
	series := scrapeSeries(t, c)
	if got := requireSeries(t, series, `apimwatch_collector_success{collector="jvm",node="cp-1"}`); got != 1 {
		t.Errorf("jvm success = %v once /proc/<pid>/fd is readable, want 1", got)
	}
	if got := logs.FilterMessage("collecting again").Len(); got != 1 {
		t.Errorf("%d recovery lines, want 1", got)
	}
}

// A pid file that names a live process running something else is stale.
func TestPIDFileNamingAnotherProcessIsNotTheJVM(t *testing.T) {
	_, target := fakeJVMProc(t)
	if err := os.WriteFile(target.PIDFile, []byte("4243\n\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	target.CarbonHome = "/opt/wso2am-4.6.0" // no process runs with this home

	series := scrapeSeries(t, newTestCollector(t, target))

	if up := requireSeries(t, series, `wso2_jvm_up{node="cp-1"}`); up != 0 {
		t.Errorf("wso2_jvm_up = %v for a pid file naming `sleep`, want 0", up)
	}
	if pid, found := series[`wso2_jvm_pid{node="cp-1"}`]; found {
		t.Errorf("wso2_jvm_pid = %v reported for a JVM that is not running", pid)
	}
}
