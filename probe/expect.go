package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Expect is what a test case's answer must look like. Every condition set must hold.
type Expect struct {
	// Status is the expected HTTP status; 0 accepts any 2xx.
	Status int
	// BodyContains is a substring the body must contain.
	BodyContains string
	// JSONField is a path into a JSON body: object keys separated by dots, array indexes in
	// brackets, e.g. `data.status`, `items[0].name`, `[2].id`. Keys holding a dot or a bracket
	// cannot be addressed. The field must exist and not be null.
	JSONField string
	// JSONValue, when set, is the value the field must have: a string compares with its text, a
	// number, true, false compare with their JSON text as written in the body (`200`, `true`), an
	// object or array with its compact JSON.
	JSONValue string
	// MaxLatency is the latency budget of the request (from sending it to the end of the body,
	// not counting a token request); 0 means none beyond the probe's timeout.
	MaxLatency time.Duration
}

func (e Expect) validate() error {
	var problems []error
	if e.Status != 0 && (e.Status < 100 || e.Status > 599) {
		problems = append(problems, fmt.Errorf("expected status %d is not an HTTP status", e.Status))
	}
	if e.JSONField != "" {
		if _, err := parsePath(e.JSONField); err != nil {
			problems = append(problems, err)
		}
	} else if e.JSONValue != "" {
		problems = append(problems, errors.New("a JSON value is expected but no JSON field names where"))
	}
	if e.MaxLatency < 0 {
		problems = append(problems, errors.New("negative latency budget"))
	}
	return errors.Join(problems...)
}

// judge fails r at the first condition resp does not meet, or passes it.
func (e Expect) judge(resp response, r *Result) {
	switch {
	case e.Status == 0 && (resp.status < 200 || resp.status > 299):
		r.fail("status %d, want 2xx", resp.status)
	case e.Status != 0 && resp.status != e.Status:
		r.fail("status %d, want %d", resp.status, e.Status)
	case e.BodyContains != "" && !bytes.Contains(resp.body, []byte(e.BodyContains)):
		r.fail("the body does not contain %q", e.BodyContains)
	case e.MaxLatency > 0 && resp.latency > e.MaxLatency:
		r.fail("the answer took %s, over the %s budget", resp.latency.Round(time.Millisecond), e.MaxLatency)
	default:
		if e.JSONField != "" {
			if msg := e.judgeJSON(resp.body); msg != "" {
				r.fail("%s", msg)
				return
			}
		}
		r.pass("status %d in %s", resp.status, resp.latency.Round(time.Millisecond))
	}
}

// judgeJSON returns why the body's JSON field is not as expected, or "".
func (e Expect) judgeJSON(body []byte) string {
	decoder := json.NewDecoder(bytes.NewReader(body))
	decoder.UseNumber()
	var doc any
	if err := decoder.Decode(&doc); err != nil {
		return fmt.Sprintf("the body is not JSON: %v", err)
	}
	path, _ := parsePath(e.JSONField) // validated
	value, found := path.lookup(doc)
	if !found || value == nil {
		return fmt.Sprintf("the body has no field %s", e.JSONField)
	}
	if e.JSONValue == "" {
		return ""
	}
	if got := jsonText(value); got != e.JSONValue {
		return fmt.Sprintf("field %s is %q, want %q", e.JSONField, got, e.JSONValue)
	}
	return ""
}

func jsonText(value any) string {
	switch v := value.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	default:
		text, _ := json.Marshal(v) // values decoded from JSON always encode
		return string(text)
	}
}

// jsonPath is a parsed JSONField: each step is an object key or an array index.
type jsonPath []pathStep

type pathStep struct {
	key   string
	index int // when key is ""
}

func parsePath(path string) (jsonPath, error) {
	bad := func(why string) error { return fmt.Errorf("JSON field %q: %s", path, why) }
	var steps jsonPath
	rest := path
	for rest != "" {
		if rest[0] == '[' {
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, bad("unclosed [")
			}
			index, err := strconv.Atoi(rest[1:end])
			if err != nil || index < 0 {
				return nil, bad("an array index must be a whole number ≥ 0")
			}
			steps = append(steps, pathStep{index: index})
			rest = rest[end+1:]
			if rest != "" && rest[0] != '.' && rest[0] != '[' {
				return nil, bad("] must be followed by . or [")
			}
			if strings.HasPrefix(rest, ".") {
				rest = rest[1:]
				if rest == "" {
					return nil, bad("ends with a dot")
				}
			}
			continue
		}
		end := strings.IndexAny(rest, ".[")
		if end < 0 {
			end = len(rest)
		}
		if end == 0 {
			return nil, bad("empty key")
		}
		steps = append(steps, pathStep{key: rest[:end]})
		rest = rest[end:]
		if strings.HasPrefix(rest, ".") {
			rest = rest[1:]
			if rest == "" {
				return nil, bad("ends with a dot")
			}
		}
	}
	if len(steps) == 0 {
		return nil, bad("empty path")
	}
	return steps, nil
}

func (p jsonPath) lookup(doc any) (any, bool) {
	for _, step := range p {
		if step.key != "" {
			object, ok := doc.(map[string]any)
			if !ok {
				return nil, false
			}
			if doc, ok = object[step.key]; !ok {
				return nil, false
			}
			continue
		}
		array, ok := doc.([]any)
		if !ok || step.index >= len(array) {
			return nil, false
		}
		doc = array[step.index]
	}
	return doc, true
}
