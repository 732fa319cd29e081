package collector

import "time"

// processIdentity tells one process from another: a pid alone is reused, and
// the start script's exit-121 loop starts a new JVM under a new pid.
type processIdentity struct {
	pid        int
	startTicks uint64
}

// trackedJVM is a node's JVM as confirmed by its command line.
type trackedJVM struct {
	id  processIdentity
	cmd jvmCommandLine
	// perfDataPath is where its perf-data file was last read; "" until
	// found, and again after a failed read.
	perfDataPath string
}

// nodeState is what the agent remembers about one node between scrapes.
type nodeState struct {
	target Target
	jvm    *trackedJVM // running at the last scrape; nil while the JVM is down

	lastID   processIdentity // the last JVM ever seen, for counting restarts
	seenAny  bool
	restarts uint64

	// nextScan: while the JVM is down, the processes are searched for its
	// command line no sooner than this, so a stopped node does not make every
	// scrape walk /proc.
	nextScan time.Time
}

// retarget applies a (re)loaded target. A JVM confirmed for another
// CARBON_HOME or pid file must be confirmed again; the restart count and the
// last identity stay, so finding the same JVM again is not a restart.
func (n *nodeState) retarget(target Target) {
	if n.target.CarbonHome != target.CarbonHome || n.target.PIDFile != target.PIDFile {
		n.jvm = nil
		n.nextScan = time.Time{}
	}
	n.target = target
}

// observe records the JVM found in this scrape, nil when none runs. Every
// change of identity after the first one seen is a restart; the agent
// starting is not.
func (n *nodeState) observe(jvm *trackedJVM) {
	if jvm != nil {
		if n.seenAny && jvm.id != n.lastID {
			n.restarts++
		}
		n.lastID, n.seenAny = jvm.id, true
		n.nextScan = time.Time{} // so that its disappearance is searched at once
	}
	n.jvm = jvm
}
