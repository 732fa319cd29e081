package collector

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"time"
)

// locateJVM finds the node's running JVM and reads its stat. A JVM seen at
// the last scrape is checked by its identity alone; otherwise the pid file is
// tried and, failing that, the command lines of all processes.
func (c *Collector) locateJVM(s *scrape, n *nodeState, u *unit) (*trackedJVM, procStat) {
	if n.jvm != nil {
		stat, err := readProcStat(c.fs.procPath(strconv.Itoa(n.jvm.id.pid), "stat"))
		if err == nil && stat.alive() && stat.startTicks == n.jvm.id.startTicks {
			return n.jvm, stat
		}
	}
	if jvm, stat, found := c.jvmFromPIDFile(n, u); found {
		return jvm, stat
	}
	now := time.Now()
	if now.Before(n.nextScan) {
		return nil, procStat{}
	}
	candidates, err := s.scan.carbonJVMs()
	if err != nil {
		u.fail("process list", err)
		return nil, procStat{}
	}
	for _, candidate := range candidates {
		if jvm, stat, found := c.confirm(n, candidate.pid, candidate.args); found {
			return jvm, stat
		}
	}
	n.nextScan = now.Add(c.scanInterval)
	return nil, procStat{}
}

// jvmFromPIDFile accepts the pid in wso2carbon.pid only when that process is
// the node's JVM: the file outlives the JVM, and its pid may since have been
// given to any other process.
func (c *Collector) jvmFromPIDFile(n *nodeState, u *unit) (*trackedJVM, procStat, bool) {
	pid, err := readPIDFile(n.target.PIDFile)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, errInvalidPIDFile):
		// Stopped, not started yet or half written: the command line
		// search below finds a JVM that runs anyway.
		return nil, procStat{}, false
	case err != nil:
		u.fail("pid file", err)
		return nil, procStat{}, false
	}
	raw, err := os.ReadFile(c.fs.procPath(strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return nil, procStat{}, false // a stale pid file
	}
	return c.confirm(n, pid, splitCmdline(raw))
}

// confirm checks that pid runs the Carbon bootstrap for the node's
// CARBON_HOME and reads its stat.
func (c *Collector) confirm(n *nodeState, pid int, args []string) (*trackedJVM, procStat, bool) {
	cmd, isCarbon := parseJVMCommandLine(args)
	if !isCarbon || cmd.carbonHome != n.target.CarbonHome {
		return nil, procStat{}, false
	}
	stat, err := readProcStat(c.fs.procPath(strconv.Itoa(pid), "stat"))
	if err != nil || !stat.alive() {
		return nil, procStat{}, false // exited since its command line was read
	}
	return &trackedJVM{id: processIdentity{pid: pid, startTicks: stat.startTicks}, cmd: cmd}, stat, true
}
