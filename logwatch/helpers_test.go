package logwatch

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/logparse"
)

// stepClock is a clock the test moves by hand.
type stepClock struct{ now time.Time }

func (c *stepClock) Now() time.Time { return c.now }

// testNode is a nodeWatch with fresh metrics, as the Watcher builds it.
func testNode(t *testing.T, rules ...Rule) (*nodeWatch, *stepClock) {
	t.Helper()
	clock := &stepClock{now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	return &nodeWatch{
		name: "cp1", logger: zap.NewNop(), metrics: newMetrics(), classifier: newClassifier(rules),
		tally: newSignatureTally(5), clock: clock.Now, location: time.UTC, idleClose: 40 * time.Millisecond,
		exceptions: newCappedSet(50), auditPairs: newCappedSet(maxAuditPairs),
	}, clock
}

// feed sends lines through a file sink named file (with layouts) and closes the last record
// the way the tailer does: an idle poll after logs.idle_close.
func feed(t *testing.T, n *nodeWatch, clock *stepClock, file string, layouts []*logparse.Layout, lines ...string) *fileSink {
	t.Helper()
	s := n.open("/opt/wso2/repository/logs/"+file, layouts)
	for _, l := range lines {
		s.Line([]byte(l), false)
	}
	clock.now = clock.now.Add(time.Second)
	s.Idle(clock.now)
	return s
}

// sharedLines reads one of the real record files in shared/testdata/wso2-logs.
func sharedLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "shared", "testdata", "wso2-logs", name))
	if err != nil {
		t.Fatalf("the shared test data must be beside the repository: %v", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func counterValue(t *testing.T, c prometheus.Collector) float64 {
	t.Helper()
	return testutil.ToFloat64(c)
}

// signatureCounts reads wso2_log_signature_records_total of node cp1 by signature.
func signatureCounts(t *testing.T, n *nodeWatch) map[string]float64 {
	t.Helper()
	counts := map[string]float64{}
	families, err := gatherOne(n.metrics.signatureRecords)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range families {
		counts[m.labels["signature"]] = m.value
	}
	return counts
}

type sample struct {
	labels map[string]string
	value  float64
}

// gatherOne collects c's samples with their labels.
func gatherOne(c prometheus.Collector) ([]sample, error) {
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(c); err != nil {
		return nil, err
	}
	mfs, err := reg.Gather()
	if err != nil {
		return nil, err
	}
	var out []sample
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			s := sample{labels: map[string]string{}}
			for _, lp := range m.GetLabel() {
				s.labels[lp.GetName()] = lp.GetValue()
			}
			switch {
			case m.GetCounter() != nil:
				s.value = m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				s.value = m.GetGauge().GetValue()
			}
			out = append(out, s)
		}
	}
	return out, nil
}

func testTime(minute int) time.Time { return time.Date(2026, 11, 22, 10, minute, 0, 0, time.UTC) }
