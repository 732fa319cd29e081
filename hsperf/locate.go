package hsperf

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
)

var (
	// ErrNoPerfData means the JVM has no perf-data file where it can be seen:
	// it was started with -XX:-UsePerfData, or it runs in another mount
	// namespace whose /tmp is not reachable.
	ErrNoPerfData = errors.New("no perf-data file (JVM started with -XX:-UsePerfData, or its /tmp is not visible)")
	// ErrPermission means the file (or the JVM's root directory under /proc)
	// exists but this process may not read it: it belongs to another user.
	ErrPermission = errors.New("perf-data file not readable (owned by another user)")
)

// jvmTmpDir is where HotSpot on Linux puts hsperfdata_<user>, whatever
// java.io.tmpdir says.
const jvmTmpDir = "/tmp"

// Locator finds the perf-data file of a JVM. The zero value looks in /proc
// and /tmp as seen by this process; the fields exist so tests can point it
// elsewhere.
type Locator struct {
	ProcRoot string // default "/proc"
	TmpDir   string // this process's view of the JVM's /tmp when they share it; default "/tmp"
	// LookupUser returns the user name of uid; default os/user.LookupId.
	LookupUser func(uid int) (string, error)
	// Open opens a candidate file; default os.Open.
	Open func(name string) (*os.File, error)
}

// Locate finds the perf-data file of the JVM with process id pid (as seen in
// procRoot) running as uid, with the default Locator.
func Locate(procRoot string, pid, uid int) (string, error) {
	return Locator{ProcRoot: procRoot}.Locate(pid, uid)
}

// Locate returns the path of the JVM's perf-data file. It looks first through
// /proc/<pid>/root/tmp, where a JVM in a container keeps its file under its
// own pid (the last NSpid of /proc/<pid>/status), then in the shared /tmp
// under the host pid. In each directory it tries hsperfdata_<name of uid>,
// then any hsperfdata_* (inside a container the user name may not exist on
// the host). A failure wraps ErrPermission if any candidate was refused,
// ErrNoPerfData if none exists, and the underlying error otherwise (also when
// the process is gone: its /proc status cannot be read).
func (l Locator) Locate(pid, uid int) (string, error) {
	l = l.withDefaults()
	nspid, err := namespacePID(filepath.Join(l.ProcRoot, strconv.Itoa(pid), "status"), pid)
	if err != nil {
		return "", err
	}
	userName, userErr := l.LookupUser(uid)
	var search candidateSearch
	dirs := []struct {
		tmp string
		pid int
	}{
		{filepath.Join(l.ProcRoot, strconv.Itoa(pid), "root", "tmp"), nspid},
		{l.TmpDir, pid},
	}
	for _, d := range dirs {
		file := strconv.Itoa(d.pid)
		if userErr == nil {
			if path := filepath.Join(d.tmp, "hsperfdata_"+userName, file); search.try(l.Open, path) {
				return path, nil
			}
		}
		for _, path := range search.anyUser(d.tmp, file) {
			if search.try(l.Open, path) {
				return path, nil
			}
		}
	}
	return "", search.failure(pid)
}

func (l Locator) withDefaults() Locator {
	if l.ProcRoot == "" {
		l.ProcRoot = "/proc"
	}
	if l.TmpDir == "" {
		l.TmpDir = jvmTmpDir
	}
	if l.LookupUser == nil {
		l.LookupUser = func(uid int) (string, error) {
			u, err := user.LookupId(strconv.Itoa(uid))
			if err != nil {
				return "", err
			}
			return u.Username, nil
		}
	}
	if l.Open == nil {
		l.Open = os.Open
	}
	return l
}

// candidateSearch remembers why candidates failed, so Locate can name the
// reason that matters most: a refusal hides a file that may be there.
type candidateSearch struct {
	tried      []string
	permission error
	other      error
}

func (s *candidateSearch) try(open func(string) (*os.File, error), path string) bool {
	for _, p := range s.tried {
		if p == path {
			return false
		}
	}
	s.tried = append(s.tried, path)
	f, err := open(path)
	if err == nil {
		f.Close()
		return true
	}
	s.record(err)
	return false
}

func (s *candidateSearch) record(err error) {
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case errors.Is(err, fs.ErrPermission):
		if s.permission == nil {
			s.permission = err
		}
	default:
		if s.other == nil {
			s.other = err
		}
	}
}

// anyUser lists tmp/hsperfdata_*/file.
func (s *candidateSearch) anyUser(tmp, file string) []string {
	entries, err := os.ReadDir(tmp)
	if err != nil {
		s.record(err)
		return nil
	}
	var paths []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "hsperfdata_") {
			paths = append(paths, filepath.Join(tmp, e.Name(), file))
		}
	}
	return paths
}

func (s *candidateSearch) failure(pid int) error {
	switch {
	case s.permission != nil:
		return fmt.Errorf("%w: pid %d: %w", ErrPermission, pid, s.permission)
	case s.other != nil:
		return fmt.Errorf("looking for the perf-data file of pid %d: %w", pid, s.other)
	}
	return fmt.Errorf("%w: pid %d: tried %s", ErrNoPerfData, pid, strings.Join(s.tried, ", "))
}

// namespacePID returns the pid the process has inside its own pid namespace:
// the last field of the NSpid line of its status file, or pid itself on
// kernels without that line.
func namespacePID(statusPath string, pid int) (int, error) {
	f, err := os.Open(statusPath)
	if err != nil {
		return 0, fmt.Errorf("reading the pid namespace of %d: %w", pid, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "NSpid:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			break
		}
		nspid, err := strconv.Atoi(fields[len(fields)-1])
		if err != nil || nspid <= 0 {
			return 0, fmt.Errorf("%s: bad NSpid line %q", statusPath, sc.Text())
		}
		return nspid, nil
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("reading %s: %w", statusPath, err)
	}
	return pid, nil
}
