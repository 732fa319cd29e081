package logwatch

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
)

// gatewayErrorAt is a carbon record of F3 written at 10:minute of testTime's day.
func gatewayErrorAt(minute int) string {
	return fmt.Sprintf("TID: [-1234] [] [2026-11-22 10:%02d:00,000] ERROR {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} - Error deploying api-%d in Gateway", minute, minute)
}

// gatewayErrors are gatewayErrorAt's records from minute from to minute to, both included.
func gatewayErrors(from, to int) []string {
	var lines []string
	for m := from; m <= to; m++ {
		lines = append(lines, gatewayErrorAt(m))
	}
	return lines
}

// countsOf indexes node cp1's counts since the cutover by signature, "!" marking a lower bound.
func countsOf(t *testing.T, s *signatureTally) map[string]string {
	t.Helper()
	_, counts := s.counts()
	out := map[string]string{}
	for _, c := range counts {
		if c.Node != "cp1" {
			t.Errorf("count of node %q: %+v", c.Node, c)
		}
		v := fmt.Sprint(c.Records)
		if c.LowerBound {
			v += "!"
		}
		out[c.Signature] = v
	}
	return out
}

// TestSignatureCountsSinceTheCutoverAreExact: far more records of a signature than are kept
// (5 here) are counted whole, by the time each record says, and records before the cutover are
// not; a line without a time counts by when it was read. The metric still counts every record.
func TestSignatureCountsSinceTheCutoverAreExact(t *testing.T) {
	n, clock := testNode(t)
	n.tally.setCutover(testTime(5))
	feed(t, n, clock, "wso2carbon.log", layout(t, carbon4x), append(gatewayErrors(1, 4), gatewayErrors(5, 16)...)...)
	// The JVM's out-of-memory line says no time: read at 10:00:01, before the cutover, then
	// at 10:30:00, after it.
	feed(t, n, clock, "wso2carbon.out", layout(t, console), "java.lang.OutOfMemoryError: Java heap space")
	clock.now = testTime(30)
	feed(t, n, clock, "wso2carbon2.out", layout(t, console), "java.lang.OutOfMemoryError: Java heap space")

	if got, want := countsOf(t, n.tally), map[string]string{"F3": "12", "F16": "1"}; !maps.Equal(got, want) {
		t.Errorf("since the cutover: %v, want %v (exact)", got, want)
	}
	if got := signatureCounts(t, n); !equalCounts(got, map[string]float64{"F3": 16, "F16": 2}) {
		t.Errorf("wso2_log_signature_records_total: %v, want every record read", got)
	}
}

// TestCutoverChangeRecountsFromTheKeptRecords: a reload that keeps the cutover keeps the
// counts; one that changes it recounts from the records kept, exact only for the signatures
// whose records read are all kept, and counts the records read from then on exactly.
func TestCutoverChangeRecountsFromTheKeptRecords(t *testing.T) {
	n, clock := testNode(t) // keeps 5 records per signature
	n.tally.setCutover(testTime(5))
	s := feed(t, n, clock, "wso2carbon.log", layout(t, carbon4x), gatewayErrors(1, 16)...)
	feed(t, n, clock, "wso2carbon.log", layout(t, carbon4x),
		"TID: [-1234] [] [2026-11-22 10:20:00,000] ERROR {org.wso2.carbon.apimgt.impl.dao.ApiMgtDAO} - Unknown column 'API_TYPE' in 'field list'")
	n.tally.setCutover(testTime(5))
	if got, want := countsOf(t, n.tally), map[string]string{"F3": "12", "F11": "1"}; !maps.Equal(got, want) {
		t.Errorf("after a reload with the same cutover: %v, want %v", got, want)
	}

	// F3's 5 records kept are 10:12 to 10:16, 3 of them from 10:14; 11 more were read. F11's
	// one record read is kept.
	n.tally.setCutover(testTime(14))
	if got, want := countsOf(t, n.tally), map[string]string{"F3": "3!", "F11": "1"}; !maps.Equal(got, want) {
		t.Errorf("after the cutover moved: %v, want %v", got, want)
	}
	for _, l := range gatewayErrors(13, 21) {
		s.Line([]byte(l), false)
	}
	clock.now = clock.now.Add(time.Second)
	s.Idle(clock.now)
	feed(t, n, clock, "wso2carbon.out", layout(t, console), "java.lang.OutOfMemoryError: Java heap space")
	if got, want := countsOf(t, n.tally), map[string]string{"F3": "11!", "F11": "1", "F16": "0"}; !maps.Equal(got, want) {
		t.Errorf("after more records: %v, want %v (F16 read at 10:00:03, before the cutover)", got, want)
	}

	// No cutover: every record read counts, kept or not.
	n.tally.setCutover(time.Time{})
	if got, want := countsOf(t, n.tally), map[string]string{"F3": "25", "F11": "1", "F16": "1"}; !maps.Equal(got, want) {
		t.Errorf("without a cutover: %v, want %v", got, want)
	}
}

// TestSignatureCountsAreSafeToReadWhileRecordsAreRead reads the counts, and sets the cutover
// as a reload does, while a node's classifier counts records (run with -race).
func TestSignatureCountsAreSafeToReadWhileRecordsAreRead(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "wso2carbon.log")
	if err := os.WriteFile(live, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	w := New(zap.NewNop(), prometheus.NewRegistry())
	cutover := time.Date(2026, 11, 22, 10, 0, 30, 0, time.UTC)
	w.SetCutover(cutover)
	w.Apply(testOptions(t.TempDir()), []Node{{Name: "cp1", Files: []File{{Path: live}}}})
	defer w.Stop()
	errors := w.metrics.records.WithLabelValues("cp1", "wso2carbon.log", "ERROR")
	time.Sleep(50 * time.Millisecond) // let the first poll find the file

	stop := make(chan struct{})
	var readers sync.WaitGroup
	readers.Add(1)
	go func() {
		defer readers.Done()
		var last int64
		for {
			select {
			case <-stop:
				return
			default:
			}
			w.SetCutover(cutover) // a reload that leaves it
			at, counts := w.SignatureCountsSince()
			for _, c := range counts {
				if !at.Equal(cutover) || c.LowerBound || c.Records < last {
					t.Errorf("counts since %s went %d then %+v", at, last, c)
					return
				}
				last = c.Records
			}
			w.RecentErrors("")
		}
	}()
	// 10:00:00 to 10:00:59, twice: 60 records at or after 10:00:30.
	for i := 0; i < 120; i += 10 {
		var lines []string
		for j := i; j < i+10; j++ {
			lines = append(lines, carbonError(j))
		}
		appendLines(t, live, lines...)
		time.Sleep(2 * time.Millisecond)
	}
	waitFor(t, "120 records", func() bool { return testutil.ToFloat64(errors) == 120 })
	close(stop)
	readers.Wait()
	waitFor(t, "every record counted", func() bool {
		_, counts := w.SignatureCountsSince()
		return len(counts) == 1 && counts[0].Signature == "F3" && counts[0].Records == 60 && !counts[0].LowerBound
	})
}
