package collector

import (
	"strconv"
	"strings"

	"github.com/apimwatch/apimwatch/hsperf"
)

// Caps on the series one JVM's perf data may give. HotSpot publishes at most
// 2 generations of 4 spaces and 3 collectors; the names come from the file,
// so a damaged or unusual one must not flood Prometheus with series.
const (
	maxGenerations = 4
	maxSpaces      = 8
	maxCollectors  = 8
)

// emitPerfData turns the JVM's stats into metrics. A group the JVM does not
// publish (metaspace on a 32-bit JVM, ...) gives no series rather than zeros.
func emitPerfData(s *scrape, node string, st *hsperf.JVMStats) {
	s.gauge(jvmHeapUsed, float64(st.Heap.Used), node)
	s.gauge(jvmHeapCommitted, float64(st.Heap.Committed), node)
	s.gauge(jvmHeapEffectiveMax, float64(st.Heap.Max), node)
	emitGenerations(s, node, st.Generations)
	if m := st.Metaspace; m != nil {
		s.gauge(jvmMetaspaceUsed, float64(m.Used), node)
		s.gauge(jvmMetaspaceCommitted, float64(m.Committed), node)
		s.gauge(jvmMetaspaceMax, float64(m.Max), node)
	}
	if m := st.CompressedClassSpace; m != nil {
		s.gauge(jvmClassSpaceUsed, float64(m.Used), node)
		s.gauge(jvmClassSpaceCommitted, float64(m.Committed), node)
		s.gauge(jvmClassSpaceMax, float64(m.Max), node)
	}
	names := labelValues{}
	for _, gc := range st.Collectors[:min(len(st.Collectors), maxCollectors)] {
		name := names.unique(gc.Name, "collector", gc.Index)
		s.counter(jvmGCCollections, float64(gc.Collections), node, name)
		s.counter(jvmGCSeconds, gc.Time.Seconds(), node, name)
	}
	if t := st.Threads; t != nil {
		s.gauge(jvmThreadsLive, float64(t.Live), node)
		s.gauge(jvmThreadsDaemon, float64(t.Daemon), node)
		s.gauge(jvmThreadsPeak, float64(t.Peak), node)
		s.counter(jvmThreadsStarted, float64(t.Started), node)
	}
	if c := st.Classes; c != nil {
		s.gauge(jvmClassesLoaded, float64(c.Loaded-c.Unloaded), node)
		s.counter(jvmClassesUnloaded, float64(c.Unloaded), node)
	}
	if sp := st.Safepoints; sp != nil {
		s.counter(jvmSafepoints, float64(sp.Count), node)
		s.counter(jvmSafepointTime, sp.Time.Seconds(), node)
		s.counter(jvmSafepointSync, sp.SyncTime.Seconds(), node)
	}
	s.gauge(jvmUptime, st.Uptime.Seconds(), node)
}

func emitGenerations(s *scrape, node string, gens []hsperf.Generation) {
	genNames := labelValues{}
	for _, g := range gens[:min(len(gens), maxGenerations)] {
		gen := genNames.unique(g.Name, "generation", g.Index)
		s.gauge(jvmGenerationUsed, float64(g.Used), node, gen)
		s.gauge(jvmGenerationCommitted, float64(g.Committed), node, gen)
		s.gauge(jvmGenerationMax, float64(g.Max), node, gen)
		spaceNames := labelValues{}
		for i, space := range g.Spaces[:min(len(g.Spaces), maxSpaces)] {
			name := spaceNames.unique(space.Name, "space", i)
			s.gauge(jvmSpaceUsed, float64(space.Used), node, gen, name)
			s.gauge(jvmSpaceCommitted, float64(space.Committed), node, gen, name)
			s.gauge(jvmSpaceMax, float64(space.Max), node, gen, name)
		}
	}
}

// maxLabelValue caps the length of a name taken from the file; HotSpot's are
// under 40 bytes.
const maxLabelValue = 64

// labelValues makes the names the JVM gives its generations, spaces and
// collectors valid and unique label values: a label that is not UTF-8 would
// panic, and two series with the same labels would fail the whole scrape.
// HotSpot's names are short, unique and never empty; in a file whose names
// are not, an empty or repeated name becomes "<kind>_<index>".
type labelValues map[string]bool

func (seen labelValues) unique(name, kind string, index int) string {
	if len(name) > maxLabelValue {
		name = name[:maxLabelValue]
	}
	name = strings.ToValidUTF8(name, "?")
	if name == "" || seen[name] {
		name = kind + "_" + strconv.Itoa(index)
	}
	for seen[name] { // only a file that already uses that name
		name += "_"
	}
	seen[name] = true
	return name
}
