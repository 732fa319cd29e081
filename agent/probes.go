package agent

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/probe"
)

// probes runs the configured probes in the background (a probe.Scheduler) and serves their
// metrics. A reload hands the scheduler the new probes; a new interval needs a new scheduler
// (the interval is fixed for a scheduler's life), which starts at once. The OAuth2 tokens are
// kept across both, so a reload does not ask the token endpoints again.
type probes struct {
	logger *zap.Logger
	tokens *probe.TokenCache

	mu        sync.Mutex
	scheduler *probe.Scheduler // nil while no probe runs
	interval  time.Duration
	stop      context.CancelFunc
	done      chan struct{} // closed when the scheduler's Run has returned
}

func newProbes(logger *zap.Logger) *probes {
	return &probes{logger: logger, tokens: probe.NewTokenCache()}
}

// apply runs set every interval, or stops the runs (and drops their results) when set is empty.
func (p *probes) apply(set []probe.Probe, interval time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(set) == 0 || (p.scheduler != nil && interval != p.interval) {
		p.stopLocked()
	}
	if len(set) == 0 {
		return
	}
	if p.scheduler != nil {
		p.scheduler.SetProbes(set)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.scheduler = probe.NewScheduler(p.logger, &probe.Runner{Tokens: p.tokens}, interval, set)
	p.interval, p.stop, p.done = interval, cancel, make(chan struct{})
	go func(s *probe.Scheduler, done chan struct{}) {
		defer close(done)
		s.Run(ctx)
	}(p.scheduler, p.done)
}

// halt stops the runs and waits for the one under way to end (every probe ends at its timeout,
// and cancelling ends them at once).
func (p *probes) halt() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
}

func (p *probes) stopLocked() {
	if p.scheduler == nil {
		return
	}
	p.stop()
	<-p.done
	p.scheduler, p.stop, p.done = nil, nil, nil
}

// latest are the results of the latest complete run (nil before it, and while no probe runs).
func (p *probes) latest() []probe.Result {
	p.mu.Lock()
	s := p.scheduler
	p.mu.Unlock()
	if s == nil {
		return nil
	}
	return s.Latest()
}

// Describe implements prometheus.Collector: the probe metrics, whether or not probes run.
func (p *probes) Describe(ch chan<- *prometheus.Desc) {
	probe.NewScheduler(p.logger, &probe.Runner{}, 0, nil).Describe(ch)
}

// Collect implements prometheus.Collector with the latest results.
func (p *probes) Collect(ch chan<- prometheus.Metric) {
	p.mu.Lock()
	s := p.scheduler
	p.mu.Unlock()
	if s != nil {
		s.Collect(ch)
	}
}

// applyProbes runs the probes probes.* defines on nodes, or none when probes.enabled is false.
func (a *Agent) applyProbes(cfg *config.Config, nodes []config.Node) {
	if !cfg.Probes.Enabled {
		a.probes.apply(nil, 0)
		return
	}
	set, _ := cfg.ProbeSet(nodes) // its problems came with the configuration and were logged
	a.probes.apply(set, cfg.Probes.Interval)
}
