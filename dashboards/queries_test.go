package dashboards

import (
	"fmt"
	"github.com/apimwatch/apimwatch/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestSubstitute(t *testing.T) {
	vars := map[string]string{"__rate_interval": "5m", "node": ".*", "environment": "new|old"}
	tests := []struct {
		in, want, wantErr string
	}{
		{in: `rate(x{node=~"$node"}[$__rate_interval])`, want: `rate(x{node=~".*"}[5m])`},
		{in: `x{environment=~"${environment}",node=~"$node"}`, want: `x{environment=~"new|old",node=~".*"}`},
		{in: `x{a="$"} / 2`, want: `x{a="$"} / 2`},
		{in: `x{node=~"$nodes"}`, wantErr: `no value given for variable "nodes"`},
		{in: `x{node=~"${node:regex}"}`, wantErr: "formats are not supported"},
		{in: `x{node=~"[[node]]"}`, wantErr: "deprecated [[name]] syntax"},
		{in: `rate(x{a=~"$a",b=~"$b"}[1m])`, wantErr: `no value given for variable "a"; $b: no value given for variable "b"`},
	}
	for _, tt := range tests {
		got, err := substitute(tt.in, vars)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("substitute(%q): error %v, want one containing %q", tt.in, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || got != tt.want):
			t.Errorf("substitute(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestQueries checks the helper the end-to-end test relies on: one entry per panel query, each
// named by dashboard, panel and refId, none left with a variable.
func TestQueries(t *testing.T) {
	vars, err := DefaultVars()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"environment", "instance", "node", "old", "new", "__rate_interval", "__range"} {
		if _, ok := vars[name]; !ok {
			t.Errorf("DefaultVars has no %s", name)
		}
	}
	queries, err := Queries(vars)
	if err != nil {
		t.Fatal(err)
	}
	all, err := loadAll()
	if err != nil {
		t.Fatal(err)
	}
	targets := 0
	for _, d := range all {
		for _, p := range d.flatPanels() {
			targets += len(p.Targets)
		}
	}
	if len(queries) != targets || targets < 50 {
		t.Errorf("Queries returned %d queries for %d panel queries", len(queries), targets)
	}
	seen := map[string]bool{}
	perDashboard := map[string]int{}
	for _, q := range queries {
		key := q.Dashboard + "/" + q.Panel + "/" + q.RefID
		if seen[key] {
			t.Errorf("%s returned twice", key)
		}
		seen[key] = true
		perDashboard[q.Dashboard]++
		if strings.Contains(q.Expr, "$") {
			t.Errorf("%s: a variable is left in %q", key, q.Expr)
		}
	}
	for _, name := range List() {
		if perDashboard[name] == 0 {
			t.Errorf("no query of %s", name)
		}
	}

	vars["environment"] = "new"
	withNew, err := Queries(vars)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(exprs(withNew), "\n"), `environment=~"new"`) {
		t.Error(`with environment=new no query selects environment=~"new"`)
	}
	delete(vars, "node")
	if _, err := Queries(vars); err == nil || !strings.Contains(err.Error(), `"node"`) {
		t.Errorf("without a value for node: error %v, want one naming node", err)
	}
}

// defaultQueries returns every query with DefaultVars substituted.
func defaultQueries(t *testing.T) []Query {
	t.Helper()
	vars, err := DefaultVars()
	if err != nil {
		t.Fatal(err)
	}
	queries, err := Queries(vars)
	if err != nil {
		t.Fatal(err)
	}
	return queries
}

func exprs(qs []Query) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Expr)
	}
	return out
}

// TestQueriesParse has promtool parse every query, substituted as the end-to-end test does, as
// the expression of a recording rule: Prometheus's own parser, not ours.
func TestQueriesParse(t *testing.T) {
	promtool := testtool.Path(t, "promtool", "prometheus")
	queries := defaultQueries(t)
	type rule struct {
		Record string `yaml:"record"`
		Expr   string `yaml:"expr"`
	}
	type group struct {
		Name  string `yaml:"name"`
		Rules []rule `yaml:"rules"`
	}
	var groups []group
	for i, q := range queries {
		groups = append(groups, group{
			Name:  q.Dashboard + " / " + q.Panel + " / " + q.RefID,
			Rules: []rule{{Record: fmt.Sprintf("apimwatch:dashboard_query_%d", i), Expr: q.Expr}},
		})
	}
	raw, err := yaml.Marshal(map[string]any{"groups": groups})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "dashboard-queries.yml")
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(promtool, "check", "rules", file).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
	if want := fmt.Sprintf("SUCCESS: %d rules found", len(queries)); !strings.Contains(string(out), want) {
		t.Errorf("promtool said %q, want %q", out, want)
	}
}
