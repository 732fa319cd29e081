package standin_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/collector"
	"github.com/apimwatch/apimwatch/demo/standin"
)

// runAsStandIn makes the test binary, started again with it set, a stand-in: what apimwatch's
// hidden demo-jvm command is. runAsParent makes it a process that starts a stand-in for the
// home it names, prints the stand-in's pid and waits to be killed.
const (
	runAsStandIn = "APIMWATCH_STANDIN_TEST_CHILD"
	runAsParent  = "APIMWATCH_STANDIN_TEST_PARENT"
)

func TestMain(m *testing.M) {
	switch {
	case os.Getenv(runAsStandIn) != "":
		// As apimwatch's demo-jvm command does: SIGTERM (from a dead parent) stops it cleanly.
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
		defer stop()
		if err := standin.Main(ctx, os.Args[1:], os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	case os.Getenv(runAsParent) != "":
		_ = os.Setenv(runAsStandIn, "1")
		p, err := standin.Start(standin.Spec{Command: []string{os.Args[0]}, CarbonHome: os.Getenv(runAsParent)})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(p.Pid())
		select {}
	default:
		os.Exit(m.Run())
	}
}

// home makes a node's home with the files a stand-in holds open.
func home(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, rel := range []string{"repository/conf/deployment.toml", "repository/conf/log4j2.properties", "bin/version.txt"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func start(t *testing.T, carbonHome string, load standin.Load) *standin.Process {
	t.Helper()
	t.Setenv(runAsStandIn, "1")
	p, err := standin.Start(standin.Spec{Command: []string{os.Args[0]}, CarbonHome: carbonHome, Load: load})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Stop() })
	return p
}

// TestCollectorMeasuresTheStandIn: the agent's real JVM collector finds a stand-in by its pid
// file and command line, measures the memory, CPU and files it was told to use, and reads its
// heap, threads and classes from its perf-data file, which is gone once the stand-in stops.
func TestCollectorMeasuresTheStandIn(t *testing.T) {
	dir := home(t)
	const resident = 24 << 20
	p := start(t, dir, standin.Load{ResidentBytes: resident, CPUShare: 0.1})
	if pid, err := os.ReadFile(filepath.Join(dir, "wso2carbon.pid")); err != nil || strings.TrimSpace(string(pid)) != strconv.Itoa(p.Pid()) {
		t.Fatalf("wso2carbon.pid holds %q (%v), want %d", pid, err, p.Pid())
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collector.New(zap.NewNop(), []collector.Target{{Node: "n", CarbonHome: dir}}))
	time.Sleep(time.Second) // for CPU time to add up to a few ticks of USER_HZ

	values := gather(t, reg)
	for name, min := range map[string]float64{
		"wso2_jvm_up": 1, "wso2_jvm_pid": float64(p.Pid()), "wso2_jvm_heap_max_bytes": 1 << 30,
		"wso2_jvm_resident_memory_bytes": resident, "wso2_jvm_cpu_seconds_total": 0.03, "wso2_jvm_open_fds": 3 + 3,
		"wso2_jvm_perfdata_up": 1, "wso2_jvm_heap_effective_max_bytes": 1 << 30, "wso2_jvm_heap_used_bytes": 200 << 20,
		"wso2_jvm_threads_live": 200, "wso2_jvm_classes_loaded": 1000, "wso2_jvm_uptime_seconds": 0.5,
	} {
		if values[name] < min {
			t.Errorf("%s = %g, want at least %g", name, values[name], min)
		}
	}
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	if !standin.Gone(p.Pid()) {
		t.Errorf("the stand-in %d still runs after Stop", p.Pid())
	}
	if _, err := os.Stat(standin.PerfDataPath(p.Pid())); !os.IsNotExist(err) {
		t.Errorf("the stopped stand-in left its perf-data file (%v)", err)
	}
	if values = gather(t, reg); values["wso2_jvm_up"] != 0 {
		t.Errorf("wso2_jvm_up = %g after Stop, want 0", values["wso2_jvm_up"])
	}
}

// gather sums each metric's series (the CPU's user and system modes).
func gather(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			out[f.GetName()] += m.GetGauge().GetValue() + m.GetCounter().GetValue()
		}
	}
	return out
}

// TestStandInDiesWithItsParent: a stand-in whose parent is killed (SIGKILL, no chance to stop
// it) exits too, and removes its perf-data file.
func TestStandInDiesWithItsParent(t *testing.T) {
	parent := exec.Command(os.Args[0])
	parent.Env = append(os.Environ(), runAsParent+"="+home(t))
	parent.Stderr = os.Stderr
	out, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	pid, convErr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || convErr != nil {
		_ = parent.Process.Kill()
		t.Fatalf("the parent printed %q (%v)", line, err)
	}
	if err := parent.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = parent.Wait()
	for deadline := time.Now().Add(5 * time.Second); !standin.Gone(pid); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the stand-in %d outlived its killed parent by 5 s", pid)
		}
	}
	if _, err := os.Stat(standin.PerfDataPath(pid)); !os.IsNotExist(err) {
		t.Errorf("the stand-in left its perf-data file behind (%v)", err)
	}
}

func TestBadArguments(t *testing.T) {
	dir := home(t)
	for _, args := range [][]string{
		{"--", "-Xmx1g", "org.wso2.carbon.bootstrap.Bootstrap"},
		{"--", "-Dcarbon.home=relative"},
		{"--cpu-share=2", "--", "-Dcarbon.home=" + dir},
		{"--", "-Dcarbon.home=" + filepath.Join(dir, "missing")},
		{"--leak-rate=-1", "--", "-Dcarbon.home=" + dir},
		{"--cutover=yesterday", "--", "-Dcarbon.home=" + dir},
	} {
		err := standin.Main(t.Context(), args, strings.NewReader(""), &strings.Builder{})
		if err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
