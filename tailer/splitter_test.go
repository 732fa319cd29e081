package tailer

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

// splitLine is a line as a Sink got it.
type splitLine struct {
	text string
	cut  bool
}

type collectSink struct{ lines []splitLine }

func (s *collectSink) Line(line []byte, cut bool) {
	s.lines = append(s.lines, splitLine{string(line), cut})
}
func (s *collectSink) Idle(time.Time) {}

// referenceSplit is the splitter's contract written the obvious way: split the whole input on
// "\n", drop one trailing "\r", cut to max. The unfinished tail is a line when flushed, or as
// soon as it is known to be too long (over max bytes plus a possible "\r").
func referenceSplit(data []byte, max int, flush bool) []splitLine {
	parts := bytes.Split(data, []byte("\n"))
	last := parts[len(parts)-1]
	parts = parts[:len(parts)-1]
	if (flush && len(last) > 0) || len(last) > max+1 {
		parts = append(parts, last)
	}
	var out []splitLine
	for _, p := range parts {
		p = bytes.TrimSuffix(p, []byte("\r"))
		if len(p) > max {
			out = append(out, splitLine{string(p[:max]), true})
		} else {
			out = append(out, splitLine{string(p), false})
		}
	}
	return out
}

// FuzzSplitter feeds arbitrary data in arbitrary chunks and checks that the lines are those
// of referenceSplit, and that the partial-line buffer stays within max+1 bytes.
func FuzzSplitter(f *testing.F) {
	seeds := []string{
		"TID: [-1234] [] [2026-11-20 10:00:00,001]  INFO {a.B} - started\r\n\tat a.b.C.m(C.java:12)\n",
		"no newline at all",
		"\r\n\r\n\n\r",
		"0123456789abcdef\r\n0123456789abcdefg\nshort\n",
		"caf\xe9\x00\xff\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s), []byte{1, 3, 7, 255}, uint8(16))
	}
	f.Fuzz(func(t *testing.T, data, chunkSizes []byte, maxByte uint8) {
		max := 1 + int(maxByte%40)
		sink := &collectSink{}
		s := newSplitter(max)
		rest := data
		for i := 0; len(rest) > 0; i++ {
			n := len(rest)
			if len(chunkSizes) > 0 {
				n = min(n, 1+int(chunkSizes[i%len(chunkSizes)]))
			}
			before := len(sink.lines)
			counts := s.feed(rest[:n], sink)
			if int(counts.lines) != len(sink.lines)-before {
				t.Fatalf("feed counted %d lines, delivered %d", counts.lines, len(sink.lines)-before)
			}
			rest = rest[n:]
			if cap(s.pending) > max+1 {
				t.Fatalf("pending grew to %d bytes, max is %d", cap(s.pending), max)
			}
		}
		if want := referenceSplit(data, max, false); !slices.Equal(sink.lines, want) {
			t.Fatalf("lines\n got %+v\nwant %+v", sink.lines, want)
		}
		s.flush(sink)
		if want := referenceSplit(data, max, true); !slices.Equal(sink.lines, want) {
			t.Fatalf("lines after flush\n got %+v\nwant %+v", sink.lines, want)
		}
	})
}
