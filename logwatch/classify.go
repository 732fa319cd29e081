package logwatch

import (
	"bytes"
	"regexp"

	"github.com/apimwatch/apimwatch/logparse"
)

// Rule is a site's own signature (logs.rules): a record at one of Levels matches when every
// regular expression given matches: Logger the logger name, Message the first line's message,
// Exception the exception or root-cause class.
type Rule struct {
	ID, Title, Remediation string
	Levels                 []logparse.Level
	Logger                 *regexp.Regexp
	Message                *regexp.Regexp
	Exception              *regexp.Regexp
}

func (r *Rule) matches(rec *logparse.Record) bool {
	levelOK := false
	for _, l := range r.Levels {
		levelOK = levelOK || l == rec.Fields.Level
	}
	return levelOK &&
		(r.Logger == nil || r.Logger.Match(rec.Fields.Logger)) &&
		(r.Message == nil || r.Message.Match(rec.Fields.Message)) &&
		(r.Exception == nil || r.Exception.MatchString(rec.Exception) || r.Exception.MatchString(rec.RootCause))
}

// classifier names the signature of a warning or error record: the site's rules first (they
// are more specific), then the built-in catalogue in order.
type classifier struct {
	rules      []Rule
	signatures []Signature
	// text is a scratch buffer: the message and the non-frame lines of the record being
	// classified, and pairs the byte pairs of text. A classifier serves one node's files,
	// whose queue feeds one classifier goroutine.
	text  []byte
	pairs *pairSet
}

func newClassifier(rules []Rule) *classifier {
	return &classifier{rules: rules, signatures: builtinSignatures, pairs: new(pairSet)}
}

// signature is the id of the first rule or signature rec matches, or SignatureNone.
func (c *classifier) signature(rec *logparse.Record) string {
	for i := range c.rules {
		if c.rules[i].matches(rec) {
			return c.rules[i].ID
		}
	}
	logger := rec.Fields.Logger
	logger = logger[bytes.LastIndexByte(logger, '.')+1:] // the simple name
	// The message and the non-frame lines, one per line: a needle has no line break, so it is in
	// this text exactly when it is in the message or in one of those lines, and one search
	// covers both.
	c.text = append(append(c.text[:0], rec.Fields.Message...), '\n')
	c.text = appendNonFrameLines(c.text, rec.Body)
	*c.pairs = pairSet{}
	c.pairs.add(c.text)
	for _, s := range c.signatures {
		for _, m := range s.matchers {
			if m.matches(logger, c.text, c.pairs) {
				return s.ID
			}
		}
	}
	return SignatureNone
}

// unparsedSignature classifies a line that belongs to no record: only an out-of-memory error
// is worth a signature there (the JVM writes it to the console outside any layout).
func (c *classifier) unparsedSignature(line []byte) string {
	for _, m := range c.signatures[signatureIndex("F16")].matchers {
		if m.matches(nil, line, nil) {
			return "F16"
		}
	}
	return ""
}

// matches tells whether the record matches: loggerSimpleName is its logger's simple name, text
// its message and its continuation lines that are not stack frames (needles hold no line
// break, so none matches across two lines), pairs the pairs of text, or nil to search text
// for every needle.
func (m matcher) matches(loggerSimpleName, text []byte, pairs *pairSet) bool {
	if m.logger != "" && m.logger != string(loggerSimpleName) {
		return false
	}
	if pairs != nil {
		for _, bits := range m.pairs {
			for _, bit := range bits {
				if !pairs.has(bit) {
					return false
				}
			}
		}
	}
	for _, needle := range m.all {
		if !bytes.Contains(text, needle) {
			return false
		}
	}
	return true
}

// appendNonFrameLines appends the lines of body that are not stack frames (a frame or
// "... N more" starts with a tab) to dst: every signature's text is in a message, an exception
// or a "Caused by:" line, and frames are most of a body's bytes.
func appendNonFrameLines(dst, body []byte) []byte {
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		if len(line) > 0 && line[0] != '\t' {
			dst = append(append(dst, line...), '\n')
		}
	}
	return dst
}

func signatureIndex(id string) int {
	for i, s := range builtinSignatures {
		if s.ID == id {
			return i
		}
	}
	panic("logwatch: no built-in signature " + id)
}
