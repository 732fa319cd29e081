package verify

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Runner executes checks. Each check gets its own deadline; at most Concurrency run at once,
// so that with two connections per database a run never queues behind itself for long.
type Runner struct {
	Timeout     time.Duration // per check; default 60 s
	Concurrency int           // default 2
	// Progress, when set, is called as each check finishes (from several goroutines, serialised).
	Progress func(done, total int, r Result)
}

// Run runs every check against env and returns their results in the checks' order.
func (r Runner) Run(ctx context.Context, env *Env, checks []Check) []Result {
	timeout, workers := r.Timeout, r.Concurrency
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	if workers <= 0 {
		workers = 2
	}
	results := make([]Result, len(checks))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var progressMu sync.Mutex
	done := 0
	for range min(workers, len(checks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = runOne(ctx, env, checks[i], timeout)
				if r.Progress != nil {
					progressMu.Lock()
					done++
					r.Progress(done, len(checks), results[i])
					progressMu.Unlock()
				}
			}
		}()
	}
	for i := range checks {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

// runOne runs a check under its deadline. A deadline, a cancelled run or a panic is an error
// result, never a crash: one broken check must not take the gate or the daemon down.
func runOne(ctx context.Context, env *Env, c Check, timeout time.Duration) (res Result) {
	started := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			res = Result{Status: StatusError, Message: fmt.Sprintf("the check panicked: %v", p)}
		}
		res.CheckID, res.Started, res.Duration = c.ID, started, time.Since(started)
		if res.Samples == nil {
			res.Samples = []string{}
		}
	}()
	res = c.Run(ctx, env)
	if ctx.Err() != nil && res.Status != StatusPass && res.Status != StatusFail {
		switch {
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			res = Result{Status: StatusError, Message: fmt.Sprintf("timed out after %s", timeout)}
		default:
			res = Result{Status: StatusError, Message: "cancelled"}
		}
	}
	return res
}
