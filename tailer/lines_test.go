package tailer

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestLines feeds one file's content in steps, polling after each, and checks the lines
// delivered and the cut count.
func TestLines(t *testing.T) {
	long := strings.Repeat("x", 100)
	cases := []struct {
		name  string
		steps []string // appended to the file, one poll after each
		want  []string
		cut   []int // indexes of the lines delivered cut
	}{
		{name: "partial line waits for its newline", steps: []string{"first\npar", "tial", " line\nlast\n"},
			want: []string{"first", "partial line", "last"}},
		{name: "CRLF line ends are stripped, a lone CR is kept", steps: []string{"a\r\nb\rc\r\n\r\n"},
			want: []string{"a", "b\rc", ""}},
		{name: "CR and LF in separate writes", steps: []string{"a\r", "\nb\n"}, want: []string{"a", "b"}},
		{name: "empty lines", steps: []string{"\n\n"}, want: []string{"", ""}},
		{name: "line over MaxLineBytes in one write is cut, the next intact",
			steps: []string{long + "\nok\n"}, want: []string{long[:16], "ok"}, cut: []int{0}},
		{name: "line over MaxLineBytes across many polls is cut once",
			steps: []string{"0123456789", "0123456789", "0123456789", "tail\nok\n"},
			want:  []string{"0123456789012345", "ok"}, cut: []int{0}},
		{name: "exactly MaxLineBytes with CRLF is not cut", steps: []string{"0123456789abcde", "f\r", "\nok\n"},
			want: []string{"0123456789abcdef", "ok"}},
		{name: "invalid UTF-8 passes through untouched", steps: []string{"caf\xe9 \xff\xfe\n"},
			want: []string{"caf\xe9 \xff\xfe"}},
		{name: "NUL bytes pass through", steps: []string{"a\x00b\x00\n\x00\n"}, want: []string{"a\x00b\x00", "\x00"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, func(o *Options, _ string) { o.MaxLineBytes = 16 }, nil)
			h.poll(1)
			for _, step := range tc.steps {
				appendFile(t, h.path("app.log"), step)
				h.poll(1)
			}
			h.wantLines("app.log", tc.want)
			s := h.sink("app.log")
			if !slices.Equal(s.cut, tc.cut) {
				t.Errorf("cut lines %v, want %v", s.cut, tc.cut)
			}
			st := h.stats("app.log")
			if st.CutLines != uint64(len(tc.cut)) || st.Lines != uint64(len(tc.want)) {
				t.Errorf("stats %+v: want %d lines, %d cut", st, len(tc.want), len(tc.cut))
			}
			if got := cap(h.tailer.followers[h.path("app.log")].split.pending); got > 17 {
				t.Errorf("the partial-line buffer grew to %d bytes, want at most MaxLineBytes+1", got)
			}
		})
	}
}

// TestIdle checks that Idle follows a poll that found no new data, and only such a poll.
func TestIdle(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.poll(1)
	appendFile(t, h.path("app.log"), "a\n")
	h.poll(1)
	s := h.sink("app.log")
	if s.idles != 0 {
		t.Fatalf("Idle called %d times after a poll that read a line", s.idles)
	}
	appendFile(t, h.path("app.log"), "b") // a partial line is no line
	h.poll(2)
	if s.idles != 1 {
		t.Fatalf("Idle called %d times, want 1 (the poll that read only a partial line gave data)", s.idles)
	}
}

// TestStart checks where files are read from: the end of those found at start-up, unless
// FromStart; the start of those that appear later.
func TestStart(t *testing.T) {
	cases := []struct {
		name      string
		fromStart bool
		before    string // in the file before the first poll
		after     string // appended after it
		want      []string
	}{
		{name: "at the end by default", before: "old 1\nold 2\n", after: "new 1\n", want: []string{"new 1"}},
		{name: "from the start with FromStart", fromStart: true, before: "old 1\nold 2\n", after: "new 1\n",
			want: []string{"old 1", "old 2", "new 1"}},
		{name: "at the end, skipping a line begun before start-up", before: "old 1\nold 2 begun", after: " ended\nnew 1\n",
			want: []string{"new 1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, func(o *Options, _ string) { o.FromStart = tc.fromStart }, nil)
			writeFile(t, h.path("app.log"), tc.before)
			h.poll(1)
			appendFile(t, h.path("app.log"), tc.after)
			h.poll(1)
			h.wantLines("app.log", tc.want)
		})
	}
	t.Run("truncated and regrown past the start-up end before any read", func(t *testing.T) {
		h := newHarness(t, nil, nil)
		w := newLogWriter(t, h.path("app.log"), false)
		w.write(20)
		h.poll(1)
		copyTruncate(t, w.path, w.path+".1")
		want := w.write(30)
		h.poll(1)
		h.wantLines("app.log", want)
	})
	t.Run("a file that appears later is read from its start", func(t *testing.T) {
		h := newHarness(t, nil, nil)
		h.poll(1)
		writeFile(t, h.path("later.log"), "1\n2\n")
		h.poll(1)
		h.wantLines("later.log", []string{"1", "2"})
	})
}

// TestStats checks the counters and the position after a mixed history.
func TestStats(t *testing.T) {
	h := newHarness(t, func(o *Options, _ string) { o.MaxLineBytes = 8 }, nil)
	h.poll(1)
	appendFile(t, h.path("app.log"), "one\n0123456789\npartial")
	h.poll(1)
	st := h.stats("app.log")
	want := FileStats{Path: h.path("app.log"), Lines: 2, Bytes: 22, CutLines: 1, Size: 22, Offset: 22, Following: true}
	if st != want {
		t.Fatalf("stats\n got %+v\nwant %+v", st, want)
	}
	must(t, os.Rename(h.path("app.log"), h.path("app-11-20-2026-1.log")))
	appendFile(t, h.path("app.log"), "two\n")
	h.poll(1)
	copyTruncate(t, h.path("app.log"), h.path("app.log.1"))
	appendFile(t, h.path("app.log"), "3\n")
	h.poll(1)
	st = h.stats("app.log")
	want = FileStats{Path: h.path("app.log"), Lines: 5, Bytes: 22 + 4 + 2, CutLines: 1, Rotations: 1, Truncations: 1,
		Size: 2, Offset: 2, Following: true}
	if st != want {
		t.Fatalf("stats\n got %+v\nwant %+v", st, want)
	}
	h.wantLines("app.log", []string{"one", "01234567", "partial", "two", "3"})
}
