package hsperf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Path is where HotSpot on Linux writes the perf-data file of the JVM with
// process id pid running as user: /tmp/hsperfdata_<user>/<pid>, whatever
// TMPDIR or java.io.tmpdir say. Locate looks there (as seen through the JVM's
// /proc/<pid>/root first).
func Path(user string, pid int) string {
	return filepath.Join(jvmTmpDir, "hsperfdata_"+user, strconv.Itoa(pid))
}

// Encoder lays out a perf-data file in HotSpot's format version 2.0, for a
// program that publishes counters as a JVM does (the demo's stand-in JVMs).
// Entries are added once and never removed; their slots change values in
// place, so the file keeps its size and layout, and a reader that catches an
// update half written sees old and new values, never a broken structure: as
// with HotSpot's own file, which the JVM updates in place.
type Encoder struct {
	order binary.ByteOrder
	buf   []byte
	names map[string]bool
}

// NewEncoder starts an empty, accessible file in the given byte order.
func NewEncoder(order binary.ByteOrder) *Encoder {
	buf := make([]byte, prologueSize)
	copy(buf, magic[:])
	buf[4] = byteOrderLittle
	if order.Uint16([]byte{0, 1}) == 1 {
		buf[4] = byteOrderBig
	}
	buf[5], buf[6], buf[7] = supportedMajor, 0, 1 // version 2.0, accessible
	order.PutUint32(buf[8:], prologueSize)
	order.PutUint32(buf[24:], prologueSize)
	return &Encoder{order: order, buf: buf, names: map[string]bool{}}
}

// Bytes is the file: the prologue and every entry, no padding. It is the
// Encoder's own buffer, valid until the next change.
func (e *Encoder) Bytes() []byte { return e.buf }

// LongSlot is the value of one 64-bit entry.
type LongSlot struct {
	e  *Encoder
	at int
}

// Set changes the entry's value.
func (s LongSlot) Set(v int64) { s.e.order.PutUint64(s.e.buf[s.at:], uint64(v)) }

// StringSlot is the value of one string entry, a NUL-terminated buffer of
// fixed capacity.
type StringSlot struct {
	e            *Encoder
	at, capacity int
}

// Set changes the entry's value, cut to capacity-1 bytes.
func (s StringSlot) Set(v string) {
	data := s.e.buf[s.at : s.at+s.capacity]
	clear(data)
	copy(data[:s.capacity-1], v)
}

// Long adds a 64-bit entry. A name that is empty, holds a NUL or was added
// before is a programming error and panics, as HotSpot never writes one.
func (e *Encoder) Long(name string, units Units, variability Variability, value int64) LongSlot {
	s := LongSlot{e: e, at: e.add(name, typeLong, units, variability, 0, 8)}
	s.Set(value)
	return s
}

// String adds a string entry of capacity bytes, its NUL included: HotSpot
// sizes the buffer of a string that changes (sun.gc.lastCause) for the
// longest value, and that of a constant for the value itself.
func (e *Encoder) String(name string, variability Variability, capacity int, value string) StringSlot {
	capacity = max(capacity, 1)
	s := StringSlot{e: e, at: e.add(name, typeByte, UnitsString, variability, capacity, capacity), capacity: capacity}
	s.Set(value)
	return s
}

// add appends an entry as HotSpot lays it out: the header, the NUL-terminated
// name, then the data, a long's aligned to 8 bytes; the entry padded to 8.
// It returns the data's offset in the file.
func (e *Encoder) add(name string, typ byte, units Units, variability Variability, vector, size int) int {
	if name == "" || strings.IndexByte(name, 0) >= 0 || e.names[name] {
		panic(fmt.Sprintf("hsperf: entry name %q empty, with a NUL or repeated", name))
	}
	e.names[name] = true
	dataOffset := entryHeaderSize + len(name) + 1
	if typ == typeLong {
		dataOffset = align8(dataOffset)
	}
	length := align8(dataOffset + size)
	start := len(e.buf)
	e.buf = append(e.buf, make([]byte, length)...)
	h := e.buf[start:]
	e.order.PutUint32(h[0:], uint32(length))
	e.order.PutUint32(h[4:], entryHeaderSize)
	e.order.PutUint32(h[8:], uint32(vector))
	h[12], h[13], h[14], h[15] = typ, supportedFlag(name), byte(units), byte(variability)
	e.order.PutUint32(h[16:], uint32(dataOffset))
	copy(h[entryHeaderSize:], name)
	e.order.PutUint32(e.buf[8:], uint32(len(e.buf)))
	e.order.PutUint32(e.buf[28:], uint32(len(e.names)))
	return start + dataOffset
}

func align8(n int) int { return (n + 7) &^ 7 }

// supportedFlag is HotSpot's rule: the java.* and com.sun.* counters are a
// supported interface, the sun.* ones internals.
func supportedFlag(name string) byte {
	if strings.HasPrefix(name, "java.") || strings.HasPrefix(name, "com.sun.") {
		return flagSupported
	}
	return 0
}

// StatsFile is a perf-data file that publishes a JVMStats under the names,
// units and variabilities HotSpot gives those counters, so that Parse and
// JVMStats read back what was written. Its layout is fixed by the first
// stats; Update keeps it.
type StatsFile struct {
	enc     *Encoder
	longs   map[string]LongSlot
	strings map[string]StringSlot
}

// ErrLayoutChanged is returned by StatsFile.Update for stats whose shape (the
// generations, spaces and collectors, which groups are nil) differs from the
// first ones': the file's layout cannot change in place.
var ErrLayoutChanged = errors.New("hsperf: the stats no longer fit the file's layout")

// hrtFrequency is the tick rate a StatsFile writes: nanoseconds, as HotSpot
// on Linux counts them.
const hrtFrequency = 1_000_000_000

// causeCapacity is the buffer HotSpot keeps for a GC cause (80 characters).
const causeCapacity = 81

// NewStatsFile lays out a file for st, in the machine's byte order.
func NewStatsFile(st *JVMStats) *StatsFile {
	f := &StatsFile{enc: NewEncoder(binary.NativeEndian), longs: map[string]LongSlot{}, strings: map[string]StringSlot{}}
	for _, c := range statsCounters(st) {
		if c.units == UnitsString {
			f.strings[c.name] = f.enc.String(c.name, c.variability, c.capacity, c.str)
		} else {
			f.longs[c.name] = f.enc.Long(c.name, c.units, c.variability, c.long)
		}
	}
	return f
}

// Update writes st's values in place. Heap and each generation's Used are not
// written: readers derive them from the spaces.
func (f *StatsFile) Update(st *JVMStats) error {
	counters := statsCounters(st)
	if len(counters) != len(f.longs)+len(f.strings) {
		return ErrLayoutChanged
	}
	for _, c := range counters {
		long, isLong := f.longs[c.name]
		str, isString := f.strings[c.name]
		switch {
		case isLong && c.units != UnitsString:
			long.Set(c.long)
		case isString && c.units == UnitsString:
			str.Set(c.str)
		default:
			return fmt.Errorf("%w: %s", ErrLayoutChanged, c.name)
		}
	}
	return nil
}

// Bytes is the file as it stands; see Encoder.Bytes.
func (f *StatsFile) Bytes() []byte { return f.enc.Bytes() }

// counter is one entry of a StatsFile; str and capacity for UnitsString.
type counter struct {
	name        string
	units       Units
	variability Variability
	long        int64
	str         string
	capacity    int
}

func longCounter(name string, units Units, variability Variability, v int64) counter {
	return counter{name: name, units: units, variability: variability, long: v}
}

func constString(name, v string) counter {
	return counter{name: name, units: UnitsString, variability: Constant, str: v, capacity: len(v) + 1}
}

func bytesCounter(name string, variability Variability, v int64) counter {
	return longCounter(name, UnitsBytes, variability, v)
}

// statsCounters lists what a HotSpot JVM publishes for each field JVMStats
// reads, in the order a StatsFile lays them out.
func statsCounters(st *JVMStats) []counter {
	// At hrtFrequency a tick is a nanosecond.
	cs := []counter{
		longCounter("sun.os.hrt.frequency", UnitsHertz, Constant, hrtFrequency),
		longCounter("sun.os.hrt.ticks", UnitsTicks, Monotonic, st.Uptime.Nanoseconds()),
		constString("sun.gc.policy.name", st.GCPolicy),
		constString("java.property.java.vm.version", st.VMVersion),
		{name: "sun.gc.lastCause", units: UnitsString, variability: Variable, str: st.LastGCCause, capacity: causeCapacity},
	}
	if !st.StartTime.IsZero() {
		cs = append(cs, longCounter("sun.rt.createVmBeginTime", UnitsNone, Variable, st.StartTime.UnixMilli()))
	}
	for _, g := range st.Generations {
		prefix := "sun.gc.generation." + strconv.Itoa(g.Index)
		cs = append(cs, constString(prefix+".name", g.Name),
			longCounter(prefix+".spaces", UnitsNone, Constant, int64(len(g.Spaces))),
			bytesCounter(prefix+".capacity", Variable, g.Committed),
			bytesCounter(prefix+".maxCapacity", Constant, g.Max))
		for j, s := range g.Spaces {
			space := prefix + ".space." + strconv.Itoa(j)
			cs = append(cs, constString(space+".name", s.Name),
				bytesCounter(space+".used", Variable, s.Used),
				bytesCounter(space+".capacity", Variable, s.Committed),
				bytesCounter(space+".maxCapacity", Constant, s.Max))
		}
	}
	for _, pool := range []struct {
		prefix string
		m      *Memory
	}{{"sun.gc.metaspace", st.Metaspace}, {"sun.gc.compressedclassspace", st.CompressedClassSpace}} {
		if pool.m != nil {
			cs = append(cs, bytesCounter(pool.prefix+".used", Variable, pool.m.Used),
				bytesCounter(pool.prefix+".capacity", Variable, pool.m.Committed),
				bytesCounter(pool.prefix+".maxCapacity", Variable, pool.m.Max))
		}
	}
	for _, c := range st.Collectors {
		prefix := "sun.gc.collector." + strconv.Itoa(c.Index)
		cs = append(cs, constString(prefix+".name", c.Name),
			longCounter(prefix+".invocations", UnitsEvents, Monotonic, c.Collections),
			longCounter(prefix+".time", UnitsTicks, Monotonic, c.Time.Nanoseconds()))
	}
	if t := st.Threads; t != nil {
		cs = append(cs, longCounter("java.threads.live", UnitsNone, Variable, t.Live),
			longCounter("java.threads.daemon", UnitsNone, Variable, t.Daemon),
			longCounter("java.threads.livePeak", UnitsNone, Variable, t.Peak),
			longCounter("java.threads.started", UnitsEvents, Monotonic, t.Started))
	}
	if c := st.Classes; c != nil {
		// JVMStats adds the class-data sharing archive's classes in; they are
		// written as loaded from jars.
		cs = append(cs, longCounter("java.cls.loadedClasses", UnitsEvents, Monotonic, c.Loaded),
			longCounter("java.cls.unloadedClasses", UnitsEvents, Monotonic, c.Unloaded),
			longCounter("java.cls.sharedLoadedClasses", UnitsEvents, Monotonic, 0),
			longCounter("java.cls.sharedUnloadedClasses", UnitsEvents, Monotonic, 0))
	}
	if sp := st.Safepoints; sp != nil {
		cs = append(cs, longCounter("sun.rt.safepoints", UnitsEvents, Monotonic, sp.Count),
			longCounter("sun.rt.safepointTime", UnitsTicks, Monotonic, sp.Time.Nanoseconds()),
			longCounter("sun.rt.safepointSyncTime", UnitsTicks, Monotonic, sp.SyncTime.Nanoseconds()))
	}
	return cs
}
