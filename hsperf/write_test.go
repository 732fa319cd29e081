package hsperf

import (
	"encoding/binary"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestEncoderRoundTrip(t *testing.T) {
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		t.Run(order.String(), func(t *testing.T) {
			e := NewEncoder(order)
			ticks := e.Long("sun.os.hrt.ticks", UnitsTicks, Monotonic, 2_500_000_000)
			e.Long("java.threads.live", UnitsNone, Variable, -3)
			cause := e.String("sun.gc.lastCause", Variable, 16, "No GC")
			e.String("sun.gc.policy.name", Constant, len("GarbageFirst")+1, "GarbageFirst")
			want := map[string]Entry{
				"sun.os.hrt.ticks":   {Name: "sun.os.hrt.ticks", Kind: KindLong, Long: 2_500_000_000, Units: UnitsTicks, Variability: Monotonic},
				"java.threads.live":  {Name: "java.threads.live", Kind: KindLong, Long: -3, Units: UnitsNone, Variability: Variable, Supported: true},
				"sun.gc.lastCause":   {Name: "sun.gc.lastCause", Kind: KindString, Str: "No GC", Units: UnitsString, Variability: Variable},
				"sun.gc.policy.name": {Name: "sun.gc.policy.name", Kind: KindString, Str: "GarbageFirst", Units: UnitsString, Variability: Constant},
			}
			snap := parseEncoded(t, e.Bytes(), order)
			if !reflect.DeepEqual(snap.Entries, want) {
				t.Errorf("entries:\n got %+v\nwant %+v", snap.Entries, want)
			}

			// In place: the same size, new values; a string too long for its
			// buffer is cut.
			size := len(e.Bytes())
			ticks.Set(3_000_000_000)
			cause.Set("Allocation Failure, far too long")
			if len(e.Bytes()) != size {
				t.Errorf("the file grew from %d to %d bytes on an update", size, len(e.Bytes()))
			}
			snap = parseEncoded(t, e.Bytes(), order)
			if v, _ := snap.Long("sun.os.hrt.ticks"); v != 3_000_000_000 {
				t.Errorf("ticks after Set = %d", v)
			}
			if v, _ := snap.Str("sun.gc.lastCause"); v != "Allocation Fail" {
				t.Errorf("cause after Set = %q, want it cut to its 15 bytes", v)
			}
		})
	}
}

func parseEncoded(t *testing.T, data []byte, order binary.ByteOrder) *Snapshot {
	t.Helper()
	snap, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if snap.ByteOrder != order || snap.Major != 2 {
		t.Errorf("prologue: %v %d.%d", snap.ByteOrder, snap.Major, snap.Minor)
	}
	return snap
}

func TestEncoderRefusesRepeatedNames(t *testing.T) {
	for _, name := range []string{"", "a\x00b", "dup"} {
		e := NewEncoder(binary.LittleEndian)
		e.Long("dup", UnitsNone, Variable, 1)
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("adding %q did not panic", name)
				}
			}()
			e.Long(name, UnitsNone, Variable, 2)
		}()
	}
}

// TestStatsFileMatchesTheSeed writes the stats of the real G1 file and reads
// them back: the same stats, from entries that have the seed's own names,
// kinds, units, variabilities and supported flags, so that a StatsFile looks
// to any reader like what a G1 JVM writes.
func TestStatsFileMatchesTheSeed(t *testing.T) {
	seed, err := Read(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	want, err := seed.JVMStats()
	if err != nil {
		t.Fatal(err)
	}
	f := NewStatsFile(want)
	written, got := readStatsFile(t, f)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back:\n got %+v\nwant %+v", got, want)
	}
	for name, e := range written.Entries {
		real, ok := seed.Entries[name]
		switch {
		case !ok:
			t.Errorf("%s: no such entry in a G1 JVM's file", name)
		case e.Kind != real.Kind || e.Units != real.Units || e.Variability != real.Variability || e.Supported != real.Supported:
			t.Errorf("%s: kind %d %v %v supported %v; the JVM writes kind %d %v %v supported %v",
				name, e.Kind, e.Units, e.Variability, e.Supported, real.Kind, real.Units, real.Variability, real.Supported)
		}
	}

	// A young collection later: the same layout, the new values.
	next := *want
	next.Uptime += time.Second
	next.Collectors = append([]Collector(nil), want.Collectors...)
	next.Collectors[0].Collections++
	next.Collectors[0].Time += 5 * time.Millisecond
	next.LastGCCause = "G1 Humongous Allocation"
	size := len(f.Bytes())
	if err := f.Update(&next); err != nil {
		t.Fatal(err)
	}
	if len(f.Bytes()) != size {
		t.Errorf("the file went from %d to %d bytes on an update", size, len(f.Bytes()))
	}
	if _, got := readStatsFile(t, f); !reflect.DeepEqual(got, &next) {
		t.Errorf("after Update:\n got %+v\nwant %+v", got, &next)
	}

	// Stats of another shape do not fit.
	fewer := next
	fewer.Collectors = next.Collectors[:1]
	if err := f.Update(&fewer); !errors.Is(err, ErrLayoutChanged) {
		t.Errorf("Update with a collector less = %v, want ErrLayoutChanged", err)
	}
	renamed := next
	renamed.Collectors = append([]Collector(nil), next.Collectors...)
	renamed.Collectors[0].Index = 7
	if err := f.Update(&renamed); !errors.Is(err, ErrLayoutChanged) {
		t.Errorf("Update with a collector renumbered = %v, want ErrLayoutChanged", err)
	}
}

func readStatsFile(t *testing.T, f *StatsFile) (*Snapshot, *JVMStats) {
	t.Helper()
	snap, err := Parse(f.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	st, err := snap.JVMStats()
	if err != nil {
		t.Fatal(err)
	}
	return snap, st
}

func TestPath(t *testing.T) {
	if got := Path("wso2carbon", 4242); got != "/tmp/hsperfdata_wso2carbon/4242" {
		t.Errorf("Path = %s", got)
	}
}
