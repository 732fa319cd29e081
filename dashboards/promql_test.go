package dashboards

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// A small PromQL scanner, enough to find in a query (after variable substitution) the metrics it
// selects, the labels it matches and groups by, and the function each selector is passed to.
// The Go module proxy offers no PromQL parser this module depends on, so the tests read queries
// with this; promtool, in queries_test.go, checks that they parse at all.

// selector is one vector or range selector of a query.
type selector struct {
	metric   string
	labels   []string // the label names of its matchers
	function string   // the innermost function or aggregation it is an argument of, "" if none
}

// scanned is what a query selects and groups by.
type scanned struct {
	selectors []selector
	grouping  []string // labels of by, without, on, ignoring, group_left and group_right
}

var aggregations = []string{"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
	"count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio"}

// groupingKeywords are followed by a parenthesised list of label names.
var groupingKeywords = []string{"by", "without", "on", "ignoring", "group_left", "group_right"}

var otherKeywords = []string{"and", "or", "unless", "bool", "offset", "atan2", "inf", "nan"}

func isIdentStart(r byte) bool { return r == '_' || r == ':' || unicode.IsLetter(rune(r)) }
func isIdentPart(r byte) bool  { return isIdentStart(r) || unicode.IsDigit(rune(r)) }

type scanner struct {
	s     string
	i     int
	stack []string // for each open parenthesis, the function it calls ("" for grouping)
	out   scanned
}

func scanPromQL(expr string) (scanned, error) {
	sc := &scanner{s: expr}
	pendingFunction := ""
	for sc.skipSpace(); sc.i < len(sc.s); sc.skipSpace() {
		c := sc.s[sc.i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			if err := sc.skipString(); err != nil {
				return scanned{}, err
			}
		case c == '[':
			end := strings.IndexByte(sc.s[sc.i:], ']')
			if end < 0 {
				return scanned{}, fmt.Errorf("unclosed [ at %d", sc.i)
			}
			sc.i += end + 1
		case c == '(':
			sc.stack = append(sc.stack, pendingFunction)
			pendingFunction = ""
			sc.i++
		case c == ')':
			if len(sc.stack) == 0 {
				return scanned{}, fmt.Errorf("unbalanced ) at %d", sc.i)
			}
			sc.stack = sc.stack[:len(sc.stack)-1]
			sc.i++
		case c == '{':
			return scanned{}, fmt.Errorf("a selector without a metric name at %d", sc.i)
		case unicode.IsDigit(rune(c)) || c == '.':
			for sc.i < len(sc.s) && (isIdentPart(sc.s[sc.i]) || sc.s[sc.i] == '.') {
				sc.i++ // numbers, 1e3, durations such as 5m
			}
		case isIdentStart(c):
			word := sc.ident()
			lower := strings.ToLower(word)
			sc.skipSpace()
			next := sc.peek()
			switch {
			case slices.Contains(groupingKeywords, lower):
				if next == '(' {
					labels, err := sc.labelList()
					if err != nil {
						return scanned{}, err
					}
					sc.out.grouping = append(sc.out.grouping, labels...)
				}
			case slices.Contains(otherKeywords, lower):
			case next == '(' || slices.Contains(aggregations, lower):
				pendingFunction = word
			default:
				sel := selector{metric: word, function: sc.innermost()}
				if next == '{' {
					labels, err := sc.matchers()
					if err != nil {
						return scanned{}, fmt.Errorf("selector %s: %w", word, err)
					}
					sel.labels = labels
				}
				sc.out.selectors = append(sc.out.selectors, sel)
			}
		default:
			sc.i++ // operators and commas
		}
	}
	if len(sc.stack) > 0 {
		return scanned{}, fmt.Errorf("%d unclosed (", len(sc.stack))
	}
	return sc.out, nil
}

func (sc *scanner) innermost() string {
	if len(sc.stack) == 0 {
		return ""
	}
	return sc.stack[len(sc.stack)-1]
}

func (sc *scanner) peek() byte {
	if sc.i < len(sc.s) {
		return sc.s[sc.i]
	}
	return 0
}

func (sc *scanner) skipSpace() {
	for sc.i < len(sc.s) && unicode.IsSpace(rune(sc.s[sc.i])) {
		sc.i++
	}
}

func (sc *scanner) ident() string {
	start := sc.i
	for sc.i < len(sc.s) && isIdentPart(sc.s[sc.i]) {
		sc.i++
	}
	return sc.s[start:sc.i]
}

func (sc *scanner) skipString() error {
	quote := sc.s[sc.i]
	for j := sc.i + 1; j < len(sc.s); j++ {
		switch sc.s[j] {
		case '\\':
			if quote != '`' {
				j++
			}
		case quote:
			sc.i = j + 1
			return nil
		}
	}
	return fmt.Errorf("unclosed string at %d", sc.i)
}

// labelList reads "(a, b)" and returns its names.
func (sc *scanner) labelList() ([]string, error) {
	return sc.names(')', func(string) error { return nil })
}

// matchers reads `{a="x", b=~"y"}` and returns the label names.
func (sc *scanner) matchers() ([]string, error) {
	return sc.names('}', func(label string) error {
		sc.skipSpace()
		for sc.i < len(sc.s) && strings.IndexByte("=!~", sc.s[sc.i]) >= 0 {
			sc.i++
		}
		sc.skipSpace()
		if q := sc.peek(); q != '"' && q != '\'' && q != '`' {
			return fmt.Errorf("matcher of %s has no quoted value at %d", label, sc.i)
		}
		return sc.skipString()
	})
}

// names reads comma-separated names from the opening character at sc.i up to closer, calling
// afterName after each name to read what follows it.
func (sc *scanner) names(closer byte, afterName func(name string) error) ([]string, error) {
	sc.i++
	var names []string
	for {
		sc.skipSpace()
		switch c := sc.peek(); {
		case c == closer:
			sc.i++
			return names, nil
		case c == ',':
			sc.i++
		case isIdentStart(c):
			name := sc.ident()
			names = append(names, name)
			if err := afterName(name); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("unexpected %q before %q at %d", c, closer, sc.i)
		}
	}
}

func TestScanPromQL(t *testing.T) {
	tests := []struct {
		name     string
		expr     string
		want     []selector
		grouping []string
	}{
		{
			name:     "aggregation with by before its argument",
			expr:     `sum by (environment) (rate(wso2_log_records_total{level=~"ERROR|FATAL",node=~".*"}[5m]))`,
			want:     []selector{{metric: "wso2_log_records_total", labels: []string{"level", "node"}, function: "rate"}},
			grouping: []string{"environment"},
		},
		{
			name: "by after the argument, on and group_left with labels",
			expr: `sum(wso2_check_offending_rows) by (node) * on (node, check) group_left (family) (wso2_check_status{status="fail"} == 1)`,
			want: []selector{
				{metric: "wso2_check_offending_rows", function: "sum"},
				{metric: "wso2_check_status", labels: []string{"status"}, function: ""},
			},
			grouping: []string{"node", "node", "check", "family"},
		},
		{
			name: "keywords, numbers, durations and strings are not metrics",
			expr: `count(wso2_jvm_up == bool 0) or vector(0) and on () time() - wso2_jvm_start_time_seconds offset 5m > 1e3`,
			want: []selector{
				{metric: "wso2_jvm_up", function: "count"},
				{metric: "wso2_jvm_start_time_seconds", function: ""},
			},
		},
		{
			name: "a brace or a paren inside a label value",
			expr: `topk(10, wso2_log_exception_records_total{exception=~"a{1}(b)\"c"})`,
			want: []selector{{metric: "wso2_log_exception_records_total", labels: []string{"exception"}, function: "topk"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := scanPromQL(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got.selectors) != fmt.Sprint(tt.want) {
				t.Errorf("selectors:\n got %v\nwant %v", got.selectors, tt.want)
			}
			if fmt.Sprint(got.grouping) != fmt.Sprint(tt.grouping) {
				t.Errorf("grouping: got %v, want %v", got.grouping, tt.grouping)
			}
		})
	}
	for _, bad := range []string{`sum(rate(x[5m])`, `x)`, `{job="a"}`, `x{a="b"`, `x{a=b}`, `x[5m`} {
		if _, err := scanPromQL(bad); err == nil {
			t.Errorf("scanPromQL(%q): no error", bad)
		}
	}
}
