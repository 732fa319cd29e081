// Package agent is the apimwatch daemon: it owns the live configuration, the collectors and the
// registry they report to, reloads the configuration atomically on request, and serves the
// HTTP surface.
package agent

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/buildinfo"
	"github.com/apimwatch/apimwatch/collector"
	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/logwatch"
	"github.com/apimwatch/apimwatch/verify"
)

// Loader loads and resolves the configuration; the daemon calls it at start and on SIGHUP.
type Loader func() (*config.Config, []config.Node, config.Problems)

// Agent is the running daemon.
type Agent struct {
	logger   *zap.Logger
	load     Loader
	registry *prometheus.Registry
	nodes    *collector.Collector
	logs     *logwatch.Watcher
	checks   *verify.Scheduler
	probes   *probes

	mu      sync.Mutex // serialises reloads
	current *config.Config

	reloadSuccessful prometheus.Gauge
	reloadTimestamp  prometheus.Gauge
	configWarnings   prometheus.Gauge
	configuredNodes  prometheus.Gauge
	cutover          prometheus.Gauge
}

// New starts an agent on a configuration that load returned without error.
func New(logger *zap.Logger, load Loader, cfg *config.Config, nodes []config.Node, problems config.Problems) *Agent {
	a := &Agent{
		logger:   logger,
		load:     load,
		registry: prometheus.NewRegistry(),
		nodes:    collector.New(logger.With(zap.String("component", "collector")), targets(nodes)),
		current:  cfg,
		reloadSuccessful: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "apimwatch_config_last_reload_successful",
			Help: "1 if the last configuration load (at start or on SIGHUP) succeeded; 0 if it failed and the previous configuration is still in use.",
		}),
		reloadTimestamp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "apimwatch_config_last_reload_success_timestamp_seconds",
			Help: "Unix time of the last successful configuration load.",
		}),
		configWarnings: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "apimwatch_config_warnings",
			Help: "Warnings of the configuration in use (discovery could not read a CARBON_HOME file, registry routing looks wrong, ...); `apimwatch config check` lists them.",
		}),
		configuredNodes: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "apimwatch_nodes",
			Help: "WSO2 nodes (CARBON_HOMEs) the configuration in use watches.",
		}),
		cutover: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "apimwatch_cutover_timestamp_seconds",
			Help: "Unix time of the cutover the configuration in use gives (cutover), from which the status page counts log signatures; 0 when none is given.",
		}),
	}
	a.registry.MustRegister(
		buildinfo.NewCollector(),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		a.reloadSuccessful, a.reloadTimestamp, a.configWarnings, a.configuredNodes, a.cutover,
	)
	// The environment label goes on every WSO2 fact so that old and new environments can be
	// compared; it is fixed for the life of the process (see Reload).
	wso2 := prometheus.Registerer(a.registry)
	if cfg.Environment != "" {
		wso2 = prometheus.WrapRegistererWith(prometheus.Labels{"environment": cfg.Environment}, a.registry)
	}
	wso2.MustRegister(a.nodes)
	a.logs = logwatch.New(logger.Named("logwatch"), wso2)
	a.applyLogs(cfg, nodes)
	a.checks = verify.NewScheduler(logger.Named("verify"), nil)
	wso2.MustRegister(a.checks)
	a.applyChecks(cfg, nodes)
	a.probes = newProbes(logger.Named("probe"))
	wso2.MustRegister(a.probes)
	a.applyProbes(cfg, nodes)
	a.applied(cfg, nodes, problems)
	return a
}

// RecentErrors are the latest error records of node ("" for all nodes), newest first.
func (a *Agent) RecentErrors(node string) []logwatch.RecentError { return a.logs.RecentErrors(node) }

// Stop stops following the logs (writing their checkpoints), the scheduled checks and the probes.
func (a *Agent) Stop() {
	a.logs.Stop()
	a.checks.Stop()
	a.probes.halt()
}

// Registry is what /metrics serves.
func (a *Agent) Registry() *prometheus.Registry { return a.registry }

// Reload loads the configuration again and swaps it in whole, or, when it has any error, keeps
// the one in use and says so in a metric and a log line. Settings bound to the process (the
// listen address, the web config file, logging, the environment label) need a restart; a
// change to them is logged and otherwise ignored.
func (a *Agent) Reload() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	cfg, nodes, problems := a.load()
	if err := problems.Err(); err != nil {
		a.reloadSuccessful.Set(0)
		a.logger.Error("configuration reload failed; keeping the configuration in use", zap.Strings("problems", problemStrings(problems.Errors())))
		return false
	}
	if cfg.Web != a.current.Web || cfg.Log != a.current.Log || cfg.Environment != a.current.Environment {
		a.logger.Warn("web.*, log.* and environment take effect only after a restart; the new values are ignored until then")
		cfg.Web, cfg.Log, cfg.Environment = a.current.Web, a.current.Log, a.current.Environment
	}
	a.nodes.SetTargets(targets(nodes))
	a.applyLogs(cfg, nodes)
	a.applyChecks(cfg, nodes)
	a.applyProbes(cfg, nodes)
	a.current = cfg
	a.applied(cfg, nodes, problems)
	a.logger.Info("configuration reloaded", zap.Int("nodes", len(nodes)))
	return true
}

func (a *Agent) applied(cfg *config.Config, nodes []config.Node, problems config.Problems) {
	a.reloadSuccessful.Set(1)
	a.reloadTimestamp.Set(float64(time.Now().UnixNano()) / 1e9)
	a.configWarnings.Set(float64(len(problems)))
	a.configuredNodes.Set(float64(len(nodes)))
	cutover := 0.0 // none given: 0, as Prometheus timestamps say "never", not the Unix time of year 1
	if at := cfg.CutoverTime(); !at.IsZero() {
		cutover = float64(at.Unix())
	}
	a.cutover.Set(cutover)
	for _, p := range problems {
		a.logger.Warn("configuration warning", zap.String("key", p.Key), zap.String("problem", p.Message))
	}
	if len(nodes) == 0 {
		a.logger.Warn("no WSO2 node configured: only host metrics are exported; set nodes[].carbon_home or APIMWATCH_CARBON_HOME")
	}
}

func targets(nodes []config.Node) []collector.Target {
	ts := make([]collector.Target, len(nodes))
	for i, n := range nodes {
		ts[i] = collector.Target{Node: n.Name, CarbonHome: n.CarbonHome, PIDFile: n.PIDFile, Paths: []string{n.CarbonHome, n.LogDir}}
	}
	return ts
}

func problemStrings(ps config.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}
