package collector

import (
	"github.com/apimwatch/apimwatch/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// bootstrapSourceFile is the stand-in for WSO2's bootstrap (see the file), shared
// with scripts/footprint.sh.
const bootstrapSourceFile = "testdata/Bootstrap.java"

var compiled struct {
	once    sync.Once
	classes string
	err     error
}

// TestMain removes the classes compiled once for all real-JVM tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if compiled.classes != "" {
		os.RemoveAll(filepath.Dir(compiled.classes))
	}
	os.Exit(code)
}

// bootstrapClasses compiles bootstrapSourceFile once and returns the class path.
// Without a JDK the test is skipped, except in CI, where it fails.
func bootstrapClasses(t testing.TB) string {
	t.Helper()
	requireTools(t, "java", "javac")
	compiled.once.Do(func() {
		root, err := os.MkdirTemp("", "apimwatch-bootstrap-")
		if err != nil {
			compiled.err = err
			return
		}
		source, err := filepath.Abs(bootstrapSourceFile)
		if err != nil {
			compiled.err = err
			return
		}
		classes := filepath.Join(root, "classes")
		compiled.classes = classes
		if out, err := exec.Command("javac", "-d", classes, source).CombinedOutput(); err != nil {
			compiled.err = &compileError{err: err, output: string(out)}
		}
	})
	if compiled.err != nil {
		t.Fatalf("compiling the stand-in bootstrap: %v", compiled.err)
	}
	return compiled.classes
}

// requireTools skips the test when one of the JDK's tools is missing, except
// in CI, where it fails.
func requireTools(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		testtool.Path(t, tool, testtool.JDK)
	}
}

type compileError struct {
	err    error
	output string
}

func (e *compileError) Error() string { return e.err.Error() + ": " + e.output }

// startJVM runs the stand-in bootstrap with carbonHome and extra JVM options;
// the test's cleanup kills it.
func startJVM(t testing.TB, carbonHome string, options ...string) *exec.Cmd {
	t.Helper()
	args := append([]string{"-Xmx96m", "-Dcarbon.home=" + carbonHome}, options...)
	args = append(args, "-cp", bootstrapClasses(t), bootstrapClass)
	cmd := exec.Command("java", args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting java: %v", err)
	}
	t.Cleanup(func() { stopJVM(cmd) })
	return cmd
}

// stopJVM kills and reaps the JVM; stopping one twice is harmless.
func stopJVM(cmd *exec.Cmd) {
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
}

// waitForPIDFile waits until the JVM has written its pid file.
func waitForPIDFile(t testing.TB, carbonHome string, cmd *exec.Cmd) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		raw, _ := os.ReadFile(filepath.Join(carbonHome, "wso2carbon.pid"))
		if strings.TrimRight(string(raw), "\n\x00") == strconv.Itoa(cmd.Process.Pid) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("java pid %d wrote no pid file in %s", cmd.Process.Pid, carbonHome)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
