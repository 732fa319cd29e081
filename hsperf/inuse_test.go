package hsperf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// mapsLine is a line of /proc/<pid>/maps for a shared mapping of the file
// at path (of the fake host) by its device and inode, showing shown as its
// path, as the kernel writes it.
func mapsLine(t *testing.T, path, shown string) string {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		t.Fatal(err)
	}
	id := idOf(&st)
	return fmt.Sprintf("7f0f7bc4f000-7f0f7bc57000 rw-s 00000000 %02x:%02x %d                    %s\n",
		id.major, id.minor, id.ino, shown)
}

// mapFiles writes the maps of pid: a JVM's usual anonymous and library
// mappings, then lines.
func (h fakeHost) mapFiles(t *testing.T, pid int, lines ...string) {
	t.Helper()
	lib := h.write(t, "usr/lib/jvm/lib/server/libjvm.so", "ELF")
	maps := "55d4c0a00000-55d4c0a01000 r--p 00000000 00:00 0 \n" +
		mapsLine(t, lib, "/usr/lib/jvm/lib/server/libjvm.so") +
		"7ffd5a3e0000-7ffd5a401000 rw-p 00000000 00:00 0                          [stack]\n" +
		strings.Join(lines, "")
	h.write(t, fmt.Sprintf("proc/%d/maps", pid), maps)
	if err := os.MkdirAll(filepath.Join(h.proc, strconv.Itoa(pid), "fd"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// holdOpen makes descriptor fd of pid refer to the file at path.
func (h fakeHost) holdOpen(t *testing.T, pid, fd int, path string) {
	t.Helper()
	if err := os.Symlink(path, filepath.Join(h.proc, strconv.Itoa(pid), "fd", strconv.Itoa(fd))); err != nil {
		t.Fatal(err)
	}
}

// TestLocateSkipsFilesTheProcessDoesNotUse: a JVM killed without cleaning up
// leaves its file, and a later process with its pid that runs without perf
// data must not be reported with the dead JVM's figures. Only a file the
// process maps (HotSpot) or holds open (the demo's stand-ins) counts, found
// by device and inode, or by the path the process sees it at.
func TestLocateSkipsFilesTheProcessDoesNotUse(t *testing.T) {
	const (
		status    = "Name:\tjava\nPid:\t4242\nNSpid:\t4242\t7\n"
		container = "proc/4242/root/tmp/hsperfdata_alice/7"
		other     = "proc/4242/root/tmp/hsperfdata_wso2/7"
	)
	for _, tc := range []struct {
		name string
		// use makes the process use some files, given the fake host and the
		// host paths of container and other.
		use  func(t *testing.T, h fakeHost, container, other string)
		want string // the file found, "" for ErrStale
	}{
		{"mapped, by device and inode", func(t *testing.T, h fakeHost, container, _ string) {
			// The path in maps is the container's, which the host cannot
			// compare with its own.
			h.mapFiles(t, 4242, mapsLine(t, container, "/var/lib/somewhere/else"))
		}, container},
		{"mapped, by the path the process sees", func(t *testing.T, h fakeHost, _, _ string) {
			// overlayfs before Linux 6.x: the device of the upper layer.
			h.mapFiles(t, 4242, "7f0f7bc4f000-7f0f7bc57000 rw-s 00000000 fe:01 123 /tmp/hsperfdata_alice/7\n")
		}, container},
		{"held open", func(t *testing.T, h fakeHost, container, _ string) {
			h.mapFiles(t, 4242)
			h.holdOpen(t, 4242, 3, filepath.Join(h.root, "usr/lib/jvm/lib/server/libjvm.so"))
			h.holdOpen(t, 4242, 4, container)
		}, container},
		{"the used one of two", func(t *testing.T, h fakeHost, _, other string) {
			h.mapFiles(t, 4242, mapsLine(t, other, "/tmp/hsperfdata_wso2/7"))
		}, other},
		{"used by no one", func(t *testing.T, h fakeHost, container, _ string) {
			h.mapFiles(t, 4242,
				// A deleted file at the same path is not this one.
				"7f0f7bc4f000-7f0f7bc57000 rw-s 00000000 fe:01 123 /tmp/hsperfdata_alice/7 (deleted)\n",
				"7f0f7bc4f000-7f0f7bc57000 rw-s 00000000 fe:01 124 /tmp/hsperfdata_alice/77\n")
			// A descriptor named like it but another file.
			h.holdOpen(t, 4242, 3, filepath.Join(h.root, "usr/lib/jvm/lib/server/libjvm.so"))
			h.holdOpen(t, 4242, 4, h.write(t, "elsewhere/7", "x"))
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newFakeHost(t)
			h.write(t, "proc/4242/status", status)
			tc.use(t, h, h.write(t, container, "x"), h.write(t, other, "x"))
			got, err := h.locator(map[int]string{1000: "alice"}).Locate(4242, 1000)
			if tc.want == "" {
				if !errors.Is(err, ErrStale) || errors.Is(err, ErrNoPerfData) || got != "" {
					t.Fatalf("Locate = %q, %v; want ErrStale", got, err)
				}
				if !strings.Contains(err.Error(), filepath.Join(h.root, container)) {
					t.Errorf("error %q does not name the left-over file", err)
				}
				return
			}
			if err != nil || got != filepath.Join(h.root, tc.want) {
				t.Fatalf("Locate = %q, %v; want %s", got, err, tc.want)
			}
		})
	}
}

// TestLocateWhenTheMapsCannotBeRead: a process of another user, whose maps
// a non-root agent may not read, keeps its file (it cannot be told stale),
// but a process that exited during the search is an error.
func TestLocateWhenTheMapsCannotBeRead(t *testing.T) {
	h := newFakeHost(t)
	h.write(t, "proc/4242/status", "NSpid:\t4242\n")
	want := h.write(t, "tmp/hsperfdata_alice/4242", "x")

	_, err := h.locator(map[int]string{1000: "alice"}).Locate(4242, 1000)
	if err == nil || errors.Is(err, ErrStale) || errors.Is(err, ErrNoPerfData) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Locate without maps (the process gone) = %v, want the error itself", err)
	}

	h.mapFiles(t, 4242)
	refused := filepath.Join(h.proc, "4242", "maps")
	l := h.locator(map[int]string{1000: "alice"})
	l.Open = func(name string) (*os.File, error) {
		if name == refused {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
		}
		return os.Open(name)
	}
	if got, err := l.Locate(4242, 1000); err != nil || got != want {
		t.Errorf("Locate with the maps refused = %q, %v; want %s", got, err, want)
	}
}

// TestLocateRefusesALeftoverFile is the case this check exists for, with a
// real JVM: it runs without perf data, and a file from an earlier JVM with
// its pid sits where it would keep its own.
func TestLocateRefusesALeftoverFile(t *testing.T) {
	j := startChurn(t, "-XX:-UsePerfData", "-Xmx32m")
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(jvmTmpDir, "hsperfdata_"+me.Username)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	leftover := filepath.Join(dir, strconv.Itoa(j.pid()))
	if err := os.WriteFile(leftover, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(leftover) })

	if _, err := Read(leftover); err != nil {
		t.Fatalf("the left-over file must be readable for the test to mean anything: %v", err)
	}
	path, err := Locate("/proc", j.pid(), os.Getuid())
	if !errors.Is(err, ErrStale) {
		t.Fatalf("Locate = %q, %v; want ErrStale", path, err)
	}
	t.Log(err)
}

// TestParseMapsLine: lines that are not a file's mapping, or not in the
// format, match nothing rather than fail.
func TestParseMapsLine(t *testing.T) {
	good := "7f0f7bc4f000-7f0f7bc57000 rw-s 00000000 fe:00 9988098                    /tmp/hsperfdata_root/12754"
	m, ok := parseMapsLine(good)
	if want := (mapping{id: fileID{major: 0xfe, minor: 0, ino: 9988098}, path: "/tmp/hsperfdata_root/12754"}); !ok || m != want {
		t.Errorf("parseMapsLine(%q) = %+v, %v; want %+v", good, m, ok, want)
	}
	for _, line := range []string{
		"", "garbage", "55d4c0a00000-55d4c0a01000 r--p 00000000 00:00 0 ",
		"55d4c0a00000-55d4c0a01000 r--p 00000000 00:00 0                          [heap]",
		"a b c fe00 12 /x", "a b c fe:zz 12 /x", "a b c fe:00 -1 /x", "a b c fe:00 12",
	} {
		if m, ok := parseMapsLine(line); ok {
			t.Errorf("parseMapsLine(%q) = %+v, want no mapping", line, m)
		}
	}
}
