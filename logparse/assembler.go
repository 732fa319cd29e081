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
	n := len(r.FirstLine)
	buf := make([]byte, n+len(r.Body))
	copy(buf, r.FirstLine)
	copy(buf[n:], r.Body)
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
	return &c
}

// Assembler groups a file's lines into records: a record starts only at a line the Layout
// parses; any other line belongs to the record before it.
//
// The pending record's first line, body and MDC live in buffers the assembler reuses; when the
// record completes, those buffers become the handed-out Record's and the next record is
// assembled in the pair the previous Record used. So a record costs no allocation and no copy
// beyond its first line's, however many lines it has, and the Record is valid until the next
// Add or Flush. An Assembler serves one file and is not safe for concurrent use.
type Assembler struct {
	layout  *Layout
	maxBody int

	probe Fields // the parse of the line being added

	// The pending record.
	pending    bool
	first      []byte
	fields     Fields     // aliasing first
	pendingMDC []KeyValue // the array behind fields.MDC, reused
	body       []byte
	lines      int
	exception  string
	cause      string

	// The record handed out last and the buffers it holds (swapped with the pending ones).
	out      Record
	outFirst []byte
	outBody  []byte
	outMDC   []KeyValue

	names classNames
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
	if a.layout.Parse(line, &a.probe) {
		complete = a.Flush()
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
	n := len(a.first)
	a.out = Record{
		Fields:    a.fields,
		FirstLine: a.first[:n:n],
		Lines:     a.lines,
		Exception: a.exception,
		RootCause: a.cause,
	}
	if len(a.body) > 0 {
		a.out.Body = a.body[:len(a.body):len(a.body)]
	}
	if a.out.RootCause == "" {
		a.out.RootCause = a.out.Exception
	}
	// The record keeps the buffers it aliases; the next one is assembled in the others.
	a.first, a.outFirst = a.outFirst, a.first
	a.body, a.outBody = a.outBody, a.body
	a.pendingMDC, a.outMDC = a.outMDC, a.pendingMDC
	a.fields = Fields{}
	return &a.out
}

// Pending tells whether a record is waiting for more lines.
func (a *Assembler) Pending() bool { return a.pending }

// start makes line, just parsed into a.probe, the pending record.
func (a *Assembler) start(line []byte) {
	a.pending = true
	a.first = append(a.first[:0], line...)
	a.fields = a.probe
	a.fields.rebase(line, a.first, a.pendingMDC[:0])
	a.pendingMDC = a.fields.MDC
	a.body = a.body[:0]
	a.lines = 1
	a.exception, a.cause = "", ""
	if a.layout.exceptionInMessage && a.classified() {
		a.noteException(exceptionInText(a.fields.Message))
	}
}

// classified tells whether the pending record is one whose body and exception are kept: WARN
// and above, the records that get classified. Skipping the rest is most of the pipeline's
// saving on INFO-heavy logs.
func (a *Assembler) classified() bool { return a.fields.Level >= LevelWarn }

// continueWith adds a line that is not a record start to the pending record.
func (a *Assembler) continueWith(line []byte) {
	a.lines++
	if !a.classified() {
		return
	}
	a.keep(line)
	if len(line) > 0 && line[0] == '\t' {
		return // a frame, "... N more", or a suppressed exception's lines: never a cause to keep
	}
	if c := causeClass(line); c != nil {
		a.cause = a.names.intern(c)
		if a.exception == "" {
			a.exception = a.cause // the exception's own line was lost or cut
		}
		return
	}
	if a.exception != "" {
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
	room := a.maxBody - len(a.body)
	if len(a.body) > 0 {
		room-- // the "\n" that joins it
	}
	if room <= 0 {
		return
	}
	if len(a.body) > 0 {
		a.body = append(a.body, '\n')
	}
	a.body = append(a.body, line[:min(len(line), room)]...)
}

// noteException records the first exception class seen.
func (a *Assembler) noteException(name []byte) {
	if name != nil && a.exception == "" {
		a.exception = a.names.intern(name)
	}
}
