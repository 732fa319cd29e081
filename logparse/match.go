package logparse

import "bytes"

// Parse reports whether line starts a record and, if so, fills f (whose slices then alias line).
// A trailing "\n" or "\r\n" is ignored. f is reset either way; its MDC array is reused, so a
// caller that keeps one Fields for every line parses without allocating.
func (l *Layout) Parse(line []byte, f *Fields) bool {
	ok, _ := l.match(line, f)
	return ok
}

// mayStart is a quick test that line could start a record: it begins with the pattern's
// leading literal, when there is one (`TID: [` for WSO2's carbon log). The assembler asks it
// before Parse: most continuation lines (stack frames) fail there, and then cost no reset of
// the Fields and no parse.
func (l *Layout) mayStart(line []byte) bool {
	return len(l.head) == 0 || l.head[0].kind != stepLiteral || bytes.HasPrefix(line, l.head[0].literal)
}

// match is Parse that also tells whether the pattern has something after %m and it was found
// at the end of the line (tailFound). Detect prefers the layout that explains more of a line.
func (l *Layout) match(line []byte, f *Fields) (ok, tailFound bool) {
	f.reset()
	line = trimEOL(line)
	pos, ok := l.matchHead(line, f)
	if !ok {
		return false, false
	}
	if !l.hasMessage {
		return true, false
	}
	rest := line[pos:]
	end := l.matchTail(rest, nil)
	tailFound = end >= 0 && len(l.tail) > 0
	if end >= 0 {
		l.matchTail(rest, f)
	} else {
		end = len(rest) // the tail is optional: log4j 1 writes it after the last line of a message
	}
	f.Message = rest[:end]
	return true, tailFound
}

// trimEOL drops a trailing "\n" and "\r".
func trimEOL(line []byte) []byte {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line
}

// matchHead matches the steps before %m and returns where the message starts.
func (l *Layout) matchHead(line []byte, f *Fields) (int, bool) {
	pos := 0
	for i := 0; i < len(l.head); i++ {
		s := &l.head[i]
		switch s.kind {
		case stepLiteral:
			if !bytes.HasPrefix(line[pos:], s.literal) {
				return 0, false
			}
			pos += len(s.literal)
		case stepFixedDate:
			if !s.matchDate(line[pos:]) {
				return 0, false
			}
			f.set(targetTime, "", line[pos:pos+len(s.shape)])
			pos += len(s.shape)
		case stepLevel:
			lv, n := levelAt(line[pos:])
			if lv == LevelUnknown {
				return 0, false
			}
			if f.Level == LevelUnknown {
				f.Level = lv
			}
			pos += n
			if s.leftAlign {
				pos += skipPadding(line[pos:], s.minWidth-len(lv.String()))
			}
		case stepText:
			start := pos
			end, ok := s.textEnd(line, start)
			if !ok {
				return 0, false
			}
			f.set(s.target, s.key, s.unpad(line[start:end]))
			pos = end
			if s.stop == stopAtLiteral {
				// The literal step that follows is the one textEnd just found at end (any
				// padding is before it, in the text): step over both.
				pos += len(s.literal)
				i++
			} else if s.leftAlign {
				pos += skipPadding(line[pos:], s.minWidth-(end-start))
			}
		}
	}
	return pos, true
}

// textEnd is where the text step starting at line[pos] ends.
func (s *step) textEnd(line []byte, pos int) (int, bool) {
	switch s.stop {
	case stopAtLiteral:
		i := bytes.Index(line[pos:], s.literal)
		return pos + i, i >= 0
	case stopAtLevel:
		for i := pos; i < len(line); i++ {
			if (i == pos || !isLetter(line[i-1])) && isLevelStart(line[i]) {
				if lv, _ := levelAt(line[i:]); lv != LevelUnknown {
					return i, true
				}
			}
		}
		return 0, false
	}
	return len(line), true
}

// unpad removes the spaces a minimum width put around a text value: after it when
// left-aligned, before it otherwise.
func (s *step) unpad(value []byte) []byte {
	switch {
	case s.minWidth == 0:
		return value
	case s.leftAlign:
		return bytes.TrimRight(value, " ")
	}
	return bytes.TrimLeft(value, " ")
}

// isLevelStart is a quick filter: the first letter of a level name, or the space of padding.
func isLevelStart(c byte) bool {
	switch c | 0x20 {
	case 't', 'd', 'i', 'w', 'e', 'f', ' ':
		return true
	}
	return false
}

// skipPadding steps over at most n spaces.
func skipPadding(b []byte, n int) int {
	i := 0
	for i < n && i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}

// matchTail matches the steps after %m backwards from the end of rest and returns where the
// message ends, or -1. With f nil it only checks, so that a tail that fails half-way leaves
// no partial fields behind.
func (l *Layout) matchTail(rest []byte, f *Fields) int {
	end := len(rest)
	for i := len(l.tail) - 1; i >= 0; i-- {
		s := &l.tail[i]
		if s.kind == stepLiteral {
			if !bytes.HasSuffix(rest[:end], s.literal) {
				return -1
			}
			end -= len(s.literal)
			continue
		}
		// checkTail made sure a literal precedes every text step of the tail.
		before := l.tail[i-1].literal
		j := bytes.LastIndex(rest[:end], before)
		if j < 0 {
			return -1
		}
		if f != nil {
			f.set(s.target, s.key, rest[j+len(before):end])
		}
		end = j
		i--
	}
	return end
}
