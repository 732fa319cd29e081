package tailer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// stepClock is a Clock the test moves by hand.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func newStepClock() *stepClock {
	return &stepClock{now: time.Date(2026, 11, 20, 23, 59, 0, 0, time.UTC)}
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// recordingSink keeps every line it is given, and counts Idle calls.
type recordingSink struct {
	mu    sync.Mutex
	lines []string
	cut   []int // indexes of the cut lines
	idles int
}

func (s *recordingSink) Line(line []byte, cut bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cut {
		s.cut = append(s.cut, len(s.lines))
	}
	s.lines = append(s.lines, string(line))
}

func (s *recordingSink) Idle(time.Time) {
	s.mu.Lock()
	s.idles++
	s.mu.Unlock()
}

func (s *recordingSink) got() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.lines)
}

// harness is a tailer over a temporary directory, driven by Poll and a stepClock.
type harness struct {
	t      *testing.T
	dir    string
	clock  *stepClock
	logs   *observer.ObservedLogs
	tailer *Tailer

	mu    sync.Mutex
	sinks map[string][]*recordingSink // every sink Open gave out, per path
}

// rolledNames are the Exclude patterns of the tests: log4j2's rolled names, gzip, logrotate.
var rolledNames = []string{"*-[0-9][0-9]-[0-9][0-9]-[0-9][0-9][0-9][0-9]*", "*.gz", "*.[0-9]"}

// newHarness starts a tailer on dir/*.log unless configure says otherwise. fsys nil is the
// real file system.
func newHarness(t *testing.T, configure func(o *Options, dir string), fsys fileSystem) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), clock: newStepClock(), sinks: map[string][]*recordingSink{}}
	core, logs := observer.New(zapcore.DebugLevel)
	h.logs = logs
	opts := Options{
		Include: []string{filepath.Join(h.dir, "*.log")},
		Exclude: rolledNames,
		Clock:   h.clock,
		Logger:  zap.New(core),
		Open:    h.open,
	}
	if configure != nil {
		configure(&opts, h.dir)
	}
	if fsys == nil {
		fsys = osFileSystem{}
	}
	tl, err := newTailer(opts, fsys)
	if err != nil {
		t.Fatal(err)
	}
	h.tailer = tl
	return h
}

func (h *harness) open(path string) Sink {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &recordingSink{}
	h.sinks[path] = append(h.sinks[path], s)
	return s
}

func (h *harness) path(name string) string { return filepath.Join(h.dir, name) }

// poll polls n times, stepping the clock by a poll interval before each.
func (h *harness) poll(n int) {
	for range n {
		h.clock.advance(defaultPollInterval)
		h.tailer.Poll()
	}
}

// sink is the latest sink of the file name in dir (nil if none).
func (h *harness) sink(name string) *recordingSink {
	h.mu.Lock()
	defer h.mu.Unlock()
	sinks := h.sinks[h.path(name)]
	if len(sinks) == 0 {
		return nil
	}
	return sinks[len(sinks)-1]
}

// lines is every line delivered for the file name so far.
func (h *harness) lines(name string) []string {
	if s := h.sink(name); s != nil {
		return s.got()
	}
	return nil
}

func (h *harness) stats(name string) FileStats {
	for _, s := range h.tailer.Stats() {
		if s.Path == h.path(name) {
			return s
		}
	}
	h.t.Fatalf("no stats for %s in %+v", name, h.tailer.Stats())
	return FileStats{}
}

func (h *harness) wantLines(name string, want []string) {
	h.t.Helper()
	if got := h.lines(name); !slices.Equal(got, want) {
		h.t.Fatalf("lines of %s:\n got %d %q\nwant %d %q", name, len(got), got, len(want), want)
	}
}

// logged counts the log entries with message msg.
func (h *harness) logged(msg string) int {
	return h.logs.FilterMessage(msg).Len()
}

// logWriter writes numbered lines the way a logger does: keeping its file open across a
// rename until told to reopen (log4j2), or opening the path for every line.
type logWriter struct {
	t          *testing.T
	path       string
	reopenEach bool
	f          *os.File
	next       int
}

func newLogWriter(t *testing.T, path string, reopenEach bool) *logWriter {
	w := &logWriter{t: t, path: path, reopenEach: reopenEach}
	t.Cleanup(func() {
		if w.f != nil {
			w.f.Close()
		}
	})
	return w
}

// write appends n lines and returns them (without newlines).
func (w *logWriter) write(n int) []string {
	w.t.Helper()
	var lines []string
	for range n {
		w.next++
		line := w.format()
		if w.f == nil || w.reopenEach {
			w.reopen()
		}
		if _, err := w.f.WriteString(line + "\n"); err != nil {
			w.t.Fatal(err)
		}
		lines = append(lines, line)
	}
	return lines
}

// format is the writer's current line.
func (w *logWriter) format() string {
	return fmt.Sprintf("TID: [-1234] [] [2026-11-20 10:00:00,%03d]  INFO {a.B} - line %d", w.next%1000, w.next)
}

// reopen opens (creating if needed) the path, as a logger does after rotating.
func (w *logWriter) reopen() {
	w.t.Helper()
	if w.f != nil {
		w.f.Close()
	}
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		w.t.Fatal(err)
	}
	w.f = f
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendFile(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
