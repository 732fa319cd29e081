package hsperf

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ErrStale means a file exists where the JVM would keep its perf data but
// the JVM does not use it: an earlier JVM that had the same pid (often pid 1
// in a container, or any pid after a reboot that kept /tmp) was killed and
// left it, and this one runs without perf data. Its figures are that dead
// JVM's, frozen.
var ErrStale = errors.New("perf-data file left by an earlier process with the same pid; the running JVM does not use it")

// fileID is what identifies a file whatever path it is reached by: from the
// host, /proc/<pid>/root/tmp/... and the JVM's /tmp/... are the same inode.
type fileID struct {
	major, minor uint32
	ino          uint64
}

// inUse tells whether process pid uses the candidate file f, which the
// process sees at jvmPath. HotSpot maps its file MAP_SHARED for the JVM's
// whole life and closes the descriptor, so /proc/<pid>/maps lists a live
// JVM's file; other writers of the format, such as the demo's stand-in JVMs,
// keep it open instead, so /proc/<pid>/fd is looked at when the maps do not
// list it. The start times of the JVM and the process are not compared
// instead: sun.rt.createVmBeginTime is wall-clock time, which steps.
func (l Locator) inUse(f *os.File, pid int, jvmPath string) (bool, error) {
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return false, fmt.Errorf("stat %s: %w", f.Name(), err)
	}
	id := idOf(&st)
	procDir := filepath.Join(l.ProcRoot, strconv.Itoa(pid))
	used, err := l.mapsFile(filepath.Join(procDir, "maps"), id, jvmPath)
	if err == nil && !used {
		used, err = holdsOpen(filepath.Join(procDir, "fd"), id, filepath.Base(jvmPath))
	}
	if errors.Is(err, fs.ErrPermission) {
		// Another user's process, and this agent not root: whether the file
		// is its own cannot be told, and refusing every file in that case
		// would lose the live ones. It is accepted, as before this check.
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("checking that pid %d uses %s: %w", pid, f.Name(), err)
	}
	return used, nil
}

// mapsFile tells whether the maps file lists a mapping of the file id, or of
// jvmPath. The device and inode are what identify the file, since the path
// in the maps is the one in the JVM's mount namespace (a container's /tmp),
// not where this process finds it. The path is compared as well because on
// overlayfs, a container's usual /tmp, older kernels print the device and
// inode of the file in the layer below, which a stat through the overlay
// does not give.
func (l Locator) mapsFile(mapsPath string, id fileID, jvmPath string) (bool, error) {
	f, err := l.Open(mapsPath)
	if err != nil {
		return false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	// A path is at most PATH_MAX (4 KiB), and the kernel escapes a byte to
	// at most four: 64 KiB holds any line, so no line makes a JVM unreadable.
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		m, ok := parseMapsLine(sc.Text())
		if ok && (m.id == id || m.path == jvmPath) {
			return true, nil
		}
	}
	if err := sc.Err(); err != nil {
		return false, fmt.Errorf("reading %s: %w", mapsPath, err)
	}
	return false, nil
}

type mapping struct {
	id   fileID
	path string
}

// parseMapsLine reads "address perms offset major:minor inode path" (see
// proc(5)); anonymous mappings, with inode 0, are not files and give false.
func parseMapsLine(line string) (mapping, bool) {
	fields := strings.SplitN(line, " ", 6)
	if len(fields) < 6 {
		return mapping{}, false
	}
	majorText, minorText, ok := strings.Cut(fields[3], ":")
	if !ok {
		return mapping{}, false
	}
	major, errMajor := strconv.ParseUint(majorText, 16, 32)
	minor, errMinor := strconv.ParseUint(minorText, 16, 32)
	ino, errIno := strconv.ParseUint(fields[4], 10, 64)
	if errMajor != nil || errMinor != nil || errIno != nil || ino == 0 {
		return mapping{}, false
	}
	// The path is padded to a column; a deleted file's ends in " (deleted)"
	// and so equals no path a file still has.
	return mapping{
		id:   fileID{major: uint32(major), minor: uint32(minor), ino: ino},
		path: strings.TrimLeft(fields[5], " "),
	}, true
}

// holdsOpen tells whether a descriptor in fdDir refers to the file id,
// named name. Only the descriptors whose link ends in that name (the pid) are
// followed: a WSO2 JVM holds thousands open, and a stat follows the link to
// its file, which on a network file system may be slow.
func holdsOpen(fdDir string, id fileID, name string) (bool, error) {
	entries, err := os.ReadDir(fdDir)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		link := filepath.Join(fdDir, e.Name())
		target, err := os.Readlink(link)
		if err != nil || !strings.HasSuffix(target, "/"+name) {
			continue // closed since the directory was read, or another file
		}
		var st unix.Stat_t
		if unix.Stat(link, &st) == nil && idOf(&st) == id {
			return true, nil
		}
	}
	return false, nil
}

func idOf(st *unix.Stat_t) fileID {
	dev := uint64(st.Dev) // 32 bits, or signed, on some platforms
	return fileID{major: unix.Major(dev), minor: unix.Minor(dev), ino: st.Ino}
}
