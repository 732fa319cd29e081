package collector

import (
	"time"
)

// unit is one collection unit of a scrape: the host, one node's filesystems
// or one node's JVM. A read that fails skips its own metrics and is recorded
// here, so the unit reports it as apimwatch_collector_success 0.
type unit struct {
	name     string
	node     string
	started  time.Time
	failures map[string]error // what could not be read → why
}

func startUnit(name, node string) *unit {
	return &unit{name: name, node: node, started: time.Now()}
}

func (u *unit) fail(what string, err error) {
	if u.failures == nil {
		u.failures = map[string]error{}
	}
	u.failures[what] = err
}

// finishUnit reports the unit's success and duration and logs what changed
// in its failures since the last scrape.
func (c *Collector) finishUnit(s *scrape, u *unit) {
	success := 1.0
	if len(u.failures) > 0 {
		success = 0
	}
	s.gauge(collectorSuccess, success, u.name, u.node)
	s.gauge(collectorDuration, time.Since(u.started).Seconds(), u.name, u.node)
	c.problems.settle(u.name, u.node, u.failures)
}
