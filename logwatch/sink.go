package logwatch

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/logparse"
)

// detectSample is how many lines decide among candidate layouts: one line is not enough (the
// 4.x carbon layout also parses a 2.x line, less well).
const detectSample = 16

// clockEvery refreshes the last-line time during a long burst (catching up on a backlog).
const clockEvery = 4096

// maxBody bounds the continuation lines kept per record for classification: stack traces
// beyond it are counted but not searched.
const maxBody = 16 << 10

// fileSink is the pipeline of one live log file: lines into records, records into metrics.
// The tailer calls it from one goroutine.
type fileSink struct {
	node       *nodeWatch
	path, file string // file is the `file` label: the base name
	candidates []*logparse.Layout
	asm        *logparse.Assembler // nil until the layout is known
	layout     *logparse.Layout
	lastLine   time.Time
	// linesSinceClock counts lines since lastLine was read from the clock: one read per burst
	// (the tailer delivers a poll's lines together) instead of one per line.
	linesSinceClock int
	isAudit         bool
	// sample holds the first lines while the layout is not known yet (bounded by detectSample).
	sample [][]byte

	// Children cached per level: looking a counter up by labels per record would cost more
	// than the rest of the pipeline.
	records  [logparse.LevelFatal + 1]prometheus.Counter
	unparsed prometheus.Counter
}

func newFileSink(n *nodeWatch, path, label string, layouts []*logparse.Layout) *fileSink {
	s := &fileSink{node: n, path: path, file: label, candidates: layouts, isAudit: strings.HasPrefix(filepath.Base(path), "audit")}
	for level := range s.records {
		s.records[level] = n.metrics.records.WithLabelValues(n.name, s.file, logparse.Level(level).String())
	}
	s.unparsed = n.metrics.unparsed.WithLabelValues(n.name, s.file)
	if len(layouts) == 1 {
		s.useLayout(layouts[0])
	}
	return s
}

func (s *fileSink) useLayout(l *logparse.Layout) {
	s.layout, s.asm = l, logparse.NewAssembler(l, maxBody)
	s.node.logger.Info("following log file", zap.String("file", s.path), zap.String("layout", l.Pattern()))
}

// Line implements tailer.Sink.
func (s *fileSink) Line(line []byte, _ bool) {
	if s.linesSinceClock == 0 || s.linesSinceClock >= clockEvery {
		s.lastLine, s.linesSinceClock = s.node.clock(), 0
	}
	s.linesSinceClock++
	if s.asm == nil {
		s.sample = append(s.sample, append([]byte(nil), line...))
		if len(s.sample) >= detectSample {
			s.detect()
		}
		return
	}
	s.add(line)
}

func (s *fileSink) add(line []byte) {
	rec, unparsed := s.asm.Add(line)
	if unparsed {
		s.unparsedLine(line)
	}
	if rec != nil {
		s.record(rec)
	}
}

// detect picks the candidate layout that parses the sample best and replays the sample
// through it. When none parses any line, the sample is unparsed and detection goes on.
func (s *fileSink) detect() {
	sample := s.sample
	s.sample = nil
	l := logparse.Detect(s.candidates, sample)
	if l == nil {
		for _, line := range sample {
			s.unparsedLine(line)
		}
		return
	}
	s.useLayout(l)
	for _, line := range sample {
		s.add(line)
	}
}

// Idle implements tailer.Sink: a record that got no more lines for logs.idle_close is complete.
func (s *fileSink) Idle(now time.Time) {
	s.linesSinceClock = 0 // the burst is over: the next line reads the clock
	if s.asm == nil && len(s.sample) > 0 {
		s.detect() // the file went quiet: decide on the lines there are
	}
	if s.asm != nil && now.Sub(s.lastLine) >= s.node.idleClose {
		s.completePending()
	}
	s.node.queue.drain() // the file is quiet: its warnings and errors are all counted
}

// EndOfBurst implements tailer.BurstSink: the poll's warnings and errors go to be classified
// now rather than when a batch fills, so that a steady trickle of lines is counted at once.
func (s *fileSink) EndOfBurst() { s.node.queue.handOver() }

// flush completes the pending record whatever its age (the tailer has stopped).
func (s *fileSink) flush() {
	if s.asm == nil && len(s.sample) > 0 {
		s.detect()
	}
	if s.asm != nil {
		s.completePending()
	}
}

func (s *fileSink) completePending() {
	if rec := s.asm.Flush(); rec != nil {
		s.record(rec)
	}
}

func (s *fileSink) unparsedLine(line []byte) {
	s.unparsed.Inc()
	s.node.queue.addUnparsed(s, line, s.lastLine)
}

// record counts a complete record and, for warnings and errors, classifies it.
func (s *fileSink) record(rec *logparse.Record) {
	level := rec.Fields.Level
	s.records[level].Inc()
	if s.isAudit {
		s.node.audit(rec.Fields.Message)
	}
	s.node.observeLifecycle(rec, func() time.Time { return s.recordTime(rec) })
	if level < logparse.LevelWarn {
		return
	}
	s.node.queue.add(s, rec, s.lastLine)
}

// recordTime is the time the record says, in logs.timezone, or now when it says none.
func (s *fileSink) recordTime(rec *logparse.Record) time.Time {
	return s.recordTimeOr(rec, s.node.clock)
}

// recordTimeOr is the time the record says, in logs.timezone, or fallback's when it says none.
func (s *fileSink) recordTimeOr(rec *logparse.Record, fallback func() time.Time) time.Time {
	if t, err := s.layout.Time(rec.Fields.Time, s.node.location); err == nil {
		return t
	}
	return fallback()
}
