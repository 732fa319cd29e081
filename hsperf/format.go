// Package hsperf reads the HotSpot perf-data file (/tmp/hsperfdata_<user>/<pid>),
// the memory-mapped counters every HotSpot JVM publishes unless started with
// -XX:-UsePerfData, and extracts the heap, GC, thread, class and safepoint
// figures that jstat shows. No agent, JMX or attach is involved: the file is
// only read. StatsFile writes one in the same format, for the demo's stand-in
// JVMs.
//
// Layout (format version 2.0, the only one HotSpot has written since JDK 1.5):
// a 32-byte prologue, then a list of self-describing entries. All integers are
// in the byte order the prologue names, except the magic number, which is
// always the bytes CA FE C0 C0.
//
//	prologue: magic u4 | byte order u1 | major u1 | minor u1 | accessible u1 |
//	          used i4 | overflow i4 | mod time stamp i8 | entry offset i4 | entry count i4
//	entry:    length i4 | name offset i4 | vector length i4 | type u1 | flags u1 |
//	          units u1 | variability u1 | data offset i4, then the NUL-terminated
//	          name and the data; offsets are relative to the entry's start.
package hsperf

import "fmt"

const (
	prologueSize    = 32
	entryHeaderSize = 20

	// supportedMajor is the only major version this package understands;
	// minor versions only add meaning to fields, so any minor is accepted.
	supportedMajor = 2

	byteOrderBig    = 0
	byteOrderLittle = 1

	// typeLong and typeByte are the JNI type codes of the two kinds of
	// entries HotSpot writes: 64-bit counters and byte vectors (strings).
	typeLong = 'J'
	typeByte = 'B'

	// flagSupported marks counters that are a supported interface (the rest
	// are "unsupported" internals that may change between JDK releases).
	flagSupported = 0x01

	// MaxFileSize caps how much of a file Read loads. HotSpot's default
	// perf-data area is 32-64 KiB (-XX:PerfDataMemorySize); a larger file is
	// not one of these.
	MaxFileSize = 16 << 20
)

// magic is the prologue's first four bytes in file order.
var magic = [4]byte{0xca, 0xfe, 0xc0, 0xc0}

// Units says what an entry counts.
type Units uint8

// The units HotSpot assigns; other values are kept as they are.
const (
	UnitsNone   Units = 1
	UnitsBytes  Units = 2
	UnitsTicks  Units = 3 // high-resolution timer ticks: divide by sun.os.hrt.frequency
	UnitsEvents Units = 4
	UnitsString Units = 5
	UnitsHertz  Units = 6
)

var unitsNames = map[Units]string{
	UnitsNone: "none", UnitsBytes: "bytes", UnitsTicks: "ticks",
	UnitsEvents: "events", UnitsString: "string", UnitsHertz: "hertz",
}

func (u Units) String() string {
	if name, ok := unitsNames[u]; ok {
		return name
	}
	return fmt.Sprintf("units(%d)", uint8(u))
}

// Variability says how an entry's value changes over the JVM's life.
type Variability uint8

// The variabilities HotSpot assigns; other values are kept as they are.
const (
	Constant  Variability = 1
	Monotonic Variability = 2 // only grows: a counter
	Variable  Variability = 3 // goes up and down: a gauge
)

var variabilityNames = map[Variability]string{Constant: "constant", Monotonic: "monotonic", Variable: "variable"}

func (v Variability) String() string {
	if name, ok := variabilityNames[v]; ok {
		return name
	}
	return fmt.Sprintf("variability(%d)", uint8(v))
}
