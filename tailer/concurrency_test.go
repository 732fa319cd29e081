package tailer

import (
	"os"
	"sync"
	"testing"
)

// TestStatsAndCheckpointDuringPolls calls Stats and Checkpoint from other goroutines while
// polls read and rotate, as the /metrics handler and a shutdown do; -race checks the sharing.
func TestStatsAndCheckpointDuringPolls(t *testing.T) {
	stateDir := t.TempDir()
	h := newHarness(t, func(o *Options, _ string) { o.StateDir = stateDir }, nil)
	h.poll(1)
	w := newLogWriter(t, h.path("app.log"), false)

	stop := make(chan struct{})
	var readers sync.WaitGroup
	readers.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				_ = h.tailer.Stats()
			}
		}
	})
	readers.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				if err := h.tailer.Checkpoint(); err != nil {
					t.Error(err)
					return
				}
			}
		}
	})

	var want []string
	for i := range 50 {
		want = append(want, w.write(20)...)
		h.poll(1)
		if i%10 == 9 {
			must(t, os.Rename(w.path, w.path+".1"))
			w.reopen()
		}
	}
	h.poll(2)
	close(stop)
	readers.Wait()
	h.wantLines("app.log", want)
}
