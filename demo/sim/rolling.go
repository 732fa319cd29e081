package sim

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// rollingFile appends to a log file the way log4j2's RollingFile appender with a size policy
// does: once the file has grown past maxBytes, it is renamed to
// <name>-MM-dd-yyyy-<i>.log and a new, empty file takes its place.
type rollingFile struct {
	path     string
	maxBytes int64 // 0: never roll
	f        *os.File
	size     int64
	index    int // the last %i used today
	day      string
	rolled   int
}

func openRolling(path string, maxBytes int64) (*rollingFile, error) {
	r := &rollingFile{path: path, maxBytes: maxBytes}
	return r, r.open()
}

func (r *rollingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return err
	}
	r.f, r.size = f, info.Size()
	return nil
}

// write appends one record in a single write(2), as log4j2's immediateFlush does.
func (r *rollingFile) write(record []byte) error {
	if r.maxBytes > 0 && r.size > r.maxBytes {
		if err := r.roll(time.Now()); err != nil {
			return err
		}
	}
	n, err := r.f.Write(record)
	r.size += int64(n)
	return err
}

// roll renames the file to its rolled name and opens a new one.
func (r *rollingFile) roll(now time.Time) error {
	day := now.Format("01-02-2006")
	if day != r.day {
		r.day, r.index = day, 0
	}
	r.index++
	base := strings.TrimSuffix(filepath.Base(r.path), ".log")
	rolled := filepath.Join(filepath.Dir(r.path), fmt.Sprintf("%s-%s-%d.log", base, day, r.index))
	if err := r.f.Close(); err != nil {
		return err
	}
	if err := os.Rename(r.path, rolled); err != nil {
		return err
	}
	r.rolled++
	return r.open()
}

func (r *rollingFile) close() error { return r.f.Close() }
