package dashboards

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The dashboards may only query metrics docs/metrics.md lists (cmd/apimwatch/metricsdoc_test.go
// holds that page to what the agent serves), with the labels it lists, counters through rate or
// increase only.

const metricsDoc = "../docs/metrics.md"

// scrapeLabels are added by Prometheus to every series it scrapes.
var scrapeLabels = []string{"instance", "job"}

type documentedMetric struct {
	typ    string // counter or gauge
	labels []string
}

var backticked = regexp.MustCompile("`([^`]+)`")

// readMetricsDoc parses the metric tables of docs/metrics.md: every row whose first cell is a
// backticked metric name under a header "| Metric | Type | Labels | …".
func readMetricsDoc(t *testing.T) map[string]documentedMetric {
	t.Helper()
	raw, err := os.ReadFile(metricsDoc)
	if err != nil {
		t.Fatal(err)
	}
	metrics := map[string]documentedMetric{}
	inTable := false
	for line := range strings.SplitSeq(string(raw), "\n") {
		if !strings.HasPrefix(line, "|") {
			inTable = false
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if len(cells) >= 3 && cells[0] == "Metric" && cells[1] == "Type" && cells[2] == "Labels" {
			inTable = true
			continue
		}
		if !inTable || !strings.HasPrefix(cells[0], "`") {
			continue
		}
		name := strings.Trim(cells[0], "`")
		var labels []string
		for _, m := range backticked.FindAllStringSubmatch(cells[2], -1) {
			labels = append(labels, m[1])
		}
		metrics[name] = documentedMetric{typ: cells[1], labels: labels}
	}
	if len(metrics) < 40 {
		t.Fatalf("found only %d metrics in %s: has its table layout changed?", len(metrics), metricsDoc)
	}
	return metrics
}

func TestReadMetricsDoc(t *testing.T) {
	metrics := readMetricsDoc(t)
	for name, want := range map[string]documentedMetric{
		"wso2_check_status":           {typ: "gauge", labels: []string{"node", "check", "family", "severity", "status", "environment"}},
		"wso2_host_cpu_seconds_total": {typ: "counter", labels: []string{"mode", "environment"}},
		"apimwatch_nodes":             {typ: "gauge"},
	} {
		got := metrics[name]
		if got.typ != want.typ || !slices.Equal(got.labels, want.labels) {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
}

// counterFunctions are the functions a counter may be passed to: a raw counter says how many
// since the agent started, which nobody should read off a dashboard.
var counterFunctions = []string{"rate", "irate", "increase"}

// labelValuesQuery matches a Grafana label_values(selector, label) variable query.
var labelValuesQuery = regexp.MustCompile(`^label_values\((.+),\s*(\w+)\)$`)

func TestQueriesUseDocumentedMetricsAndLabels(t *testing.T) {
	metrics := readMetricsDoc(t)
	for _, q := range defaultQueries(t) {
		for _, problem := range checkExpr(q.Expr, metrics) {
			t.Errorf("%s, panel %q, query %s: %s\n  %s", q.Dashboard, q.Panel, q.RefID, problem, q.Expr)
		}
	}
	all, err := loadAll()
	if err != nil {
		t.Fatal(err)
	}
	vars, err := DefaultVars()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range all {
		for _, v := range d.Templating.List {
			if v.Type != "query" {
				continue
			}
			m := labelValuesQuery.FindStringSubmatch(string(v.Query))
			if m == nil {
				t.Errorf("%s, variable %s: query %q is not label_values(selector, label)", d.file, v.Name, v.Query)
				continue
			}
			sel, err := substitute(m[1], vars)
			if err != nil {
				t.Errorf("%s, variable %s: %v", d.file, v.Name, err)
				continue
			}
			for _, problem := range checkExpr(sel, metrics) {
				t.Errorf("%s, variable %s: %s", d.file, v.Name, problem)
			}
			if sc, err := scanPromQL(sel); err == nil && len(sc.selectors) == 1 {
				if doc := metrics[sc.selectors[0].metric]; !slices.Contains(slices.Concat(doc.labels, scrapeLabels), m[2]) {
					t.Errorf("%s, variable %s: %s has no label %s", d.file, v.Name, sc.selectors[0].metric, m[2])
				}
			}
		}
	}
}

// checkExpr returns what is wrong with the metrics and labels of one query.
func checkExpr(expr string, metrics map[string]documentedMetric) []string {
	sc, err := scanPromQL(expr)
	if err != nil {
		return []string{err.Error()}
	}
	if len(sc.selectors) == 0 {
		return []string{"selects no metric"}
	}
	var problems []string
	known := slices.Clone(scrapeLabels)
	for _, sel := range sc.selectors {
		doc, ok := metrics[sel.metric]
		if !ok {
			problems = append(problems, "metric "+sel.metric+" is not in "+metricsDoc)
			continue
		}
		known = append(known, doc.labels...)
		for _, l := range sel.labels {
			if !slices.Contains(doc.labels, l) && !slices.Contains(scrapeLabels, l) {
				problems = append(problems, sel.metric+" has no label "+l)
			}
		}
		inCounterFunction := slices.Contains(counterFunctions, sel.function)
		switch {
		case doc.typ == "counter" && !inCounterFunction:
			problems = append(problems, "counter "+sel.metric+" is not passed to rate, irate or increase")
		case doc.typ != "counter" && inCounterFunction:
			problems = append(problems, sel.function+" of "+sel.metric+", a "+doc.typ)
		}
	}
	for _, l := range sc.grouping {
		if !slices.Contains(known, l) {
			problems = append(problems, "groups by "+l+", a label none of its metrics has")
		}
	}
	return problems
}

func TestCheckExprFindsMistakes(t *testing.T) {
	metrics := map[string]documentedMetric{
		"c_total": {typ: "counter", labels: []string{"node"}},
		"g":       {typ: "gauge", labels: []string{"node", "check"}},
	}
	for expr, want := range map[string]string{
		`rate(c_total{node="a"}[5m]) + g`:      "",
		`sum by (check) (g) * on (instance) g`: "",
		`rate(missing_total[5m])`:              "metric missing_total is not in",
		`g{severity="critical"}`:               "g has no label severity",
		`sum(c_total)`:                         "counter c_total is not passed",
		`rate(g[5m])`:                          "rate of g, a gauge",
		`sum by (family) (rate(c_total[5m]))`:  "groups by family",
		`vector(1)`:                            "selects no metric",
	} {
		problems := strings.Join(checkExpr(expr, metrics), "; ")
		if want == "" && problems != "" || !strings.Contains(problems, want) {
			t.Errorf("checkExpr(%q) = %q, want %q", expr, problems, want)
		}
	}
}
