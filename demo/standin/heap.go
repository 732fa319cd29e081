package standin

import (
	"math"
	"time"

	"github.com/apimwatch/apimwatch/hsperf"
)

// Heap is what a stand-in's simulated Java heap does: the G1 heap of a JVM run with
// jvmOptions, which it publishes in a perf-data file as a JVM does, so that the agent reads its
// heap, collections, threads and classes as it would a WSO2 JVM's.
type Heap struct {
	// AllocationRate is the bytes a second the application allocates before Cutover, and
	// AllocationRateAfterCutover from then on: they follow the node's traffic.
	AllocationRate, AllocationRateAfterCutover int64
	// LeakRate is the bytes a second that stay reachable for good from Cutover (or the JVM's
	// start, if later) on, until leakCeiling: a leak, 0 for none.
	LeakRate int64
	Cutover  time.Time
}

// The demo's heaps allocate ServingAllocationRate while their node serves the traffic and a
// tenth of it while it is idle, as the node logs a tenth of its records; the new side's leaks
// LeakRate after the cutover, enough to fill the old generation in about 4 minutes.
const (
	ServingAllocationRate = 40 << 20
	IdleAllocationRate    = ServingAllocationRate / 10
	LeakRate              = 3 << 20
)

// The heap's sizes, in bytes, and G1's thresholds. heapMax and heapInitial are jvmOptions'.
const (
	heapMax     = 1024 << 20
	heapInitial = 256 << 20
	region      = 1 << 20 // G1's region size for a 1 GiB heap: capacities are whole regions
	// liveBase is what a started API Manager keeps reachable: deployed APIs, caches, the
	// registry's and Synapse's structures.
	liveBase = 200 << 20
	// leakCeiling is where a leak levels off: G1 then reclaims too little to keep the
	// application going without full collections, but never runs out, so the demo's JVM stays
	// on the brink of an OutOfMemoryError rather than dying of it.
	leakCeiling = heapMax * 935 / 1000
	// youngMin and youngMax bound the young generation (G1NewSizePercent 5,
	// G1MaxNewSizePercent 60); youngReserve is kept free beside it (G1ReservePercent 10).
	youngMin, youngMax, youngReserve = heapMax * 5 / 100, heapMax * 60 / 100, heapMax * 10 / 100
	// initiatingOccupancy starts a concurrent cycle (InitiatingHeapOccupancyPercent 45).
	initiatingOccupancy = heapMax * 45 / 100
)

// The shares of a young collection's eden that survive it: to a survivor space, and promoted
// to the old generation, where they die later and wait for a mixed or full collection.
const (
	survivingPercent = 3
	promotedPercent  = 6
)

// What the model's pauses cost: a fixed part, and the bytes a pause copies or compacts a second.
const (
	youngPauseBase   = 4 * time.Millisecond
	youngCopyRate    = 512 << 20
	mixedPause       = 12 * time.Millisecond
	mixedPerCycle    = 4 // mixed collections after a concurrent cycle; G1 counts them as young pauses
	remarkPause      = 8 * time.Millisecond
	cleanupPause     = 2 * time.Millisecond
	fullPauseBase    = 100 * time.Millisecond
	fullCompactRate  = 1 << 30
	otherSafepoint   = 100 * time.Microsecond // a safepoint that is not a collection: deoptimisation, biased locks
	safepointSync    = 50 * time.Microsecond  // bringing the threads to each safepoint
	otherSafepoints  = 2 * time.Second        // one such safepoint every 2 s
	evacuationPause  = "G1 Evacuation Pause"
	allocationFailed = "Allocation Failure"
)

// g1Heap is the model: eden fills at the allocation rate and each time it is full a young
// collection empties it; what it promotes to the old generation is garbage that a concurrent
// cycle and mixed collections reclaim once the old generation passes initiatingOccupancy; a
// heap too full for the smallest young generation takes a full collection. A leak grows what
// the old generation keeps reachable, so the heap's floor rises and, near the top, full
// collections take a growing share of the time.
type g1Heap struct {
	cfg                                 Heap
	start, last                         time.Time
	eden, survivor, oldLive, oldGarbage int64
	committed                           int64
	young, full, concurrent             hsperf.Collector
	cause                               string
	threadsPeak                         int64
}

func newG1Heap(cfg Heap, start time.Time) *g1Heap {
	h := &g1Heap{
		cfg: cfg, start: start, last: start, oldLive: liveBase, committed: heapInitial, cause: "No GC",
		young:      hsperf.Collector{Index: 0, Name: "G1 young collection pauses"},
		full:       hsperf.Collector{Index: 1, Name: "G1 full collection pauses"},
		concurrent: hsperf.Collector{Index: 2, Name: "G1 concurrent cycle pauses"},
	}
	h.commit()
	return h
}

// advance allocates what the application allocated since the last call, collecting as eden
// fills.
func (h *g1Heap) advance(now time.Time) {
	if !now.After(h.last) {
		return
	}
	rate := h.cfg.AllocationRate
	if !now.Before(h.cfg.Cutover) {
		rate = h.cfg.AllocationRateAfterCutover
	}
	h.eden += int64(float64(rate) * now.Sub(h.last).Seconds())
	h.last = now
	for target := h.edenTarget(); h.eden >= target; target = h.edenTarget() {
		h.eden -= target
		h.collectYoung(target)
	}
	h.commit()
}

func (h *g1Heap) oldUsed() int64       { return h.oldLive + h.oldGarbage }
func (h *g1Heap) survivorSpace() int64 { return roundUp(h.survivor) }

// edenTarget is the eden G1 sizes for the heap's free room, in whole regions.
func (h *g1Heap) edenTarget() int64 {
	free := heapMax - h.oldUsed() - h.survivorSpace()
	return roundUp(min(max(free-youngReserve, youngMin), youngMax))
}

func (h *g1Heap) collectYoung(collected int64) {
	survived, promoted := collected*survivingPercent/100, collected*promotedPercent/100
	h.young.Collections++
	h.young.Time += youngPauseBase + copyTime(survived+promoted, youngCopyRate)
	h.survivor = survived
	h.oldGarbage += promoted
	h.oldLive = h.liveAt(h.last)
	h.cause = evacuationPause
	switch {
	case heapMax-h.oldUsed()-h.survivorSpace() < youngMin:
		h.collectFull()
	case h.oldUsed() > initiatingOccupancy && h.oldGarbage > youngMin:
		h.concurrent.Collections += 2 // its remark and cleanup pauses
		h.concurrent.Time += remarkPause + cleanupPause
		h.young.Collections += mixedPerCycle
		h.young.Time += mixedPerCycle * mixedPause
		h.oldGarbage /= 10
	}
}

func (h *g1Heap) collectFull() {
	h.full.Collections++
	h.full.Time += fullPauseBase + copyTime(h.oldLive, fullCompactRate)
	h.oldGarbage, h.survivor = 0, 0
	h.cause = allocationFailed
}

// liveAt is what the old generation keeps reachable at t: liveBase and what leaked since the
// cutover or the start.
func (h *g1Heap) liveAt(t time.Time) int64 {
	from := h.start
	if h.cfg.Cutover.After(from) {
		from = h.cfg.Cutover
	}
	if h.cfg.LeakRate <= 0 || !t.After(from) {
		return liveBase
	}
	return min(liveBase+int64(float64(h.cfg.LeakRate)*t.Sub(from).Seconds()), leakCeiling)
}

// commit grows the committed heap to what the generations take; G1 gives back memory only
// after a full collection or on request, which the model leaves out.
func (h *g1Heap) commit() {
	need := roundUp(h.oldUsed()) + h.survivorSpace() + h.edenTarget()
	h.committed = min(max(h.committed, need), heapMax)
}

// stats is the JVM as its perf-data file shows it at now: the heap as advance left it, the
// classes, metaspace and threads of an API Manager that has started.
func (h *g1Heap) stats(now time.Time) *hsperf.JVMStats {
	uptime := now.Sub(h.start)
	edenSpace, survivorSpace := h.edenTarget(), h.survivorSpace()
	young := edenSpace + survivorSpace
	old := h.committed - young
	// WSO2 loads about 26,000 classes, most of them in its first minute.
	classes := int64(26000 * (1 - math.Exp(-uptime.Seconds()/15)))
	metaspace := classes * 5600
	classSpace := classes * 700
	busy := h.cfg.AllocationRate
	if !now.Before(h.cfg.Cutover) {
		busy = h.cfg.AllocationRateAfterCutover
	}
	threads := int64(205) // the pools of an idle node; traffic starts the Synapse workers
	if busy >= 16<<20 {
		threads = 236
	}
	h.threadsPeak = max(h.threadsPeak, threads)
	pauses := h.young.Collections + h.full.Collections + h.concurrent.Collections
	others := int64(uptime / otherSafepoints)
	return &hsperf.JVMStats{
		GCPolicy: "GarbageFirst", VMVersion: "17.0.15+6 (apimwatch demo stand-in)", LastGCCause: h.cause,
		Generations: []hsperf.Generation{
			{Index: 0, Name: "young", Memory: hsperf.Memory{Committed: young, Max: heapMax}, Spaces: []hsperf.Space{
				{Name: "eden", Memory: hsperf.Memory{Used: h.eden, Committed: edenSpace, Max: heapMax}},
				{Name: "s0"}, // G1 keeps its survivors in s1
				{Name: "s1", Memory: hsperf.Memory{Used: h.survivor, Committed: survivorSpace, Max: heapMax}},
			}},
			{Index: 1, Name: "old", Memory: hsperf.Memory{Committed: old, Max: heapMax}, Spaces: []hsperf.Space{
				{Name: "space", Memory: hsperf.Memory{Used: h.oldUsed(), Committed: old, Max: heapMax}},
			}},
		},
		Metaspace:            &hsperf.Memory{Used: metaspace, Committed: roundUp(metaspace), Max: 1088 << 20},
		CompressedClassSpace: &hsperf.Memory{Used: classSpace, Committed: roundUp(classSpace), Max: 1 << 30},
		Collectors:           []hsperf.Collector{h.young, h.full, h.concurrent},
		Threads:              &hsperf.Threads{Live: threads, Daemon: threads - 12, Peak: h.threadsPeak, Started: h.threadsPeak + int64(uptime/(4*time.Second))},
		Classes:              &hsperf.Classes{Loaded: classes},
		Safepoints: &hsperf.Safepoints{
			Count:    pauses + others,
			Time:     h.young.Time + h.full.Time + h.concurrent.Time + time.Duration(others)*otherSafepoint,
			SyncTime: time.Duration(pauses+others) * safepointSync,
		},
		Uptime: uptime, StartTime: h.start,
	}
}

func roundUp(n int64) int64 { return (n + region - 1) / region * region }

func copyTime(bytes, perSecond int64) time.Duration {
	return time.Duration(float64(bytes) / float64(perSecond) * float64(time.Second))
}
