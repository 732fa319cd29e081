package logparse

import (
	"fmt"
	"strings"
)

// token is one piece of a PatternLayout: a literal, or a conversion with its format modifier
// and options (`%-5.30c{1}` is conv "c", leftAlign, minWidth 5, options ["1"]; the maximum
// width, 30, only truncates what is written and matters not to the parser).
type token struct {
	literal   string // set for a literal; conv is "" then
	conv      string
	options   []string
	leftAlign bool
	minWidth  int
	offset    int // where the conversion starts in the pattern, for error messages
}

// tokenize splits a PatternLayout into literals and conversions. A conversion name is the
// longest known name that prefixes the run of letters after the modifier (log4j2 does the
// same), so `%mfoo` is %m followed by the literal "foo"; an unknown run is an error.
func tokenize(pattern string) ([]token, error) {
	var toks []token
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			toks = append(toks, token{literal: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(pattern); {
		c := pattern[i]
		switch {
		case c == '\\' && i+1 < len(pattern):
			lit.WriteString(unescape(pattern[i+1]))
			i += 2
			continue
		case c != '%':
			lit.WriteByte(c)
			i++
			continue
		}
		if i+1 < len(pattern) && pattern[i+1] == '%' {
			lit.WriteByte('%')
			i += 2
			continue
		}
		tok, next, rest, err := conversionAt(pattern, i)
		if err != nil {
			return nil, err
		}
		flush()
		toks = append(toks, tok)
		lit.WriteString(rest)
		i = next
	}
	flush()
	return toks, nil
}

// unescape is the character a backslash escape in a pattern stands for (log4j2 reads \t and \n).
func unescape(c byte) string {
	switch c {
	case 't':
		return "\t"
	case 'n':
		return "\n"
	case 'r':
		return "\r"
	}
	return string(c)
}

// conversionAt parses the conversion at pattern[start] == '%'. It returns the token, the
// index after it, and the letters that followed the name but are literal text.
func conversionAt(pattern string, start int) (tok token, next int, rest string, err error) {
	tok.offset = start
	i := start + 1
	if i < len(pattern) && pattern[i] == '-' {
		tok.leftAlign = true
		i++
	}
	i, tok.minWidth = digitsAt(pattern, i)
	if i < len(pattern) && pattern[i] == '.' {
		i++
		if i < len(pattern) && pattern[i] == '-' { // truncate from the end: tolerated, ignored
			i++
		}
		var maxWidth int
		if i, maxWidth = digitsAt(pattern, i); maxWidth == 0 {
			return tok, 0, "", fmt.Errorf("format modifier without a maximum width at offset %d", start)
		}
	}
	nameStart := i
	for i < len(pattern) && isLetter(pattern[i]) {
		i++
	}
	if i == nameStart {
		return tok, 0, "", fmt.Errorf("%% without a conversion name at offset %d", start)
	}
	run := pattern[nameStart:i]
	name := longestKnownPrefix(run)
	if name == "" {
		return tok, 0, "", fmt.Errorf("unknown conversion %%%s at offset %d", run, start)
	}
	tok.conv = name
	if len(name) < len(run) {
		// The letters after the name are literal text, and a following {…} is not an option.
		return tok, i, run[len(name):], nil
	}
	for i < len(pattern) && pattern[i] == '{' {
		end, err := closingBrace(pattern, i)
		if err != nil {
			return tok, 0, "", fmt.Errorf("%%%s at offset %d: %w", name, start, err)
		}
		tok.options = append(tok.options, pattern[i+1:end])
		i = end + 1
	}
	return tok, i, "", nil
}

// digitsAt reads a decimal number at pattern[i:], capped so that absurd widths cannot overflow.
func digitsAt(pattern string, i int) (int, int) {
	n := 0
	for i < len(pattern) && pattern[i] >= '0' && pattern[i] <= '9' {
		if n < 1<<20 {
			n = n*10 + int(pattern[i]-'0')
		}
		i++
	}
	return i, n
}

// closingBrace finds the brace that closes the option opened at pattern[open], counting nested
// braces the way log4j2 does.
func closingBrace(pattern string, open int) (int, error) {
	depth := 0
	for i := open; i < len(pattern); i++ {
		switch pattern[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("option opened at offset %d is not closed", open)
}
