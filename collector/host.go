package collector

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/load"
	"github.com/shirou/gopsutil/v4/mem"
)

// collectHost reports the host's CPU, memory, load and the agent's own cgroup
// limits, under apimwatch_collector_success{collector="host",node=""}.
func (c *Collector) collectHost(s *scrape) {
	u := startUnit("host", "")
	defer c.finishUnit(s, u)

	if err := collectHostCPU(s); err != nil {
		u.fail("cpu", err)
	}
	if err := collectHostMemory(s); err != nil {
		u.fail("memory", err)
	}
	if err := collectHostLoad(s); err != nil {
		u.fail("load", err)
	}
	if err := c.collectOwnCgroup(s); err != nil {
		u.fail("cgroup", err)
	}
}

// collectHostCPU reports the /proc/stat counters as they are: rates are
// PromQL's job, so nothing here sleeps to compute a percentage.
func collectHostCPU(s *scrape) error {
	times, err := cpu.Times(false)
	if err != nil {
		return fmt.Errorf("reading host cpu times: %w", err)
	}
	if len(times) == 0 {
		return fmt.Errorf("reading host cpu times: no aggregate line")
	}
	total := times[0]
	for _, mode := range []struct {
		name    string
		seconds float64
	}{
		{"user", total.User}, {"nice", total.Nice}, {"system", total.System}, {"idle", total.Idle},
		{"iowait", total.Iowait}, {"irq", total.Irq}, {"softirq", total.Softirq}, {"steal", total.Steal},
	} {
		s.counter(hostCPUSeconds, mode.seconds, mode.name)
	}
	return nil
}

func collectHostMemory(s *scrape) error {
	memory, err := mem.VirtualMemory()
	if err != nil {
		return fmt.Errorf("reading host memory: %w", err)
	}
	s.gauge(hostMemoryTotal, float64(memory.Total))
	s.gauge(hostMemoryAvailable, float64(memory.Available))
	s.gauge(hostMemoryUsed, float64(memory.Used))
	// The same /proc/meminfo read carries swap; mem.SwapMemory would read it
	// again, and /proc/vmstat too.
	s.gauge(hostSwapTotal, float64(memory.SwapTotal))
	s.gauge(hostSwapUsed, float64(memory.SwapTotal-memory.SwapFree))
	return nil
}

func collectHostLoad(s *scrape) error {
	average, err := load.Avg()
	if err != nil {
		return fmt.Errorf("reading load average: %w", err)
	}
	s.gauge(hostLoad1, average.Load1)
	s.gauge(hostLoad5, average.Load5)
	s.gauge(hostLoad15, average.Load15)
	return nil
}

// collectOwnCgroup reports the limits of the agent's cgroup, which in a
// container are the container's. The membership is kept for the JVM units.
func (c *Collector) collectOwnCgroup(s *scrape) error {
	own, err := readCgroupMembership(c.fs.procPath("self", "cgroup"))
	if err != nil {
		return err
	}
	s.ownCgroup = own
	limits, err := c.fs.cgroupLimitsOf(own, own)
	if err != nil {
		return err
	}
	emitCgroupLimits(s, limits, hostCgroupCPULimit, hostCgroupMemoryLimit)
	return nil
}

func emitCgroupLimits(s *scrape, limits cgroupLimits, cpuDesc, memoryDesc *prometheus.Desc, labels ...string) {
	if limits.hasCPU {
		s.gauge(cpuDesc, limits.cpuCores, labels...)
	}
	if limits.hasMemory {
		s.gauge(memoryDesc, limits.memoryBytes, labels...)
	}
}
