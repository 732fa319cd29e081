package probe

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Scheduler runs a set of probes every interval and keeps the latest results, for the status
// page (Latest) and for Prometheus (it is a prometheus.Collector, see metrics.go). It logs a
// probe when it starts failing, when it recovers and when its warnings change, not at every run.
type Scheduler struct {
	logger   *zap.Logger
	runner   *Runner
	interval time.Duration
	// changed wakes Run when SetProbes gave it probes to run (buffered: one wake-up pending
	// is enough, however many reloads come).
	changed chan struct{}

	mu     sync.Mutex
	probes []Probe
	latest []Result
	// logged is what was last logged of each probe, to log changes only.
	logged map[probeKey]loggedState
}

type probeKey struct{ node, name string }

type loggedState struct {
	success  bool
	warnings string
}

// DefaultInterval is the time between runs when NewScheduler is given none.
const DefaultInterval = time.Minute

// NewScheduler returns a scheduler that runs probes with runner every interval (0:
// DefaultInterval) once Run is called.
func NewScheduler(logger *zap.Logger, runner *Runner, interval time.Duration, probes []Probe) *Scheduler {
	if interval <= 0 {
		interval = DefaultInterval
	}
	return &Scheduler{logger: logger, runner: runner, interval: interval, probes: probes,
		logged: map[probeKey]loggedState{}, changed: make(chan struct{}, 1)}
}

// SetProbes replaces the probes (a configuration reload) and has Run run them at once, not an
// interval later: a test case just added shows its result within its timeout. The results of
// probes no longer in the set are dropped at once.
func (s *Scheduler) SetProbes(probes []Probe) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.probes = probes
	keep := map[probeKey]bool{}
	for _, p := range probes {
		keep[keyOf(p.ProbeSpec().Node, p.ProbeSpec().Name)] = true
	}
	s.latest = slices.DeleteFunc(slices.Clone(s.latest), func(r Result) bool { return !keep[keyOf(r.Node, r.Name)] })
	for k := range s.logged {
		if !keep[k] {
			delete(s.logged, k)
		}
	}
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

func keyOf(node, name string) probeKey { return probeKey{node: node, name: name} }

// Run runs the probes now, then every interval and after every SetProbes, until ctx ends. A run
// cut short by ctx leaves the previous results in place.
func (s *Scheduler) Run(ctx context.Context) {
	ticker := time.NewTicker(s.interval)
	defer ticker.Stop()
	for {
		s.mu.Lock()
		probes := s.probes
		s.mu.Unlock()
		results := s.runner.Run(ctx, probes)
		if ctx.Err() != nil {
			return
		}
		s.mu.Lock()
		s.latest = results
		s.logChanges(results)
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		case <-s.changed:
			ticker.Reset(s.interval)
		}
	}
}

// Latest returns the results of the latest complete run (nil before the first one).
func (s *Scheduler) Latest() []Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.latest)
}

// logChanges logs the probes whose state changed since it was last logged. Called with s.mu held.
func (s *Scheduler) logChanges(results []Result) {
	for _, r := range results {
		key := keyOf(r.Node, r.Name)
		now := loggedState{success: r.Success, warnings: strings.Join(r.Warnings, "\n")}
		before, seen := s.logged[key]
		s.logged[key] = now
		fields := []zap.Field{zap.String("node", r.Node), zap.String("probe", r.Name), zap.String("kind", string(r.Kind))}
		switch {
		case !r.Success && (!seen || before.success):
			s.logger.Warn("probe failed", append(fields, zap.String("reason", r.Message), zap.Int("http_status", r.HTTPStatus))...)
		case r.Success && seen && !before.success:
			s.logger.Info("probe recovered", append(fields, zap.String("result", r.Message))...)
		}
		if now.warnings != "" && now.warnings != before.warnings {
			s.logger.Warn("probe warning", append(fields, zap.Strings("warnings", r.Warnings))...)
		}
	}
}
