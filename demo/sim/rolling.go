package sim

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// RolloverMax is how many rolled files of a day a file keeps: the demo's log4j2.properties
// declares it as DefaultRolloverStrategy's max, which is also WSO2's.
const RolloverMax = 20

// rollover is when and how a rollingFile rolls: its appender's SizeBasedTriggeringPolicy and
// whether its filePattern ends in ".gz".
type rollover struct {
	maxBytes int64 // 0: never roll
	gzip     bool
}

// rollingFile appends to a log file the way log4j2's RollingFile appender with a size policy
// and DefaultRolloverStrategy does: once the file has grown past maxBytes, it is renamed to
// <name>-MM-dd-yyyy-<i>.log and a new, empty file takes its place; with gzip, the renamed file
// is then compressed to <name>-MM-dd-yyyy-<i>.log.gz and removed. At most RolloverMax rolled
// files are kept a day, the newest with the highest index (the strategy's fileIndex=max).
type rollingFile struct {
	path   string
	policy rollover
	f      *os.File
	size   int64
	index  int // the last %i used today
	day    string
	rolled int
}

func openRolling(path string, policy rollover) (*rollingFile, error) {
	r := &rollingFile{path: path, policy: policy}
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
	if r.policy.maxBytes > 0 && r.size > r.policy.maxBytes {
		if err := r.roll(time.Now()); err != nil {
			return err
		}
	}
	n, err := r.f.Write(record)
	r.size += int64(n)
	return err
}

// roll renames the file to its rolled name, opens a new one, and compresses the rolled one if
// the policy says so. The rename comes first, as in log4j2: a reader holding the file open
// reads what is left of it from its descriptor, the compressed copy and the removal of the
// renamed file do not take it away from under it.
func (r *rollingFile) roll(now time.Time) error {
	day := now.Format("01-02-2006")
	if day != r.day {
		r.day, r.index = day, 0
	}
	if r.index < RolloverMax {
		r.index++
	} else if err := r.purgeOldest(); err != nil {
		return err
	}
	rolled := r.rolledName(r.index, false)
	if err := r.f.Close(); err != nil {
		return err
	}
	if err := os.Rename(r.path, rolled); err != nil {
		return err
	}
	r.rolled++
	if err := r.open(); err != nil {
		return err
	}
	if !r.policy.gzip {
		return nil
	}
	if err := gzipFile(rolled, r.rolledName(r.index, true)); err != nil {
		return err
	}
	return os.Remove(rolled)
}

// purgeOldest makes room for one more rolled file as log4j2's fileIndex=max does once the day
// has RolloverMax of them: it deletes index 1 and moves every other one down an index, so that
// the new rolled file takes the highest.
func (r *rollingFile) purgeOldest() error {
	if err := os.Remove(r.rolledName(1, r.policy.gzip)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for i := 2; i <= RolloverMax; i++ {
		if err := os.Rename(r.rolledName(i, r.policy.gzip), r.rolledName(i-1, r.policy.gzip)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// rolledName is the file's name rolled today with index i, compressed or not.
func (r *rollingFile) rolledName(i int, compressed bool) string {
	base := strings.TrimSuffix(filepath.Base(r.path), ".log")
	name := filepath.Join(filepath.Dir(r.path), fmt.Sprintf("%s-%s-%d.log", base, r.day, i))
	if compressed {
		name += ".gz"
	}
	return name
}

// gzipFile writes src compressed to dst, as log4j2's GzCompressAction does.
func gzipFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, in.Close()) }()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(out)
	_, err = io.Copy(zw, in)
	return errors.Join(err, zw.Close(), out.Close())
}

func (r *rollingFile) close() error { return r.f.Close() }
