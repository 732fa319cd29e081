package logwatch

import (
	"sync"

	"github.com/apimwatch/apimwatch/logparse"
)

// A batch smaller than parallelBatch lines is worked through on the tailer's goroutine alone:
// a live file's few new lines are not worth a hand-off to another core.
const parallelBatch = 512

// aheadShare is the share of a batch's lines (in eighths) parsed on a second goroutine while
// the tailer's goroutine assembles and classifies the rest. Finding record starts is about a
// third of the per-line work and the rest two thirds, so with the later five eighths parsed
// ahead both goroutines finish their first part at about the same time.
const aheadShare = 5

// parseAhead parses lines with a layout on its own goroutine, into fields it reuses from one
// batch to the next. A fileSink owns one; the tailer calls the sink from one goroutine.
type parseAhead struct {
	fields []logparse.Fields
	starts []bool
	done   sync.WaitGroup
}

// start parses lines in the background; wait returns their Fields and record starts, which
// alias lines and stay valid until the next start.
func (p *parseAhead) start(layout *logparse.Layout, lines [][]byte) {
	if cap(p.fields) < len(lines) {
		p.fields = make([]logparse.Fields, len(lines))
		p.starts = make([]bool, len(lines))
	}
	p.fields, p.starts = p.fields[:len(lines)], p.starts[:len(lines)]
	p.done.Go(func() {
		for i, line := range lines {
			p.starts[i] = layout.Parse(line, &p.fields[i])
		}
	})
}

func (p *parseAhead) wait() ([]logparse.Fields, []bool) {
	p.done.Wait()
	return p.fields, p.starts
}

// Lines implements tailer.BatchSink: a catch-up's lines come a read at a time, and the record
// starts of the later part of each read are parsed on a second core while this goroutine
// assembles, classifies and counts the earlier part.
func (s *fileSink) Lines(lines [][]byte) {
	if s.asm == nil || len(lines) < parallelBatch {
		for _, line := range lines {
			s.Line(line, false)
		}
		return
	}
	split := len(lines) - len(lines)*aheadShare/8
	s.ahead.start(s.layout, lines[split:])
	for _, line := range lines[:split] {
		s.countLine()
		s.add(line)
	}
	fields, starts := s.ahead.wait()
	for i, line := range lines[split:] {
		s.countLine()
		rec, unparsed := s.asm.AddParsed(line, &fields[i], starts[i])
		s.handle(line, rec, unparsed)
	}
}
