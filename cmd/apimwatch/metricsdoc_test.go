package main

import (
	"bufio"
	"fmt"
	"github.com/apimwatch/apimwatch/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/collector"
	"github.com/apimwatch/apimwatch/logwatch"
	"github.com/apimwatch/apimwatch/probe"
	"github.com/apimwatch/apimwatch/verify"
)

// metricsDocPath is the page TestMetricsDocMatchesServedMetrics keeps true.
const metricsDocPath = "../../docs/metrics.md"

// The metric name prefixes /metrics may serve: the ones apimwatch defines, which
// docs/metrics.md lists one by one, and those of the Prometheus Go client, which it only names.
var (
	documentedPrefixes = []string{"wso2_", "apimwatch_"}
	clientPrefixes     = []string{"go_", "process_", "promhttp_"}
)

// TestMetricsDocMatchesServedMetrics runs the agent on a node whose JVM runs and whose
// wso2carbon.log and audit.log receive records of every kind logwatch turns into metrics, with
// `environment` set, and checks /metrics against the tables of docs/metrics.md: the same wso2_*
// and apimwatch_* families in both, each with the documented type and labels. A metric whose
// Presence starts with "conditional" may be absent from the scrape; it must still be
// documented, which the Describe of the collector, of logwatch and of the check scheduler
// (every metric they may export, served or not) checks. The node has no database, so no check
// runs and the check metrics are among those only described.
func TestMetricsDocMatchesServedMetrics(t *testing.T) {
	documented := parseMetricsDoc(t, metricsDocPath)
	described := describedMetrics(t)

	home := minimalHome(t, "wso2am-4.2.0")
	// The log directory exists so that the filesystem unit reads both of the node's directories.
	// Two of the log files logwatch follows by default exist, empty: files found at start-up are
	// read from their end, so the records are written once they are followed.
	logDir := filepath.Join(home, "repository", "logs")
	carbonLog, auditLog := filepath.Join(logDir, "wso2carbon.log"), filepath.Join(logDir, "audit.log")
	writeFile(t, carbonLog, "")
	writeFile(t, auditLog, "")
	startCarbonJVM(t, home, "-Xmx64m", "-Dprofile=control-plane")

	cfg := filepath.Join(t.TempDir(), "apimwatch.yml")
	writeFile(t, cfg, "environment: new\nnodes:\n  - name: cp1\n    carbon_home: "+home+"\n")
	d := startDaemon(t, nil, "--config.file="+cfg)
	d.waitReady(t, httpClient(nil), "http")

	eventually(t, "wso2carbon.log and audit.log to be followed", func() bool {
		exposition := d.get(t, "/metrics")
		return strings.Contains(exposition, `wso2_log_file_following{environment="new",file="wso2carbon.log",node="cp1"} 1`) &&
			strings.Contains(exposition, `wso2_log_file_following{environment="new",file="audit.log",node="cp1"} 1`)
	})
	appendFile(t, carbonLog, carbonRecords)
	appendFile(t, auditLog, auditRecords)

	var exposition string
	// With its perf data read, so that the perf-data metrics are checked as served.
	eventually(t, "the node's JVM to be reported up with its perf data and the log records to be served: "+strings.Join(logSamples, ", "), func() bool {
		exposition = d.get(t, "/metrics")
		if !strings.Contains(exposition, `wso2_jvm_up{environment="new",node="cp1"} 1`) ||
			!strings.Contains(exposition, `wso2_jvm_perfdata_up{environment="new",node="cp1"} 1`) {
			return false
		}
		for _, sample := range logSamples {
			if !strings.Contains(exposition, "\n"+sample+"\n") {
				return false
			}
		}
		return true
	})
	served, err := parseExposition(exposition)
	if err != nil {
		t.Fatalf("parsing /metrics: %v\n%s", err, exposition)
	}

	var undocumented, unserved, foreign, unknown []string
	// Metrics the agent describes but this scrape does not have (conditional ones): their
	// documentation is checked against the definition. Served ones are checked further down.
	for name, labels := range described {
		if _, isServed := served[name]; isServed {
			continue
		}
		doc, ok := documented[name]
		if !ok {
			undocumented = append(undocumented, name)
			continue
		}
		if docLabels := slices.DeleteFunc(slices.Clone(doc.labels), func(l string) bool { return l == "environment" }); !slices.Equal(docLabels, labels) {
			t.Errorf("%s: %s:%d documents labels %v (besides environment), the collector describes %v", name, metricsDocPath, doc.line, docLabels, labels)
		}
	}
	for name := range served {
		switch {
		case hasAnyPrefix(name, documentedPrefixes):
			if _, ok := documented[name]; !ok {
				undocumented = append(undocumented, name)
			}
		case !hasAnyPrefix(name, clientPrefixes):
			foreign = append(foreign, name)
		}
	}
	for name, doc := range documented {
		family, ok := served[name]
		if !ok {
			_, isDescribed := described[name]
			switch {
			case !isDescribed:
				unknown = append(unknown, name)
			case doc.conditional:
				t.Logf("%s is conditional and not served here", name)
			default:
				unserved = append(unserved, name)
			}
			continue
		}
		if family.typ != doc.typ {
			t.Errorf("%s: %s:%d documents type %s, /metrics serves # TYPE %s", name, metricsDocPath, doc.line, doc.typ, family.typ)
		}
		if servedLabels := family.labelNames(); !slices.Equal(servedLabels, doc.labels) {
			t.Errorf("%s: %s:%d documents labels %v, /metrics serves labels %v", name, metricsDocPath, doc.line, doc.labels, servedLabels)
		}
	}
	sort.Strings(undocumented)
	sort.Strings(unserved)
	sort.Strings(foreign)
	sort.Strings(unknown)
	if len(undocumented) > 0 {
		t.Errorf("served on /metrics or defined by the collector, logwatch or the check scheduler but not documented in %s: %s", metricsDocPath, strings.Join(undocumented, ", "))
	}
	if len(unserved) > 0 {
		t.Errorf("documented in %s but not served (mark a metric that may legitimately be absent \"conditional: why\" in its Presence column): %s\ncollection units: %s",
			metricsDocPath, strings.Join(unserved, ", "), collectorSuccessLines(exposition))
	}
	if len(unknown) > 0 {
		t.Errorf("documented in %s but neither served nor defined by the agent: %s", metricsDocPath, strings.Join(unknown, ", "))
	}
	if len(foreign) > 0 {
		t.Errorf("served with a prefix %s names neither as apimwatch's (%v) nor as the Go client's (%v): %s",
			metricsDocPath, documentedPrefixes, clientPrefixes, strings.Join(foreign, ", "))
	}
}

// carbonRecords are wso2carbon.log records (APIM 4.x layout) of a server start during which the
// migration client runs and a database error with a stack trace and a known signature (F11)
// is logged, then a shutdown: one of each record logwatch counts apart.
const carbonRecords = "" +
	"TID: [-1234] [] [2026-11-22 09:00:00,000]  INFO {org.wso2.carbon.core.internal.CarbonCoreActivator} - Starting WSO2 Carbon...\n" +
	"TID: [-1234] [] [2026-11-22 09:00:01,000]  INFO {org.wso2.carbon.core.internal.CarbonCoreActivator} - Server : WSO2 API Manager-4.2.0\n" +
	"TID: [-1234] [] [2026-11-22 09:00:10,000]  INFO {org.wso2.carbon.apimgt.migration.APIMMigrationService} - WSO2 API-M Migration Task : Starting migration\n" +
	"TID: [-1234] [] [2026-11-22 09:00:30,000] ERROR {org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO} - Error while retrieving the APIs\n" +
	"java.sql.SQLSyntaxErrorException: Unknown column 'API_TYPE' in 'field list'\n" +
	"\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:120)\n" +
	"\tat org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO.getAPIs(ApiMgtDAO.java:2045)\n" +
	"TID: [-1234] [] [2026-11-22 09:00:40,000]  INFO {org.wso2.carbon.apimgt.migration.APIMMigrationService} - WSO2 API-M Migration Task : Migration completed\n" +
	"TID: [-1234] [] [2026-11-22 09:00:52,000]  INFO {org.wso2.carbon.core.internal.StartupFinalizerServiceComponent} - WSO2 Carbon started in 52 sec\n" +
	"TID: [-1234] [] [2026-11-22 10:00:00,000]  INFO {org.wso2.carbon.core.ServerManagement} - Shutdown complete\n"

// auditRecords is an audit.log record: the message is the JSON of the event.
const auditRecords = `TID: [-1234] [2026-11-22 09:01:00,000]  INFO {AUDIT_LOG} - {"typ":"API","action":"created","performedBy":"admin","info":"{\"name\":\"PizzaShackAPI\"}"}` + "\n"

// logSamples are samples /metrics serves once carbonRecords and auditRecords have been read.
var logSamples = []string{
	`wso2_log_records_total{environment="new",file="wso2carbon.log",level="ERROR",node="cp1"} 1`,
	`wso2_log_records_total{environment="new",file="wso2carbon.log",level="INFO",node="cp1"} 6`,
	`wso2_log_records_total{environment="new",file="audit.log",level="INFO",node="cp1"} 1`,
	`wso2_log_signature_records_total{environment="new",node="cp1",signature="F11"} 1`,
	`wso2_log_logger_family_records_total{environment="new",family="apim_core",level="ERROR",node="cp1"} 1`,
	`wso2_log_exception_records_total{environment="new",exception="java.sql.SQLSyntaxErrorException",level="ERROR",node="cp1"} 1`,
	`wso2_audit_events_total{action="created",environment="new",node="cp1",typ="API"} 1`,
	`wso2_server_product_info{environment="new",node="cp1",product="WSO2 API Manager",version="4.2.0"} 1`,
	`wso2_server_startup_duration_seconds{environment="new",node="cp1"} 52`,
	`wso2_server_started{environment="new",node="cp1"} 1`,
	`wso2_server_shutdowns_total{environment="new",node="cp1"} 1`,
	`wso2_migration_task_records_total{environment="new",level="INFO",node="cp1"} 2`,
}

// appendFile appends text to the file at path, as a logger does.
func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		_ = f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// descRE reads the name and the variable labels of prometheus.Desc.String().
var descRE = regexp.MustCompile(`^Desc\{fqName: "([^"]*)", .*variableLabels: \{([^}]*)\}\}$`)

// describedMetrics are the metrics the collector, logwatch, the check scheduler (verify) and the
// probe scheduler may export, served or not, with their label names sorted: their Describe lists them all,
// conditional ones included.
// The environment label is added when the agent registers them, so it is not among them.
func describedMetrics(t *testing.T) map[string][]string {
	t.Helper()
	ch := make(chan *prometheus.Desc)
	go func() {
		collector.New(zap.NewNop(), nil).Describe(ch)
		logwatch.Describe(ch)
		verify.NewScheduler(zap.NewNop(), nil).Describe(ch)
		probe.NewScheduler(zap.NewNop(), &probe.Runner{}, 0, nil).Describe(ch)
		close(ch)
	}()
	described := map[string][]string{}
	var unreadable []string
	for desc := range ch { // drained to the end, so that Describe never blocks
		m := descRE.FindStringSubmatch(desc.String())
		if m == nil {
			unreadable = append(unreadable, desc.String())
			continue
		}
		labels := []string{}
		if m[2] != "" {
			labels = strings.Split(m[2], ",")
		}
		sort.Strings(labels)
		if _, dup := described[m[1]]; dup {
			unreadable = append(unreadable, "a second description of "+m[1])
			continue
		}
		described[m[1]] = labels
	}
	if len(unreadable) > 0 {
		t.Fatalf("cannot read the name and labels of %s", strings.Join(unreadable, "; "))
	}
	if len(described) == 0 {
		t.Fatal("the collector describes no metric")
	}
	return described
}

// documentedMetric is one row of a metrics table of docs/metrics.md.
type documentedMetric struct {
	typ         string
	labels      []string // sorted; `environment` included where the row lists it
	conditional bool     // its Presence starts with "conditional"
	line        int
}

var (
	backticked   = regexp.MustCompile("`([^`]*)`")
	metricNameRE = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
)

// parseMetricsDoc reads every table of the page whose header starts with "Metric" and has
// Type, Labels and Presence columns. The first column holds the metric name in backticks, the
// Labels column the label names in backticks ("—" for none).
func parseMetricsDoc(t *testing.T, path string) map[string]documentedMetric {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the metrics documentation: %v", err)
	}
	metrics := map[string]documentedMetric{}
	var typeCol, labelsCol, presenceCol int
	inTable := false
	for i, line := range strings.Split(string(raw), "\n") {
		lineNo := i + 1
		if !strings.HasPrefix(strings.TrimSpace(line), "|") {
			inTable = false
			continue
		}
		cells := tableCells(line)
		switch {
		case cells[0] == "Metric":
			typeCol, labelsCol, presenceCol = slices.Index(cells, "Type"), slices.Index(cells, "Labels"), slices.Index(cells, "Presence")
			if typeCol < 0 || labelsCol < 0 || presenceCol < 0 {
				t.Fatalf("%s:%d: a metrics table needs Type, Labels and Presence columns, has %q", path, lineNo, cells)
			}
			inTable = true
			continue
		case !inTable || strings.Trim(strings.Join(cells, ""), "-: ") == "":
			continue // another kind of table, or the header's separator row
		}
		if len(cells) <= max(typeCol, labelsCol, presenceCol) {
			t.Fatalf("%s:%d: %d cells, want at least %d", path, lineNo, len(cells), max(typeCol, labelsCol, presenceCol)+1)
		}
		m := backticked.FindStringSubmatch(cells[0])
		if m == nil || !metricNameRE.MatchString(m[1]) || !hasAnyPrefix(m[1], documentedPrefixes) {
			t.Fatalf("%s:%d: the first column must be a wso2_* or apimwatch_* metric name in backticks, got %q", path, lineNo, cells[0])
		}
		name := m[1]
		if previous, seen := metrics[name]; seen {
			t.Fatalf("%s:%d: %s is already documented on line %d", path, lineNo, name, previous.line)
		}
		labels := []string{}
		for _, l := range backticked.FindAllStringSubmatch(cells[labelsCol], -1) {
			labels = append(labels, l[1])
		}
		sort.Strings(labels)
		metrics[name] = documentedMetric{
			typ:         cells[typeCol],
			labels:      labels,
			conditional: strings.HasPrefix(cells[presenceCol], "conditional"),
			line:        lineNo,
		}
	}
	if len(metrics) == 0 {
		t.Fatalf("%s documents no metric: no table with a Metric column was found", path)
	}
	return metrics
}

// tableCells splits a Markdown table row into its trimmed cells.
func tableCells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	cells := strings.Split(line, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// servedFamily is one metric family of the text exposition.
type servedFamily struct {
	typ    string
	labels map[string]bool
}

func (f *servedFamily) labelNames() []string {
	names := make([]string, 0, len(f.labels))
	for name := range f.labels {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// parseExposition reads the Prometheus text format: each family's # TYPE and the label names
// of its samples. A sample belongs to the family of the # TYPE line before it (summaries and
// histograms add _sum, _count and _bucket to the family name).
func parseExposition(text string) (map[string]*servedFamily, error) {
	families := map[string]*servedFamily{}
	var current string
	scanner := bufio.NewScanner(strings.NewReader(text))
	scanner.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for lineNo := 1; scanner.Scan(); lineNo++ {
		line := scanner.Text()
		switch {
		case strings.HasPrefix(line, "# TYPE "):
			fields := strings.Fields(line)
			if len(fields) != 4 {
				return nil, fmt.Errorf("line %d: malformed # TYPE line %q", lineNo, line)
			}
			if _, dup := families[fields[2]]; dup {
				return nil, fmt.Errorf("line %d: a second # TYPE for %s", lineNo, fields[2])
			}
			current = fields[2]
			families[current] = &servedFamily{typ: fields[3], labels: map[string]bool{}}
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			name, labels, err := parseSample(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", lineNo, err)
			}
			if current == "" || (name != current && !strings.HasPrefix(name, current+"_")) {
				return nil, fmt.Errorf("line %d: sample %s does not follow the # TYPE of its family", lineNo, name)
			}
			for _, label := range labels {
				families[current].labels[label] = true
			}
		}
	}
	return families, scanner.Err()
}

// parseSample returns the metric name and label names of a sample line:
// name{label="value",...} value [timestamp]. Label values may hold escaped quotes.
func parseSample(line string) (string, []string, error) {
	end := strings.IndexAny(line, "{ ")
	if end <= 0 {
		return "", nil, fmt.Errorf("malformed sample %q", line)
	}
	name, rest := line[:end], line[end:]
	var labels []string
	if strings.HasPrefix(rest, "{") {
		rest = rest[1:]
		for {
			rest = strings.TrimLeft(rest, " ,")
			if strings.HasPrefix(rest, "}") {
				break
			}
			eq := strings.Index(rest, "=")
			if eq <= 0 || len(rest) < eq+2 || rest[eq+1] != '"' {
				return "", nil, fmt.Errorf("malformed labels in %q", line)
			}
			labels = append(labels, strings.TrimSpace(rest[:eq]))
			closing := -1
			for i := eq + 2; i < len(rest); i++ {
				if rest[i] == '\\' {
					i++
				} else if rest[i] == '"' {
					closing = i
					break
				}
			}
			if closing < 0 {
				return "", nil, fmt.Errorf("unterminated label value in %q", line)
			}
			rest = rest[closing+1:]
		}
	}
	return name, labels, nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// collectorSuccessLines are the apimwatch_collector_success samples, which say which unit
// skipped metrics (the daemon's log, shown when the test fails, says why).
func collectorSuccessLines(exposition string) string {
	var lines []string
	for _, line := range strings.Split(exposition, "\n") {
		if strings.HasPrefix(line, "apimwatch_collector_success{") {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "; ")
}

// bootstrapSource stands in for WSO2's org.wso2.carbon.bootstrap.Bootstrap: the collector's
// real-JVM tests use the same file. It writes its pid to <carbon.home>/wso2carbon.pid the way
// WSO2 does (pid, newline, NUL bytes), then sleeps until killed.
const bootstrapSource = "../../collector/testdata/Bootstrap.java"

// startCarbonJVM compiles the stand-in bootstrap, runs it as a Carbon JVM of carbonHome with
// options, and waits for its pid file; the test's cleanup kills it. Without a JDK the test is
// skipped, except in CI, where it fails.
func startCarbonJVM(t *testing.T, carbonHome string, options ...string) {
	t.Helper()
	for _, tool := range []string{"java", "javac"} {
		testtool.Path(t, tool, testtool.JDK)
	}
	classes := filepath.Join(t.TempDir(), "classes")
	if out, err := exec.Command("javac", "-d", classes, bootstrapSource).CombinedOutput(); err != nil {
		t.Fatalf("compiling the stand-in bootstrap: %v\n%s", err, out)
	}

	args := append(append([]string{"-Dcarbon.home=" + carbonHome}, options...), "-cp", classes, "org.wso2.carbon.bootstrap.Bootstrap")
	cmd := exec.Command("java", args...)
	output := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = output, output
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting java: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})

	want := strconv.Itoa(cmd.Process.Pid)
	deadline := time.Now().Add(30 * time.Second)
	for {
		raw, _ := os.ReadFile(filepath.Join(carbonHome, "wso2carbon.pid"))
		if strings.TrimRight(string(raw), "\n\x00") == want {
			return
		}
		select {
		case <-exited:
			t.Fatalf("java exited before writing its pid file:\n%s", output.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("java pid %s wrote no pid file in %s within 30s:\n%s", want, carbonHome, output.String())
		}
	}
}

// TestMetricsDocListsSignaturesAndFamilies checks the label values docs/metrics.md lists for
// users to alert on: a row for every built-in signature, with its title and whether it is
// harmless, and none for a signature the catalogue does not have; a row for every logger family.
func TestMetricsDocListsSignaturesAndFamilies(t *testing.T) {
	rows := backtickedRows(t, metricsDocPath)
	builtin := map[string]bool{}
	for _, sig := range logwatch.BuiltinSignatures() {
		builtin[sig.ID] = true
		cells, ok := rows[sig.ID]
		switch {
		case !ok:
			t.Errorf("%s: no row for the built-in signature %s (%s)", metricsDocPath, sig.ID, sig.Title)
		case len(cells) < 3 || cells[1] != sig.Title:
			t.Errorf("%s: the row of %s must give its title %q second, has %q", metricsDocPath, sig.ID, sig.Title, cells)
		case strings.HasPrefix(cells[2], "yes") != sig.Harmless:
			t.Errorf("%s: the row of %s says harmless %q, the catalogue says %v", metricsDocPath, sig.ID, cells[2], sig.Harmless)
		}
	}
	signatureID := regexp.MustCompile(`^F[0-9]+$`)
	for value := range rows {
		if signatureID.MatchString(value) && !builtin[value] {
			t.Errorf("%s: a row for signature %s, which the built-in catalogue does not have", metricsDocPath, value)
		}
	}
	for _, family := range []string{
		logwatch.FamilyGateway, logwatch.FamilySynapse, logwatch.FamilyPublisher, logwatch.FamilyKeyManager,
		logwatch.FamilyIndexing, logwatch.FamilyRegistry, logwatch.FamilyUserStore, logwatch.FamilyIdentity,
		logwatch.FamilyJDBCPool, logwatch.FamilyMigration, logwatch.FamilyAPIMCore, logwatch.FamilyOther,
	} {
		if _, ok := rows[family]; !ok {
			t.Errorf("%s: no row for the logger family %s", metricsDocPath, family)
		}
	}
}

// backtickedRows are the table rows of the page whose first cell is one value in backticks, by
// that value, with their cells.
func backtickedRows(t *testing.T, path string) map[string][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the metrics documentation: %v", err)
	}
	rows := map[string][]string{}
	single := regexp.MustCompile("^`([^`]+)`$")
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "|") {
			continue
		}
		cells := tableCells(line)
		if m := single.FindStringSubmatch(cells[0]); m != nil {
			rows[m[1]] = cells
		}
	}
	return rows
}
