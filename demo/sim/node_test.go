package sim_test

import (
	"maps"
	"path/filepath"
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
// The file rolls over every few hundred milliseconds, never twice within logwatch's poll
// interval: a file renamed away before the tailer ever opened it is not read (it is a rolled
// file by its name), and log4j2's 10 MB files never roll that fast.
func TestLogwatchCountsWhatTheNodeWrote(t *testing.T) {
	dir := t.TempDir()
	logDir := filepath.Join(dir, "logs")
	n, err := sim.Start(sim.Config{
		LogDir: logDir, Host: "apim-new", Version: "4.2.0", MigratedFrom: "4.1.0", StartupSeconds: 48, Seed: 3,
		Rate: 50, RateAfterCutover: 600, Cutover: 300 * time.Millisecond, BurstRecords: 40, RotateBytes: 256 << 10,
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
		{Path: filepath.Join(logDir, sim.CarbonLog)}, {Path: filepath.Join(logDir, sim.GatewayErrorsLog)},
	}}})

	time.Sleep(3 * time.Second)
	stats, err := n.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if stats.Rotations < 2 || !stats.CutOver {
		t.Fatalf("the node rolled wso2carbon.log over %d times and cut over: %t; want at least 2 and true", stats.Rotations, stats.CutOver)
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
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("logwatch counted records %v and signatures %v;\nthe node wrote %v and %v", records, signatures, stats.Records, stats.Signatures)
		}
		time.Sleep(50 * time.Millisecond)
	}
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
