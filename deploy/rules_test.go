package deploy

import (
	"bytes"
	"flag"
	"fmt"
	"github.com/apimwatch/apimwatch/internal/testtool"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Paths are relative to this directory, where go test runs.
const (
	rulesFile          = "prometheus/apimwatch-rules.yml"
	rulesTestsGlob     = "prometheus/tests/*.yml"
	prometheusRuleFile = "kubernetes/prometheusrule.yaml"
	runbooksFile       = "../docs/runbooks.md"
	metricsDocFile     = "../docs/metrics.md"
	runbookURLPrefix   = "https://github.com/apimwatch/apimwatch/blob/main/docs/runbooks.md#"
)

var updateRules = flag.Bool("update-rules", false, "rewrite "+prometheusRuleFile+" from "+rulesFile)

type promRuleFile struct {
	Groups []promRuleGroup `yaml:"groups"`
}

type promRuleGroup struct {
	Name     string     `yaml:"name"`
	Interval string     `yaml:"interval,omitempty"`
	Rules    []promRule `yaml:"rules"`
}

type promRule struct {
	Record      string            `yaml:"record,omitempty"`
	Alert       string            `yaml:"alert,omitempty"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for,omitempty"`
	Labels      map[string]string `yaml:"labels,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty"`
}

// promUnitTestFile holds the parts of a `promtool test rules` file these tests look at.
type promUnitTestFile struct {
	Tests []struct {
		InputSeries []struct {
			Series string `yaml:"series"`
		} `yaml:"input_series"`
		AlertRuleTests []struct {
			Alertname string `yaml:"alertname"`
			ExpAlerts []any  `yaml:"exp_alerts"`
		} `yaml:"alert_rule_test"`
		PromQLExprTests []struct {
			Expr string `yaml:"expr"`
		} `yaml:"promql_expr_test"`
	} `yaml:"tests"`
}

func loadRules(t *testing.T) promRuleFile {
	t.Helper()
	var rules promRuleFile
	dec := yaml.NewDecoder(bytes.NewReader(readRulesFile(t, rulesFile)))
	dec.KnownFields(true)
	if err := dec.Decode(&rules); err != nil {
		t.Fatalf("%s: %v", rulesFile, err)
	}
	return rules
}

// all returns the rules of every group, in order.
func (f promRuleFile) all() []promRule {
	var rules []promRule
	for _, g := range f.Groups {
		rules = append(rules, g.Rules...)
	}
	return rules
}

func (f promRuleFile) alerts() []promRule {
	return slices.DeleteFunc(f.all(), func(r promRule) bool { return r.Alert == "" })
}

func (f promRuleFile) recordNames() []string {
	var names []string
	for _, r := range f.all() {
		if r.Record != "" {
			names = append(names, r.Record)
		}
	}
	return names
}

func loadUnitTests(t *testing.T) map[string]promUnitTestFile {
	t.Helper()
	paths, err := filepath.Glob(rulesTestsGlob)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no promtool test files match %s (%v)", rulesTestsGlob, err)
	}
	files := make(map[string]promUnitTestFile, len(paths))
	for _, path := range paths {
		var f promUnitTestFile
		if err := yaml.Unmarshal(readRulesFile(t, path), &f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		files[path] = f
	}
	return files
}

func readRulesFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func runPromtoolForRules(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), testtool.Path(t, "promtool", "prometheus"), args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestRulesPromtoolCheck(t *testing.T) {
	runPromtoolForRules(t, "check", "rules", rulesFile)
}

func TestRulesPromtoolUnitTests(t *testing.T) {
	paths, err := filepath.Glob(rulesTestsGlob)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no promtool test files match %s (%v)", rulesTestsGlob, err)
	}
	runPromtoolForRules(t, append([]string{"test", "rules"}, paths...)...)
}

func TestRulesAlertsHaveSeverityAndAnnotations(t *testing.T) {
	alerts := loadRules(t).alerts()
	if len(alerts) == 0 {
		t.Fatalf("%s has no alert", rulesFile)
	}
	for _, a := range alerts {
		if s := a.Labels["severity"]; s != "critical" && s != "warning" {
			t.Errorf("%s: severity label %q, want critical or warning", a.Alert, s)
		}
		for _, key := range []string{"summary", "description", "runbook_url"} {
			if strings.TrimSpace(a.Annotations[key]) == "" {
				t.Errorf("%s: no %s annotation", a.Alert, key)
			}
		}
		if !strings.HasPrefix(a.Alert, "Apimwatch") {
			t.Errorf("%s: alert names start with Apimwatch", a.Alert)
		}
	}
}

// TestRunbooksMatchAlerts holds docs/runbooks.md to the rules: a section per alert, headed by its
// name, that its runbook_url links to, and no section for an alert that does not exist.
func TestRunbooksMatchAlerts(t *testing.T) {
	headings := markdownHeadings(string(readRulesFile(t, runbooksFile)))
	anchors := make(map[string]string, len(headings)) // heading text -> anchor
	for _, h := range headings {
		anchors[h.text] = h.anchor
	}
	alertNames := make(map[string]bool)
	for _, a := range loadRules(t).alerts() {
		alertNames[a.Alert] = true
		anchor, ok := anchors[a.Alert]
		if !ok {
			t.Errorf("%s has no section headed %q", runbooksFile, a.Alert)
			continue
		}
		if want := runbookURLPrefix + anchor; a.Annotations["runbook_url"] != want {
			t.Errorf("%s: runbook_url %q, want %q", a.Alert, a.Annotations["runbook_url"], want)
		}
	}
	alertSection := regexp.MustCompile(`^Apimwatch[A-Za-z0-9]+$`)
	for _, h := range headings {
		if alertSection.MatchString(h.text) && !alertNames[h.text] {
			t.Errorf("%s has a section for %s, which is no alert of %s", runbooksFile, h.text, rulesFile)
		}
	}
}

// TestRunbooksLinksResolve checks the links from one part of docs/runbooks.md to another.
func TestRunbooksLinksResolve(t *testing.T) {
	doc := string(readRulesFile(t, runbooksFile))
	known := make(map[string]bool)
	for _, h := range markdownHeadings(doc) {
		known[h.anchor] = true
	}
	links := regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(doc, -1)
	if len(links) == 0 {
		t.Fatalf("%s links to none of its sections", runbooksFile)
	}
	for _, m := range links {
		if !known[m[1]] {
			t.Errorf("%s links to #%s, which no heading has", runbooksFile, m[1])
		}
	}
}

type markdownHeading struct{ text, anchor string }

// markdownHeadings lists the headings of a Markdown document outside code blocks, with the
// anchors GitHub gives them: lower case, punctuation but - and _ dropped, spaces made -, and
// -1, -2, … after a repeated one.
func markdownHeadings(doc string) []markdownHeading {
	punctuation := regexp.MustCompile(`[^\p{L}\p{N} _-]`)
	heading := regexp.MustCompile(`^#{1,6} +(.+?) *#* *$`)
	seen := make(map[string]int)
	var headings []markdownHeading
	inCode := false
	for line := range strings.SplitSeq(doc, "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		m := heading.FindStringSubmatch(line)
		if inCode || m == nil {
			continue
		}
		anchor := strings.ReplaceAll(punctuation.ReplaceAllString(strings.ToLower(m[1]), ""), " ", "-")
		if n := seen[anchor]; n > 0 {
			seen[anchor]++
			anchor = fmt.Sprintf("%s-%d", anchor, n)
		} else {
			seen[anchor] = 1
		}
		headings = append(headings, markdownHeading{text: m[1], anchor: anchor})
	}
	return headings
}

// TestRulesEveryAlertTestedFiringAndSilent requires, for every alert, a promtool test case in
// which it fires and one in which it stays silent.
func TestRulesEveryAlertTestedFiringAndSilent(t *testing.T) {
	firing, silent := make(map[string]bool), make(map[string]bool)
	for _, f := range loadUnitTests(t) {
		for _, group := range f.Tests {
			for _, c := range group.AlertRuleTests {
				if len(c.ExpAlerts) > 0 {
					firing[c.Alertname] = true
				} else {
					silent[c.Alertname] = true
				}
			}
		}
	}
	for _, a := range loadRules(t).alerts() {
		if !firing[a.Alert] {
			t.Errorf("%s: no promtool test case in %s where it fires", a.Alert, rulesTestsGlob)
		}
		if !silent[a.Alert] {
			t.Errorf("%s: no promtool test case in %s where it stays silent", a.Alert, rulesTestsGlob)
		}
	}
}

func TestRulesEveryRecordingRuleTested(t *testing.T) {
	tested := make(map[string]bool)
	for _, f := range loadUnitTests(t) {
		for _, group := range f.Tests {
			for _, c := range group.PromQLExprTests {
				for _, name := range promQLNames(c.Expr) {
					tested[name] = true
				}
			}
		}
	}
	for _, name := range loadRules(t).recordNames() {
		if !tested[name] {
			t.Errorf("recording rule %s: no promql_expr_test in %s evaluates it", name, rulesTestsGlob)
		}
	}
}

// TestRulesUseDocumentedMetrics checks every name the expressions select: a wso2_* or
// apimwatch_* metric must be listed in docs/metrics.md, a name with a colon must be one of
// the recording rules. The promtool tests' input series are held to the same list, so that
// the tests feed the rules what the agent serves.
func TestRulesUseDocumentedMetrics(t *testing.T) {
	documented := documentedMetrics(t)
	rules := loadRules(t)
	recorded := make(map[string]bool)
	for _, name := range rules.recordNames() {
		recorded[name] = true
	}
	check := func(where, name string) {
		switch {
		case strings.Contains(name, ":"):
			if !recorded[name] {
				t.Errorf("%s: %s is no recording rule of %s", where, name, rulesFile)
			}
		case strings.HasPrefix(name, "wso2_") || strings.HasPrefix(name, "apimwatch_"):
			if !documented[name] {
				t.Errorf("%s: metric %s is not listed in %s", where, name, metricsDocFile)
			}
		}
	}
	for _, r := range rules.all() {
		for _, name := range promQLNames(r.Expr) {
			check(r.Alert+r.Record, name)
		}
	}
	for path, f := range loadUnitTests(t) {
		for _, group := range f.Tests {
			for _, s := range group.InputSeries {
				name, _, _ := strings.Cut(s.Series, "{")
				check(path, name)
			}
		}
	}
}

// promQLNames returns the identifiers of a PromQL expression that can be metric names: those
// outside string literals and not part of a number or a duration.
func promQLNames(expr string) []string {
	strs := regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`)
	ident := regexp.MustCompile(`(?:^|[^A-Za-z0-9_:.])([A-Za-z_:][A-Za-z0-9_:]*)`)
	var names []string
	for _, m := range ident.FindAllStringSubmatch(strs.ReplaceAllString(expr, `""`), -1) {
		names = append(names, m[1])
	}
	return names
}

// documentedMetrics reads the metric names of docs/metrics.md's tables: rows whose first cell
// is a wso2_* or apimwatch_* name.
func documentedMetrics(t *testing.T) map[string]bool {
	t.Helper()
	row := regexp.MustCompile("(?m)^\\| `((?:wso2|apimwatch)_[a-z0-9_]+)` \\|")
	names := make(map[string]bool)
	for _, m := range row.FindAllStringSubmatch(string(readRulesFile(t, metricsDocFile)), -1) {
		names[m[1]] = true
	}
	if len(names) < 20 {
		t.Fatalf("found only %d metrics in %s's tables: has their layout changed?", len(names), metricsDocFile)
	}
	return names
}

// TestRulesPrometheusRuleMatches holds the Prometheus Operator's copy of the rules to the rules
// file: its spec.groups must decode to the same groups. -update-rules writes it anew.
func TestRulesPrometheusRuleMatches(t *testing.T) {
	if *updateRules {
		rendered, err := renderPrometheusRule(readRulesFile(t, rulesFile))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(prometheusRuleFile, rendered, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var resource struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec map[string]any `yaml:"spec"`
	}
	if err := yaml.Unmarshal(readRulesFile(t, prometheusRuleFile), &resource); err != nil {
		t.Fatalf("%s: %v", prometheusRuleFile, err)
	}
	if resource.APIVersion != "monitoring.coreos.com/v1" || resource.Kind != "PrometheusRule" || resource.Metadata.Name == "" {
		t.Errorf("%s: %s %s named %q, want a named monitoring.coreos.com/v1 PrometheusRule",
			prometheusRuleFile, resource.APIVersion, resource.Kind, resource.Metadata.Name)
	}
	if keys := slices.Sorted(maps.Keys(resource.Spec)); !slices.Equal(keys, []string{"groups"}) {
		t.Errorf("%s: spec has %v, want only groups", prometheusRuleFile, keys)
	}
	var rules map[string]any
	if err := yaml.Unmarshal(readRulesFile(t, rulesFile), &rules); err != nil {
		t.Fatalf("%s: %v", rulesFile, err)
	}
	if !reflect.DeepEqual(resource.Spec["groups"], rules["groups"]) {
		t.Errorf("%s: spec.groups differ from the groups of %s; run go test ./deploy -run TestRulesPrometheusRule -update-rules",
			prometheusRuleFile, rulesFile)
	}
}

// renderPrometheusRule wraps the groups of the rules file, as written (comments and block
// scalars included), in a PrometheusRule.
func renderPrometheusRule(rules []byte) ([]byte, error) {
	start := bytes.Index(rules, []byte("\ngroups:\n"))
	if start < 0 {
		return nil, fmt.Errorf("%s: no top-level groups: line", rulesFile)
	}
	var out bytes.Buffer
	out.WriteString(`# The rules of deploy/prometheus/apimwatch-rules.yml for the Prometheus Operator, written by
# go test ./deploy -run TestRulesPrometheusRule -update-rules: edit that file, not this one.
# A Prometheus picks PrometheusRules by its ruleSelector: add the label it wants
# (kube-prometheus-stack: release: <its name>). docs/runbooks.md has a section per alert.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: apimwatch
  labels:
    app.kubernetes.io/name: apimwatch
    app.kubernetes.io/component: rules
spec:
`)
	for line := range bytes.Lines(rules[start+1:]) {
		if len(bytes.TrimSpace(line)) > 0 {
			out.WriteString("  ")
		}
		out.Write(line)
	}
	return out.Bytes(), nil
}
