package tailer

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"go.uber.org/zap"
)

// position is where a path's reading stands, as kept in its checkpoint: the file (device,
// inode, and a checksum of its first bytes, against inode reuse and truncation) and the offset
// just past the last complete line delivered.
type position struct {
	Device         uint64 `json:"device"`
	Inode          uint64 `json:"inode"`
	FingerprintLen int    `json:"fingerprint_len"`
	Fingerprint    uint64 `json:"fingerprint"`
	Offset         int64  `json:"offset"`
	// SkipToNewline: the bytes at Offset finish a line already delivered (cut) or begun
	// before the tailer started.
	SkipToNewline bool `json:"skip_to_newline,omitempty"`
}

func (p position) id() fileID { return fileID{dev: p.Device, ino: p.Inode} }

func (p position) fingerprint() fingerprint {
	return fingerprint{n: p.FingerprintLen, sum: p.Fingerprint}
}

// checkpointFile is the JSON of one path's checkpoint.
type checkpointFile struct {
	Path string `json:"path"`
	position
}

const (
	checkpointPrefix = "tail-"
	checkpointSuffix = ".json"
)

// checkpointName is the file holding path's checkpoint: one file per path, so tailers of
// different paths may share a StateDir and an unchanged path costs no write.
func checkpointName(stateDir, path string) string {
	h := fnv.New64a()
	h.Write([]byte(path))
	return filepath.Join(stateDir, fmt.Sprintf("%s%016x%s", checkpointPrefix, h.Sum64(), checkpointSuffix))
}

// loadCheckpoints reads every checkpoint in stateDir, creating the directory if needed. An
// unreadable checkpoint is logged and skipped: its path is then read as if new.
func loadCheckpoints(stateDir string, log *zap.Logger) (map[string]position, error) {
	if err := os.MkdirAll(stateDir, 0o750); err != nil {
		return nil, fmt.Errorf("couldn't create the state directory: %w", err)
	}
	entries, err := os.ReadDir(stateDir)
	if err != nil {
		return nil, fmt.Errorf("couldn't read the state directory: %w", err)
	}
	loaded := map[string]position{}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), checkpointPrefix) || !strings.HasSuffix(e.Name(), checkpointSuffix) {
			continue
		}
		name := filepath.Join(stateDir, e.Name())
		var cp checkpointFile
		data, err := os.ReadFile(name)
		if err == nil {
			err = json.Unmarshal(data, &cp)
		}
		if err != nil || cp.Path == "" {
			log.Warn("ignoring an unreadable checkpoint", zap.String("checkpoint", name), zap.Error(err))
			continue
		}
		loaded[cp.Path] = cp.position
	}
	return loaded, nil
}

// writeCheckpoint replaces path's checkpoint atomically: a crash leaves the old one or the
// new one, never a torn file.
func writeCheckpoint(stateDir, path string, pos position) error {
	data, err := json.Marshal(checkpointFile{Path: path, position: pos})
	if err != nil {
		return fmt.Errorf("couldn't encode the checkpoint of %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(stateDir, ".tmp-"+checkpointPrefix)
	if err != nil {
		return fmt.Errorf("couldn't write the checkpoint of %s: %w", path, err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), checkpointName(stateDir, path))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("couldn't write the checkpoint of %s: %w", path, err)
	}
	return nil
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("couldn't sync the state directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("couldn't sync the state directory: %w", err)
	}
	return nil
}

// Checkpoint writes every file's position to StateDir (atomically: write, fsync, rename).
// Only positions that changed since the last write are written; the checkpoints of forgotten
// paths are removed. It is safe to call while Poll or Run is running.
func (t *Tailer) Checkpoint() error {
	if t.opts.StateDir == "" {
		return nil
	}
	t.checkpointMu.Lock()
	defer t.checkpointMu.Unlock()
	var errs []error
	changed := false
	for _, s := range t.snapshotPositions() {
		written, ok := t.written[s.path]
		switch {
		case s.gone:
			err := os.Remove(checkpointName(t.opts.StateDir, s.path))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("couldn't remove the checkpoint of %s: %w", s.path, err))
				continue
			}
			delete(t.written, s.path)
			t.dropGone(s.entry)
			changed = true
		case s.hasPos && (!ok || written != s.pos):
			if err := writeCheckpoint(t.opts.StateDir, s.path, s.pos); err != nil {
				errs = append(errs, err)
				continue
			}
			t.written[s.path] = s.pos
			changed = true
		}
	}
	if changed {
		if err := syncDir(t.opts.StateDir); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
