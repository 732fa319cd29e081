package logwatch

import (
	"fmt"
	"slices"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/apimwatch/apimwatch/logparse"
)

// Lines in batches large enough to be parsed ahead on a second goroutine give exactly the
// metrics and recent errors that the same lines give one at a time, whatever record a batch
// boundary falls in.
func TestBatchesCountLikeSingleLines(t *testing.T) {
	real := sharedLines(t, "wso2carbon-4x.log")
	var lines [][]byte
	for len(lines) < 20*parallelBatch {
		for _, l := range real {
			lines = append(lines, []byte(l))
		}
	}

	one, oneClock := testNode(t)
	feed(t, one, oneClock, "wso2carbon.log", []*logparse.Layout{logparse.CarbonLayout}, toStrings(lines)...)

	batched, batchedClock := testNode(t)
	s := batched.open("/opt/wso2/repository/logs/wso2carbon.log", []*logparse.Layout{logparse.CarbonLayout})
	for rest, size := lines, parallelBatch; len(rest) > 0; size += 333 { // odd sizes cut records anywhere
		n := min(size, len(rest))
		s.Lines(rest[:n])
		rest = rest[n:]
	}
	batchedClock.now = batchedClock.now.Add(oneClock.now.Sub(batchedClock.now))
	s.Idle(batchedClock.now)

	want, got := metricLines(t, one), metricLines(t, batched)
	if len(want) < 10 {
		t.Fatalf("only %d series from %d lines: the test data did not reach the classifier", len(want), len(lines))
	}
	if !slices.Equal(got, want) {
		t.Errorf("batched lines gave other metrics:\n got %q\nwant %q", got, want)
	}
	if g, w := fmt.Sprint(batched.recent.list("cp1")), fmt.Sprint(one.recent.list("cp1")); g != w {
		t.Errorf("recent errors differ:\n got %s\nwant %s", g, w)
	}
}

func toStrings(lines [][]byte) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = string(l)
	}
	return out
}

// metricLines is every sample of a node's log metrics as "name{labels} value", sorted.
func metricLines(t *testing.T, n *nodeWatch) []string {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	for _, c := range n.metrics.collectors() {
		reg.MustRegister(c)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			value := m.GetCounter().GetValue() + m.GetGauge().GetValue()
			out = append(out, fmt.Sprintf("%s%v %g", mf.GetName(), m.GetLabel(), value))
		}
	}
	slices.Sort(out)
	return out
}
