package logparse

// Fields are what a record's first line says. Byte slices alias the parsed line (a Record's
// FirstLine for a Record's Fields). Empty when the layout has no such conversion or the line
// leaves it empty (`TID: [] []`).
type Fields struct {
	Time     []byte // the %d text as written
	Level    Level
	Logger   []byte // %c as written (full name, or abbreviated by %c{1})
	Class    []byte // %C, the caller's class
	Thread   []byte // %t
	TenantID []byte // %tenantId (-1234 super tenant, -1 transport threads); %T of log4j 1
	// TenantDomain is %tenantDomain (carbon.super for the super tenant), as Identity Server
	// writes it; %D of log4j 1.
	TenantDomain []byte
	AppName      []byte // %appName; %A of log4j 1
	// MDC holds %X{key} values in the order of the pattern.
	MDC []KeyValue
	// Message is the rest of the line from %m on: the message and, with %ex, the exception
	// written on the same line.
	Message []byte
}

// KeyValue is one %X{key} of a line.
type KeyValue struct {
	Key   string
	Value []byte
}

// MDCValue is the value of %X{key} on the line, nil when the layout has no such key.
func (f *Fields) MDCValue(key string) []byte {
	for _, kv := range f.MDC {
		if kv.Key == key {
			return kv.Value
		}
	}
	return nil
}

// fieldTarget names the Fields member a conversion fills.
type fieldTarget uint8

const (
	targetNone fieldTarget = iota // matched and dropped (%r, %L, %x, ...)
	targetTime
	targetLogger
	targetClass
	targetThread
	targetTenantID
	targetTenantDomain
	targetAppName
	targetMDC
)

// slot is the Fields member for t, nil for targetNone and targetMDC.
func (f *Fields) slot(t fieldTarget) *[]byte {
	switch t {
	case targetTime:
		return &f.Time
	case targetLogger:
		return &f.Logger
	case targetClass:
		return &f.Class
	case targetThread:
		return &f.Thread
	case targetTenantID:
		return &f.TenantID
	case targetTenantDomain:
		return &f.TenantDomain
	case targetAppName:
		return &f.AppName
	}
	return nil
}

// set stores a matched value. The first occurrence of a conversion wins: log4j 1 layouts repeat
// %c after the message, and the repeat must not replace what the head of the line said.
func (f *Fields) set(t fieldTarget, key string, v []byte) {
	if t == targetMDC {
		f.MDC = append(f.MDC, KeyValue{Key: key, Value: v})
		return
	}
	if p := f.slot(t); p != nil && *p == nil {
		*p = v
	}
}

// reset empties f for the next line and keeps the MDC array for reuse.
func (f *Fields) reset() {
	*f = Fields{MDC: f.MDC[:0]}
}

// rebase points every slice of f, which aliases from, at the same bytes of to (a copy of
// from), and copies the MDC entries into mdc. A sub-slice's offset in from is
// cap(from)-cap(sub), which needs no unsafe pointer arithmetic; that is why Parse slices with
// two indexes (keeping the capacity to the end of the line) and rebase caps the moved slices
// at len(to) (the end of the copy, which a Record's FirstLine caps at its length too).
func (f *Fields) rebase(from, to []byte, mdc []KeyValue) {
	f.Time = move(from, to, f.Time)
	f.Logger = move(from, to, f.Logger)
	f.Class = move(from, to, f.Class)
	f.Thread = move(from, to, f.Thread)
	f.TenantID = move(from, to, f.TenantID)
	f.TenantDomain = move(from, to, f.TenantDomain)
	f.AppName = move(from, to, f.AppName)
	f.Message = move(from, to, f.Message)
	if len(f.MDC) == 0 {
		f.MDC = mdc[:0]
		return
	}
	for _, kv := range f.MDC {
		mdc = append(mdc, KeyValue{Key: kv.Key, Value: move(from, to, kv.Value)})
	}
	f.MDC = mdc
}

// move is rebase for one slice b of from.
func move(from, to, b []byte) []byte {
	if b == nil {
		return nil
	}
	off := cap(from) - cap(b)
	return to[off : off+len(b) : len(to)]
}
