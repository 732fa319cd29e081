package collector

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestHostMetricsFromProcAndCgroupFiles(t *testing.T) {
	fakeHost(t,
		withFiles(hostProcFixture, map[string]string{"self/cgroup": "0::/agent.scope\n"}),
		map[string]string{
			"fs/cgroup/agent.scope/cpu.max":    "150000 100000\n",
			"fs/cgroup/agent.scope/memory.max": "268435456\n",
		})
	c := newTestCollector(t)

	want := `
# HELP wso2_host_cpu_seconds_total Seconds the host's CPUs spent in each mode, from /proc/stat.
# TYPE wso2_host_cpu_seconds_total counter
wso2_host_cpu_seconds_total{mode="idle"} 400
wso2_host_cpu_seconds_total{mode="iowait"} 0.5
wso2_host_cpu_seconds_total{mode="irq"} 0.06
wso2_host_cpu_seconds_total{mode="nice"} 2
wso2_host_cpu_seconds_total{mode="softirq"} 0.07
wso2_host_cpu_seconds_total{mode="steal"} 0.08
wso2_host_cpu_seconds_total{mode="system"} 3
wso2_host_cpu_seconds_total{mode="user"} 10
# HELP wso2_host_memory_total_bytes Host memory, MemTotal from /proc/meminfo.
# TYPE wso2_host_memory_total_bytes gauge
wso2_host_memory_total_bytes 8.192e+09
# HELP wso2_host_memory_available_bytes Memory available for new work without swapping, MemAvailable from /proc/meminfo.
# TYPE wso2_host_memory_available_bytes gauge
wso2_host_memory_available_bytes 6.144e+09
# HELP wso2_host_memory_used_bytes MemTotal minus MemAvailable from /proc/meminfo.
# TYPE wso2_host_memory_used_bytes gauge
wso2_host_memory_used_bytes 2.048e+09
# HELP wso2_host_swap_total_bytes Swap space, SwapTotal from /proc/meminfo.
# TYPE wso2_host_swap_total_bytes gauge
wso2_host_swap_total_bytes 2.048e+09
# HELP wso2_host_swap_used_bytes SwapTotal minus SwapFree from /proc/meminfo.
# TYPE wso2_host_swap_used_bytes gauge
wso2_host_swap_used_bytes 5.12e+08
# HELP wso2_host_load1 1-minute load average, from /proc/loadavg.
# TYPE wso2_host_load1 gauge
wso2_host_load1 0.5
# HELP wso2_host_load5 5-minute load average, from /proc/loadavg.
# TYPE wso2_host_load5 gauge
wso2_host_load5 0.25
# HELP wso2_host_load15 15-minute load average, from /proc/loadavg.
# TYPE wso2_host_load15 gauge
wso2_host_load15 0.1
# HELP wso2_host_cgroup_cpu_limit_cores CPU limit of the agent's cgroup in cores: quota over period from cpu.max (v2) or cpu.cfs_quota_us and cpu.cfs_period_us (v1). Absent when unlimited.
# TYPE wso2_host_cgroup_cpu_limit_cores gauge
wso2_host_cgroup_cpu_limit_cores 1.5
# HELP wso2_host_cgroup_memory_limit_bytes Memory limit of the agent's cgroup, from memory.max (v2) or memory.limit_in_bytes (v1). Absent when unlimited.
# TYPE wso2_host_cgroup_memory_limit_bytes gauge
wso2_host_cgroup_memory_limit_bytes 2.68435456e+08
# HELP apimwatch_collector_success 1 when every read of this collection unit succeeded in the last scrape; 0 when some metric was skipped (the log says why, once per cause).
# TYPE apimwatch_collector_success gauge
apimwatch_collector_success{collector="host",node=""} 1
`
	err := testutil.CollectAndCompare(c, strings.NewReader(want),
		"wso2_host_cpu_seconds_total", "wso2_host_memory_total_bytes", "wso2_host_memory_available_bytes",
		"wso2_host_memory_used_bytes", "wso2_host_swap_total_bytes", "wso2_host_swap_used_bytes",
		"wso2_host_load1", "wso2_host_load5", "wso2_host_load15",
		"wso2_host_cgroup_cpu_limit_cores", "wso2_host_cgroup_memory_limit_bytes", "apimwatch_collector_success")
	if err != nil {
		t.Fatal(err)
	}
}

// An unreadable /proc file costs its own metrics, not the scrape.
// (/proc/meminfo is used because gopsutil falls back to sysinfo(2) for the load.)
func TestHostPartialFailureKeepsTheRest(t *testing.T) {
	proc := withFiles(hostProcFixture, map[string]string{"self/cgroup": "0::/\n"})
	delete(proc, "meminfo")
	fakeHost(t, proc, nil)

	series := scrapeSeries(t, newTestCollector(t))

	if success := requireSeries(t, series, `apimwatch_collector_success{collector="host",node=""}`); success != 0 {
		t.Errorf("host success = %v with /proc/meminfo missing, want 0", success)
	}
	if _, found := series["wso2_host_memory_total_bytes{}"]; found {
		t.Error("wso2_host_memory_total_bytes reported without /proc/meminfo")
	}
	requireSeries(t, series, "wso2_host_load1{}")
	requireSeries(t, series, `wso2_host_cpu_seconds_total{mode="user"}`)
}

func TestMetricNamesPassLint(t *testing.T) {
	fakeHost(t, withFiles(hostProcFixture, map[string]string{"self/cgroup": "0::/\n"}), nil)
	problems, err := testutil.CollectAndLint(newTestCollector(t, Target{Node: "gw", CarbonHome: t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range problems {
		t.Errorf("lint: %s: %s", problem.Metric, problem.Text)
	}
}
