package tailer

import (
	"compress/gzip"
	"io"
	"os"
	"slices"
	"testing"
)

// rotationCase drives one way a log file gets rotated. run writes and rotates through w and
// polls through h; it returns the lines the design does not deliver (only the case of several
// rollovers between two polls has any).
type rotationCase struct {
	name        string
	live        string // the followed file's base name
	run         func(t *testing.T, h *harness, w *logWriter) (lost []string)
	rotations   uint64
	truncations uint64
}

var rotationCases = []rotationCase{
	{
		name: "log4j2 size rollover with %i, lines written to the renamed file before the next poll",
		live: "wso2carbon.log", rotations: 1,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			w.write(3)
			h.poll(1)
			must(t, os.Rename(h.path("wso2carbon.log"), h.path("wso2carbon-11-20-2026-1.log")))
			w.write(2) // still into the renamed file, unless the writer reopens per line
			w.reopen()
			w.write(3)
			return nil
		},
	},
	{
		name: "logrotate create: the writer keeps writing into the renamed file until told to reopen",
		live: "wso2carbon.log", rotations: 1,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			w.write(3)
			h.poll(1)
			must(t, os.Rename(h.path("wso2carbon.log"), h.path("wso2carbon.log.1")))
			writeFile(t, h.path("wso2carbon.log"), "")
			w.write(2)
			h.poll(1)
			w.write(2) // after a poll that saw the new file: the old one must still be followed
			h.poll(1)
			w.reopen() // postrotate
			w.write(2)
			return nil
		},
	},
	{
		name: "two rollovers between two polls: the file in between is not looked for",
		live: "wso2carbon.log", rotations: 1,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			w.write(3)
			h.poll(1)
			must(t, os.Rename(h.path("wso2carbon.log"), h.path("wso2carbon-11-20-2026-1.log")))
			w.reopen()
			lost := w.write(4)
			must(t, os.Rename(h.path("wso2carbon.log"), h.path("wso2carbon-11-20-2026-2.log")))
			w.reopen()
			w.write(2)
			return lost
		},
	},
	{
		name: "daily rollover at midnight",
		live: "audit.log", rotations: 2,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			for _, day := range []string{"11-20-2026", "11-21-2026"} {
				w.write(3)
				h.poll(1)
				w.write(1)
				must(t, os.Rename(h.path("audit.log"), h.path("audit-"+day+".log")))
				w.reopen()
				w.write(2)
				h.poll(2)
			}
			return nil
		},
	},
	{
		name: "rolled file gzipped and removed before the next poll",
		live: "wso2-apigw-errors.log", rotations: 1,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			w.write(3)
			h.poll(1)
			rolled := h.path("wso2-apigw-errors-11-20-2026-1.log")
			must(t, os.Rename(h.path("wso2-apigw-errors.log"), rolled))
			w.write(1)
			w.reopen()
			w.write(2)
			gzipFile(t, rolled)
			return nil
		},
	},
	{
		name: "logrotate copytruncate",
		live: "wso2carbon.log", truncations: 1,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			w.write(5)
			h.poll(1)
			copyTruncate(t, h.path("wso2carbon.log"), h.path("wso2carbon.log.1"))
			w.write(3)
			return nil
		},
	},
	{
		name: "copytruncate then regrown past the old offset before the next poll",
		live: "wso2carbon.log", truncations: 1,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			w.write(2)
			h.poll(1)
			copyTruncate(t, h.path("wso2carbon.log"), h.path("wso2carbon.log.1"))
			w.write(10)
			return nil
		},
	},
	{
		name: "deleted, written through the open descriptor, re-created a poll later",
		live: "wso2carbon.log", rotations: 1,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			w.write(3)
			h.poll(1)
			must(t, os.Remove(h.path("wso2carbon.log")))
			w.write(2) // into the deleted file, unless the writer reopens per line
			h.poll(1)
			w.reopen()
			w.write(3)
			return nil
		},
	},
	{
		name: "deleted and re-created between two polls",
		live: "wso2carbon.log", rotations: 1,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			w.write(3)
			h.poll(1)
			must(t, os.Remove(h.path("wso2carbon.log")))
			w.reopen()
			w.write(3)
			return nil
		},
	},
	{
		name: "symlink swapped to a new target",
		live: "current.log", rotations: 1,
		run: func(t *testing.T, h *harness, w *logWriter) []string {
			w.write(3)
			h.poll(1)
			w.write(1)
			w.path = h.path("b.txt")
			w.reopen()
			w.write(2)
			must(t, os.Symlink("b.txt", h.path("current.tmp")))
			must(t, os.Rename(h.path("current.tmp"), h.path("current.log")))
			w.write(2)
			return nil
		},
	},
}

// TestRotation runs every rotation case with a writer that keeps its file open (log4j2) and
// one that reopens the path for every line, and checks that every line is delivered exactly
// once and in order, except those the design says it does not look for.
func TestRotation(t *testing.T) {
	for _, tc := range rotationCases {
		for _, reopenEach := range []bool{false, true} {
			name := tc.name + "/keeps file open"
			if reopenEach {
				name = tc.name + "/reopens per line"
			}
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, nil, nil)
				h.poll(1) // start-up: the file does not exist yet, so it is read from its start
				w := newLogWriter(t, h.path(tc.live), reopenEach)
				if tc.live == "current.log" {
					w.path = h.path("a.txt")
					must(t, os.Symlink("a.txt", h.path("current.log")))
				}
				before := w.next
				lost := tc.run(t, h, w)
				h.poll(3)

				var want []string
				for i := before + 1; i <= w.next; i++ {
					if line := lineNumbered(i); !slices.Contains(lost, line) {
						want = append(want, line)
					}
				}
				h.wantLines(tc.live, want)
				st := h.stats(tc.live)
				if st.Rotations != tc.rotations || st.Truncations != tc.truncations {
					t.Errorf("rotations %d truncations %d, want %d and %d", st.Rotations, st.Truncations, tc.rotations, tc.truncations)
				}
				if st.Lines != uint64(len(want)) || !st.Following || st.Errors != 0 {
					t.Errorf("stats %+v: want %d lines, following, no error", st, len(want))
				}
				if got := len(h.tailer.Stats()); got != 1 {
					t.Errorf("%d paths followed, want only the live one: %+v", got, h.tailer.Stats())
				}
			})
		}
	}
}

// lineNumbered is the line logWriter writes as its i-th.
func lineNumbered(i int) string {
	w := logWriter{next: i}
	return w.format()
}

func copyTruncate(t *testing.T, path, copyTo string) {
	t.Helper()
	data, err := os.ReadFile(path)
	must(t, err)
	writeFile(t, copyTo, string(data))
	must(t, os.Truncate(path, 0))
}

// gzipFile replaces path with path.gz, as log4j2 does for a rolled "*.log.gz" pattern.
func gzipFile(t *testing.T, path string) {
	t.Helper()
	in, err := os.Open(path)
	must(t, err)
	defer in.Close()
	out, err := os.Create(path + ".gz")
	must(t, err)
	zw := gzip.NewWriter(out)
	_, err = io.Copy(zw, in)
	must(t, err)
	must(t, zw.Close())
	must(t, out.Close())
	must(t, os.Remove(path))
}
