package logparse

import (
	"fmt"
	"strings"
)

// Layout is a compiled PatternLayout: it tells whether a line starts a record and extracts
// its Fields with byte scans (no regular expression per line).
type Layout struct {
	pattern string
	// head is matched from the start of the line up to %m; tail, the literals and text
	// conversions the pattern puts after %m, from the end of the line.
	head       []step
	tail       []step
	hasMessage bool
	date       *dateFormat // the first %d, for Time
	// exceptionInMessage is set when the pattern prints the exception right after the message
	// (%ex and friends), so the first line of a record may name it.
	exceptionInMessage bool
}

type stepKind uint8

const (
	stepLiteral   stepKind = iota
	stepFixedDate          // a date whose every byte position is known
	stepLevel
	stepText // free text: %c, %t, %X{key}, a variable-width date, ...
)

// stopKind tells where a text step ends.
type stopKind uint8

const (
	stopAtLiteral stopKind = iota // at the first occurrence of the literal that follows it
	stopAtLevel                   // at the first level word (log4j 1's %P%5p)
	stopAtEnd                     // at the end of the line (last step, no %m)
)

type step struct {
	kind    stepKind
	literal []byte     // stepLiteral; for stopAtLiteral, the literal that ends the text
	shape   []byte     // stepFixedDate
	words   shapeWords // shape compiled into words, when it has no letters
	target  fieldTarget
	key     string // %X{key}
	stop    stopKind
	// leftAlign and minWidth are the format modifier: padding spaces Parse must step over.
	leftAlign bool
	minWidth  int
}

// Compile builds a Layout from a log4j2 PatternLayout pattern such as
// `TID: [%tenantId] [%appName] [%d] %5p {%c} - %m%ex%n`.
func Compile(pattern string) (*Layout, error) {
	l, err := compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("compiling log pattern %q: %w", pattern, err)
	}
	return l, nil
}

// Pattern is the pattern the Layout was compiled from.
func (l *Layout) Pattern() string { return l.pattern }

func compile(pattern string) (*Layout, error) {
	toks, err := tokenize(pattern)
	if err != nil {
		return nil, err
	}
	toks, err = dropEndOfLine(toks)
	if err != nil {
		return nil, err
	}
	l := &Layout{pattern: pattern}
	var steps []step
	for _, t := range toks {
		if t.conv == "" {
			steps = appendLiteral(steps, t.literal)
			continue
		}
		conv := conversions[t.conv]
		switch conv.role {
		case roleNested:
			return nil, fmt.Errorf("%%%s at offset %d: conversions with nested patterns are not supported", t.conv, t.offset)
		case roleSameLine:
			l.exceptionInMessage = true
			continue
		case roleMessage:
			if l.hasMessage {
				return nil, fmt.Errorf("%%%s at offset %d: a second message conversion", t.conv, t.offset)
			}
			l.hasMessage = true
			l.head, steps = steps, nil
			continue
		}
		s, err := l.stepFor(t, conv)
		if err != nil {
			return nil, err
		}
		steps = append(steps, s)
	}
	if l.hasMessage {
		l.tail = steps
	} else {
		l.head = steps
	}
	if err := l.linkHead(); err != nil {
		return nil, err
	}
	if err := l.checkTail(); err != nil {
		return nil, err
	}
	return l, nil
}

// dropEndOfLine removes the %n (or literal newline) that ends the pattern. A newline anywhere
// else would make a record start span two lines, which a line-by-line parser cannot match.
func dropEndOfLine(toks []token) ([]token, error) {
	for len(toks) > 0 {
		last := toks[len(toks)-1]
		if last.conv == "n" || (last.conv == "" && strings.Trim(last.literal, "\r\n") == "") {
			toks = toks[:len(toks)-1]
			continue
		}
		break
	}
	for _, t := range toks {
		if t.conv == "n" || strings.ContainsAny(t.literal, "\r\n") {
			return nil, fmt.Errorf("a line break before the end of the pattern is not supported")
		}
	}
	return toks, nil
}

// appendLiteral adds literal text, joining it to a literal step just before (conversions that
// print nothing of their own, like %ex, can leave two literals side by side).
func appendLiteral(steps []step, text string) []step {
	if n := len(steps); n > 0 && steps[n-1].kind == stepLiteral {
		steps[n-1].literal = append(steps[n-1].literal, text...)
		return steps
	}
	return append(steps, step{kind: stepLiteral, literal: []byte(text)})
}

// stepFor is the step of a conversion with roleText, roleDate or roleLevel.
func (l *Layout) stepFor(t token, conv conversion) (step, error) {
	s := step{kind: stepText, target: conv.target, leftAlign: t.leftAlign, minWidth: t.minWidth}
	switch conv.role {
	case roleLevel:
		s.kind = stepLevel
	case roleDate:
		df, err := compileDateFormat(t.options)
		if err != nil {
			return s, fmt.Errorf("%%%s at offset %d: %w", t.conv, t.offset, err)
		}
		if l.date == nil {
			l.date = &df
		}
		if df.shape != nil {
			s.kind, s.shape, s.words = stepFixedDate, df.shape, compileShapeWords(df.shape)
		}
	case roleText:
		if conv.target == targetMDC {
			if len(t.options) == 0 {
				s.target = targetNone // %X alone prints the whole map: skipped
			} else {
				s.key = t.options[0]
			}
		}
	}
	return s, nil
}

// linkHead tells every text step of the head where it ends, and checks that the head can tell
// a record start from any other line.
func (l *Layout) linkHead() error {
	anchored := false
	for i := range l.head {
		s := &l.head[i]
		switch s.kind {
		case stepFixedDate, stepLevel:
			anchored = true
			continue
		case stepLiteral:
			anchored = anchored || i == 0
			continue
		}
		if i+1 == len(l.head) {
			if l.hasMessage {
				return fmt.Errorf("a text conversion directly before %%m: nothing tells where it ends")
			}
			s.stop = stopAtEnd
			continue
		}
		switch next := l.head[i+1]; next.kind {
		case stepLiteral:
			s.stop, s.literal = stopAtLiteral, next.literal
		case stepLevel:
			s.stop = stopAtLevel
		default:
			return fmt.Errorf("two conversions without literal text between them: nothing tells where the first ends")
		}
	}
	if !anchored {
		return fmt.Errorf("nothing in the pattern tells a record start from another line (it needs %%p, a fixed-width %%d or leading literal text)")
	}
	return nil
}

// checkTail accepts after %m only literals and text conversions that follow a literal: the
// tail is matched backwards from the end of the line, and a text conversion there extends
// back to the literal before it.
func (l *Layout) checkTail() error {
	for i, s := range l.tail {
		switch {
		case s.kind == stepFixedDate || s.kind == stepLevel:
			return fmt.Errorf("only literal text and text conversions may follow %%m")
		case s.kind == stepText && (i == 0 || l.tail[i-1].kind != stepLiteral):
			return fmt.Errorf("a text conversion after %%m must follow literal text")
		}
	}
	return nil
}
