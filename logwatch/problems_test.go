package logwatch

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/logparse"
)

// f3Record is an F3 error record whose message carries i, with frames lines of stack trace.
func f3Record(i, frames int) []string {
	lines := []string{fmt.Sprintf("TID: [-1234] [] [2026-11-22 10:00:%02d,%03d] ERROR {org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer} - Error deploying API-%d in Gateway", i/1000%60, i%1000, i)}
	for range frames {
		lines = append(lines, "\tat org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.deployAPI(InMemoryAPIDeployer.java:143)")
	}
	return lines
}

// Warnings and errors are classified on a goroutine of their own, in batches: across batches
// cut by count and by bytes, none is lost or counted twice, the latest is the latest kept, and
// all are counted once the file goes quiet (Idle) or the tailer stops (flush).
func TestQueuedProblemsAreAllCountedInOrder(t *testing.T) {
	for _, tc := range []struct {
		name            string
		records, frames int
	}{
		{"fewer than a batch", 10, 0},
		{"many batches by count", 3*problemBatchSize + 7, 0},
		{"batches cut by bytes", 200, 20}, // about 2 KiB a record: a batch holds about 130
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, clock := testNode(t)
			s := n.open("/opt/wso2/repository/logs/wso2carbon.log", []*logparse.Layout{logparse.CarbonLayout})
			for i := range tc.records {
				for _, l := range f3Record(i, tc.frames) {
					s.Line([]byte(l), false)
				}
				if i%50 == 49 {
					s.EndOfBurst() // a poll's lines end now and then, as the tailer's do
				}
			}
			clock.now = clock.now.Add(time.Second)
			s.Idle(clock.now)
			if got := signatureCounts(t, n)["F3"]; got != float64(tc.records) {
				t.Fatalf("F3 counted %v times, want %d", got, tc.records)
			}
			latest := n.tally.list("cp1")
			if want := fmt.Sprintf("API-%d in Gateway", tc.records-1); len(latest) == 0 || !strings.HasSuffix(latest[0].FirstLine, want) {
				t.Fatalf("the latest recent error is %+v, want the one of API-%d", latest, tc.records-1)
			}

			// Records queued and never idle: stopping counts them and ends the goroutine.
			for _, l := range f3Record(tc.records, tc.frames) {
				s.Line([]byte(l), false)
			}
			n.flush()
			if got := signatureCounts(t, n)["F3"]; got != float64(tc.records+1) {
				t.Fatalf("after the tailer stopped, F3 counted %v times, want %d", got, tc.records+1)
			}
			if n.queue.running {
				t.Fatal("the classifier's goroutine still runs after flush")
			}
		})
	}
}
