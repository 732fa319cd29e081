package dashboards

import (
	"fmt"
	"regexp"
	"strings"
)

// Query is one PromQL query of a dashboard panel, with its template variables substituted.
type Query struct {
	Dashboard string // file name in FS, e.g. "node.json"
	Panel     string // panel title, unique within its dashboard
	RefID     string // the query's refId within the panel ("A", "B", …)
	Expr      string
}

// variableRef matches the variable syntaxes Grafana expands: $name, ${name}, ${name:format} and
// the deprecated [[name]]. Submatch 1 is the name of ${…}, 2 its format, 3 the name of $name and
// 4 the name of [[…]].
var variableRef = regexp.MustCompile(`\$\{(\w+)(?::([^}]*))?\}|\$(\w+)|\[\[(\w+)(?::[^\]]*)?\]\]`)

// Queries returns every query of every panel of every dashboard, in List order, then panel
// order, then target order, with each template variable replaced by vars[name]: vars holds the
// names without "$", Grafana's built-ins included ("__rate_interval": "5m"). A variable missing
// from vars, a ${name:format} (whose expansion depends on Grafana's formatter) and the
// deprecated [[name]] are errors, so that no query reaches Prometheus half substituted.
//
// Multi-value variables are only used with =~ and !~ in these dashboards (a test checks), so a
// regular expression such as ".*" is the value that selects everything.
func Queries(vars map[string]string) ([]Query, error) {
	all, err := loadAll()
	if err != nil {
		return nil, err
	}
	var out []Query
	for _, d := range all {
		for _, p := range d.flatPanels() {
			for _, t := range p.Targets {
				expr, err := substitute(t.Expr, vars)
				if err != nil {
					return nil, fmt.Errorf("%s, panel %q, query %s: %w", d.file, p.Title, t.RefID, err)
				}
				out = append(out, Query{Dashboard: d.file, Panel: p.Title, RefID: t.RefID, Expr: expr})
			}
		}
	}
	return out, nil
}

// substitute replaces every variable reference of s by its value in vars.
func substitute(s string, vars map[string]string) (string, error) {
	var problems []string
	out := variableRef.ReplaceAllStringFunc(s, func(ref string) string {
		m := variableRef.FindStringSubmatch(ref)
		name := m[1] + m[3]
		switch {
		case m[4] != "":
			problems = append(problems, fmt.Sprintf("%s: the deprecated [[name]] syntax; write $%s", ref, m[4]))
			return ref
		case m[2] != "":
			problems = append(problems, fmt.Sprintf("%s: variable formats are not supported", ref))
			return ref
		}
		value, ok := vars[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: no value given for variable %q", ref, name))
			return ref
		}
		return value
	})
	if len(problems) > 0 {
		return "", fmt.Errorf("substituting variables of %q: %s", s, strings.Join(problems, "; "))
	}
	return out, nil
}

// DefaultVars returns values for every template variable the dashboards use that select
// everything, for running every query against a Prometheus: ".*" for each query variable of
// each dashboard, and a fixed window for Grafana's built-ins ($__rate_interval 5m, $__interval
// 1m, $__range 1h).
func DefaultVars() (map[string]string, error) {
	all, err := loadAll()
	if err != nil {
		return nil, err
	}
	vars := map[string]string{"__rate_interval": "5m", "__interval": "1m", "__range": "1h"}
	for _, d := range all {
		for _, v := range d.Templating.List {
			if v.Type == "query" {
				vars[v.Name] = ".*"
			}
		}
	}
	return vars, nil
}
