package tailer

import (
	"errors"
	"fmt"
	"hash/crc64"
	"io"
	"io/fs"
	"syscall"
)

// fileID tells files apart: a rename keeps it, a new file gets another one. The inode number
// cannot be reused while the tailer holds the old file open, so comparing it with the path's
// is enough to see a rotation.
type fileID struct {
	dev, ino uint64
}

func idOf(info fs.FileInfo) fileID {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)} // Dev is signed on some systems
}

// fingerprintBytes is how much of a file's start identifies its content: enough to hold a
// log's first timestamped line, so a file truncated and rewritten past the old offset between
// two polls (copytruncate) or an inode reused while the agent was down is told apart.
const fingerprintBytes = 1024

var crcTable = crc64.MakeTable(crc64.ECMA)

// fingerprint is the checksum of a file's first n bytes (n grows with what has been read, up
// to fingerprintBytes).
type fingerprint struct {
	n   int
	sum uint64
}

// takeFingerprint checksums the first n bytes of r, using scratch as the read buffer.
func takeFingerprint(r io.ReaderAt, n int, scratch []byte) (fingerprint, error) {
	got, err := r.ReadAt(scratch[:n], 0)
	if err != nil && !(errors.Is(err, io.EOF) && got == n) {
		return fingerprint{}, fmt.Errorf("couldn't read the first bytes: %w", err)
	}
	return fingerprint{n: n, sum: crc64.Checksum(scratch[:n], crcTable)}, nil
}

// matches tells whether r still starts with the bytes fp was taken from. A file now shorter
// than fp.n does not.
func (fp fingerprint) matches(r io.ReaderAt, scratch []byte) (bool, error) {
	if fp.n == 0 {
		return true, nil
	}
	got, err := r.ReadAt(scratch[:fp.n], 0)
	if got < fp.n {
		if err != nil && !errors.Is(err, io.EOF) {
			return false, fmt.Errorf("couldn't read the first bytes: %w", err)
		}
		return false, nil
	}
	return crc64.Checksum(scratch[:fp.n], crcTable) == fp.sum, nil
}
