// Package collector exports host and WSO2 JVM CPU and memory as Prometheus
// metrics, read from /proc and /sys when Prometheus scrapes.
package collector

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// defaultScanInterval bounds how often a node whose JVM is down makes a
// scrape walk every process looking for it.
const defaultScanInterval = 5 * time.Second

// Collector is a prometheus.Collector for the host and the WSO2 nodes on it.
type Collector struct {
	logger       *zap.Logger
	fs           hostFS
	scanInterval time.Duration

	// mu serialises scrapes and target swaps: restart counting must see each
	// observation of a node once and in order.
	mu       sync.Mutex
	nodes    []*nodeState
	problems problemLog
	bootTime uint64 // seconds since the epoch; read once, 0 until then
}

// New returns a Collector for targets. HOST_PROC and HOST_SYS are read now.
func New(logger *zap.Logger, targets []Target) *Collector {
	logger = logger.Named("collector")
	c := &Collector{
		logger:       logger,
		fs:           hostFSFromEnv(),
		scanInterval: defaultScanInterval,
		problems:     newProblemLog(logger),
	}
	c.SetTargets(targets)
	return c
}

// SetTargets swaps the targets, as on a configuration reload. A node that
// keeps its name keeps its restart count and the identity of its JVM, so a
// reload is not counted as a restart.
func (c *Collector) SetTargets(targets []Target) {
	c.mu.Lock()
	defer c.mu.Unlock()

	previous := make(map[string]*nodeState, len(c.nodes))
	for _, node := range c.nodes {
		previous[node.target.Node] = node
	}
	nodes := make([]*nodeState, 0, len(targets))
	taken := make(map[string]bool, len(targets))
	for _, target := range targets {
		if taken[target.Node] {
			// Two series with the same labels would fail every scrape.
			c.logger.Warn("ignoring a second target with the same node name", zap.String("node", target.Node))
			continue
		}
		taken[target.Node] = true
		node, kept := previous[target.Node]
		if !kept {
			node = &nodeState{}
		}
		node.retarget(target.normalised())
		nodes = append(nodes, node)
	}
	c.nodes = nodes
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, desc := range allDescs {
		ch <- desc
	}
}

// Collect implements prometheus.Collector. A read that fails skips its
// metrics and shows in apimwatch_collector_success; it never fails the scrape.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()

	s := &scrape{ch: ch, scan: processScan{fs: c.fs}}
	c.collectHost(s)
	for _, node := range c.nodes {
		c.collectFilesystems(s, node)
		c.collectJVM(s, node)
	}
}

// scrape is what one Collect call shares between its units.
type scrape struct {
	ch        chan<- prometheus.Metric
	scan      processScan
	ownCgroup cgroupMembership // the agent's, read by the host unit
}

func (s *scrape) gauge(desc *prometheus.Desc, value float64, labels ...string) {
	s.ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, value, labels...)
}

func (s *scrape) counter(desc *prometheus.Desc, value float64, labels ...string) {
	s.ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, value, labels...)
}
