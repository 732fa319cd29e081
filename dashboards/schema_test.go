package dashboards

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The Go module proxy refuses grafana-foundation-sdk, and no Grafana runs in these tests, so this
// file holds the dashboards to the rules of Grafana's dashboard JSON model itself. Grafana's own
// rules, which make it refuse a dashboard or change it behind our back:
//
//   - a non-empty title, unique among the dashboards of one folder (they are all provisioned into
//     one), and a uid of at most 40 letters, digits, '-' and '_', unique across dashboards;
//   - no "__inputs": only the import dialog fills them, provisioning leaves "${DS_…}" unresolved;
//   - panels on a grid of 24 columns, without overlapping (the layout engine moves overlapping
//     panels), with unique ids (viewPanel links and panel state are keyed by them);
//   - an expanded row holds no panels of its own (Grafana drops them; only collapsed rows carry
//     their panels);
//   - queries with a refId unique within their panel (results are keyed by it);
//   - variable names that are identifiers not starting with "__" (reserved for built-ins), each
//     variable used in a query defined (otherwise the text "$name" reaches Prometheus), and a
//     variable's query using only variables defined before it (Grafana resolves them in order).
//
// The project's own rules, so that the dashboards work wherever they are provisioned and read
// well: "id" null; schemaVersion 39; the tags apimwatch and wso2; a "datasource" variable of type
// datasource for Prometheus, used by every panel, query and query variable as ${datasource};
// multi-value variables only after =~ or !~ (Grafana expands several values to "(a|b)", a regular
// expression) and with allValue ".*"; a known panel type; every panel but rows and text with a
// description, a unit Grafana knows and thresholds whose base step is null and whose values rise;
// a runbooks link on every dashboard and every panel with queries; unique panel titles; query
// variables environment (old and new on the old-versus-new dashboard) and instance, each read by
// some query.

const runbooksURL = "https://github.com/apimwatch/apimwatch/blob/main/docs/runbooks.md"

const gridColumns = 24

var (
	validUID      = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,40}$`)
	validVarName  = regexp.MustCompile(`^[a-zA-Z_]\w*$`)
	multiVarMatch = regexp.MustCompile(`(\w+)\s*(=~|!~|!=|=)\s*"[^"]*\$\{?(\w+)`)
	builtinVars   = []string{"__rate_interval", "__interval", "__range"}
	panelTypes    = []string{"row", "text", "timeseries", "stat", "table", "state-timeline", "bargauge"}
	variableTypes = []string{"datasource", "query", "custom", "interval", "textbox", "constant"}
	// Unit ids of Grafana's value formats that make sense for these metrics.
	knownUnits = []string{"short", "none", "bytes", "percentunit", "percent", "s", "ms", "dateTimeFromNow",
		"dateTimeAsIso", "cps", "ops", "Bps", "binBps"}
)

var promDatasource = datasourceRef{Type: "prometheus", UID: "${datasource}"}

func TestDashboardsFollowGrafanasModel(t *testing.T) {
	all, err := loadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Errorf("found %d dashboards, want the 5 of issue 5: %v", len(all), List())
	}
	for _, d := range all {
		for _, problem := range checkDashboard(d) {
			t.Errorf("%s: %s", d.file, problem)
		}
	}
	for _, problem := range checkAcrossDashboards(all) {
		t.Error(problem)
	}
}

func checkAcrossDashboards(all []dashboard) []string {
	var problems []string
	uids, titles := map[string]string{}, map[string]string{}
	for _, d := range all {
		if other, ok := uids[d.UID]; ok {
			problems = append(problems, fmt.Sprintf("%s and %s share uid %q", other, d.file, d.UID))
		}
		if other, ok := titles[d.Title]; ok {
			problems = append(problems, fmt.Sprintf("%s and %s share title %q", other, d.file, d.Title))
		}
		uids[d.UID], titles[d.Title] = d.file, d.file
	}
	return problems
}

// checkDashboard returns every rule of the file's comment that one dashboard breaks.
func checkDashboard(d dashboard) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if strings.TrimSpace(d.Title) == "" {
		add("no title")
	}
	if !validUID.MatchString(d.UID) {
		add("uid %q is not 1 to 40 letters, digits, '-' or '_'", d.UID)
	}
	if d.ID != nil && string(d.ID) != "null" {
		add("id is %s, want null", d.ID)
	}
	if d.Inputs != nil {
		add("has __inputs, which provisioning does not fill")
	}
	if d.SchemaVersion != 39 {
		add("schemaVersion %d, want 39", d.SchemaVersion)
	}
	if !slices.Contains(d.Tags, "apimwatch") || !slices.Contains(d.Tags, "wso2") {
		add("tags %v lack apimwatch or wso2", d.Tags)
	}
	if !slices.ContainsFunc(d.Links, func(l link) bool { return l.URL == runbooksURL }) {
		add("no dashboard link to %s", runbooksURL)
	}
	vars, varProblems := checkVariables(d.Templating.List)
	problems = append(problems, varProblems...)
	problems = append(problems, checkSelectors(d, vars)...)
	problems = append(problems, checkLayout(d.Panels)...)

	titles := map[string]bool{}
	for _, p := range d.flatPanels() {
		if titles[p.Title] {
			add("two panels titled %q", p.Title)
		}
		titles[p.Title] = true
		for _, problem := range checkPanel(p, vars) {
			add("panel %q: %s", p.Title, problem)
		}
	}
	return problems
}

// checkVariables checks the templating list and returns its variables by name.
func checkVariables(list []variable) (map[string]variable, []string) {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	defined := map[string]variable{}
	for _, v := range list {
		switch {
		case !validVarName.MatchString(v.Name) || strings.HasPrefix(v.Name, "__"):
			add("variable name %q is not an identifier or starts with __", v.Name)
		case defined[v.Name].Name != "":
			add("two variables named %s", v.Name)
		case !slices.Contains(variableTypes, v.Type):
			add("variable %s has unknown type %q", v.Name, v.Type)
		}
		if v.Type == "query" {
			if v.Datasource == nil || *v.Datasource != promDatasource {
				add("variable %s: datasource %v, want %+v", v.Name, v.Datasource, promDatasource)
			}
			if strings.TrimSpace(string(v.Query)) == "" {
				add("variable %s has no query", v.Name)
			}
			for _, problem := range checkVariableRefs(string(v.Query), defined) {
				add("variable %s: %s (only variables defined before it can be used)", v.Name, problem)
			}
		}
		if (v.Multi || v.IncludeAll) && v.AllValue != ".*" {
			add("multi-value variable %s: allValue %q, want .*", v.Name, v.AllValue)
		}
		defined[v.Name] = v
	}
	ds := defined["datasource"]
	if ds.Type != "datasource" || ds.Query != "prometheus" || ds.Multi {
		add(`no single-value variable "datasource" of type datasource with query prometheus`)
	}
	return defined, problems
}

// checkSelectors requires the variables that narrow a dashboard to the environments and the
// agents (instance) a reader looks at, and requires each to be read by a query: a variable no
// query reads still shows in the dashboard's header and filters nothing. The old-versus-new
// dashboard picks its two environments with old and new instead of environment.
func checkSelectors(d dashboard, vars map[string]variable) []string {
	used := map[string]bool{}
	for _, p := range d.flatPanels() {
		for _, t := range p.Targets {
			for _, m := range variableRef.FindAllStringSubmatch(t.Expr, -1) {
				used[m[1]+m[3]+m[4]] = true
			}
		}
	}
	selectors := []string{"environment", "instance"}
	if _, ok := vars["environment"]; !ok && (vars["old"].Name != "" || vars["new"].Name != "") {
		selectors = []string{"old", "new", "instance"}
	}
	var problems []string
	for _, name := range selectors {
		switch {
		case vars[name].Type != "query":
			problems = append(problems, fmt.Sprintf("no query variable %s", name))
		case !used[name]:
			problems = append(problems, fmt.Sprintf("no query reads the variable %s", name))
		}
	}
	return problems
}

// checkVariableRefs returns the variables s refers to that are neither defined nor built-ins, and
// the multi-value ones it uses other than after =~ or !~.
func checkVariableRefs(s string, defined map[string]variable) []string {
	var problems []string
	for _, m := range variableRef.FindAllStringSubmatch(s, -1) {
		name := m[1] + m[3]
		if m[4] != "" || m[2] != "" {
			problems = append(problems, m[0]+" uses [[name]] or a format")
		} else if _, ok := defined[name]; !ok && !slices.Contains(builtinVars, name) {
			problems = append(problems, "$"+name+" is not defined")
		}
	}
	for _, m := range multiVarMatch.FindAllStringSubmatch(s, -1) {
		if v := defined[m[3]]; (v.Multi || v.IncludeAll) && m[2] != "=~" && m[2] != "!~" {
			problems = append(problems, fmt.Sprintf("multi-value $%s after %s %s, not =~ or !~", m[3], m[1], m[2]))
		}
	}
	return problems
}

func checkPanel(p panel, vars map[string]variable) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if !slices.Contains(panelTypes, p.Type) {
		add("unknown type %q", p.Type)
	}
	if strings.TrimSpace(p.Title) == "" {
		add("no title")
	}
	if p.Type == "row" {
		if !p.Collapsed && len(p.Panels) > 0 {
			add("an expanded row holding panels")
		}
		return problems
	}
	if p.Type == "text" {
		return problems
	}
	if strings.TrimSpace(p.Description) == "" {
		add("no description")
	}
	if !slices.Contains(knownUnits, p.FieldConfig.Defaults.Unit) {
		add("unit %q is not one of %v", p.FieldConfig.Defaults.Unit, knownUnits)
	}
	problems = append(problems, checkThresholds(p.FieldConfig.Defaults.Thresholds)...)
	if !slices.ContainsFunc(p.Links, func(l link) bool { return l.URL == runbooksURL }) {
		add("no link to the runbooks")
	}
	if p.Datasource == nil || *p.Datasource != promDatasource {
		add("datasource %v, want %+v", p.Datasource, promDatasource)
	}
	if len(p.Targets) == 0 {
		add("no query")
	}
	refIDs := map[string]bool{}
	for _, t := range p.Targets {
		if t.RefID == "" || refIDs[t.RefID] {
			add("refId %q empty or repeated", t.RefID)
		}
		refIDs[t.RefID] = true
		if t.Datasource == nil || *t.Datasource != promDatasource {
			add("query %s: datasource %v, want %+v", t.RefID, t.Datasource, promDatasource)
		}
		if strings.TrimSpace(t.Expr) == "" {
			add("query %s has no expr", t.RefID)
		}
		if strings.Contains(t.Expr, "datasource") {
			add("query %s names the datasource variable in its expr", t.RefID)
		}
		for _, problem := range checkVariableRefs(t.Expr+" "+t.LegendFormat, vars) {
			add("query %s: %s", t.RefID, problem)
		}
	}
	return problems
}

func checkThresholds(th *thresholds) []string {
	if th == nil || len(th.Steps) == 0 {
		return []string{"no thresholds"}
	}
	var problems []string
	if th.Mode != "absolute" && th.Mode != "percentage" {
		problems = append(problems, fmt.Sprintf("thresholds mode %q", th.Mode))
	}
	if th.Steps[0].Value != nil {
		problems = append(problems, "the base threshold step has a value; Grafana wants null")
	}
	for i := 1; i < len(th.Steps); i++ {
		if th.Steps[i].Value == nil || (i > 1 && *th.Steps[i].Value <= *th.Steps[i-1].Value) {
			problems = append(problems, fmt.Sprintf("threshold step %d is null or not above the one before", i))
		}
	}
	return problems
}

// checkLayout checks the top-level grid: unique ids, 24 columns, no overlaps. The panels of a
// collapsed row are laid out when it opens and are checked among themselves.
func checkLayout(panels []panel) []string {
	var problems []string
	ids := map[int]string{}
	var placed []panel
	var walk func(ps []panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			if p.ID <= 0 {
				problems = append(problems, fmt.Sprintf("panel %q: id %d, want a positive one", p.Title, p.ID))
			} else if other, ok := ids[p.ID]; ok {
				problems = append(problems, fmt.Sprintf("panels %q and %q share id %d", other, p.Title, p.ID))
			}
			ids[p.ID] = p.Title
			g := p.GridPos
			if g.W < 1 || g.H < 1 || g.X < 0 || g.Y < 0 || g.X+g.W > gridColumns {
				problems = append(problems, fmt.Sprintf("panel %q: gridPos %+v is off the %d-column grid", p.Title, g, gridColumns))
			}
			if p.Type == "row" && (g.W != gridColumns || g.H != 1) {
				problems = append(problems, fmt.Sprintf("row %q: gridPos %+v, want the full width and height 1", p.Title, g))
			}
			for _, q := range placed {
				if overlap(p.GridPos, q.GridPos) {
					problems = append(problems, fmt.Sprintf("panels %q and %q overlap", q.Title, p.Title))
				}
			}
			placed = append(placed, p)
			if p.Collapsed {
				saved := placed
				placed = nil
				walk(p.Panels)
				placed = saved
			}
		}
	}
	walk(panels)
	return problems
}

func overlap(a, b gridPos) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// TestChecksCatchBrokenDashboards breaks a real dashboard one way at a time and expects the
// checks above to say so, so that a check that can no longer fail does not pass unseen.
func TestChecksCatchBrokenDashboards(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(d *dashboard)
		want   string
	}{
		{"empty title", func(d *dashboard) { d.Title = " " }, "no title"},
		{"uid too long", func(d *dashboard) { d.UID = strings.Repeat("a", 41) }, "uid"},
		{"uid with a slash", func(d *dashboard) { d.UID = "apimwatch/node" }, "uid"},
		{"exported id", func(d *dashboard) { d.ID = json.RawMessage("7") }, "id is 7"},
		{"inputs", func(d *dashboard) { d.Inputs = json.RawMessage("[]") }, "__inputs"},
		{"no runbooks link", func(d *dashboard) { d.Links = nil }, "no dashboard link"},
		{"off the grid", func(d *dashboard) { d.Panels[1].GridPos.X = 22 }, "off the 24-column grid"},
		{"overlap", func(d *dashboard) { d.Panels[2].GridPos = d.Panels[1].GridPos }, "overlap"},
		{"duplicate id", func(d *dashboard) { d.Panels[2].ID = d.Panels[1].ID }, "share id"},
		{"duplicate title", func(d *dashboard) { d.Panels[2].Title = d.Panels[1].Title }, "two panels titled"},
		{"unknown type", func(d *dashboard) { d.Panels[1].Type = "graph" }, `unknown type "graph"`},
		{"no description", func(d *dashboard) { d.Panels[1].Description = "" }, "no description"},
		{"unknown unit", func(d *dashboard) { d.Panels[1].FieldConfig.Defaults.Unit = "byte" }, `unit "byte"`},
		{"no thresholds", func(d *dashboard) { d.Panels[1].FieldConfig.Defaults.Thresholds = nil }, "no thresholds"},
		{"panel without runbooks", func(d *dashboard) { d.Panels[1].Links = nil }, "no link to the runbooks"},
		{"hard-coded datasource", func(d *dashboard) { d.Panels[1].Datasource = &datasourceRef{"prometheus", "P1809F7CD0C75ACF3"} }, "datasource"},
		{"repeated refId", func(d *dashboard) { d.Panels[1].Targets = append(d.Panels[1].Targets, d.Panels[1].Targets[0]) }, "repeated"},
		{"undefined variable", func(d *dashboard) { d.Panels[1].Targets[0].Expr = `wso2_jvm_up{node=~"$nodes"}` }, "$nodes is not defined"},
		{"multi-value after =", func(d *dashboard) { d.Panels[1].Targets[0].Expr = `wso2_jvm_up{node="$node"}` }, "multi-value $node after node ="},
		{"deprecated syntax", func(d *dashboard) { d.Panels[1].Targets[0].Expr = `wso2_jvm_up{node=~"[[node]]"}` }, "[[name]]"},
		{"expanded row with panels", func(d *dashboard) { d.Panels[0].Panels = []panel{d.Panels[1]} }, "expanded row"},
		{"variable used before its definition", func(d *dashboard) {
			d.Templating.List[2].Query = `label_values(wso2_host_load1{node=~"$node"}, instance)`
		}, "$node is not defined"},
		{"no datasource variable", func(d *dashboard) { d.Templating.List = d.Templating.List[1:] }, `no single-value variable "datasource"`},
		{"no instance variable", func(d *dashboard) {
			d.Templating.List = slices.DeleteFunc(slices.Clone(d.Templating.List), func(v variable) bool { return v.Name == "instance" })
		}, "no query variable instance"},
		{"environment variable read by no query", func(d *dashboard) {
			for i := range d.Panels {
				for _, p := range append([]*panel{&d.Panels[i]}, pointers(d.Panels[i].Panels)...) {
					for j := range p.Targets {
						p.Targets[j].Expr = strings.ReplaceAll(p.Targets[j].Expr, "$environment", ".*")
					}
				}
			}
		}, "no query reads the variable environment"},
		{"rising thresholds", func(d *dashboard) {
			th := *d.Panels[1].FieldConfig.Defaults.Thresholds
			th.Steps = slices.Clone(th.Steps)
			th.Steps = append(th.Steps, th.Steps[len(th.Steps)-1])
			d.Panels[1].FieldConfig.Defaults.Thresholds = &th
		}, "not above the one before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := load("cutover-overview.json")
			if err != nil {
				t.Fatal(err)
			}
			if problems := checkDashboard(d); len(problems) > 0 {
				t.Fatalf("the dashboard is broken before the test breaks it: %v", problems)
			}
			tt.mutate(&d)
			problems := strings.Join(checkDashboard(d), "\n")
			if !strings.Contains(problems, tt.want) {
				t.Errorf("got problems:\n%s\nwant one containing %q", problems, tt.want)
			}
		})
	}
	t.Run("uids and titles shared across dashboards", func(t *testing.T) {
		a, b := dashboard{file: "a.json", UID: "x", Title: "X"}, dashboard{file: "b.json", UID: "x", Title: "X"}
		if got := checkAcrossDashboards([]dashboard{a, b}); len(got) != 2 {
			t.Errorf("got %v, want a shared uid and a shared title", got)
		}
	})
}

// pointers are pointers to the elements of ps, for a test to change them in place.
func pointers(ps []panel) []*panel {
	out := make([]*panel, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out
}
