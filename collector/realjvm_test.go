package collector

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

const jvmWait = 30 * time.Second

func jvmPIDSeries(node string) string { return `wso2_jvm_pid{node="` + node + `"}` }

// waitUntilReported scrapes c until node's JVM is reported with pid.
func waitUntilReported(t *testing.T, c *Collector, node string, pid int) map[string]float64 {
	t.Helper()
	var series map[string]float64
	eventually(t, jvmWait, "node "+node+" reported with pid "+strconv.Itoa(pid), func() bool {
		series = scrapeSeries(t, c)
		return series[jvmPIDSeries(node)] == float64(pid)
	})
	return series
}

func TestRealJVMLifecycleAndRestart(t *testing.T) {
	home := t.TempDir()
	target := Target{Node: "gw-1", CarbonHome: home, Paths: []string{home}}
	c := newTestCollector(t, target)
	c.scanInterval = 100 * time.Millisecond

	first := startJVM(t, home, "-Dprofile=gateway-worker")
	waitForPIDFile(t, home, first)
	series := waitUntilReported(t, c, "gw-1", first.Process.Pid)

	if up := requireSeries(t, series, `wso2_jvm_up{node="gw-1"}`); up != 1 {
		t.Errorf("wso2_jvm_up = %v, want 1", up)
	}
	if heap := requireSeries(t, series, `wso2_jvm_heap_max_bytes{node="gw-1"}`); heap != 96<<20 {
		t.Errorf("wso2_jvm_heap_max_bytes = %v, want %d (-Xmx96m)", heap, 96<<20)
	}
	requireSeries(t, series, `wso2_jvm_info{node="gw-1",profile="gateway-worker"}`)
	for _, positive := range []string{"wso2_jvm_threads", "wso2_jvm_resident_memory_bytes", "wso2_jvm_open_fds", "wso2_jvm_max_fds"} {
		if value := requireSeries(t, series, positive+`{node="gw-1"}`); value <= 0 {
			t.Errorf("%s = %v, want > 0", positive, value)
		}
	}
	started := requireSeries(t, series, `wso2_jvm_start_time_seconds{node="gw-1"}`)
	if age := time.Since(time.Unix(int64(started), 0)); age < -2*time.Second || age > jvmWait+5*time.Second {
		t.Errorf("wso2_jvm_start_time_seconds is %s from now, want the last few seconds", age)
	}
	if restarts := requireSeries(t, series, `wso2_jvm_restarts_total{node="gw-1"}`); restarts != 0 {
		t.Errorf("wso2_jvm_restarts_total = %v before any restart, want 0", restarts)
	}
	if success := requireSeries(t, series, `apimwatch_collector_success{collector="jvm",node="gw-1"}`); success != 1 {
		t.Errorf("jvm success = %v, want 1", success)
	}

	// The start script's exit-121 loop: the JVM goes, a new one comes.
	stopJVM(first)
	second := startJVM(t, home, "-Dprofile=gateway-worker")
	waitForPIDFile(t, home, second)
	series = waitUntilReported(t, c, "gw-1", second.Process.Pid)
	if restarts := requireSeries(t, series, `wso2_jvm_restarts_total{node="gw-1"}`); restarts != 1 {
		t.Errorf("wso2_jvm_restarts_total = %v after one restart, want 1", restarts)
	}

	// A reload that keeps the node's name keeps its count and its JVM.
	c.SetTargets([]Target{target, {Node: "other", CarbonHome: t.TempDir()}})
	series = scrapeSeries(t, c)
	if restarts := requireSeries(t, series, `wso2_jvm_restarts_total{node="gw-1"}`); restarts != 1 {
		t.Errorf("wso2_jvm_restarts_total = %v after a reload, want 1", restarts)
	}

	stopJVM(second)
	eventually(t, jvmWait, "wso2_jvm_up 0 after the JVM was killed", func() bool {
		series = scrapeSeries(t, c)
		return series[`wso2_jvm_up{node="gw-1"}`] == 0
	})
	if restarts := requireSeries(t, series, `wso2_jvm_restarts_total{node="gw-1"}`); restarts != 1 {
		t.Errorf("wso2_jvm_restarts_total = %v once the JVM is down, want it to stay 1", restarts)
	}
	if _, found := series[jvmPIDSeries("gw-1")]; found {
		t.Error("wso2_jvm_pid still reported for a JVM that is down")
	}
}

func TestRealJVMFoundByCommandLineWithoutPIDFile(t *testing.T) {
	home := t.TempDir()
	c := newTestCollector(t, Target{Node: "gw-1", CarbonHome: home})
	c.scanInterval = 100 * time.Millisecond

	jvm := startJVM(t, home, "-Dtest.nopidfile=true")
	waitUntilReported(t, c, "gw-1", jvm.Process.Pid)
}

func TestRealJVMFoundDespiteGarbagePIDFile(t *testing.T) {
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, "wso2carbon.pid"), []byte("\x00garbage\n\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newTestCollector(t, Target{Node: "gw-1", CarbonHome: home})
	c.scanInterval = 100 * time.Millisecond

	jvm := startJVM(t, home, "-Dtest.nopidfile=true")
	waitUntilReported(t, c, "gw-1", jvm.Process.Pid)
}

// A pid file naming a live process that is not this node's JVM (here the test
// process itself) is not accepted.
func TestRealPIDFileNamingTheTestProcessIsRejected(t *testing.T) {
	home := t.TempDir()
	pidFile := filepath.Join(home, "wso2carbon.pid")
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())+"\n\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newTestCollector(t, Target{Node: "gw-1", CarbonHome: home})

	series := scrapeSeries(t, c)
	if up := requireSeries(t, series, `wso2_jvm_up{node="gw-1"}`); up != 0 {
		t.Errorf("wso2_jvm_up = %v for a pid file naming the test process, want 0", up)
	}
	if pid, found := series[jvmPIDSeries("gw-1")]; found {
		t.Errorf("wso2_jvm_pid = %v, want none", pid)
	}
}

// A Carbon JVM of another CARBON_HOME is not this node's, neither through a
// pid file that names it nor by the command line search.
func TestRealJVMOfAnotherCarbonHomeIsNotTaken(t *testing.T) {
	otherHome, home := t.TempDir(), t.TempDir()
	other := startJVM(t, otherHome)
	waitForPIDFile(t, otherHome, other)
	c := newTestCollector(t,
		Target{Node: "mine", CarbonHome: home, PIDFile: filepath.Join(otherHome, "wso2carbon.pid")},
		Target{Node: "theirs", CarbonHome: otherHome})
	c.scanInterval = time.Millisecond

	// The other node's JVM is visible to the same collector...
	series := waitUntilReported(t, c, "theirs", other.Process.Pid)
	// ...and across several scrapes, each searching again, never taken for mine.
	for range 3 {
		if up := requireSeries(t, series, `wso2_jvm_up{node="mine"}`); up != 0 {
			t.Fatalf("wso2_jvm_up{node=mine} = %v: the JVM of %s was taken for %s", up, otherHome, home)
		}
		time.Sleep(2 * c.scanInterval)
		series = scrapeSeries(t, c)
	}
}

// While the JVM is down the process list is searched at most once per
// interval: a JVM without a pid file that starts just after a search is
// found only at the next one.
func TestRealJVMSearchIsRateLimited(t *testing.T) {
	home := t.TempDir()
	c := newTestCollector(t, Target{Node: "gw-1", CarbonHome: home})
	c.scanInterval = 2 * time.Second

	searched := time.Now()
	if up := requireSeries(t, scrapeSeries(t, c), `wso2_jvm_up{node="gw-1"}`); up != 0 {
		t.Fatalf("wso2_jvm_up = %v before the JVM started", up)
	}
	jvm := startJVM(t, home, "-Dtest.nopidfile=true")
	series := scrapeSeries(t, c)
	if time.Since(searched) < c.scanInterval && series[`wso2_jvm_up{node="gw-1"}`] != 0 {
		t.Fatal("the processes were searched again within the interval")
	}
	waitUntilReported(t, c, "gw-1", jvm.Process.Pid)
	if elapsed := time.Since(searched); elapsed < c.scanInterval {
		t.Errorf("found after %s, before the %s interval", elapsed, c.scanInterval)
	}
}
