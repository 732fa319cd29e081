// Package tailer follows text files the way mtail proved works: poll the open file and, at
// EOF, stat the path to tell growth from rename rotation, copytruncate, delete and re-create,
// and a symlink swap. It keeps checkpoints so that a restart resumes where it stopped. It reads
// any text file; it knows nothing of WSO2.
//
// What is guaranteed, and what is not:
//   - From the point where following starts (the end of a file found at start-up, unless
//     FromStart or a checkpoint says otherwise; the start of a file that appears later), every
//     line is delivered once and in order across growth, a rename rotation, copytruncate,
//     delete and re-create, a symlink swap, read errors, and a restart with a checkpoint.
//   - On a rename rotation the old descriptor is read to its end before the new file is
//     opened, and let go only once a poll found it quiet: a writer that keeps writing into
//     the renamed file until it reopens (logrotate's create mode) loses nothing.
//   - A file created and rotated away entirely between two polls (two rollovers within one
//     PollInterval) is not looked for: its lines are not delivered. After a restart, only the
//     file the checkpoint names is looked for (by device and inode, among the files of the
//     same directory); files rolled after it while the agent was down are not, nor is a rolled
//     file already compressed (then the new file is read from its start and the gap logged).
//   - With copytruncate, lines written between logrotate's copy and its truncate are lost
//     (logrotate's own race). A truncation is seen when the size falls below the offset or the
//     file's first bytes (up to 1 KiB) change, so a file truncated and regrown past the offset
//     between two polls is caught too.
//   - A partial last line is held until its newline; when the tailer leaves the file it was
//     in (rotation, truncation, the path forgotten) it is delivered as it stands. A checkpoint
//     points before it, so a restart reads it whole.
//   - A path missing for goneAfter (30 s) is forgotten: its descriptor is closed, it leaves
//     Stats, its checkpoint is removed, and if it comes back it gets a new Sink and is read
//     from its start.
package tailer

import (
	"time"

	"go.uber.org/zap"
)

// Sink receives one live path's lines, in order, across rotations. Calls for one path never
// overlap. The line slice is valid only during the call.
type Sink interface {
	// Line is one complete line without its "\n" (and without a "\r" before it). cut is true
	// when the line was longer than MaxLineBytes: line holds its first MaxLineBytes bytes and
	// the rest was skipped.
	Line(line []byte, cut bool)
	// Idle is called after a poll of the path found no new data, with the clock's time, so the
	// sink can close a record that has stayed incomplete for a while.
	Idle(now time.Time)
}

// BurstSink is a Sink that also hears when a poll has delivered every line it found (a poll
// that found data, where Idle follows one that found none), so that it can hand on work it
// batches without waiting for the file to go quiet.
type BurstSink interface {
	Sink
	EndOfBurst()
}

// Clock is the tailer's time source; tests inject one they step by hand.
type Clock interface {
	Now() time.Time
}

// Options configure a Tailer.
type Options struct {
	// Include are glob patterns (filepath.Match syntax) of the live files to follow.
	Include []string
	// Exclude are glob patterns matched against a file's base name; matching files are never
	// followed (rolled files such as "wso2carbon-*-*.log" and "*.gz").
	Exclude []string
	// StateDir holds checkpoints (device, inode, fingerprint, offset per path); "" keeps none.
	StateDir string
	// FromStart reads files found at start-up (with no checkpoint) from their start instead of
	// their end. Files that appear later are always read from their start.
	FromStart bool
	// MaxLineBytes caps a line; longer lines are cut and counted (default 64 KiB).
	MaxLineBytes int
	// PollInterval is how often every file is polled even when no change notification came
	// (default 50 ms: an idle poll is one stat per file).
	PollInterval time.Duration
	// Clock defaults to the wall clock.
	Clock Clock
	// Open is called once for each live path when it is first followed; its Sink gets every
	// line of that path from then on.
	Open   func(path string) Sink
	Logger *zap.Logger
}

// FileStats are one live path's counters since the tailer started.
type FileStats struct {
	Path        string
	Lines       uint64 // complete lines delivered (cut lines included)
	Bytes       uint64 // bytes read
	Rotations   uint64 // rename rotations, re-creations and symlink swaps followed
	Truncations uint64 // copytruncate (size below the offset, or first bytes changed)
	CutLines    uint64 // lines longer than MaxLineBytes
	Errors      uint64 // failed opens, reads and stats (retried with back-off)
	LastError   string // the last error's text, "" once the file reads again
	Size        int64  // the file's size at the last poll
	Offset      int64  // how far it has been read; Size-Offset is the bytes behind
	Following   bool   // the file is open and being read
}
