package tailer

import (
	"io"
	"io/fs"
	"os"
)

// fileSystem is what the tailer asks of the operating system. Tests replace it to provoke
// errors that root (the test runner) cannot get from the real one, such as EACCES or ESTALE.
type fileSystem interface {
	Open(name string) (file, error)
	Stat(name string) (fs.FileInfo, error)
	Lstat(name string) (fs.FileInfo, error)
	// ReadDirNames lists a directory's entries, unsorted.
	ReadDirNames(dir string) ([]string, error)
}

// file is an open file read at explicit offsets, so truncation needs no seek.
type file interface {
	io.ReaderAt
	io.Closer
	Stat() (fs.FileInfo, error)
}

// osFileSystem is the real file system.
type osFileSystem struct{}

func (osFileSystem) Open(name string) (file, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err // a nil *os.File must not become a non-nil file
	}
	return f, nil
}

func (osFileSystem) Stat(name string) (fs.FileInfo, error)  { return os.Stat(name) }
func (osFileSystem) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }

func (osFileSystem) ReadDirNames(dir string) ([]string, error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Readdirnames(-1)
}
