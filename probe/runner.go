package probe

import (
	"context"
	"sync"
	"time"
)

// Runner defaults.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultParallelism = 4
)

// Runner runs probes concurrently, each under its own timeout.
type Runner struct {
	// Timeout of a probe whose Spec has none (0: DefaultTimeout).
	Timeout time.Duration
	// Parallelism is how many probes run at once (0: DefaultParallelism).
	Parallelism int
	// Tokens caches OAuth2 tokens across runs; nil gives the Runner a cache of its own.
	Tokens *TokenCache

	once sync.Once
}

// runEnv is what one probe run shares with the Runner.
type runEnv struct {
	tokens *TokenCache
	// secrets are the values the result must not show: the probe's own, plus the tokens it got.
	secrets []string
}

// Run runs probes and returns their results in the same order. It returns when every probe has
// ended: a probe never outlives its timeout, and ctx ending ends them all.
func (rn *Runner) Run(ctx context.Context, probes []Probe) []Result {
	rn.once.Do(func() {
		if rn.Tokens == nil {
			rn.Tokens = NewTokenCache()
		}
	})
	parallelism := rn.Parallelism
	if parallelism <= 0 {
		parallelism = DefaultParallelism
	}
	results := make([]Result, len(probes))
	slots := make(chan struct{}, parallelism)
	var wg sync.WaitGroup
	for i, p := range probes {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i] = rn.runOne(ctx, p)
		})
	}
	wg.Wait()
	return results
}

func (rn *Runner) runOne(ctx context.Context, p Probe) Result {
	spec := p.ProbeSpec()
	timeout := spec.Timeout
	if timeout <= 0 {
		timeout = rn.Timeout
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	r := Result{Name: spec.Name, Kind: p.Kind(), Node: spec.Node, Time: time.Now()}
	run := &runEnv{tokens: rn.Tokens, secrets: p.secrets()}
	if err := p.Validate(); err != nil {
		r.fail("the probe is not valid: %v", err)
	} else {
		p.check(ctx, run, &r)
	}
	r.Duration = time.Since(r.Time)
	r.Message = scrub(r.Message, run.secrets)
	for i, w := range r.Warnings {
		r.Warnings[i] = scrub(w, run.secrets)
	}
	return r
}
