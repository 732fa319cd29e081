package verify

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/db"
)

// Schedule says how the daemon runs the checks.
type Schedule struct {
	Interval    time.Duration
	Timeout     time.Duration
	SampleLimit int
	// FirstRunDelay is how long after start (or a reload) the first run waits, plus up to 10% so
	// that agents started together do not query together; later runs wait Interval plus up to
	// 10% of it.
	FirstRunDelay time.Duration
}

// Scheduler runs the checks of every node on a schedule, never at scrape time, and keeps the
// last results for /metrics and the status page.
type Scheduler struct {
	logger *zap.Logger

	mu      sync.Mutex
	checks  []Check
	loops   []*loop
	results map[string]*NodeResults // by node name
}

// NodeResults are the latest results of one node's checks.
type NodeResults struct {
	Results    []Result
	Finished   time.Time
	DatabaseUp map[discovery.Role]bool
}

type loop struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// NewScheduler returns a scheduler for checks that runs nothing until Apply.
func NewScheduler(logger *zap.Logger, checks []Check) *Scheduler {
	return &Scheduler{logger: logger, checks: checks, results: map[string]*NodeResults{}}
}

// SetChecks replaces the checks the next runs execute (a reload of verify.*).
func (s *Scheduler) SetChecks(checks []Check) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = checks
}

// Apply stops the running schedule and starts one for nodes: a node whose databases are the
// same as an earlier node's shares its run (several nodes of one environment on a host read
// the same databases), and nodes without databases are skipped.
func (s *Scheduler) Apply(nodes []config.Node, sched Schedule) {
	s.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	scheduled := map[string]bool{}
	defer func() {
		// Results of nodes no longer scheduled would be served as current for ever.
		for name := range s.results {
			if !scheduled[name] {
				delete(s.results, name)
			}
		}
	}()
	seen := map[string]bool{}
	for _, n := range nodes {
		key := databasesKey(n)
		if len(n.Databases) == 0 || seen[key] {
			continue
		}
		seen[key] = true
		env, err := OpenEnv(n, db.Options{}, sched.SampleLimit)
		if err != nil {
			s.logger.Error("cannot open the node's databases; its checks do not run", zap.String("node", n.Name), zap.Error(err))
			continue
		}
		scheduled[n.Name] = true
		ctx, cancel := context.WithCancel(context.Background())
		l := &loop{cancel: cancel, done: make(chan struct{})}
		s.loops = append(s.loops, l)
		go func() {
			defer close(l.done)
			defer env.Close()
			s.run(ctx, n.Name, env, sched)
		}()
	}
}

// Stop stops every schedule and waits for running checks to end (their contexts are cancelled).
func (s *Scheduler) Stop() {
	s.mu.Lock()
	loops := s.loops
	s.loops = nil
	s.mu.Unlock()
	for _, l := range loops {
		l.cancel()
		<-l.done
	}
}

// Latest returns the latest results of every node, by node name.
func (s *Scheduler) Latest() map[string]NodeResults {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]NodeResults, len(s.results))
	for name, r := range s.results {
		out[name] = *r
	}
	return out
}

// run is one node's schedule: ping the databases, run the checks, sleep; a database that is
// down is retried sooner, with back-off, until it answers.
func (s *Scheduler) run(ctx context.Context, node string, env *Env, sched Schedule) {
	logger := s.logger.With(zap.String("node", node))
	runner := Runner{Timeout: sched.Timeout}
	wait := sched.FirstRunDelay + jitter(sched.FirstRunDelay)
	backoff := 30 * time.Second
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		s.mu.Lock()
		checks := s.checks
		s.mu.Unlock()
		up := pingAll(ctx, env, sched.Timeout)
		results := runner.Run(ctx, env, checks)
		if ctx.Err() != nil {
			return // stopped mid-run: keep the previous complete results
		}
		s.mu.Lock()
		s.results[node] = &NodeResults{Results: results, Finished: time.Now(), DatabaseUp: up}
		s.mu.Unlock()
		logger.Info("checks ran", zap.Int("checks", len(results)), zap.Int("failed", count(results, StatusFail)), zap.Int("errors", count(results, StatusError)))

		wait = sched.Interval + jitter(sched.Interval)
		if allUp(up) {
			backoff = 30 * time.Second
		} else if backoff < sched.Interval {
			logger.Warn("a database is down; retrying sooner", zap.Duration("retry_in", backoff))
			wait, backoff = backoff, backoff*2
		}
	}
}

func pingAll(ctx context.Context, env *Env, timeout time.Duration) map[discovery.Role]bool {
	up := map[discovery.Role]bool{}
	for role, d := range env.Databases {
		up[role] = d.Ping(ctx, timeout) == nil
	}
	return up
}

func allUp(up map[discovery.Role]bool) bool {
	for _, ok := range up {
		if !ok {
			return false
		}
	}
	return true
}

func count(results []Result, status Status) int {
	n := 0
	for _, r := range results {
		if r.Status == status {
			n++
		}
	}
	return n
}

// jitter is a random delay of up to 10% of interval.
func jitter(interval time.Duration) time.Duration {
	if interval <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(interval)/10 + 1))
}

// databasesKey identifies the set of databases a node's checks read.
func databasesKey(n config.Node) string {
	key := ""
	for _, role := range []discovery.Role{discovery.RoleUM, discovery.RoleREG, discovery.RoleAM} {
		d := n.Databases[role]
		key += string(role) + "=" + d.Driver + ":" + d.DSN.Reveal() + ";"
	}
	if n.IsSeparateRegistryDB != nil && *n.IsSeparateRegistryDB {
		key += "separate"
	}
	return key
}
