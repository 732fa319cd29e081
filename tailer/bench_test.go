package tailer

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"
)

// countingSink counts lines, as cheaply as a sink can.
type countingSink struct{ lines int }

func (s *countingSink) Line([]byte, bool) { s.lines++ }
func (s *countingSink) Idle(time.Time)    {}

// writeBacklog writes a WSO2-like log of about size bytes and returns its line count.
func writeBacklog(b *testing.B, path string, size int) int {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	lines := 0
	for written := 0; written < size; lines++ {
		n, _ := fmt.Fprintf(w, "TID: [-1234] [] [2026-11-20 10:%02d:%02d,%03d]  INFO {org.wso2.carbon.apimgt.gateway.handlers.Throttle} - request %d passed\n",
			lines/60000%60, lines/1000%60, lines%1000, lines)
		written += n
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return lines
}

// BenchmarkTail reads a 256 MiB file from its start through one Poll: the tailer's own
// throughput, to compare with the pipeline's 200 MB/s target.
func BenchmarkTail(b *testing.B) {
	path := filepath.Join(b.TempDir(), "wso2carbon.log")
	const size = 256 << 20
	lines := writeBacklog(b, path, size)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		sink := &countingSink{}
		tl, err := New(Options{Include: []string{path}, FromStart: true, Open: func(string) Sink { return sink }})
		if err != nil {
			b.Fatal(err)
		}
		tl.Poll()
		if sink.lines != lines {
			b.Fatalf("%d lines, want %d", sink.lines, lines)
		}
		tl.followers[path].cur.f.Close()
	}
}

// signalSink hands every line's arrival time to the test.
type signalSink struct{ got chan time.Time }

func (s *signalSink) Line([]byte, bool) { s.got <- time.Now() }
func (s *signalSink) Idle(time.Time)    {}

// runTailer starts Run on dir/app.log (which exists) and returns the file to write to.
func runTailer(tb testing.TB, pollInterval time.Duration, sink Sink) *os.File {
	dir := tb.TempDir()
	path := filepath.Join(dir, "app.log")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		tb.Fatal(err)
	}
	tl, err := New(Options{Include: []string{filepath.Join(dir, "*.log")}, PollInterval: pollInterval,
		Open: func(string) Sink { return sink }})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	running.Go(func() { tl.Run(ctx) })
	tb.Cleanup(func() {
		cancel()
		running.Wait()
		f.Close()
	})
	// Run's first poll has opened the file (at its end): a line written from now on is read,
	// and wakes Run, since the directory is watched before its files are followed.
	for stats := tl.Stats(); len(stats) == 0 || !stats[0].Following; stats = tl.Stats() {
		time.Sleep(time.Millisecond)
	}
	return f
}

// TestRunWakesOnChange checks that Run reads a line long before its next tick: inotify woke it.
func TestRunWakesOnChange(t *testing.T) {
	sink := &signalSink{got: make(chan time.Time, 1)}
	f := runTailer(t, time.Hour, sink)
	if _, err := f.WriteString("hello\n"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sink.got:
	case <-time.After(10 * time.Second):
		t.Fatal("the line was not read: no wake-up on the change")
	}
}

// BenchmarkRunLatency measures, with the real clock, the default poll interval and inotify,
// the time from writing a line to its Sink call, and reports the median and the 99th
// percentile.
func BenchmarkRunLatency(b *testing.B) {
	sink := &signalSink{got: make(chan time.Time, 1)}
	f := runTailer(b, defaultPollInterval, sink)
	var latencies []time.Duration
	for b.Loop() {
		time.Sleep(25 * time.Millisecond) // let the coalescing pause (20 ms) pass: a line after a quiet spell
		start := time.Now()
		if _, err := f.WriteString("TID: [-1234] [] [2026-11-20 10:00:00,001]  INFO {a.B} - ping\n"); err != nil {
			b.Fatal(err)
		}
		latencies = append(latencies, (<-sink.got).Sub(start))
	}
	slices.Sort(latencies)
	b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkRunSustained writes 10,000 lines per second (bursts of 100 every 10 ms) for one
// second per iteration and reports the CPU the whole process used as a percentage of one core:
// once with the writer alone, once with Run following the file, so the difference is the
// tailer's share.
func BenchmarkRunSustained(b *testing.B) {
	b.Run("writer-only", func(b *testing.B) {
		f, err := os.Create(filepath.Join(b.TempDir(), "app.log"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		sustain(b, f, func(int) {})
	})
	b.Run("writer-and-tailer", func(b *testing.B) {
		lines := make(chan struct{}, 20000)
		f := runTailer(b, defaultPollInterval, &countingChanSink{lines: lines})
		sustain(b, f, func(sent int) {
			for range sent {
				<-lines
			}
		})
	})
}

// sustain writes 10,000 lines a second to f, calls drained with the count written, and
// reports the process's CPU use.
func sustain(b *testing.B, f *os.File, drained func(sent int)) {
	line := []byte("TID: [-1234] [] [2026-11-20 10:00:00,001]  INFO {org.wso2.carbon.apimgt.gateway.handlers.Throttle} - request passed\n")
	cpuBefore, wallBefore := cpuTime(b), time.Now()
	sent := 0
	for b.Loop() {
		tick := time.NewTicker(10 * time.Millisecond)
		for range 100 {
			<-tick.C
			for range 100 {
				if _, err := f.Write(line); err != nil {
					b.Fatal(err)
				}
				sent++
			}
		}
		tick.Stop()
	}
	drained(sent)
	cpu, wall := cpuTime(b)-cpuBefore, time.Since(wallBefore)
	b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu-%")
}

type countingChanSink struct{ lines chan struct{} }

func (s *countingChanSink) Line([]byte, bool) { s.lines <- struct{}{} }
func (s *countingChanSink) Idle(time.Time)    {}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
