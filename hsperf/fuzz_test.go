package hsperf

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"
)

// FuzzParse feeds Parse and JVMStats arbitrary bytes, seeded with a real G1
// file, its truncations and a big-endian synthetic file: any input must give
// a snapshot or a format error, never a panic or an out-of-range read.
// Run it with a short -fuzzminimizetime: minimizing the 12 KB seed would
// otherwise take the whole budget:
//
//	go test -run '^$' -fuzz FuzzParse -fuzztime 60s -fuzzminimizetime 2s ./hsperf
func FuzzParse(f *testing.F) {
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, n := range []int{0, prologueSize - 1, prologueSize, prologueSize + entryHeaderSize, len(seed) / 2, len(seed) - 1} {
		f.Add(seed[:n])
	}
	f.Add(buildFile(binary.BigEndian, long("sun.os.hrt.frequency", UnitsHertz, 1000), str("sun.gc.collector.0.name", "young")))
	f.Fuzz(func(t *testing.T, data []byte) {
		snap, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrNotAccessible) {
				t.Fatalf("Parse error %v wraps neither ErrFormat nor ErrNotAccessible", err)
			}
			return
		}
		for name, e := range snap.Entries {
			if name == "" || name != e.Name || (e.Kind != KindLong && e.Kind != KindString) {
				t.Fatalf("entry %q = %+v", name, e)
			}
		}
		if _, err := snap.JVMStats(); err != nil && !errors.Is(err, ErrFormat) {
			t.Fatalf("JVMStats error %v does not wrap ErrFormat", err)
		}
	})
}
