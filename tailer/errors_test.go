package tailer

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// faultyFileSystem is the real file system with errors injected per path: root, which runs
// the tests, reads any file whatever its mode, so EACCES and ESTALE cannot be had for real.
type faultyFileSystem struct {
	osFileSystem
	mu        sync.Mutex
	openErr   map[string]error
	readErr   map[string]error // failing every ReadAt of the files opened from the path
	openCalls map[string]int
}

func newFaultyFileSystem() *faultyFileSystem {
	return &faultyFileSystem{openErr: map[string]error{}, readErr: map[string]error{}, openCalls: map[string]int{}}
}

func (f *faultyFileSystem) set(m map[string]error, path string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err == nil {
		delete(m, path)
	} else {
		m[path] = err
	}
}

func (f *faultyFileSystem) Open(name string) (file, error) {
	f.mu.Lock()
	f.openCalls[name]++
	err := f.openErr[name]
	f.mu.Unlock()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	real, err := f.osFileSystem.Open(name)
	if err != nil {
		return nil, err
	}
	return &faultyFile{file: real, fs: f, name: name}, nil
}

func (f *faultyFileSystem) opens(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.openCalls[name]
}

type faultyFile struct {
	file
	fs   *faultyFileSystem
	name string
}

func (f *faultyFile) ReadAt(p []byte, off int64) (int, error) {
	f.fs.mu.Lock()
	err := f.fs.readErr[f.name]
	f.fs.mu.Unlock()
	if err != nil {
		return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
	}
	return f.file.ReadAt(p, off)
}

const cannotRead = "cannot read the file; retrying with back-off"

func TestErrors(t *testing.T) {
	t.Run("permission denied on open: counted, backed off, logged once, recovered", func(t *testing.T) {
		faults := newFaultyFileSystem()
		h := newHarness(t, nil, faults)
		h.poll(1)
		path := h.path("app.log")
		faults.set(faults.openErr, path, syscall.EACCES)
		writeFile(t, path, "one\n")
		h.poll(1)
		st := h.stats("app.log")
		if st.Errors != 1 || st.Following || st.LastError != "open "+path+": permission denied" {
			t.Fatalf("stats %+v", st)
		}
		h.tailer.Poll() // no time has passed: the back-off holds the retry
		if n := faults.opens(path); n != 1 {
			t.Fatalf("%d opens, want 1 within the back-off", n)
		}
		h.poll(10) // retries as the delay doubles
		if n := h.logged(cannotRead); n != 1 {
			t.Errorf("the lasting error was logged %d times, want once", n)
		}
		faults.set(faults.openErr, path, nil)
		h.clock.advance(maxRetryDelay)
		h.poll(1)
		h.wantLines("app.log", []string{"one"})
		if st := h.stats("app.log"); st.LastError != "" || !st.Following || st.Errors < 2 {
			t.Errorf("stats after recovery %+v", st)
		}
	})
	t.Run("read error (ESTALE): reopened and resumed with no loss and no duplicate", func(t *testing.T) {
		faults := newFaultyFileSystem()
		h := newHarness(t, nil, faults)
		h.poll(1)
		path := h.path("app.log")
		writeFile(t, path, "one\ntw")
		h.poll(1)
		faults.set(faults.readErr, path, syscall.ESTALE)
		appendFile(t, path, "o\nthree\n")
		h.poll(1)
		if st := h.stats("app.log"); st.Errors != 1 || st.Following {
			t.Fatalf("stats %+v", st)
		}
		faults.set(faults.readErr, path, nil)
		h.poll(2)
		h.wantLines("app.log", []string{"one", "two", "three"})
	})
	t.Run("read error while finishing a rotated file: found again by inode under its rolled name", func(t *testing.T) {
		faults := newFaultyFileSystem()
		h := newHarness(t, nil, faults)
		h.poll(1)
		w := newLogWriter(t, h.path("app.log"), false)
		want := w.write(3)
		h.poll(1)
		must(t, os.Rename(w.path, h.path("app-11-20-2026-1.log")))
		want = append(want, w.write(2)...)
		w.reopen()
		want = append(want, w.write(3)...)
		faults.set(faults.readErr, w.path, syscall.EIO) // the old descriptor was opened as app.log
		h.poll(1)
		faults.set(faults.readErr, w.path, nil)
		h.poll(3)
		h.wantLines("app.log", want)
		if st := h.stats("app.log"); st.Errors != 1 || st.Rotations != 1 {
			t.Errorf("stats %+v", st)
		}
	})
	t.Run("symlink loop (a real ELOOP): counted, then followed once fixed", func(t *testing.T) {
		h := newHarness(t, nil, nil)
		h.poll(1)
		path := h.path("loop.log")
		must(t, os.Symlink("loop.log", path))
		h.poll(5)
		st := h.stats("loop.log")
		if st.Errors == 0 || st.LastError != "stat "+path+": too many levels of symbolic links" {
			t.Fatalf("stats %+v", st)
		}
		if n := h.logged(cannotRead); n != 1 {
			t.Errorf("logged %d times, want once", n)
		}
		must(t, os.Remove(path))
		writeFile(t, path, "fixed\n")
		h.clock.advance(maxRetryDelay)
		h.poll(1)
		h.wantLines("loop.log", []string{"fixed"})
	})
	t.Run("a directory matching the pattern is an error, not a file", func(t *testing.T) {
		h := newHarness(t, nil, nil)
		h.poll(1)
		must(t, os.Mkdir(h.path("dir.log"), 0o755))
		h.poll(1)
		if st := h.stats("dir.log"); st.Errors != 1 || st.Following {
			t.Fatalf("stats %+v", st)
		}
	})
	t.Run("a directory that cannot be listed is logged once", func(t *testing.T) {
		h := newHarness(t, func(o *Options, dir string) { o.Include = []string{filepath.Join(dir, "notadir", "*.log")} }, nil)
		writeFile(t, h.path("notadir"), "")
		h.poll(5)
		if n := h.logged("cannot look for log files; retrying"); n != 1 {
			t.Errorf("logged %d times, want once", n)
		}
	})
	t.Run("a vanished directory that comes back", func(t *testing.T) {
		h := newHarness(t, func(o *Options, dir string) { o.Include = []string{filepath.Join(dir, "logs", "*.log")} }, nil)
		logs := h.path("logs")
		must(t, os.Mkdir(logs, 0o755))
		h.poll(1)
		w := newLogWriter(t, filepath.Join(logs, "app.log"), false)
		want := w.write(2)
		h.poll(1)
		must(t, os.RemoveAll(logs))
		want = append(want, w.write(2)...) // into the open, deleted file
		h.poll(2)
		if st := h.tailer.Stats(); len(st) != 1 || st[0].Errors != 0 {
			t.Fatalf("a missing directory is no error: %+v", st)
		}
		must(t, os.Mkdir(logs, 0o755))
		w.reopen()
		want = append(want, w.write(3)...)
		h.poll(3)
		h.wantLines("logs/app.log", want)
		if st := h.stats("logs/app.log"); st.Rotations != 1 || st.Errors != 0 {
			t.Errorf("stats %+v", st)
		}
	})
	t.Run("a path missing for long is forgotten, and gets a new sink if it comes back", func(t *testing.T) {
		h := newHarness(t, nil, nil)
		h.poll(1)
		path := h.path("app.log")
		writeFile(t, path, "one\n")
		h.poll(1)
		must(t, os.Remove(path))
		h.poll(1)
		h.clock.advance(goneAfter)
		h.poll(1)
		if st := h.tailer.Stats(); len(st) != 0 {
			t.Fatalf("still following %+v", st)
		}
		writeFile(t, path, "two\n")
		h.poll(1)
		h.wantLines("app.log", []string{"two"})
		if n := len(h.sinks[path]); n != 2 {
			t.Errorf("%d sinks opened, want 2", n)
		}
	})
}
