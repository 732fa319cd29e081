package tailer

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// restart is a harness whose tailers share one StateDir and one directory of logs, so a test
// can stop a tailer (after Checkpoint), change the files, and start another.
type restart struct {
	t        *testing.T
	dir      string
	stateDir string
}

func newRestart(t *testing.T) *restart {
	return &restart{t: t, dir: t.TempDir(), stateDir: t.TempDir()}
}

// start begins a tailer as the agent does at start-up (files found now are read from their
// end unless a checkpoint says otherwise).
func (r *restart) start() *harness {
	h := newHarness(r.t, func(o *Options, _ string) {
		o.Include = []string{filepath.Join(r.dir, "*.log")}
		o.StateDir = r.stateDir
	}, nil)
	h.dir = r.dir // where the files are, for h.path
	return h
}

// stop writes the tailer's checkpoints, as the end of Run does.
func (r *restart) stop(h *harness) {
	r.t.Helper()
	must(r.t, h.tailer.Checkpoint())
}

func TestRestart(t *testing.T) {
	t.Run("resumes where it stopped, reading the lines written while down", func(t *testing.T) {
		r := newRestart(t)
		w := newLogWriter(t, filepath.Join(r.dir, "wso2carbon.log"), false)
		w.write(2)
		h := r.start()
		h.poll(1)
		seen := w.write(3)
		h.poll(1)
		h.wantLines("wso2carbon.log", seen)
		r.stop(h)

		whileDown := w.write(4)
		h = r.start()
		h.poll(2)
		h.wantLines("wso2carbon.log", whileDown)
	})
	t.Run("rotated while down: finishes the rolled file, then reads the new one", func(t *testing.T) {
		r := newRestart(t)
		w := newLogWriter(t, filepath.Join(r.dir, "wso2carbon.log"), false)
		h := r.start()
		h.poll(1)
		w.write(3)
		h.poll(1)
		r.stop(h)

		want := w.write(2)
		must(t, os.Rename(w.path, filepath.Join(r.dir, "wso2carbon-11-20-2026-1.log")))
		w.reopen()
		want = append(want, w.write(3)...)
		h = r.start()
		h.poll(3)
		h.wantLines("wso2carbon.log", want)
		if st := h.stats("wso2carbon.log"); st.Rotations != 1 {
			t.Errorf("rotations %d, want 1", st.Rotations)
		}
	})
	t.Run("rotated while down and the rolled file gzipped: reads the new file from its start", func(t *testing.T) {
		r := newRestart(t)
		w := newLogWriter(t, filepath.Join(r.dir, "wso2-apigw-errors.log"), false)
		h := r.start()
		h.poll(1)
		w.write(3)
		h.poll(1)
		r.stop(h)

		w.write(2) // lost with the rolled file
		rolled := filepath.Join(r.dir, "wso2-apigw-errors-11-20-2026-1.log")
		must(t, os.Rename(w.path, rolled))
		gzipFile(t, rolled)
		w.reopen()
		want := w.write(3)
		h = r.start()
		h.poll(2)
		h.wantLines("wso2-apigw-errors.log", want)
		if n := h.logged("the file was rotated while it was not being read and the rolled file is gone; reading the new file from its start, lines may have been missed"); n != 1 {
			t.Errorf("the possible loss was logged %d times, want 1", n)
		}
	})
	t.Run("truncated while down (copytruncate): reads from the start", func(t *testing.T) {
		r := newRestart(t)
		w := newLogWriter(t, filepath.Join(r.dir, "wso2carbon.log"), false)
		h := r.start()
		h.poll(1)
		w.write(3)
		h.poll(1)
		r.stop(h)

		copyTruncate(t, w.path, w.path+".1")
		want := w.write(5) // past the old offset: only the fingerprint tells
		h = r.start()
		h.poll(2)
		h.wantLines("wso2carbon.log", want)
		if st := h.stats("wso2carbon.log"); st.Truncations != 1 {
			t.Errorf("truncations %d, want 1", st.Truncations)
		}
	})
	t.Run("a partial line at the checkpoint is read whole after the restart", func(t *testing.T) {
		r := newRestart(t)
		path := filepath.Join(r.dir, "app.log")
		h := r.start()
		h.poll(1)
		appendFile(t, path, "one\ntw")
		h.poll(1)
		r.stop(h)

		appendFile(t, path, "o\nthree\n")
		h = r.start()
		h.poll(1)
		h.wantLines("app.log", []string{"two", "three"})
	})
	t.Run("an unreadable checkpoint is logged and ignored", func(t *testing.T) {
		r := newRestart(t)
		path := filepath.Join(r.dir, "app.log")
		writeFile(t, path, "old\n")
		writeCorrupt(t, r.stateDir)
		h := r.start()
		h.poll(1)
		appendFile(t, path, "new\n")
		h.poll(1)
		h.wantLines("app.log", []string{"new"})
		if n := h.logged("ignoring an unreadable checkpoint"); n != 1 {
			t.Errorf("logged %d times, want 1", n)
		}
	})
}

// writeCorrupt leaves an unreadable checkpoint in stateDir.
func writeCorrupt(t *testing.T, stateDir string) {
	writeFile(t, filepath.Join(stateDir, checkpointPrefix+"0000000000000000"+checkpointSuffix), "{not json")
}

func TestCheckpointFiles(t *testing.T) {
	r := newRestart(t)
	path := filepath.Join(r.dir, "app.log")
	h := r.start()
	h.poll(1)
	appendFile(t, path, "one\n")
	h.poll(1)
	r.stop(h)

	name := checkpointName(r.stateDir, path)
	var cp checkpointFile
	data, err := os.ReadFile(name)
	must(t, err)
	must(t, json.Unmarshal(data, &cp))
	if cp.Path != path || cp.Offset != 4 || cp.FingerprintLen != 4 || cp.Inode == 0 {
		t.Errorf("checkpoint %s: %+v", data, cp)
	}

	before, err := os.Stat(name)
	must(t, err)
	h.poll(1)
	r.stop(h)
	after, err := os.Stat(name)
	must(t, err)
	if !os.SameFile(before, after) {
		t.Error("an unchanged position was written again")
	}

	must(t, os.Remove(path))
	h.poll(1)
	h.clock.advance(goneAfter)
	h.poll(1)
	r.stop(h)
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("the checkpoint of a forgotten path is still there: %v", err)
	}
	if st := h.tailer.Stats(); len(st) != 0 {
		t.Errorf("a forgotten path is still in Stats: %+v", st)
	}
}

// TestRunCheckpointsAtTheEnd checks that Run polls once more and writes the checkpoints
// when its context ends.
func TestRunCheckpointsAtTheEnd(t *testing.T) {
	r := newRestart(t)
	path := filepath.Join(r.dir, "app.log")
	writeFile(t, path, "before start\n")
	h := r.start()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.tailer.Run(ctx) // polls at its start and at its end
	pos, err := loadCheckpoints(r.stateDir, h.tailer.log)
	must(t, err)
	if got := pos[path].Offset; got != int64(len("before start\n")) {
		t.Errorf("checkpoint offset %d, want the end of the file", got)
	}
}
