package tailer

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"go.uber.org/zap"
)

// goneAfter is how long a path may stay missing before it is forgotten. Until then its old
// descriptor is kept and drained, since a rotation's new file may appear a moment later.
const goneAfter = 30 * time.Second

// follower follows one live path across the files that successively bear its name. Only the
// polling goroutine touches it; what others may read is published through stats.
type follower struct {
	path  string
	sink  Sink
	t     *Tailer
	log   *zap.Logger
	stats *entry

	cur   *openFile // nil while no file is open
	split splitter
	// resume is where to continue when the next file is opened: a checkpoint, or where a read
	// error stopped.
	resume *position
	// atStartup is set for paths found by the tailer's first poll: without a checkpoint (and
	// unless FromStart) they are read from their end.
	atStartup    bool
	missingSince time.Time
	gone         bool // missing for goneAfter: the tailer forgets the path
	retry        retrier
}

// openFile is the file being read, which the path may no longer name.
type openFile struct {
	f      file
	id     fileID
	offset int64 // how far it has been read
	fp     fingerprint
	// size and modTime are as last seen, so an unchanged file costs no fingerprint check.
	size    int64
	modTime time.Time
}

// poll reads whatever the path has gained since the last poll and tells whether there was any.
func (f *follower) poll(now time.Time) (gotData bool) {
	if !f.retry.due(now) {
		return false
	}
	gotData, err := f.step(now)
	if err != nil {
		f.failed(now, err)
	} else if f.retry.succeeded() {
		f.log.Info("the file reads again")
		f.publishError("")
	}
	f.publishState()
	return gotData
}

// step decides from a stat of the path whether it grew, was truncated, now names another file
// or none, and reads accordingly.
func (f *follower) step(now time.Time) (gotData bool, err error) {
	info, err := f.t.fs.Stat(f.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		info = nil
	case err != nil:
		return false, err
	case !info.Mode().IsRegular():
		return false, fmt.Errorf("%s: not a regular file (%s)", f.path, info.Mode().Type())
	}
	if f.cur != nil && (info == nil || f.cur.id != idOf(info)) {
		// The path names another file now, or none: finish the old one first, and let it go only
		// once a poll found it quiet, in case its writer is still finishing lines into it.
		if n, err := f.read(); n > 0 || err != nil {
			return n > 0, err
		}
		if info != nil {
			f.leave()
			f.countRotation()
		}
	}
	if info == nil {
		f.noteMissing(now)
		return false, nil
	}
	f.missingSince = time.Time{}
	if f.cur == nil {
		if opened, err := f.open(); err != nil || !opened {
			return false, err
		}
	} else if err := f.checkTruncation(info); err != nil {
		return false, err
	}
	if f.cur.id == idOf(info) && info.Size() == f.cur.offset {
		return false, nil // nothing new: an idle poll costs one stat
	}
	n, err := f.read()
	return n > 0, err
}

// open opens the file the path names and places the read offset: at a checkpoint, at the end
// of a file found at start-up, or at the start. It reports false if the file vanished.
func (f *follower) open() (opened bool, err error) {
	file, err := f.t.fs.Open(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil // removed since the stat: the next poll sees it missing
	}
	if err != nil {
		return false, err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return false, err
	}
	switch {
	case f.resume != nil:
		err = f.resumeIn(file, info)
	case f.atStartup && !f.t.opts.FromStart:
		err = f.followFromEnd(file, info)
	default:
		f.follow(file, info, 0)
	}
	if err == nil {
		// Fingerprint what lies before the offset now, so a truncation before the next read
		// is seen too.
		err = f.updateFingerprint()
	}
	f.atStartup = false
	return err == nil, err
}

// followFromEnd starts at the end of the file. If that falls inside a line, the rest of that
// line is skipped: its start was written before the tailer began.
func (f *follower) followFromEnd(file file, info fs.FileInfo) error {
	end := info.Size()
	f.follow(file, info, end)
	if end == 0 {
		return nil
	}
	last := f.t.buf[:1]
	if _, err := file.ReadAt(last, end-1); err != nil {
		f.dropAfterError()
		return fmt.Errorf("couldn't read the last byte: %w", err)
	}
	f.split.skipping = last[0] != '\n'
	return nil
}

func (f *follower) follow(file file, info fs.FileInfo, offset int64) {
	f.cur = &openFile{f: file, id: idOf(info), offset: offset, size: info.Size(), modTime: info.ModTime()}
	f.split.reset()
}

// checkTruncation sees copytruncate: a size below the offset, or first bytes that changed
// (truncated and rewritten past the offset since the last poll). Reading restarts at 0.
func (f *follower) checkTruncation(info fs.FileInfo) error {
	c := f.cur
	changed := info.Size() != c.size || !info.ModTime().Equal(c.modTime)
	c.size, c.modTime = info.Size(), info.ModTime()
	if !changed && info.Size() >= c.offset {
		return nil
	}
	intact := info.Size() >= c.offset
	if intact {
		var err error
		if intact, err = c.fp.matches(c.f, f.t.buf); err != nil {
			f.dropAfterError()
			return err
		}
	}
	if intact {
		return nil
	}
	f.log.Info("the file was truncated; reading it from its start", zap.Int64("offset", c.offset), zap.Int64("size", info.Size()))
	f.publishRead(0, f.split.flush(f.sink))
	c.offset, c.fp = 0, fingerprint{}
	f.countTruncation()
	return nil
}

// read reads the open file to its end in large chunks, handing complete lines to the sink.
func (f *follower) read() (int64, error) {
	c := f.cur
	var total int64
	err := readToEnd(c.f, c.offset, f.t.buf, &f.t.readAhead, func(chunk []byte) {
		counts := f.split.feed(chunk, f.sink)
		c.offset += int64(len(chunk))
		c.size = max(c.size, c.offset)
		total += int64(len(chunk))
		f.publishRead(len(chunk), counts)
	})
	if err != nil {
		f.dropAfterError()
		return total, err
	}
	return total, f.updateFingerprint()
}

// updateFingerprint extends the fingerprint over what has been read, up to fingerprintBytes.
func (f *follower) updateFingerprint() error {
	c := f.cur
	if c.fp.n == fingerprintBytes || c.offset <= int64(c.fp.n) {
		return nil
	}
	fp, err := takeFingerprint(c.f, int(min(c.offset, fingerprintBytes)), f.t.buf)
	if err != nil {
		f.dropAfterError()
		return err
	}
	c.fp = fp
	return nil
}

// dropAfterError closes a file that failed to read; the next open resumes at its last
// complete line, in whichever file then holds it.
func (f *follower) dropAfterError() {
	pos, _ := f.position()
	f.resume = &pos
	f.cur.f.Close()
	f.cur = nil
	f.split.reset()
}

// leave closes the open file, delivering its unfinished last line.
func (f *follower) leave() {
	f.publishRead(0, f.split.flush(f.sink))
	f.cur.f.Close()
	f.cur = nil
}

// noteMissing keeps a missing path (and its drained descriptor) for goneAfter, then lets it go.
func (f *follower) noteMissing(now time.Time) {
	if f.missingSince.IsZero() {
		f.missingSince = now
	}
	if now.Sub(f.missingSince) < goneAfter {
		return
	}
	if f.cur != nil {
		f.leave()
	}
	f.gone = true
	f.log.Info("the file has been missing for a while; no longer following it", zap.Duration("missing_for", now.Sub(f.missingSince)))
}

// failed counts the error, backs off, and logs it unless it is the cause already logged.
func (f *follower) failed(now time.Time, err error) {
	if f.retry.failed(now, err.Error()) {
		f.log.Warn("cannot read the file; retrying with back-off", zap.Error(err))
	}
	f.publishError(err.Error())
}
