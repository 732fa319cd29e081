package tailer

import (
	"slices"
	"strings"
)

// entry is what a follower publishes for Stats and Checkpoint, which other goroutines call
// while the poll runs. It is guarded by Tailer.mu and updated once per chunk read, never per
// line.
type entry struct {
	stats  FileStats
	pos    position
	hasPos bool
	gone   bool
}

// Stats returns a snapshot of every live path's counters, sorted by path. It is safe to call
// while Poll or Run is running.
func (t *Tailer) Stats() []FileStats {
	t.mu.Lock()
	out := make([]FileStats, 0, len(t.entries))
	for _, e := range t.entries {
		if !e.gone {
			out = append(out, e.stats)
		}
	}
	t.mu.Unlock()
	slices.SortFunc(out, func(a, b FileStats) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// positionSnapshot is one path's published position, for Checkpoint.
type positionSnapshot struct {
	path   string
	entry  *entry
	pos    position
	hasPos bool
	gone   bool
}

func (t *Tailer) snapshotPositions() []positionSnapshot {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]positionSnapshot, 0, len(t.entries))
	for path, e := range t.entries {
		out = append(out, positionSnapshot{path: path, entry: e, pos: e.pos, hasPos: e.hasPos, gone: e.gone})
	}
	return out
}

// dropGone forgets a gone path's entry once its checkpoint is removed, unless the path came
// back meanwhile with a new entry.
func (t *Tailer) dropGone(e *entry) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.entries[e.stats.Path] == e {
		delete(t.entries, e.stats.Path)
	}
}

func (f *follower) update(change func(e *entry)) {
	f.t.mu.Lock()
	change(f.stats)
	f.t.mu.Unlock()
}

// position is where the path's reading stands: past the last complete line delivered.
func (f *follower) position() (position, bool) {
	switch {
	case f.cur != nil:
		return position{
			Device: f.cur.id.dev, Inode: f.cur.id.ino,
			FingerprintLen: f.cur.fp.n, Fingerprint: f.cur.fp.sum,
			Offset:        f.cur.offset - int64(f.split.held()),
			SkipToNewline: f.split.skipping,
		}, true
	case f.resume != nil:
		return *f.resume, true
	}
	return position{}, false
}

func (f *follower) publishRead(n int, c lineCounts) {
	pos, hasPos := f.position()
	f.update(func(e *entry) {
		e.stats.Bytes += uint64(n)
		e.stats.Lines += c.lines
		e.stats.CutLines += c.cut
		e.pos, e.hasPos = pos, hasPos
		if f.cur != nil {
			e.stats.Offset, e.stats.Size = f.cur.offset, f.cur.size
		}
	})
}

func (f *follower) publishState() {
	pos, hasPos := f.position()
	f.update(func(e *entry) {
		e.pos, e.hasPos = pos, hasPos
		e.gone = f.gone
		e.stats.Following = f.cur != nil
		if f.cur != nil {
			e.stats.Offset, e.stats.Size = f.cur.offset, f.cur.size
		}
	})
}

// publishError records a failure, or with "" that the file reads again.
func (f *follower) publishError(cause string) {
	f.update(func(e *entry) {
		if cause != "" {
			e.stats.Errors++
		}
		e.stats.LastError = cause
	})
}

func (f *follower) countRotation() {
	f.update(func(e *entry) { e.stats.Rotations++ })
}

func (f *follower) countTruncation() {
	f.update(func(e *entry) { e.stats.Truncations++ })
}
