package hsperf

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"
	"time"
)

// seedFile is a real G1 perf-data file, trimmed to its used part; regenerate
// it with go test ./hsperf -run TestRealJVM/G1 -update.
const seedFile = "testdata/g1.hsperf"

// testEntry describes one entry for buildFile.
type testEntry struct {
	name   string
	typ    byte
	units  Units
	vector int // 0 for a scalar
	long   int64
	str    string
}

func long(name string, units Units, v int64) testEntry {
	return testEntry{name: name, typ: typeLong, units: units, long: v}
}

func str(name, v string) testEntry {
	return testEntry{name: name, typ: typeByte, units: UnitsString, vector: len(v) + 8, str: v}
}

// buildFile encodes entries as HotSpot lays them out: header, NUL-terminated
// name, data aligned to 8 bytes.
func buildFile(order binary.ByteOrder, entries ...testEntry) []byte {
	buf := make([]byte, prologueSize)
	copy(buf, magic[:])
	buf[4] = byteOrderLittle
	if order == binary.BigEndian {
		buf[4] = byteOrderBig
	}
	buf[5], buf[6], buf[7] = 2, 0, 1
	order.PutUint64(buf[16:], 12345)
	order.PutUint32(buf[24:], prologueSize)
	order.PutUint32(buf[28:], uint32(len(entries)))
	for _, e := range entries {
		dataOffset := (entryHeaderSize + len(e.name) + 1 + 7) &^ 7
		size := 8
		if e.vector > 0 {
			size = e.vector
		}
		length := (dataOffset + size + 7) &^ 7
		entry := make([]byte, length)
		order.PutUint32(entry[0:], uint32(length))
		order.PutUint32(entry[4:], entryHeaderSize)
		order.PutUint32(entry[8:], uint32(e.vector))
		entry[12], entry[13], entry[14], entry[15] = e.typ, flagSupported, byte(e.units), byte(Variable)
		order.PutUint32(entry[16:], uint32(dataOffset))
		copy(entry[entryHeaderSize:], e.name)
		if e.vector > 0 {
			copy(entry[dataOffset:], e.str)
		} else {
			order.PutUint64(entry[dataOffset:], uint64(e.long))
		}
		buf = append(buf, entry...)
	}
	order.PutUint32(buf[8:], uint32(len(buf)))
	// HotSpot's file is larger than its used part; the rest is zeros.
	return append(buf, make([]byte, 64)...)
}

func TestParseBothByteOrders(t *testing.T) {
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		t.Run(order.String(), func(t *testing.T) {
			data := buildFile(order,
				long("sun.os.hrt.frequency", UnitsHertz, 1_000_000_000),
				long("sun.os.hrt.ticks", UnitsTicks, 2_500_000_000),
				str("sun.gc.policy.name", "GarbageFirst"),
				long("java.threads.live", UnitsNone, -3),
				testEntry{name: "sun.some.longArray", typ: typeLong, units: UnitsEvents, vector: 4},
				testEntry{name: "sun.some.int", typ: 'I', units: UnitsEvents},
			)
			snap, err := Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			if snap.ByteOrder != order || snap.Major != 2 || snap.ModTimeStamp != 12345 {
				t.Errorf("prologue = %v %d.%d %d", snap.ByteOrder, snap.Major, snap.Minor, snap.ModTimeStamp)
			}
			if v, ok := snap.Long("sun.os.hrt.ticks"); !ok || v != 2_500_000_000 {
				t.Errorf("ticks = %d, %v", v, ok)
			}
			if v, ok := snap.Long("java.threads.live"); !ok || v != -3 {
				t.Errorf("negative long = %d, %v", v, ok)
			}
			if v, ok := snap.Str("sun.gc.policy.name"); !ok || v != "GarbageFirst" {
				t.Errorf("string = %q, %v", v, ok)
			}
			e := snap.Entries["sun.os.hrt.frequency"]
			if e.Units != UnitsHertz || e.Variability != Variable || !e.Supported {
				t.Errorf("frequency entry = %+v", e)
			}
			for _, skipped := range []string{"sun.some.longArray", "sun.some.int"} {
				if _, ok := snap.Entries[skipped]; ok {
					t.Errorf("entry %s of an unknown kind was kept", skipped)
				}
			}
			if len(snap.Entries) != 4 {
				t.Errorf("%d entries kept, want 4", len(snap.Entries))
			}
			st, err := snap.JVMStats()
			if err != nil {
				t.Fatal(err)
			}
			if st.Uptime != 2500*time.Millisecond {
				t.Errorf("uptime = %v, want 2.5s", st.Uptime)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	valid := buildFile(binary.LittleEndian, long("a", UnitsNone, 1), str("b", "x"))
	firstEntry := prologueSize
	secondEntry := firstEntry + int(binary.LittleEndian.Uint32(valid[firstEntry:]))
	tests := []struct {
		name   string
		mutate func(b []byte) []byte
		want   error
	}{
		{"empty", func(b []byte) []byte { return nil }, ErrFormat},
		{"short prologue", func(b []byte) []byte { return b[:prologueSize-1] }, ErrFormat},
		{"bad magic", func(b []byte) []byte { b[0] = 0; return b }, ErrFormat},
		{"unknown byte order", func(b []byte) []byte { b[4] = 7; return b }, ErrFormat},
		{"version 1", func(b []byte) []byte { b[5] = 1; return b }, ErrFormat},
		{"version 3", func(b []byte) []byte { b[5] = 3; return b }, ErrFormat},
		{"not accessible", func(b []byte) []byte { b[7] = 0; return b }, ErrNotAccessible},
		{"used beyond data", func(b []byte) []byte { return b[:secondEntry+4] }, ErrFormat},
		{"negative used", func(b []byte) []byte { put32(b, 8, -1); return b }, ErrFormat},
		{"entry offset beyond used", func(b []byte) []byte { put32(b, 24, 1<<20); return b }, ErrFormat},
		{"too many entries", func(b []byte) []byte { put32(b, 28, 1000); return b }, ErrFormat},
		{"negative entries", func(b []byte) []byte { put32(b, 28, -1); return b }, ErrFormat},
		{"entry length zero", func(b []byte) []byte { put32(b, firstEntry, 0); return b }, ErrFormat},
		{"entry length past used", func(b []byte) []byte { put32(b, secondEntry, 1<<16); return b }, ErrFormat},
		{"name offset past entry", func(b []byte) []byte { put32(b, firstEntry+4, 4096); return b }, ErrFormat},
		{"name not terminated", func(b []byte) []byte {
			for i := firstEntry + entryHeaderSize; i < secondEntry; i++ {
				b[i] = 'x'
			}
			return b
		}, ErrFormat},
		{"data offset past entry", func(b []byte) []byte { put32(b, firstEntry+16, 4096); return b }, ErrFormat},
		{"data offset inside header", func(b []byte) []byte { put32(b, firstEntry+16, 4); return b }, ErrFormat},
		{"string vector past entry", func(b []byte) []byte { put32(b, secondEntry+8, 4096); return b }, ErrFormat},
		{"negative vector", func(b []byte) []byte { put32(b, secondEntry+8, -8); return b }, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.mutate(append([]byte(nil), valid...))
			snap, err := Parse(data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse = %v, %v; want an error wrapping %q", snap, err, tt.want)
			}
		})
	}
}

func put32(b []byte, at int, v int32) { binary.LittleEndian.PutUint32(b[at:], uint32(v)) }

// TestSeedFile checks the committed real G1 file, so the parser is tested
// against HotSpot's own layout even where no JDK is installed.
func TestSeedFile(t *testing.T) {
	data, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Entries) < 150 {
		t.Errorf("%d entries, a JDK 17 JVM publishes about 200", len(snap.Entries))
	}
	// HotSpot's own units and variabilities, as the JDK's jvmstat decodes them.
	for name, want := range map[string]struct {
		units       Units
		variability Variability
	}{
		"sun.os.hrt.frequency":             {UnitsHertz, Constant},
		"sun.os.hrt.ticks":                 {UnitsTicks, Monotonic},
		"sun.gc.collector.0.invocations":   {UnitsEvents, Monotonic},
		"sun.gc.collector.0.time":          {UnitsTicks, Monotonic},
		"sun.gc.generation.0.maxCapacity":  {UnitsBytes, Constant},
		"sun.gc.generation.1.space.0.used": {UnitsBytes, Variable},
		"sun.gc.policy.name":               {UnitsString, Constant},
		"java.threads.live":                {UnitsNone, Variable},
	} {
		e, ok := snap.Entries[name]
		if !ok || e.Units != want.units || e.Variability != want.variability {
			t.Errorf("%s = %+v (present %v), want %v %v", name, e, ok, want.units, want.variability)
		}
	}
	st, err := snap.JVMStats()
	if err != nil {
		t.Fatal(err)
	}
	if st.GCPolicy != g1Policy || len(st.Generations) != 2 || len(st.Collectors) < 2 {
		t.Fatalf("policy %q, %d generations, %d collectors", st.GCPolicy, len(st.Generations), len(st.Collectors))
	}
	if st.Collectors[0].Collections < 1 {
		t.Errorf("the seed was captured after a young collection, got %+v", st.Collectors[0])
	}
	const xmx = 128 << 20 // the seed's JVM ran with -Xmx128m
	checkHeapMax(t, st, xmx)
	checkSane(t, st)
}

func TestReadMissingFile(t *testing.T) {
	_, err := Read(t.TempDir() + "/4242")
	if !errors.Is(err, ErrNoPerfData) {
		t.Fatalf("Read of a missing file = %v, want ErrNoPerfData", err)
	}
}
