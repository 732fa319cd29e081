package logparse

import "bytes"

// Exception classes are recognised by shape, not by a list: a dotted Java name (at least two
// segments, the last one capitalised) that either ends in Exception, Error or Throwable, or
// starts a line and is followed by ": " (org.apache.axis2.AxisFault: ...). Requiring the
// dots keeps message words ("Exception in Authentication Framework") out, and searching only
// the message keeps the logger out.

var (
	causedBy          = []byte("Caused by: ")
	exceptionInThread = []byte("Exception in thread \"")
	classSuffixes     = [][]byte{[]byte("Exception"), []byte("Error"), []byte("Throwable")}
)

// exceptionAtLineStart is the class of an exception that a line starts, nil when it starts
// none: `org.x.FooException: msg`, `java.lang.OutOfMemoryError`, `Exception in thread "main"
// java.lang.X: msg`.
func exceptionAtLineStart(line []byte) []byte {
	if rest, ok := bytes.CutPrefix(line, exceptionInThread); ok {
		q := bytes.IndexByte(rest, '"')
		if q < 0 || q+1 >= len(rest) || rest[q+1] != ' ' {
			return nil
		}
		line = rest[q+2:]
	}
	end := javaNameEnd(line)
	name := line[:end]
	if !isClassName(name) {
		return nil
	}
	after := line[end:]
	if len(after) == 0 || after[0] == ':' {
		if hasClassSuffix(name) || bytes.HasPrefix(after, []byte(": ")) {
			return name
		}
	}
	return nil
}

// causeClass is the class of a "Caused by: " line, nil for other lines. Any class name counts
// after that prefix, suffix or not.
func causeClass(line []byte) []byte {
	rest, ok := bytes.CutPrefix(line, causedBy)
	if !ok {
		return nil
	}
	name := rest[:javaNameEnd(rest)]
	if !isClassName(name) {
		return nil
	}
	return name
}

// exceptionInText finds an exception class anywhere in text, as %ex prints it after the
// message: a suffixed class name followed by ':' or by the end of the text. Candidates are
// found from the colons, which keeps the scan short.
func exceptionInText(text []byte) []byte {
	for from := 0; ; {
		i := bytes.IndexByte(text[from:], ':')
		end := from + i
		if i < 0 {
			end = len(text)
		}
		if name := classEndingAt(text, end); name != nil {
			return name
		}
		if i < 0 {
			return nil
		}
		from = end + 1
	}
}

// classEndingAt is the suffixed class name that ends at text[end], nil if none does.
func classEndingAt(text []byte, end int) []byte {
	start := end
	for start > 0 && isJavaNameByte(text[start-1]) {
		start--
	}
	name := text[start:end]
	if isClassName(name) && hasClassSuffix(name) {
		return name
	}
	return nil
}

// javaNameEnd is the length of the run of Java name characters and dots at the start of b.
func javaNameEnd(b []byte) int {
	i := 0
	for i < len(b) && isJavaNameByte(b[i]) {
		i++
	}
	return i
}

func isJavaNameByte(c byte) bool {
	return isLetter(c) || c-'0' <= 9 || c == '_' || c == '$' || c == '.'
}

// isClassName accepts a.b.C: two or more non-empty segments that do not start with a digit,
// the last one capitalised.
func isClassName(name []byte) bool {
	last := bytes.LastIndexByte(name, '.')
	if last <= 0 || last == len(name)-1 {
		return false
	}
	if c := name[last+1]; c < 'A' || c > 'Z' {
		return false
	}
	segStart := true
	for _, c := range name {
		switch {
		case c == '.':
			if segStart {
				return false
			}
			segStart = true
		case segStart && c-'0' <= 9:
			return false
		default:
			segStart = false
		}
	}
	return true
}

func hasClassSuffix(name []byte) bool {
	for _, s := range classSuffixes {
		if bytes.HasSuffix(name, s) {
			return true
		}
	}
	return false
}
