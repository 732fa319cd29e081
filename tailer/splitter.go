package tailer

import "bytes"

// splitter cuts a byte stream, fed in chunks of any size, into lines. A line wholly inside a
// chunk is handed to the sink straight from the chunk (no copy); only a line that spans chunks
// is assembled in pending, which never grows past max+1 bytes, so memory stays bounded however
// long a line is.
type splitter struct {
	max int
	// pending holds the start of a line whose newline has not arrived yet: up to max bytes,
	// plus one so that a "\r" right before the newline does not count towards the cap.
	pending []byte
	// skipping drops bytes up to the next newline: the head of a cut line was already
	// delivered, or the tailer started in the middle of a line.
	skipping bool
}

// lineCounts is what one call delivered.
type lineCounts struct {
	lines, cut uint64
}

func (c *lineCounts) add(o lineCounts) {
	c.lines += o.lines
	c.cut += o.cut
}

func newSplitter(max int) splitter {
	return splitter{max: max}
}

// feed delivers every line that chunk completes and keeps the unfinished tail for later.
func (s *splitter) feed(chunk []byte, sink Sink) lineCounts {
	var n lineCounts
	for len(chunk) > 0 {
		i := bytes.IndexByte(chunk, '\n')
		if i < 0 {
			if !s.skipping {
				n.add(s.hold(chunk, sink))
			}
			return n
		}
		segment := chunk[:i]
		chunk = chunk[i+1:]
		switch {
		case s.skipping:
			s.skipping = false // the newline ends the line being skipped
		case len(s.pending) == 0:
			n.add(s.emit(segment, sink))
		default:
			n.add(s.hold(segment, sink))
			if s.skipping { // hold cut and delivered the line already
				s.skipping = false
			} else {
				n.add(s.emit(s.pending, sink))
			}
			s.pending = s.pending[:0]
		}
	}
	return n
}

// flush delivers the unfinished line, if any, as a complete one: the tailer calls it when it
// leaves a file, whose last line will never get its newline.
func (s *splitter) flush(sink Sink) lineCounts {
	var n lineCounts
	if !s.skipping && len(s.pending) > 0 {
		n = s.emit(s.pending, sink)
	}
	s.reset()
	return n
}

// reset forgets the unfinished line without delivering it.
func (s *splitter) reset() {
	s.pending = s.pending[:0]
	s.skipping = false
}

// hold appends part of an unfinished line to pending. Once the line is known to exceed max
// bytes, its first max bytes are delivered as a cut line and the rest is skipped.
func (s *splitter) hold(part []byte, sink Sink) lineCounts {
	if s.pending == nil {
		s.pending = make([]byte, 0, s.max+1)
	}
	if room := s.max + 1 - len(s.pending); len(part) <= room {
		s.pending = append(s.pending, part...)
		return lineCounts{}
	}
	if len(s.pending) < s.max {
		s.pending = append(s.pending, part[:s.max-len(s.pending)]...)
	}
	sink.Line(s.pending[:s.max], true)
	s.pending = s.pending[:0]
	s.skipping = true
	return lineCounts{lines: 1, cut: 1}
}

// emit delivers one complete line, without a trailing "\r", cut to max bytes.
func (s *splitter) emit(line []byte, sink Sink) lineCounts {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) > s.max {
		sink.Line(line[:s.max], true)
		return lineCounts{lines: 1, cut: 1}
	}
	sink.Line(line, false)
	return lineCounts{lines: 1}
}

// held is how many bytes of an unfinished line are waiting for its newline.
func (s *splitter) held() int {
	return len(s.pending)
}
