package hsperf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeHost lays out a /proc and a /tmp under a temporary directory.
type fakeHost struct {
	root, proc, tmp string
}

func newFakeHost(t *testing.T) fakeHost {
	t.Helper()
	root := t.TempDir()
	h := fakeHost{root: root, proc: filepath.Join(root, "proc"), tmp: filepath.Join(root, "tmp")}
	for _, dir := range []string{h.proc, h.tmp} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// write creates a file under the fake host's root.
func (h fakeHost) write(t *testing.T, rel, content string) string {
	t.Helper()
	path := filepath.Join(h.root, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func (h fakeHost) locator(users map[int]string) Locator {
	return Locator{ProcRoot: h.proc, TmpDir: h.tmp, LookupUser: func(uid int) (string, error) {
		if name, ok := users[uid]; ok {
			return name, nil
		}
		return "", errors.New("unknown user")
	}}
}

// TestLocateLayouts covers where a JVM's file can be: in its own mount
// namespace under its namespace pid, with or without a host user name for
// its uid, or in a /tmp shared with the host under the host pid.
func TestLocateLayouts(t *testing.T) {
	const status = "Name:\tjava\nPid:\t4242\nNSpid:\t4242\t7\n"
	tests := []struct {
		name  string
		files []string // relative to the fake root; the first is the one to find
	}{
		{"container, uid unknown on the host", []string{"proc/4242/root/tmp/hsperfdata_wso2carbon/7"}},
		{"container, uid known", []string{"proc/4242/root/tmp/hsperfdata_alice/7", "proc/4242/root/tmp/hsperfdata_bob/7"}},
		{"shared /tmp under the host pid", []string{"tmp/hsperfdata_alice/4242", "tmp/hsperfdata_alice/7"}},
		{"namespace /tmp before the shared one", []string{"proc/4242/root/tmp/hsperfdata_alice/7", "tmp/hsperfdata_alice/4242"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newFakeHost(t)
			h.write(t, "proc/4242/status", status)
			// The process uses every file, so that only the order of the
			// search decides which is found.
			var maps []string
			for _, f := range tt.files {
				maps = append(maps, mapsLine(t, h.write(t, f, "x"), "/tmp/"+f))
			}
			h.mapFiles(t, 4242, maps...)
			got, err := h.locator(map[int]string{1000: "alice"}).Locate(4242, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(h.root, tt.files[0]); got != want {
				t.Errorf("Locate = %s, want %s", got, want)
			}
		})
	}
}

func TestLocateWithoutNSpid(t *testing.T) {
	h := newFakeHost(t)
	h.write(t, "proc/99/status", "Name:\tjava\nPid:\t99\n")
	want := h.write(t, "tmp/hsperfdata_alice/99", "x")
	h.mapFiles(t, 99, mapsLine(t, want, "/tmp/hsperfdata_alice/99"))
	got, err := h.locator(map[int]string{1: "alice"}).Locate(99, 1)
	if err != nil || got != want {
		t.Fatalf("Locate = %q, %v; want %s", got, err, want)
	}
}

func TestLocateFailures(t *testing.T) {
	h := newFakeHost(t)
	h.write(t, "proc/4242/status", "NSpid:\t4242\n")
	h.write(t, "tmp/hsperfdata_alice/4242", "x")
	refused := filepath.Join(h.tmp, "hsperfdata_alice", "4242")

	t.Run("no file", func(t *testing.T) {
		_, err := h.locator(nil).Locate(5555, 1000)
		if err == nil || errors.Is(err, ErrNoPerfData) || errors.Is(err, ErrPermission) {
			t.Fatalf("Locate of a process without status = %v, want a plain error", err)
		}
		h.write(t, "proc/5555/status", "NSpid:\t5555\n")
		_, err = h.locator(map[int]string{1000: "alice"}).Locate(5555, 1000)
		if !errors.Is(err, ErrNoPerfData) || errors.Is(err, ErrPermission) {
			t.Fatalf("Locate = %v, want ErrNoPerfData", err)
		}
	})
	t.Run("permission denied (injected)", func(t *testing.T) {
		// Running as root, real permission bits do not stop an open, so the
		// refusal is injected; the non-root case below uses a real file.
		l := h.locator(map[int]string{1000: "alice"})
		l.Open = func(name string) (*os.File, error) {
			if name == refused {
				return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
			}
			return os.Open(name)
		}
		_, err := l.Locate(4242, 1000)
		if !errors.Is(err, ErrPermission) || errors.Is(err, ErrNoPerfData) {
			t.Fatalf("Locate = %v, want ErrPermission", err)
		}
		if !strings.Contains(err.Error(), refused) {
			t.Errorf("error %q does not name the refused file", err)
		}
	})
	t.Run("other error", func(t *testing.T) {
		l := h.locator(map[int]string{1000: "alice"})
		l.Open = func(name string) (*os.File, error) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EIO}
		}
		_, err := l.Locate(4242, 1000)
		if err == nil || errors.Is(err, ErrPermission) || errors.Is(err, ErrNoPerfData) || !errors.Is(err, syscall.EIO) {
			t.Fatalf("Locate = %v, want the I/O error itself", err)
		}
	})
	t.Run("permission denied (real file)", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root opens files whatever their mode; the injected case covers the mapping")
		}
		if err := os.Chmod(refused, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := h.locator(map[int]string{1000: "alice"}).Locate(4242, 1000); !errors.Is(err, ErrPermission) {
			t.Errorf("Locate = %v, want ErrPermission", err)
		}
		if _, err := Read(refused); !errors.Is(err, ErrPermission) {
			t.Errorf("Read = %v, want ErrPermission", err)
		}
	})
}

// TestLocateWithoutPerfData runs a real JVM with -XX:-UsePerfData.
func TestLocateWithoutPerfData(t *testing.T) {
	j := startChurn(t, "-XX:-UsePerfData", "-Xmx32m")
	_, err := Locate("/proc", j.pid(), os.Getuid())
	if !errors.Is(err, ErrNoPerfData) || errors.Is(err, ErrPermission) {
		t.Fatalf("Locate = %v, want ErrNoPerfData", err)
	}
	t.Log(err)
}

// TestLocateInOtherNamespaces runs a real JVM in its own mount and pid
// namespaces with a private hsperfdata directory, as in a container: its file
// is reachable only through /proc/<pid>/root and is named by its pid inside.
// Only the hsperfdata directory is private, not all of /tmp, because the
// compiled test classes live in the host's /tmp. HotSpot refuses a
// directory others may write to, hence mode=0755.
func TestLocateInOtherNamespaces(t *testing.T) {
	requireJDK(t)
	if os.Geteuid() != 0 {
		t.Skip("creating mount and pid namespaces needs root")
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skipf("unshare not installed: %v", err)
	}
	marker := fmt.Sprintf("-Dhsperf.test=namespaces-%d", time.Now().UnixNano())
	wrapper := []string{"unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc",
		"sh", "-c", `mkdir -p /tmp/hsperfdata_root && mount -t tmpfs -o mode=0755 tmpfs /tmp/hsperfdata_root && "$0" "$@"`}
	startChurnUnder(t, wrapper, "-Xmx64m", marker)
	pid := pidWithArgument(t, marker)
	nspid, err := namespacePID(fmt.Sprintf("/proc/%d/status", pid), pid)
	if err != nil {
		t.Fatal(err)
	}
	if nspid == pid {
		t.Fatalf("the JVM has pid %d inside its namespace too", pid)
	}
	if _, err := os.Stat(fmt.Sprintf("/tmp/hsperfdata_root/%d", pid)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the JVM's private hsperfdata directory leaked to the host: %v", err)
	}
	locateByMarker(t, pid, marker, fmt.Sprintf("/proc/%d/root/tmp/hsperfdata_root/%d", pid, nspid))
}

// pidWithArgument returns the host pid of the java process whose command line
// holds arg.
func pidWithArgument(t *testing.T, arg string) int {
	t.Helper()
	dirs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmdline := range dirs {
		raw, err := os.ReadFile(cmdline)
		if err != nil {
			continue // the process ended
		}
		args := strings.Split(string(raw), "\x00")
		if filepath.Base(args[0]) == "java" && slices.Contains(args, arg) {
			pid, err := strconv.Atoi(filepath.Base(filepath.Dir(cmdline)))
			if err != nil {
				t.Fatal(err)
			}
			return pid
		}
	}
	t.Fatalf("no java process with %s", arg)
	return 0
}

// childPIDVariable tells a re-run of this test binary to report, as another
// user, how Locate and Read fail on that pid's file.
const childPIDVariable = "HSPERF_TEST_FOREIGN_PID"

// TestLocateAsAnotherUser checks a real refusal: a JVM runs as root and this
// test binary is re-run as nobody (uid 65534), which may neither enter
// /proc/<pid>/root nor open the 0600 file in /tmp/hsperfdata_root.
func TestLocateAsAnotherUser(t *testing.T) {
	if pid := os.Getenv(childPIDVariable); pid != "" {
		reportForeignAccess(t, pid)
		return
	}
	requireJDK(t)
	if os.Geteuid() != 0 {
		t.Skip("switching to another user needs root; TestLocateFailures covers a refused file")
	}
	j := startChurn(t, "-Xmx32m")
	exe := copyTestBinary(t)
	cmd := exec.Command(exe, "-test.run=^TestLocateAsAnotherUser$", "-test.v")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", childPIDVariable, j.pid()))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the test binary as nobody: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "locate=permission read=permission") {
		t.Errorf("as nobody, want both refused as ErrPermission; got:\n%s", out)
	}
}

func reportForeignAccess(t *testing.T, pidText string) {
	pid, err := strconv.Atoi(pidText)
	if err != nil {
		t.Fatal(err)
	}
	class := func(err error) string {
		switch {
		case err == nil:
			return "ok"
		case errors.Is(err, ErrPermission):
			return "permission"
		case errors.Is(err, ErrNoPerfData):
			return "nodata"
		}
		return "other(" + err.Error() + ")"
	}
	_, locateErr := Locate("/proc", pid, 0)
	_, readErr := Read(fmt.Sprintf("/tmp/hsperfdata_root/%d", pid))
	fmt.Printf("locate=%s read=%s\n", class(locateErr), class(readErr))
	t.Log(locateErr)
}

// copyTestBinary copies this test binary where another user may run it (go
// test builds it in a directory only its owner may enter).
func copyTestBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	// Not t.TempDir: its parent directory is private to the owner.
	dir, err := os.MkdirTemp("", "hsperf-foreign-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "hsperf.test")
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return exe
}
