package hsperf

import (
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite "+seedFile+" from the G1 test JVM")

// testXmx is the -Xmx every test JVM gets.
const testXmx = 128 << 20

// TestRealJVM runs a JVM that churns garbage under each collector and checks
// the reader against the JVM itself and against jstat, which reads the same
// file through the JDK's own code.
func TestRealJVM(t *testing.T) {
	requireJDK(t)
	for _, tc := range []struct {
		name, option string
		// stopTheWorld collectors count one safepoint per collection at least;
		// the concurrent ones count cycles, whose pauses may not all be.
		stopTheWorld bool
	}{
		{"G1", "-XX:+UseG1GC", true},
		{"Parallel", "-XX:+UseParallelGC", true},
		{"Serial", "-XX:+UseSerialGC", true},
		{"Z", "-XX:+UseZGC", false},
		{"Shenandoah", "-XX:+UseShenandoahGC", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireCollector(t, tc.option)
			marker := fmt.Sprintf("-Dhsperf.test=%s-%d", tc.name, time.Now().UnixNano())
			j := startChurn(t, tc.option, "-Xmx128m", marker)
			path := locateOwnJVM(t, j.pid(), marker)

			// Counters read while the JVM runs may be caught mid-update (a
			// pause counted but its time not yet added), so only what grows
			// is checked on them; the rest waits for the paused JVM below.
			first := waitForStats(t, path, "a collection", func(st *JVMStats) bool {
				return collections(st) > 0
			})
			later := waitForStats(t, path, "another collection", func(st *JVMStats) bool {
				return collections(st) > collections(first) && collectionTime(st) > collectionTime(first)
			})
			if tc.stopTheWorld && later.Safepoints.Count <= first.Safepoints.Count {
				t.Errorf("safepoints did not grow across a collection: %d then %d", first.Safepoints.Count, later.Safepoints.Count)
			}

			// Hold allocation so jstat and the reader see the same counters.
			j.send(t, "pause")
			before := readStats(t, path)
			gc, class := jstat(t, "gc", j.pid()), jstat(t, "class", j.pid())
			after := readStats(t, path)
			compareWithJstat(t, before, after, gc, class)
			checkSane(t, after)
			checkHeapMax(t, after, testXmx)
			checkClock(t, after, j.started)
			if tc.stopTheWorld && after.Safepoints.Count < collections(after) {
				t.Errorf("%d safepoints, %d collections: every pause is a safepoint", after.Safepoints.Count, collections(after))
			}
			if *update && tc.name == "G1" {
				writeSeed(t, path)
			}
		})
	}
}

// requireCollector skips the test when this JVM build lacks the collector
// option selects (Shenandoah is left out of some JDK builds).
func requireCollector(t *testing.T, option string) {
	t.Helper()
	if out, err := exec.Command("java", option, "-version").CombinedOutput(); err != nil {
		t.Skipf("this JVM does not run with %s: %v: %s", option, err, out)
	}
}

func collections(st *JVMStats) int64 {
	var n int64
	for _, c := range st.Collectors {
		n += c.Collections
	}
	return n
}

func collectionTime(st *JVMStats) time.Duration {
	var d time.Duration
	for _, c := range st.Collectors {
		d += c.Time
	}
	return d
}

// locateOwnJVM finds the test JVM's file, named by the test's user and the
// JVM's pid.
func locateOwnJVM(t *testing.T, pid int, marker string) string {
	t.Helper()
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	return locateByMarker(t, pid, marker, filepath.Join("hsperfdata_"+me.Username, strconv.Itoa(pid)))
}

// locateByMarker runs Locate on pid, checks the path ends in wantSuffix and
// that the file is the test JVM's, by the marker on its command line.
func locateByMarker(t *testing.T, pid int, marker, wantSuffix string) string {
	t.Helper()
	path, err := Locate("/proc", pid, os.Getuid())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, wantSuffix) {
		t.Errorf("Locate = %s, want a path ending in %s", path, wantSuffix)
	}
	snap, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if args, _ := snap.Str("java.rt.vmArgs"); !strings.Contains(args, marker) {
		t.Errorf("%s belongs to a JVM with arguments %q, not the test's (%s)", path, args, marker)
	}
	return path
}

// compareWithJstat checks every jstat column the reader maps. jstat ran
// between the two reads, so its figure must lie between them (they are
// equal unless the paused JVM still moved), give or take jstat's rounding.
func compareWithJstat(t *testing.T, before, after *JVMStats, gc, class map[string]string) {
	t.Helper()
	cols := make(map[string]string, len(gc)+2)
	for k, v := range gc {
		cols[k] = v
	}
	cols["Loaded"], cols["Unloaded"] = class["Loaded"], class["Unloaded"]
	ours1, ours2 := jstatView(t, before), jstatView(t, after)
	for col, tolerance := range jstatColumns {
		a, have := ours1[col]
		if cols[col] == "-" || cols[col] == "" {
			if have {
				t.Errorf("jstat has no %s, the reader has %v", col, a)
			}
			continue
		}
		if !have {
			t.Errorf("jstat has %s = %s, the reader has nothing", col, cols[col])
			continue
		}
		got := jstatNumber(t, cols, col)
		b := ours2[col]
		if got < math.Min(a, b)-tolerance || got > math.Max(a, b)+tolerance {
			t.Errorf("jstat %s = %v, the reader said %v before and %v after", col, got, a, b)
		}
	}
}

// jstatColumns maps the jstat -gc and -class columns compared to the
// rounding jstat applies: KB to one decimal, seconds to three.
var jstatColumns = map[string]float64{
	"S0C": 0.051, "S1C": 0.051, "S0U": 0.051, "S1U": 0.051, "EC": 0.051, "EU": 0.051,
	"OC": 0.051, "OU": 0.051, "MC": 0.051, "MU": 0.051, "CCSC": 0.051, "CCSU": 0.051,
	"YGC": 0, "FGC": 0, "CGC": 0,
	"YGCT": 0.00051, "FGCT": 0.00051, "CGCT": 0.00051, "GCT": 0.0016,
	"Loaded": 0, "Unloaded": 0,
}

// jstatView expresses stats in jstat's columns and units. jstat takes the
// young spaces from generation 0, the old space from generation 1 space 0,
// and collectors 0, 1 and 2 as young, full and concurrent; a column whose
// counters are absent shows "-".
func jstatView(t *testing.T, st *JVMStats) map[string]float64 {
	t.Helper()
	kb := func(b int64) float64 { return float64(b) / 1024 }
	v := map[string]float64{
		"MC": kb(st.Metaspace.Committed), "MU": kb(st.Metaspace.Used),
		"CCSC": kb(st.CompressedClassSpace.Committed), "CCSU": kb(st.CompressedClassSpace.Used),
		"Loaded": float64(st.Classes.Loaded), "Unloaded": float64(st.Classes.Unloaded),
		"GCT": collectionTime(st).Seconds(),
	}
	for _, g := range st.Generations {
		for i, s := range g.Spaces {
			column := map[string]string{"eden": "E", "s0": "S0", "s1": "S1"}[s.Name]
			if g.Index == 1 && i == 0 {
				column = "O"
			}
			if g.Index > 1 || column == "" {
				t.Fatalf("unexpected space %q in generation %d %q", s.Name, g.Index, g.Name)
			}
			v[column+"C"], v[column+"U"] = kb(s.Committed), kb(s.Used)
		}
	}
	for _, c := range st.Collectors {
		if c.Index > 2 {
			t.Fatalf("unexpected collector %d %q", c.Index, c.Name)
		}
		column := []string{"YGC", "FGC", "CGC"}[c.Index]
		v[column], v[column+"T"] = float64(c.Collections), c.Time.Seconds()
	}
	return v
}

// checkClock checks uptime and start time against the test's own clock.
func checkClock(t *testing.T, st *JVMStats, started time.Time) {
	t.Helper()
	if since := time.Since(started); st.Uptime <= 0 || st.Uptime > since {
		t.Errorf("uptime %v, but the JVM was started %v ago", st.Uptime, since)
	}
	// createVmBeginTime has millisecond resolution.
	if st.StartTime.Before(started.Add(-time.Millisecond)) || st.StartTime.After(time.Now()) {
		t.Errorf("start time %v, but the JVM was started at %v", st.StartTime, started)
	}
}

// writeSeed stores the used part of the file as the fuzz and parse seed.
func writeSeed(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if data[4] == byteOrderBig {
		order = binary.BigEndian
	}
	used := order.Uint32(data[8:])
	if err := os.WriteFile(seedFile, data[:used], 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", seedFile, used)
}
