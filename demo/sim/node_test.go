package sim_test

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/demo/sim"
	"github.com/apimwatch/apimwatch/logwatch"
)

// TestLogwatchCountsWhatTheNodeWrote runs a simulated node fast enough to roll wso2carbon.log
// over several times, with the cutover's burst, while the real logwatch follows its files:
// every record written is counted once, by file and level, and the signature of each is the
// one the node meant to write (carbonlog's templates say which signature their records match).
// The node restarts after the cutover: its JVM is replaced between the shutdown and the start
// it logs, and logwatch counts both shutdowns (the pre-migration validation's start is in the
// log before the first), the client's validation and both migration runs with their failed
// step, and the audit events.
// wso2-apigw-errors.log rolls over too, its rolled files gzipped under log4j2's names: the
// tailer drains the renamed file from its descriptor although the writer removes it once
// compressed, so its records are counted once as well.
// The files roll over every few hundred milliseconds, never twice within logwatch's poll
// interval: a file renamed away before the tailer ever opened it is not read (it is a rolled
// file by its name), and log4j2's 10 MB files never roll that fast.
func TestLogwatchCountsWhatTheNodeWrote(t *testing.T) {
	dir := t.TempDir()
	logDir := filepath.Join(dir, "logs")
	jvm := &recordingJVM{}
	gate := make(chan struct{})
	n, err := sim.Start(sim.Config{
		LogDir: logDir, Host: "apim-new", Version: "4.2.0", MigratedFrom: "4.1.0", StartupSeconds: 48, Seed: 3,
		Rate: 50, RateAfterCutover: 600, Cutover: 300 * time.Millisecond, BurstRecords: 40, RotateBytes: 256 << 10, GatewayRotateBytes: 2 << 10,
		JVM: jvm, RestartAfterCutover: true, RestartGate: gate,
	})
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	w := logwatch.New(zap.NewNop(), reg)
	defer w.Stop()
	w.Apply(logwatch.Options{
		StateDir: filepath.Join(dir, "state"), FromStart: true, MaxLineBytes: 64 << 10,
		PollInterval: 25 * time.Millisecond, IdleClose: 20 * time.Millisecond, Location: time.Local,
		MaxExceptionClasses: 50, RecentErrors: 10,
	}, []logwatch.Node{{Name: "demo", Files: []logwatch.File{
		{Path: filepath.Join(logDir, sim.CarbonLog)}, {Path: filepath.Join(logDir, sim.GatewayErrorsLog)}, {Path: filepath.Join(logDir, sim.AuditLog)},
	}}})

	time.Sleep(time.Second)
	if got := n.Stats().Restarts; got != 0 {
		t.Errorf("the node restarted %d times before its gate opened", got)
	}
	close(gate)
	time.Sleep(2 * time.Second)
	stats, err := n.Stop()
	if err != nil {
		t.Fatal(err)
	}
	carbonRolls, gatewayRolls := stats.Rotations[sim.CarbonLog], stats.Rotations[sim.GatewayErrorsLog]
	if carbonRolls < 2 || gatewayRolls < 2 || !stats.CutOver || stats.Restarts != 1 {
		t.Fatalf("the node rolled wso2carbon.log over %d times and wso2-apigw-errors.log %d times, cut over: %t, restarted %d times; want at least 2, 2, true, 1",
			carbonRolls, gatewayRolls, stats.CutOver, stats.Restarts)
	}
	checkGatewayRollovers(t, logDir, gatewayRolls, stats.Records[sim.GatewayErrorsLog])
	if want := "start stop start stop"; jvm.calls() != want {
		t.Errorf("the JVM was told %q, want %q", jvm.calls(), want)
	}
	if stats.Records[sim.AuditLog]["INFO"] == 0 {
		t.Error("the node wrote no audit event")
	}
	for _, sig := range []string{"F3", "F13", "F18"} {
		if stats.Signatures[sig] == 0 {
			t.Errorf("the node wrote no %s record: %v", sig, stats.Signatures)
		}
	}

	deadline := time.Now().Add(10 * time.Second)
	for {
		records, signatures := counted(t, reg)
		ok := maps.Equal(signatures, stats.Signatures)
		for file, levels := range stats.Records {
			ok = ok && maps.Equal(records[file], levels)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("logwatch counted records %v and signatures %v;\nthe node wrote %v and %v", records, signatures, stats.Records, stats.Signatures)
		}
		time.Sleep(50 * time.Millisecond)
	}
	lifecycle := map[string]float64{
		"wso2_server_shutdowns_total":                      2, // the pre-migration validation's start, and the restart
		`wso2_migration_task_records_total{level="ERROR"}`: 2, `wso2_migration_task_records_total{level="WARN"}`: 1,
		`wso2_migration_task_records_total{level="INFO"}`: 3 + 4 + 4,
		"wso2_audit_events_total":                         float64(stats.Records[sim.AuditLog]["INFO"]),
	}
	for name, want := range lifecycle {
		if got := sum(t, reg, name); got != want {
			t.Errorf("%s = %g, want %g", name, got, want)
		}
	}
	if sum(t, reg, "wso2_migration_last_record_timestamp_seconds") == 0 {
		t.Error("no wso2_migration_last_record_timestamp_seconds after the restart's migration run")
	}
}

// checkGatewayRollovers checks wso2-apigw-errors.log's rolled files as an operator finds them:
// one per rollover, named as log4j2's filePattern wso2-apigw-errors-%d{MM-dd-yyyy}-%i.log.gz
// says, valid gzip, none left uncompressed, and, with the active file, holding every record
// the node wrote.
func checkGatewayRollovers(t *testing.T, logDir string, rollovers int, written map[string]int64) {
	t.Helper()
	rolled, err := filepath.Glob(filepath.Join(logDir, "wso2-apigw-errors-*"))
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`^wso2-apigw-errors-` + regexp.QuoteMeta(time.Now().Format("01-02-2006")) + `-([0-9]+)\.log\.gz$`)
	recordStart := regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\dT`)
	indexes := map[string]bool{}
	records := 0
	for _, path := range rolled {
		m := name.FindStringSubmatch(filepath.Base(path))
		if m == nil {
			t.Errorf("rolled file %s is not named wso2-apigw-errors-MM-dd-yyyy-i.log.gz (of today)", filepath.Base(path))
			continue
		}
		indexes[m[1]] = true
		content := sim.Gunzip(t, path)
		if len(content) == 0 {
			t.Errorf("%s holds nothing", filepath.Base(path))
		}
		records += len(recordStart.FindAllIndex(content, -1))
	}
	if len(rolled) != rollovers {
		t.Errorf("%d rolled files %q after %d rollovers", len(rolled), rolled, rollovers)
	}
	for i := 1; i <= rollovers; i++ {
		if !indexes[strconv.Itoa(i)] {
			t.Errorf("no rolled file of index %d among %q", i, rolled)
		}
	}
	active, err := os.ReadFile(filepath.Join(logDir, sim.GatewayErrorsLog))
	if err != nil {
		t.Fatal(err)
	}
	records += len(recordStart.FindAllIndex(active, -1))
	want := int64(0)
	for _, c := range written {
		want += c
	}
	if int64(records) != want {
		t.Errorf("the rolled and active files hold %d records, the node wrote %d", records, want)
	}
}

// sum adds up the series of metric, given as name or name{label="value"}.
func sum(t *testing.T, reg *prometheus.Registry, metric string) float64 {
	t.Helper()
	name, selector, _ := strings.Cut(strings.TrimSuffix(metric, "}"), "{")
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			selected := selector == ""
			for _, l := range m.GetLabel() {
				selected = selected || selector == l.GetName()+`="`+l.GetValue()+`"`
			}
			if selected {
				total += m.GetCounter().GetValue() + m.GetGauge().GetValue()
			}
		}
	}
	return total
}

// recordingJVM is a node's JVM reduced to what the node tells it.
type recordingJVM struct {
	mu  sync.Mutex
	log []string
}

func (j *recordingJVM) Start() error { return j.record("start") }
func (j *recordingJVM) Stop() error  { return j.record("stop") }

func (j *recordingJVM) record(call string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.log = append(j.log, call)
	return nil
}

func (j *recordingJVM) calls() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return strings.Join(j.log, " ")
}

// counted reads wso2_log_records_total by file and level, and wso2_log_signature_records_total
// by signature, leaving out zeros.
func counted(t *testing.T, reg *prometheus.Registry) (records map[string]map[string]int64, signatures map[string]int64) {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	records, signatures = map[string]map[string]int64{}, map[string]int64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			v := int64(m.GetCounter().GetValue())
			if v == 0 {
				continue
			}
			switch f.GetName() {
			case "wso2_log_records_total":
				if records[labels["file"]] == nil {
					records[labels["file"]] = map[string]int64{}
				}
				records[labels["file"]][labels["level"]] = v
			case "wso2_log_signature_records_total":
				signatures[labels["signature"]] = v
			}
		}
	}
	return records, signatures
}
