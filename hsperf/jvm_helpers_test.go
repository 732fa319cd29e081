package hsperf

import (
	"bufio"
	"fmt"
	"github.com/apimwatch/apimwatch/internal/testtool"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// jvmWait bounds every wait on the test JVM; the machine may be busy.
const jvmWait = 60 * time.Second

var compiled struct {
	once sync.Once
	dir  string
	err  error
}

// TestMain removes the classes compiled for the real-JVM tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if compiled.dir != "" {
		os.RemoveAll(compiled.dir)
	}
	os.Exit(code)
}

// requireJDK skips the test without java, javac and jstat, except in CI
// (CI=true), where it fails.
func requireJDK(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"java", "javac", "jstat"} {
		testtool.Path(t, tool, testtool.JDK)
	}
}

// churnClasses compiles testdata/Churn.java once and returns the class path.
func churnClasses(t testing.TB) string {
	t.Helper()
	requireJDK(t)
	compiled.once.Do(func() {
		compiled.dir, compiled.err = os.MkdirTemp("", "hsperf-churn-")
		if compiled.err != nil {
			return
		}
		out, err := exec.Command("javac", "-d", compiled.dir, filepath.Join("testdata", "Churn.java")).CombinedOutput()
		if err != nil {
			compiled.err = fmt.Errorf("javac: %v: %s", err, out)
		}
	})
	if compiled.err != nil {
		t.Fatal(compiled.err)
	}
	return compiled.dir
}

// churnJVM is a running testdata/Churn.java.
type churnJVM struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	lines   chan string
	started time.Time
}

// startChurn starts Churn with the JVM options given and waits until it
// allocates; the test's cleanup ends it.
func startChurn(t *testing.T, options ...string) *churnJVM {
	t.Helper()
	return startChurnUnder(t, nil, options...)
}

// startChurnUnder starts Churn as startChurn does, through the wrapper
// command (for example unshare) when there is one.
func startChurnUnder(t *testing.T, wrapper []string, options ...string) *churnJVM {
	t.Helper()
	args := append(append(append([]string{}, wrapper...), "java"), options...)
	args = append(args, "-cp", churnClasses(t), "Churn")
	cmd := exec.Command(args[0], args[1:]...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	j := &churnJVM{cmd: cmd, stdin: stdin, lines: make(chan string, 16), started: time.Now()}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(j.stop)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			j.lines <- sc.Text()
		}
		close(j.lines)
	}()
	j.expect(t, "ready")
	return j
}

func (j *churnJVM) pid() int { return j.cmd.Process.Pid }

// stop closes Churn's input, which makes it exit, and kills it if it lingers.
func (j *churnJVM) stop() {
	j.stdin.Close()
	done := make(chan struct{})
	go func() {
		j.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		j.cmd.Process.Kill()
		<-done
	}
}

// send gives Churn a command ("pause", "resume") and waits for its ack.
func (j *churnJVM) send(t *testing.T, command string) {
	t.Helper()
	if _, err := fmt.Fprintln(j.stdin, command); err != nil {
		t.Fatal(err)
	}
	j.expect(t, "ok "+command)
}

func (j *churnJVM) expect(t *testing.T, want string) {
	t.Helper()
	select {
	case line, ok := <-j.lines:
		if !ok || line != want {
			t.Fatalf("Churn said %q (open %v), want %q", line, ok, want)
		}
	case <-time.After(jvmWait):
		t.Fatalf("Churn did not say %q within %v", want, jvmWait)
	}
}

// waitForStats reads path until done accepts the stats.
func waitForStats(t *testing.T, path string, what string, done func(*JVMStats) bool) *JVMStats {
	t.Helper()
	deadline := time.Now().Add(jvmWait)
	for {
		st := readStats(t, path)
		if done(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; last stats %+v", what, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func readStats(t *testing.T, path string) *JVMStats {
	t.Helper()
	snap, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := snap.JVMStats()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// jstat runs jstat -<option> on pid and returns its columns by header.
func jstat(t *testing.T, option string, pid int) map[string]string {
	t.Helper()
	// jstat formats numbers in its locale: pin one with "." as decimal point.
	out, err := exec.Command("jstat", "-J-Duser.language=en", "-J-Duser.country=US", "-"+option, strconv.Itoa(pid)).CombinedOutput()
	if err != nil {
		t.Fatalf("jstat -%s: %v: %s", option, err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		t.Fatalf("jstat -%s printed %d lines: %s", option, len(lines), out)
	}
	headers, values := strings.Fields(lines[0]), strings.Fields(lines[1])
	if len(headers) != len(values) {
		t.Fatalf("jstat -%s: %d headers, %d values: %s", option, len(headers), len(values), out)
	}
	cols := make(map[string]string, len(headers))
	for i, h := range headers {
		cols[h] = values[i]
	}
	return cols
}

// jstatNumber parses a jstat column.
func jstatNumber(t *testing.T, cols map[string]string, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(cols[name], 64)
	if err != nil {
		t.Fatalf("jstat column %s = %q: %v", name, cols[name], err)
	}
	return v
}

// checkHeapMax asserts the heap maximum is -Xmx: exactly for generational
// collectors that split it, within G1's capacity padding for G1.
func checkHeapMax(t *testing.T, st *JVMStats, xmx int64) {
	t.Helper()
	slack := int64(0)
	if st.GCPolicy == g1Policy {
		slack = 1024
	}
	if st.Heap.Max < xmx || st.Heap.Max > xmx+slack {
		t.Errorf("%s heap max = %d, want %d (+%d)", st.GCPolicy, st.Heap.Max, xmx, slack)
	}
}

// checkSane asserts the relations that hold in any JVM's stats.
func checkSane(t *testing.T, st *JVMStats) {
	t.Helper()
	checkMemory(t, "heap", st.Heap)
	if len(st.Generations) == 0 {
		t.Error("no heap generations")
	}
	for _, g := range st.Generations {
		// Shenandoah publishes an empty "Young" generation: 0 of everything.
		checkMemory(t, "generation "+g.Name, g.Memory)
		for _, s := range g.Spaces {
			checkMemory(t, "space "+s.Name, s.Memory)
		}
	}
	if st.Metaspace == nil || st.CompressedClassSpace == nil {
		t.Fatalf("metaspace %v, compressed class space %v: both expected on a 64-bit JDK 17", st.Metaspace, st.CompressedClassSpace)
	}
	checkMemory(t, "metaspace", *st.Metaspace)
	checkMemory(t, "compressed class space", *st.CompressedClassSpace)
	if st.Metaspace.Used == 0 {
		t.Error("metaspace used is 0")
	}
	if len(st.Collectors) == 0 {
		t.Error("no collectors")
	}
	for _, c := range st.Collectors {
		if c.Name == "" || c.Collections < 0 || c.Time < 0 {
			t.Errorf("collector %+v", c)
		}
	}
	if th := st.Threads; th == nil || th.Live <= 0 || th.Daemon > th.Live || th.Live > th.Peak || th.Started < th.Live {
		t.Errorf("threads %+v", th)
	}
	if st.Classes == nil || st.Classes.Loaded <= 100 {
		t.Errorf("classes %+v, want more than 100 loaded", st.Classes)
	}
	if st.Safepoints == nil || st.Safepoints.Count <= 0 || st.Safepoints.Time <= 0 {
		t.Errorf("safepoints %+v: the JVM has collected, so it has stopped", st.Safepoints)
	}
	if st.Uptime <= 0 || st.StartTime.IsZero() || st.VMVersion == "" {
		t.Errorf("uptime %v, start %v, version %q", st.Uptime, st.StartTime, st.VMVersion)
	}
}

func checkMemory(t *testing.T, what string, m Memory) {
	t.Helper()
	if m.Used < 0 || m.Used > m.Committed || m.Committed > m.Max {
		t.Errorf("%s: used %d, committed %d, max %d: want 0 <= used <= committed <= max", what, m.Used, m.Committed, m.Max)
	}
}
