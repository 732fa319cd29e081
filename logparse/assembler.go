package logparse

// Record is one log event: its first line's Fields and every line that belongs to it.
//
// A Record the Assembler hands out is the assembler's own: it and every slice in it stay valid
// only until the next call to Add or Flush, which reuse its memory. A caller that keeps a
// record, or any of its byte slices, past that copies it (Clone, or string(...) of a field).
type Record struct {
	Fields Fields // aliases FirstLine
	// FirstLine is the record's first line.
	FirstLine []byte
	// Lines counts the record's lines (1 + continuation lines).
	Lines int
	// Body holds the continuation lines joined by "\n", at most the assembler's MaxBody bytes.
	// Body, Exception and RootCause are kept for WARN, ERROR and FATAL records only: the ones
	// that get classified (Lines still counts every line).
	Body []byte
	// Exception is the class of the exception the record carries ("" when none), RootCause the
	// class of its last "Caused by:" (equal to Exception when there is no cause).
	Exception string
	RootCause string
}

// Clone returns a copy of r that owns its memory: it stays valid whatever the assembler that
// handed r out does next.
func (r *Record) Clone() *Record {
	c, _ := r.CloneInto(nil)
	return &c
}

// CloneInto is Clone with the copy's bytes appended to arena, which it returns, grown: a
// caller that keeps many records at a time copies them into one buffer it reuses, instead of
// allocating for each. The copy is valid until the caller reuses the arena's memory.
func (r *Record) CloneInto(arena []byte) (Record, []byte) {
	start, n := len(arena), len(r.FirstLine)
	arena = append(append(arena, r.FirstLine...), r.Body...)
	buf := arena[start:len(arena):len(arena)]
	c := *r
	c.FirstLine = buf[:n:n]
	c.Body = nil
	if len(r.Body) > 0 {
		c.Body = buf[n:]
	}
	var mdc []KeyValue
	if len(r.Fields.MDC) > 0 {
		mdc = make([]KeyValue, 0, len(r.Fields.MDC))
	}
	c.Fields.rebase(r.FirstLine, c.FirstLine, mdc)
	return c, arena
}

// Assembler groups a file's lines into records: a record starts only at a line the Layout
// parses; any other line belongs to the record before it.
//
// The assembler has two record slots, each with its own first-line, body and MDC buffers: the
// pending record is assembled in one, and when it completes it is handed out from there while
// the next line is parsed straight into the other slot. So a record costs no allocation and no
// copy beyond its first line's, however many lines it has, and the Record is valid until the
// next Add or Flush. An Assembler serves one file and is not safe for concurrent use.
type Assembler struct {
	layout  *Layout
	maxBody int

	slots [2]slot
	// cur is the slot of the pending record or, when none is pending, of the record handed
	// out last; a line is parsed into the other slot.
	cur     int
	pending bool

	names classNames
}

// slot is a record and the buffers its slices alias.
type slot struct {
	rec   Record
	first []byte // behind rec.FirstLine and rec.Fields
	body  []byte // behind rec.Body
}

// NewAssembler returns an assembler for layout that keeps at most maxBody bytes of a record's
// continuation lines (the rest is counted in Lines but not kept).
func NewAssembler(layout *Layout, maxBody int) *Assembler {
	return &Assembler{layout: layout, maxBody: max(maxBody, 0)}
}

// Add takes the next line. When line starts a record and a record was pending, the pending one
// is complete and returned. A line that is not a record start while none is pending is
// unparsed: Add reports it through unparsed=true and drops it.
func (a *Assembler) Add(line []byte) (complete *Record, unparsed bool) {
	line = trimEOL(line)
	// The other slot holds at most the record handed out last, which this call invalidates.
	next := 1 - a.cur
	if a.layout.mayStart(line) && a.layout.Parse(line, &a.slots[next].rec.Fields) {
		complete = a.Flush()
		a.cur = next
		a.start(line)
		return complete, false
	}
	if !a.pending {
		return nil, true
	}
	a.continueWith(line)
	return nil, false
}

// Flush returns the pending record, if any, as complete (the file went idle). The Record is
// valid until the next Add or Flush.
func (a *Assembler) Flush() *Record {
	if !a.pending {
		return nil
	}
	a.pending = false
	s := &a.slots[a.cur]
	r := &s.rec
	r.FirstLine = s.first[:len(s.first):len(s.first)]
	r.Body = nil
	if len(s.body) > 0 {
		r.Body = s.body[:len(s.body):len(s.body)]
	}
	if r.RootCause == "" {
		r.RootCause = r.Exception
	}
	return r
}

// Pending tells whether a record is waiting for more lines.
func (a *Assembler) Pending() bool { return a.pending }

// pendingRecord is the record being assembled.
func (a *Assembler) pendingRecord() *Record { return &a.slots[a.cur].rec }

// start makes line, just parsed into the current slot's Fields, the pending record.
func (a *Assembler) start(line []byte) {
	a.pending = true
	s := &a.slots[a.cur]
	s.first = append(s.first[:0], line...)
	s.rec.Fields.rebase(line, s.first, s.rec.Fields.MDC[:0])
	s.body = s.body[:0]
	s.rec.Lines = 1
	s.rec.Exception, s.rec.RootCause = "", ""
	if a.layout.exceptionInMessage && a.classified() {
		a.noteException(exceptionInText(s.rec.Fields.Message))
	}
}

// classified tells whether the pending record is one whose body and exception are kept: WARN
// and above, the records that get classified. Skipping the rest is most of the pipeline's
// saving on INFO-heavy logs.
func (a *Assembler) classified() bool { return a.pendingRecord().Fields.Level >= LevelWarn }

// continueWith adds a line that is not a record start to the pending record.
func (a *Assembler) continueWith(line []byte) {
	r := a.pendingRecord()
	r.Lines++
	if !a.classified() {
		return
	}
	a.keep(line)
	if len(line) > 0 && line[0] == '\t' {
		return // a frame, "... N more", or a suppressed exception's lines: never a cause to keep
	}
	if c := causeClass(line); c != nil {
		r.RootCause = a.names.intern(c)
		if r.Exception == "" {
			r.Exception = r.RootCause // the exception's own line was lost or cut
		}
		return
	}
	if r.Exception != "" {
		return
	}
	if name := exceptionAtLineStart(line); name != nil {
		a.noteException(name)
	} else if a.layout.exceptionInMessage {
		// A message that spans lines ends with the exception %ex put after it.
		a.noteException(exceptionInText(line))
	}
}

// keep appends line to the body, as much of it as maxBody still allows.
func (a *Assembler) keep(line []byte) {
	s := &a.slots[a.cur]
	room := a.maxBody - len(s.body)
	if len(s.body) > 0 {
		room-- // the "\n" that joins it
	}
	if room <= 0 {
		return
	}
	if len(s.body) > 0 {
		s.body = append(s.body, '\n')
	}
	s.body = append(s.body, line[:min(len(line), room)]...)
}

// noteException records the first exception class seen.
func (a *Assembler) noteException(name []byte) {
	if r := a.pendingRecord(); name != nil && r.Exception == "" {
		r.Exception = a.names.intern(name)
	}
}
