package collector

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/apimwatch/apimwatch/hsperf"
)

// Why a JVM's perf data cannot be read: the reason label of
// wso2_jvm_perfdata_unavailable.
const (
	perfDataDisabled   = "disabled"   // the command line turns the file off
	perfDataMissing    = "missing"    // no file where the JVM would write it
	perfDataPermission = "permission" // the file or the JVM's /proc/<pid>/root is refused
	perfDataNotReady   = "not_ready"  // the JVM is still setting the file up
	perfDataStale      = "stale"      // a file left by an earlier JVM with the pid; this one does not use it
	perfDataCorrupt    = "corrupt"    // not a perf-data file this agent understands
	perfDataError      = "error"      // anything else, such as the JVM exiting mid-scrape
)

// collectPerfData reports the heap, collectors, threads, classes and
// safepoints of the node's JVM from its perf-data file, and otherwise why the
// file cannot be read. Either way it is a fact about the JVM, reported by
// wso2_jvm_perfdata_up and _unavailable and logged once per reason: it does
// not count as a failed read of the jvm unit.
func (c *Collector) collectPerfData(s *scrape, node string, jvm *trackedJVM) {
	stats, err := c.readPerfData(jvm)
	if err != nil {
		reason := perfDataReason(err, jvm.cmd)
		c.problems.settlePerfData(node, reason, err)
		s.gauge(jvmPerfDataUp, 0, node)
		s.gauge(jvmPerfDataUnavailable, 1, node, reason)
		return
	}
	c.problems.settlePerfData(node, "", nil)
	s.gauge(jvmPerfDataUp, 1, node)
	emitPerfData(s, node, stats)
}

// readPerfData reads the perf-data file of that JVM only, found through the
// agent's /proc (HOST_PROC), so a JVM in a container is read through
// /proc/<pid>/root. Locate takes only a file the JVM maps, so once found the
// file stays this JVM's for its life, and the path is kept while reads
// succeed; a failed read makes the next scrape look for it again.
func (c *Collector) readPerfData(jvm *trackedJVM) (*hsperf.JVMStats, error) {
	if jvm.perfDataPath == "" {
		pid := jvm.id.pid
		uid, err := readEffectiveUID(c.fs.procPath(strconv.Itoa(pid), "status"))
		if err != nil {
			return nil, err
		}
		path, err := hsperf.Locate(c.fs.proc, pid, uid)
		if err != nil {
			return nil, err
		}
		jvm.perfDataPath = path
	}
	snapshot, err := hsperf.Read(jvm.perfDataPath)
	if err != nil {
		jvm.perfDataPath = ""
		return nil, err
	}
	return snapshot.JVMStats()
}

// perfDataReason names why err kept the perf data from being read. A file
// that is missing, or left by an earlier JVM, while the command line turned
// it off is "disabled": that is what to fix. Missing otherwise, it was turned
// off where the agent cannot see (JAVA_TOOL_OPTIONS) or is out of the
// agent's reach.
func perfDataReason(err error, cmd jvmCommandLine) string {
	noFile := errors.Is(err, hsperf.ErrNoPerfData) || errors.Is(err, hsperf.ErrStale)
	switch {
	case noFile && cmd.noPerfData:
		return perfDataDisabled
	case errors.Is(err, hsperf.ErrNoPerfData):
		return perfDataMissing
	case errors.Is(err, hsperf.ErrStale):
		return perfDataStale
	case errors.Is(err, hsperf.ErrPermission):
		return perfDataPermission
	case errors.Is(err, hsperf.ErrNotAccessible):
		return perfDataNotReady
	case errors.Is(err, hsperf.ErrFormat):
		return perfDataCorrupt
	}
	return perfDataError
}

// perfDataHints tell the operator, in the log line, what a reason means.
var perfDataHints = map[string]string{
	perfDataDisabled:   "the JVM runs with -XX:-UsePerfData or -XX:+PerfDisableSharedMem; remove it to get these metrics",
	perfDataMissing:    "no /tmp/hsperfdata_*/<pid> for the JVM: perf data turned off outside its command line (JAVA_TOOL_OPTIONS), or its /tmp out of the agent's reach",
	perfDataPermission: "run the agent as the JVM's user or as root",
	perfDataNotReady:   "the JVM is still starting",
	perfDataStale:      "the file was left by a JVM that had the same pid and was killed; the running one writes none (perf data turned off, perhaps in JAVA_TOOL_OPTIONS); its figures are not reported",
	perfDataCorrupt:    "the file is not in the HotSpot perf-data format this agent reads",
	perfDataError:      "unexpected: the error says why",
}

// readEffectiveUID returns the effective uid of /proc/<pid>/status, the one
// HotSpot names its hsperfdata_<user> directory after.
func readEffectiveUID(statusPath string) (int, error) {
	f, err := os.Open(statusPath)
	if err != nil {
		return 0, fmt.Errorf("reading the JVM's uid: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "Uid:")
		if !ok {
			continue
		}
		// Real, effective, saved set and filesystem uid.
		fields := strings.Fields(rest)
		if len(fields) < 2 {
			break
		}
		uid, err := strconv.Atoi(fields[1])
		if err != nil || uid < 0 {
			break
		}
		return uid, nil
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("reading %s: %w", statusPath, err)
	}
	return 0, fmt.Errorf("%s: no valid Uid line", statusPath)
}
