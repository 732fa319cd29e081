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
	// Open opens a candidate file and the process's maps; default os.Open.
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
// the host). A file counts only if the process maps it or holds it open (see
// inUse): a killed JVM's file outlives it, and a later process with the same
// pid may not write one. A failure wraps ErrPermission if any candidate was
// refused, ErrStale if the only files found are not the process's,
// ErrNoPerfData if none exists, and the underlying error otherwise (also when
// the process is gone: its /proc status or maps cannot be read).
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
			path := filepath.Join(d.tmp, "hsperfdata_"+userName, file)
			if found, err := l.try(&search, pid, path); found != "" || err != nil {
				return found, err
			}
		}
		for _, path := range search.anyUser(d.tmp, file) {
			if found, err := l.try(&search, pid, path); found != "" || err != nil {
				return found, err
			}
		}
	}
	return "", search.failure(pid)
}

// try opens a candidate and returns its path if process pid uses it. A file
// the process does not use is remembered as stale and "" returned, so that the
// search goes on: the live file may be in another hsperfdata_* directory. An
// error is returned only when the check itself fails, as when the process
// has just exited.
func (l Locator) try(search *candidateSearch, pid int, path string) (string, error) {
	f, ok := search.open(l.Open, path)
	if !ok {
		return "", nil
	}
	defer f.Close()
	// The process sees its file in its own /tmp, under the same directory
	// and file names as the candidate (see Locator.TmpDir).
	jvmPath := filepath.Join(jvmTmpDir, filepath.Base(filepath.Dir(path)), filepath.Base(path))
	used, err := l.inUse(f, pid, jvmPath)
	switch {
	case err != nil:
		return "", err
	case used:
		return path, nil
	}
	if search.stale == "" {
		search.stale = path
	}
	return "", nil
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
	stale      string // the first file found that the process does not use
	other      error
}

// open opens path unless it was tried already.
func (s *candidateSearch) open(open func(string) (*os.File, error), path string) (*os.File, bool) {
	for _, p := range s.tried {
		if p == path {
			return nil, false
		}
	}
	s.tried = append(s.tried, path)
	f, err := open(path)
	if err != nil {
		s.record(err)
		return nil, false
	}
	return f, true
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
	case s.stale != "":
		return fmt.Errorf("%w: pid %d: %s is mapped or held open by no one in the process", ErrStale, pid, s.stale)
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
