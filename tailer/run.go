package tailer

import (
	"context"
	"sync"
	"time"

	"go.uber.org/zap"
)

// checkpointInterval is how often Run writes the positions that changed: a crash re-reads at
// most this much, and an idle agent writes nothing.
const checkpointInterval = 5 * time.Second

// quietPollInterval is how often files that gave nothing are polled while change
// notifications work: an idle agent then costs next to nothing, and a file system whose writes
// raise no notification (NFS) is still read within a second.
const quietPollInterval = time.Second

// Run polls every PollInterval, and sooner when inotify says a watched directory changed (the
// next tick is then an interval after that poll), until ctx ends; then it polls once more and writes the checkpoints. Checkpoints are written
// every few seconds from a goroutine of their own, so a slow fsync never delays lines.
func (t *Tailer) Run(ctx context.Context) {
	n, err := newNotifier(t.log)
	if err != nil {
		t.log.Info("no change notifications; polling only", zap.Error(err))
	}
	t.setNotifier(n)

	var saver sync.WaitGroup
	saveCtx, stopSaving := context.WithCancel(ctx)
	saver.Go(func() { t.checkpointEvery(saveCtx, checkpointInterval) })

	interval := t.opts.PollInterval
	// With change notifications, a quiet tailer polls only as a safety net: a poll that found
	// nothing waits quietPollInterval for the next, since any write wakes Run at once. A poll
	// that found data is always followed by one an interval later: that idle poll is what lets
	// the sink complete the last record.
	quiet := interval
	if err == nil {
		quiet = max(interval, quietPollInterval)
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	t.Poll()
	// The first poll may have read a long backlog while the ticker ran: its idle poll, which
	// completes the backlog's last record, is due an interval after it, not at once (a poll
	// that came too soon would find the record not idle yet and leave it for quiet's second).
	ticker.Reset(interval)
	discovered := time.Now()
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case <-ticker.C:
			if t.poll(true) {
				ticker.Reset(interval)
			} else {
				ticker.Reset(quiet)
			}
			discovered = time.Now()
		case <-n.wakeups():
			// A notification poll skips looking for new paths unless a tick's worth of time has
			// passed since the last look (a busy file postpones the ticks, below).
			if now := time.Now(); now.Sub(discovered) >= interval {
				t.Poll()
				discovered = now
			} else {
				t.poll(false)
			}
			// Every file was just polled: the next poll is due an interval from now. A file
			// written without pause then wakes Run only through notifications (one per
			// notifyCoalesce) and never through the ticker as well, which halves the wake-ups
			// of a busy agent; a file that goes quiet gets its idle poll one interval after its
			// last lines, which is also when logs.idle_close can complete its last record.
			ticker.Reset(interval)
		}
	}
	t.setNotifier(nil)
	n.close()
	stopSaving()
	saver.Wait()
	t.Poll()
	t.logCheckpoint(t.Checkpoint())
}

func (t *Tailer) setNotifier(n *notifier) {
	t.pollMu.Lock()
	t.notifier = n
	t.pollMu.Unlock()
}

func (t *Tailer) checkpointEvery(ctx context.Context, interval time.Duration) {
	if t.opts.StateDir == "" {
		return
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			t.logCheckpoint(t.Checkpoint())
		}
	}
}

// logCheckpoint logs a failed checkpoint once per distinct cause.
func (t *Tailer) logCheckpoint(err error) {
	t.checkpointMu.Lock()
	defer t.checkpointMu.Unlock()
	cause := ""
	if err != nil {
		cause = err.Error()
	}
	if cause != "" && cause != t.checkpointCause {
		t.log.Warn("cannot write the checkpoints; retrying", zap.String("state_dir", t.opts.StateDir), zap.Error(err))
	}
	t.checkpointCause = cause
}
