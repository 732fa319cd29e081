package standin

import (
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/hsperf"
)

// sample is the JVM as the agent would read it from the perf-data file at one moment.
type sample struct {
	at      time.Duration // since the cutover
	stats   *hsperf.JVMStats
	gcTotal time.Duration
}

// simulate runs the heap for d after the cutover, the JVM started at startOffset from it, and
// reads it back through its perf-data file every 15 s (the agent's default scrape interval).
func simulate(t *testing.T, h Heap, startOffset, d time.Duration) []sample {
	t.Helper()
	cutover := time.Unix(1_700_000_000, 0)
	h.Cutover = cutover
	start := cutover.Add(startOffset)
	heap := newG1Heap(h, start)
	file := hsperf.NewStatsFile(heap.stats(start))
	var samples []sample
	for at := startOffset; at <= d; at += 100 * time.Millisecond {
		now := cutover.Add(at)
		heap.advance(now)
		if at%(15*time.Second) != 0 {
			continue
		}
		if err := file.Update(heap.stats(now)); err != nil {
			t.Fatal(err)
		}
		snap, err := hsperf.Parse(file.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		st, err := snap.JVMStats()
		if err != nil {
			t.Fatal(err)
		}
		s := sample{at: at, stats: st}
		for _, c := range st.Collectors {
			s.gcTotal += c.Time
		}
		samples = append(samples, s)
	}
	return samples
}

// gcShare is the share of the time between from and to (since the cutover) spent in GC, as
// rate() of wso2_jvm_gc_collection_seconds_total summed over the collectors gives it.
func gcShare(samples []sample, from, to time.Duration) float64 {
	var first, last *sample
	for i := range samples {
		if s := &samples[i]; s.at >= from && s.at <= to {
			if first == nil {
				first = s
			}
			last = s
		}
	}
	return (last.gcTotal - first.gcTotal).Seconds() / (last.at - first.at).Seconds()
}

// heapFloor is the least heap used between from and to, over the maximum, as the alert on a
// nearly full heap computes it.
func heapFloor(samples []sample, from, to time.Duration) float64 {
	least := int64(heapMax)
	for _, s := range samples {
		if s.at >= from && s.at <= to {
			least = min(least, s.stats.Heap.Used)
		}
	}
	return float64(least) / heapMax
}

// checkInvariants holds every sample to what any JVM's stats satisfy, and the counters to
// never going back.
func checkInvariants(t *testing.T, samples []sample) {
	t.Helper()
	for i, s := range samples {
		st := s.stats
		if h := st.Heap; h.Used < 0 || h.Used > h.Committed || h.Committed > h.Max || h.Max != heapMax {
			t.Fatalf("at %s: heap %+v", s.at, h)
		}
		for _, g := range st.Generations {
			for _, sp := range g.Spaces {
				if sp.Used < 0 || sp.Used > sp.Committed {
					t.Fatalf("at %s: %s/%s %+v", s.at, g.Name, sp.Name, sp.Memory)
				}
			}
		}
		if i == 0 {
			continue
		}
		before := samples[i-1].stats
		for j, c := range st.Collectors {
			if c.Collections < before.Collectors[j].Collections || c.Time < before.Collectors[j].Time {
				t.Fatalf("at %s: collector %s went back from %+v to %+v", s.at, c.Name, before.Collectors[j], c)
			}
		}
		if st.Safepoints.Count < before.Safepoints.Count || st.Classes.Loaded < before.Classes.Loaded {
			t.Fatalf("at %s: safepoints or classes went back", s.at)
		}
	}
}

// TestHeapOfTheOldSide: the old environment's JVM, busy until the cutover and then idle,
// collects young garbage now and then, never in full, and spends well under 1% of its time in
// GC: none of the JVM alerts' conditions.
func TestHeapOfTheOldSide(t *testing.T) {
	samples := simulate(t, Heap{AllocationRate: ServingAllocationRate, AllocationRateAfterCutover: IdleAllocationRate}, -5*time.Minute, 30*time.Minute)
	checkInvariants(t, samples)
	last := samples[len(samples)-1].stats
	if young, full := last.Collectors[0], last.Collectors[1]; young.Collections < 10 || full.Collections != 0 {
		t.Errorf("young %+v, full %+v: want young collections and no full one", young, full)
	}
	for at := 5 * time.Minute; at <= 30*time.Minute; at += 5 * time.Minute {
		if share := gcShare(samples, at-5*time.Minute, at); share > 0.01 {
			t.Errorf("%s after the cutover: %.1f%% of the time in GC over 5 minutes", at, 100*share)
		}
	}
	if floor := heapFloor(samples, 0, 30*time.Minute); floor > 0.5 {
		t.Errorf("the heap's floor is %.0f%% of its maximum", 100*floor)
	}
}

// TestHeapOfTheNewSide: the new environment's JVM, started a moment after the cutover, leaks:
// its old generation fills in about 4 minutes, its heap's floor stays above 90% of the maximum
// from then on, and full collections take over 10% of its time: the JVM alerts' conditions,
// which the demo's Prometheus sees fire 17 to 21 minutes after the cutover.
func TestHeapOfTheNewSide(t *testing.T) {
	samples := simulate(t, Heap{AllocationRate: IdleAllocationRate, AllocationRateAfterCutover: ServingAllocationRate, LeakRate: LeakRate}, 5*time.Second, 30*time.Minute)
	checkInvariants(t, samples)
	if share := gcShare(samples, 0, 3*time.Minute); share > 0.02 {
		t.Errorf("%.1f%% of the time in GC in the first 3 minutes: the leak should not show yet", 100*share)
	}
	if floor := heapFloor(samples, 0, 3*time.Minute); floor > 0.5 {
		t.Errorf("the heap's floor is %.0f%% of its maximum in the first 3 minutes", 100*floor)
	}
	for at := 10 * time.Minute; at <= 30*time.Minute; at += 5 * time.Minute {
		if share := gcShare(samples, at-5*time.Minute, at); share < 0.12 || share > 0.3 {
			t.Errorf("%s after the cutover: %.1f%% of the time in GC over 5 minutes, want 12-30%%", at, 100*share)
		}
		if floor := heapFloor(samples, at-5*time.Minute, at); floor < 0.91 {
			t.Errorf("%s after the cutover: the heap's floor is %.1f%% of its maximum, want over 91%%", at, 100*floor)
		}
	}
	if full := samples[len(samples)-1].stats.Collectors[1]; full.Collections < 50 {
		t.Errorf("full collections %+v: the full heap should take one every few seconds", full)
	}
}
