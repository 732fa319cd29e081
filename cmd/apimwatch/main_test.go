package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// binary is the apimwatch executable the end-to-end tests run: the one `make build` stamped
// (APIMWATCH_BINARY), or one built here.
var binary string

func TestMain(m *testing.M) {
	binary = os.Getenv("APIMWATCH_BINARY")
	if binary == "" {
		dir, err := os.MkdirTemp("", "apimwatch-e2e")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		binary = filepath.Join(dir, "apimwatch")
		build := exec.Command("go", "build", "-o", binary, ".")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building apimwatch:", err)
			os.Exit(2)
		}
		code := m.Run()
		_ = os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// runOnce runs apimwatch with args to completion and returns its output and exit code.
func runOnce(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(cleanEnv(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if exitErr, ok := err.(*exec.ExitError); ok {
		return out.String(), errOut.String(), exitErr.ExitCode()
	} else if err != nil {
		t.Fatalf("running apimwatch %v: %v", args, err)
	}
	return out.String(), errOut.String(), 0
}

// cleanEnv is the test's environment without APIMWATCH_* variables, so that a developer's own
// settings cannot change what the tests see.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "APIMWATCH_") {
			env = append(env, kv)
		}
	}
	return env
}

// daemon is a running `apimwatch run`.
type daemon struct {
	cmd    *exec.Cmd
	addr   string
	stderr *syncBuffer
	exited chan struct{} // closed when the process has been waited for
	err    error         // its exit status, once exited is closed
}

func startDaemon(t *testing.T, env []string, args ...string) *daemon {
	t.Helper()
	addr := freeAddress(t)
	return startProcess(t, addr, env, append([]string{"run", "--web.listen-address=" + addr}, args...)...)
}

// startProcess starts apimwatch with args (a command that serves HTTP on addr) in the
// background; the test's end kills it.
func startProcess(t *testing.T, addr string, env []string, args ...string) *daemon {
	t.Helper()
	cmd := exec.Command(binary, args...)
	// Checkpoints go to the test's own directory, not the machine's /var/lib/apimwatch.
	cmd.Env = append(append(cleanEnv(), "APIMWATCH_LOGS_STATE_DIR="+t.TempDir()), env...)
	d := &daemon{cmd: cmd, addr: addr, stderr: &syncBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = d.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { d.err = cmd.Wait(); close(d.exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-d.exited
		if t.Failed() {
			t.Logf("apimwatch stderr:\n%s", d.stderr.String())
		}
	})
	return d
}

// waitReady polls /readyz until it answers 200 or the deadline passes.
func (d *daemon) waitReady(t *testing.T, client *http.Client, scheme string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := client.Get(scheme + "://" + d.addr + "/readyz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusUnauthorized {
				return
			}
		}
		select {
		case <-d.exited:
			t.Fatalf("apimwatch exited before it was ready: %v\n%s", d.err, d.stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("apimwatch not ready on %s after 20s\n%s", d.addr, d.stderr.String())
}

func (d *daemon) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get("http://" + d.addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", path, resp.Status, body)
	}
	return string(body)
}

func (d *daemon) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := d.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

func freeAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// eventually polls cond until it holds or 10 s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
