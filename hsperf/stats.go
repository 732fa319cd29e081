package hsperf

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Memory is the size of a memory pool in bytes: in use, committed from the
// operating system, and the most it may grow to.
type Memory struct {
	Used, Committed, Max int64
}

// Space is one space of a heap generation ("eden", "s0", "s1", "old"...).
type Space struct {
	Name string
	Memory
}

// Generation is one heap generation ("young"/"new", "old"); its Used is the
// sum of its spaces'.
type Generation struct {
	// Index is N of sun.gc.generation.N: 0 is the young generation, 1 the
	// old one (or the whole heap for single-generation collectors).
	Index int
	Name  string
	Memory
	Spaces []Space
}

// Collector is one of the JVM's garbage collectors, named by the JVM (for
// example "G1 young collection pauses", "Parallel full collection pauses").
type Collector struct {
	// Index is N of sun.gc.collector.N: 0 young pauses, 1 full pauses, 2
	// concurrent cycle pauses (G1, ZGC); which exist depends on the collector.
	Index       int
	Name        string
	Collections int64
	Time        time.Duration
}

// Threads counts the JVM's Java threads.
type Threads struct {
	Live, Daemon, Peak, Started int64
}

// Classes counts loaded and unloaded classes, those from the class-data
// sharing archive included (as jstat -class does).
type Classes struct {
	Loaded, Unloaded int64
}

// Safepoints counts the JVM's stop-the-world pauses and the time spent in
// them and in reaching them.
type Safepoints struct {
	Count          int64
	Time, SyncTime time.Duration
}

// JVMStats is the part of a snapshot that matters for watching a JVM's
// memory, collector and threads. Groups whose counters the JVM does not
// publish are nil (Metaspace, CompressedClassSpace without compressed class
// pointers, ...) or empty (Generations, and then Heap is zero; Collectors),
// never zeros that look like measurements.
//
// The JVM updates its counters at different moments (at the end of each
// collection, or every 50 ms by its sampler), so one snapshot may hold a
// pause counted whose time is not yet added, or metaspace still at 0 right
// after start-up; counters only settle between events.
type JVMStats struct {
	GCPolicy  string // sun.gc.policy.name: "GarbageFirst", "ParScav:MSC", "Copy:MSC"...
	VMVersion string // java.property.java.vm.version

	// Heap sums the generations, except Max for G1, whose generations share
	// one region pool: there each generation's max is the whole heap, so Max
	// is the largest of them. G1 pads every capacity counter by the object
	// alignment (8 bytes) so none reads 0; its Max can therefore exceed -Xmx
	// by a few dozen bytes, and is raised to Committed when the padded sum
	// passes it, so that Used <= Committed <= Max always holds.
	Heap                 Memory
	Generations          []Generation
	Metaspace            *Memory
	CompressedClassSpace *Memory

	Collectors  []Collector
	LastGCCause string

	Threads    *Threads
	Classes    *Classes
	Safepoints *Safepoints

	Uptime    time.Duration
	StartTime time.Time // zero when the JVM does not publish it
}

// g1Policy is the sun.gc.policy.name of the G1 collector.
const g1Policy = "GarbageFirst"

// JVMStats extracts the typed view. It fails only without the JVM's timer
// (sun.os.hrt.frequency and .ticks), which every HotSpot publishes and
// without which no duration can be computed.
func (s *Snapshot) JVMStats() (*JVMStats, error) {
	freq, ok := s.Long("sun.os.hrt.frequency")
	if !ok || freq <= 0 {
		return nil, fmt.Errorf("%w: no usable sun.os.hrt.frequency", ErrFormat)
	}
	uptime, ok := s.Long("sun.os.hrt.ticks")
	if !ok {
		return nil, fmt.Errorf("%w: no sun.os.hrt.ticks", ErrFormat)
	}
	ticks := func(name string) time.Duration {
		v, _ := s.Long(name)
		return ticksToDuration(v, freq)
	}
	st := &JVMStats{Uptime: ticksToDuration(uptime, freq)}
	st.GCPolicy, _ = s.Str("sun.gc.policy.name")
	st.VMVersion, _ = s.Str("java.property.java.vm.version")
	st.LastGCCause, _ = s.Str("sun.gc.lastCause")
	if ms, ok := s.Long("sun.rt.createVmBeginTime"); ok && ms > 0 {
		st.StartTime = time.UnixMilli(ms)
	}
	layout := s.layout()
	st.Generations = s.generations(layout)
	st.Heap = heapTotal(st.Generations, st.GCPolicy == g1Policy)
	st.Metaspace = s.pool("sun.gc.metaspace")
	st.CompressedClassSpace = s.pool("sun.gc.compressedclassspace")
	for _, i := range layout.collectors {
		prefix := "sun.gc.collector." + strconv.Itoa(i)
		name, _ := s.Str(prefix + ".name")
		count, _ := s.Long(prefix + ".invocations")
		st.Collectors = append(st.Collectors, Collector{Index: i, Name: name, Collections: count, Time: ticks(prefix + ".time")})
	}
	if live, ok := s.Long("java.threads.live"); ok {
		st.Threads = &Threads{Live: live}
		st.Threads.Daemon, _ = s.Long("java.threads.daemon")
		st.Threads.Peak, _ = s.Long("java.threads.livePeak")
		st.Threads.Started, _ = s.Long("java.threads.started")
	}
	if loaded, ok := s.Long("java.cls.loadedClasses"); ok {
		st.Classes = &Classes{Loaded: loaded + s.longOrZero("java.cls.sharedLoadedClasses")}
		st.Classes.Unloaded = s.longOrZero("java.cls.unloadedClasses") + s.longOrZero("java.cls.sharedUnloadedClasses")
	}
	if count, ok := s.Long("sun.rt.safepoints"); ok {
		st.Safepoints = &Safepoints{Count: count, Time: ticks("sun.rt.safepointTime"), SyncTime: ticks("sun.rt.safepointSyncTime")}
	}
	return st, nil
}

func (s *Snapshot) longOrZero(name string) int64 {
	v, _ := s.Long(name)
	return v
}

func (s *Snapshot) strOrEmpty(name string) string {
	v, _ := s.Str(name)
	return v
}

// pool reads prefix.used, .capacity and .maxCapacity, or nil without .used.
func (s *Snapshot) pool(prefix string) *Memory {
	used, ok := s.Long(prefix + ".used")
	if !ok {
		return nil
	}
	return &Memory{Used: used, Committed: s.longOrZero(prefix + ".capacity"), Max: s.longOrZero(prefix + ".maxCapacity")}
}

// generations reads every sun.gc.generation.N and its spaces.
func (s *Snapshot) generations(l gcLayout) []Generation {
	var gens []Generation
	for _, i := range l.generations {
		prefix := "sun.gc.generation." + strconv.Itoa(i)
		g := Generation{Index: i, Name: s.strOrEmpty(prefix + ".name")}
		g.Committed = s.longOrZero(prefix + ".capacity")
		g.Max = s.longOrZero(prefix + ".maxCapacity")
		for _, j := range l.spaces[i] {
			spacePrefix := prefix + ".space." + strconv.Itoa(j)
			space := Space{Name: s.strOrEmpty(spacePrefix + ".name"), Memory: Memory{
				Used:      s.longOrZero(spacePrefix + ".used"),
				Committed: s.longOrZero(spacePrefix + ".capacity"),
				Max:       s.longOrZero(spacePrefix + ".maxCapacity"),
			}}
			g.Used += space.Used
			g.Spaces = append(g.Spaces, space)
		}
		gens = append(gens, g)
	}
	return gens
}

// gcLayout holds the indexes N (and M) of every sun.gc.collector.N,
// sun.gc.generation.N and sun.gc.generation.N.space.M that has a name, in
// ascending order. The numbering has gaps: ZGC publishes only generation 1
// and collector 2.
type gcLayout struct {
	collectors, generations []int
	spaces                  map[int][]int
}

// layout finds the collectors, generations and spaces in one pass over the
// entries, so a file with many of them costs no more than its size.
func (s *Snapshot) layout() gcLayout {
	l := gcLayout{spaces: map[int][]int{}}
	for name, e := range s.Entries {
		rest, ok := strings.CutSuffix(name, ".name")
		if !ok || e.Kind != KindString {
			continue
		}
		if n, ok := strings.CutPrefix(rest, "sun.gc.collector."); ok {
			if i, ok := index(n); ok {
				l.collectors = append(l.collectors, i)
			}
			continue
		}
		rest, ok = strings.CutPrefix(rest, "sun.gc.generation.")
		if !ok {
			continue
		}
		gen, space, isSpace := strings.Cut(rest, ".space.")
		g, ok := index(gen)
		switch {
		case !ok:
		case !isSpace:
			l.generations = append(l.generations, g)
		default:
			if sp, ok := index(space); ok {
				l.spaces[g] = append(l.spaces[g], sp)
			}
		}
	}
	slices.Sort(l.collectors)
	slices.Sort(l.generations)
	for _, sp := range l.spaces {
		slices.Sort(sp)
	}
	return l
}

// index parses a counter name's index, only in its canonical form, so that
// the name rebuilt from it is the one found.
func index(digits string) (int, bool) {
	n, err := strconv.Atoi(digits)
	return n, err == nil && n >= 0 && strconv.Itoa(n) == digits
}

func heapTotal(gens []Generation, sharedRegions bool) Memory {
	var total Memory
	for _, g := range gens {
		total.Used += g.Used
		total.Committed += g.Committed
		if sharedRegions {
			total.Max = max(total.Max, g.Max)
		} else {
			total.Max += g.Max
		}
	}
	if sharedRegions {
		total.Max = max(total.Max, total.Committed)
	}
	return total
}

// ticksToDuration converts high-resolution timer ticks at freq ticks per
// second, splitting whole seconds off first so large counts do not overflow.
func ticksToDuration(ticks, freq int64) time.Duration {
	whole, rest := ticks/freq, ticks%freq
	return time.Duration(whole)*time.Second + time.Duration(float64(rest)*float64(time.Second)/float64(freq))
}
