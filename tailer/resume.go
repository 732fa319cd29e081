package tailer

import (
	"io/fs"
	"path/filepath"

	"go.uber.org/zap"
)

// resumeIn places the reading of a path that has a resume position (a checkpoint, or where a
// read error stopped), given the file the path names now:
//   - the same file, still starting with the same bytes: continue at the position;
//   - the same inode with other content (truncated or replaced): read it from its start;
//   - another file: the old one was rotated away; if it is still in the directory under a
//     rolled name, finish it from the position first, then the new one is read from its start
//     (the usual rotation). Otherwise read the new file from its start.
func (f *follower) resumeIn(current file, info fs.FileInfo) error {
	pos := *f.resume
	f.resume = nil
	if pos.id() == idOf(info) {
		intact, err := f.holdsPosition(current, info, pos)
		if err != nil {
			current.Close()
			f.resume = &pos
			return err
		}
		if intact {
			f.follow(current, info, pos.Offset)
			f.split.skipping = pos.SkipToNewline
			return nil
		}
		f.log.Warn("the file changed while it was not being read (truncated or replaced); reading it from its start, lines may have been missed", zap.Int64("offset", pos.Offset))
		f.follow(current, info, 0)
		f.countTruncation()
		return nil
	}
	if rolled, rolledInfo, name := f.findRolled(pos); rolled != nil {
		current.Close()
		f.log.Info("the file was rotated while it was not being read; finishing the rolled file first", zap.String("rolled_path", name), zap.Int64("offset", pos.Offset))
		f.follow(rolled, rolledInfo, pos.Offset)
		f.split.skipping = pos.SkipToNewline
		return nil
	}
	f.log.Warn("the file was rotated while it was not being read and the rolled file is gone; reading the new file from its start, lines may have been missed")
	f.follow(current, info, 0)
	f.countRotation()
	return nil
}

// holdsPosition tells whether file still holds what pos was taken from.
func (f *follower) holdsPosition(file file, info fs.FileInfo, pos position) (bool, error) {
	if info.Size() < pos.Offset {
		return false, nil
	}
	return pos.fingerprint().matches(file, f.t.buf)
}

// findRolled looks in the path's directory for the file pos was taken from, under whatever
// name rotation gave it. It returns nil if it is gone (deleted, or replaced by a compressed
// copy) or no longer holds what pos was taken from.
func (f *follower) findRolled(pos position) (file, fs.FileInfo, string) {
	dir := filepath.Dir(f.path)
	names, err := f.t.fs.ReadDirNames(dir)
	if err != nil {
		return nil, nil, ""
	}
	for _, name := range names {
		path := filepath.Join(dir, name)
		if info, err := f.t.fs.Lstat(path); err != nil || !info.Mode().IsRegular() || idOf(info) != pos.id() {
			continue
		}
		rolled, err := f.t.fs.Open(path)
		if err != nil {
			f.log.Warn("cannot open the rolled file", zap.String("rolled_path", path), zap.Error(err))
			return nil, nil, ""
		}
		info, err := rolled.Stat()
		if err == nil && idOf(info) == pos.id() {
			if intact, err := f.holdsPosition(rolled, info, pos); err == nil && intact {
				return rolled, info, path
			}
		}
		rolled.Close()
		return nil, nil, ""
	}
	return nil, nil, ""
}
