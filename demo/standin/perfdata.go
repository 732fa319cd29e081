package standin

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/apimwatch/apimwatch/hsperf"
)

// perfData is a stand-in's perf-data file, where a JVM of the same user keeps its own
// (hsperf.Path: /tmp, whatever TMPDIR says, as the agent looks there), laid out as a G1 JVM's.
// Like HotSpot, the stand-in updates it in place: each update writes the whole file at offset
// 0 with the same layout and size, so the agent never reads a half-written structure.
type perfData struct {
	heap   *g1Heap
	file   *hsperf.StatsFile
	f      *os.File
	failed bool
}

// createPerfData writes the file of process pid for the first time, before the stand-in
// writes its pid file: the agent, which finds the JVM by its pid file, never sees the file
// before it is complete.
func createPerfData(pid int, heap *g1Heap, now time.Time) (*perfData, error) {
	path := PerfDataPath(pid)
	// HotSpot's modes: the directory readable by all, the file by its user only.
	if err := os.Mkdir(filepath.Dir(path), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	if err := checkOwnDirectory(filepath.Dir(path)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, err
	}
	p := &perfData{heap: heap, file: hsperf.NewStatsFile(heap.stats(now)), f: f}
	if _, err := f.WriteAt(p.file.Bytes(), 0); err != nil {
		return nil, errors.Join(err, p.remove())
	}
	return p, nil
}

// checkOwnDirectory refuses a directory that another user could have made or can write to, or
// a symbolic link, as HotSpot does: in /tmp, which anyone can write, such a directory would let
// them have the stand-in write, or truncate, a file elsewhere.
func checkOwnDirectory(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok || int(st.Uid) != os.Geteuid() || fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%s is not a directory of this user that only it can write to", dir)
	}
	return nil
}

// update advances the heap to now and writes the file again.
func (p *perfData) update(now time.Time) error {
	p.heap.advance(now)
	if err := p.file.Update(p.heap.stats(now)); err != nil {
		return err
	}
	_, err := p.f.WriteAt(p.file.Bytes(), 0)
	return err
}

// publish updates the file, and after the first failure, which it reports on stderr as HotSpot
// reports perf-data trouble, leaves it as it is.
func (p *perfData) publish(now time.Time) {
	if p.failed {
		return
	}
	if err := p.update(now); err != nil {
		p.failed = true
		fmt.Fprintf(os.Stderr, "warning: updating the perf-data file: %v\n", err)
	}
}

// remove deletes the file, as a JVM does when it exits.
func (p *perfData) remove() error {
	return errors.Join(p.f.Close(), removePerfData(p.f.Name()))
}

func removePerfData(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// PerfDataPath is where the stand-in with process id pid writes its perf-data file: under the
// name of this process's effective user, as HotSpot names the directory, or its uid when it has
// no name (the agent then finds the file among the hsperfdata_* directories).
func PerfDataPath(pid int) string {
	name := strconv.Itoa(os.Geteuid())
	if u, err := user.LookupId(name); err == nil {
		name = u.Username
	}
	return hsperf.Path(name, pid)
}

// PerfDataDir is the directory of the stand-ins' perf-data files, hsperfdata_<user>, shared
// with the JVMs of the same user.
func PerfDataDir() string { return filepath.Dir(PerfDataPath(0)) }
