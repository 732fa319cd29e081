package tailer

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// slowSink takes its time over the last line of a backlog and notes when Idle calls come.
type slowSink struct {
	last     string
	slowness time.Duration

	mu      sync.Mutex
	lastAt  time.Time // when Line returned from the last line
	idleAts []time.Time
}

func (s *slowSink) Line(line []byte, _ bool) {
	if string(line) == s.last {
		time.Sleep(s.slowness)
		s.mu.Lock()
		s.lastAt = time.Now()
		s.mu.Unlock()
	}
}

func (s *slowSink) Idle(time.Time) {
	s.mu.Lock()
	s.idleAts = append(s.idleAts, time.Now())
	s.mu.Unlock()
}

// firstIdleAfterLast is how long after the backlog's last line the first Idle came.
func (s *slowSink) firstIdleAfterLast() (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, at := range s.idleAts {
		if !s.lastAt.IsZero() && at.After(s.lastAt) {
			return at.Sub(s.lastAt), true
		}
	}
	return 0, false
}

// A first poll that reads a long backlog (longer than the poll interval) is followed by its idle
// poll one interval later: that poll completes the backlog's last record. It must come neither
// at once (too soon for logs.idle_close) nor only at the quiet safety-net poll a second later.
func TestIdlePollAnIntervalAfterTheBacklog(t *testing.T) {
	const interval = 50 * time.Millisecond
	dir := t.TempDir()
	path := filepath.Join(dir, "wso2carbon.log")
	writeFile(t, path, strings.Repeat("a line of the backlog\n", 100)+"the last line\n")
	sink := &slowSink{last: "the last line", slowness: 3 * interval}
	tl, err := New(Options{
		Include: []string{path}, FromStart: true, PollInterval: interval,
		Open: func(string) Sink { return sink },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tl.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	deadline := time.Now().Add(5 * time.Second)
	for {
		if after, ok := sink.firstIdleAfterLast(); ok {
			if after < interval*8/10 || after > quietPollInterval/2 {
				t.Errorf("the first idle poll came %s after the backlog's last line, want about %s", after, interval)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no idle poll after the backlog")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
