package collector

import (
	"os"
	"strconv"
)

// collectJVM reports one node's JVM under
// apimwatch_collector_success{collector="jvm",node}. A JVM that is down is
// a fact (wso2_jvm_up 0), not a failed collection.
func (c *Collector) collectJVM(s *scrape, n *nodeState) {
	node := n.target.Node
	u := startUnit("jvm", node)
	defer c.finishUnit(s, u)

	jvm, stat := c.locateJVM(s, n, u)
	n.observe(jvm)
	s.counter(jvmRestarts, float64(n.restarts), node)
	if jvm == nil {
		s.gauge(jvmUp, 0, node)
		return
	}
	s.gauge(jvmUp, 1, node)
	s.gauge(jvmPID, float64(jvm.id.pid), node)
	s.gauge(jvmInfo, 1, node, jvm.cmd.profile)
	if jvm.cmd.heapMaxBytes > 0 {
		s.gauge(jvmHeapMax, float64(jvm.cmd.heapMaxBytes), node)
	}
	c.collectJVMStat(s, u, node, stat)
	c.collectPerfData(s, node, jvm)

	pid := strconv.Itoa(jvm.id.pid)
	if openFDs, err := countOpenFDs(c.fs.procPath(pid, "fd")); err != nil {
		// EACCES when the agent runs as another user than WSO2.
		u.fail("open fds", err)
	} else {
		s.gauge(jvmOpenFDs, float64(openFDs), node)
	}
	if maxFDs, limited, err := readMaxOpenFiles(c.fs.procPath(pid, "limits")); err != nil {
		u.fail("max fds", err)
	} else if limited {
		s.gauge(jvmMaxFDs, float64(maxFDs), node)
	}
	if err := c.collectJVMCgroup(s, pid, node); err != nil {
		u.fail("cgroup", err)
	}
}

func (c *Collector) collectJVMStat(s *scrape, u *unit, node string, stat procStat) {
	s.counter(jvmCPU, float64(stat.userTicks)/userHZ, node, "user")
	s.counter(jvmCPU, float64(stat.systemTicks)/userHZ, node, "system")
	s.gauge(jvmResident, float64(stat.residentPages)*float64(os.Getpagesize()), node)
	s.gauge(jvmVirtual, float64(stat.virtualBytes), node)
	s.gauge(jvmThreads, float64(stat.threads), node)
	bootTime, err := c.cachedBootTime()
	if err != nil {
		u.fail("start time", err)
		return
	}
	s.gauge(jvmStartTime, float64(bootTime)+float64(stat.startTicks)/userHZ, node)
}

// cachedBootTime reads the boot time once: it does not change while the
// host runs.
func (c *Collector) cachedBootTime() (uint64, error) {
	if c.bootTime == 0 {
		bootTime, err := readBootTime(c.fs.procPath("stat"))
		if err != nil {
			return 0, err
		}
		c.bootTime = bootTime
	}
	return c.bootTime, nil
}

// collectJVMCgroup reports the limits of the JVM's container next to its
// -Xmx. Limits of a cgroup the agent cannot see are left out, not failed.
func (c *Collector) collectJVMCgroup(s *scrape, pid, node string) error {
	member, err := readCgroupMembership(c.fs.procPath(pid, "cgroup"))
	if err != nil {
		return err
	}
	limits, err := c.fs.cgroupLimitsOf(member, s.ownCgroup)
	if err != nil {
		return err
	}
	emitCgroupLimits(s, limits, jvmCgroupCPULimit, jvmCgroupMemoryLimit, node)
	return nil
}
