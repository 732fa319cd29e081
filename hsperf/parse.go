package hsperf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

var (
	// ErrFormat is wrapped by every error about a file that is not a valid
	// version 2 perf-data file: wrong magic, unknown major version, truncated
	// or inconsistent prologue or entries.
	ErrFormat = errors.New("not a valid HotSpot perf-data file")
	// ErrNotAccessible means the JVM has not finished setting the file up
	// (its prologue's accessible flag is still 0); reading again later works.
	ErrNotAccessible = errors.New("perf-data file not yet accessible")
)

// Kind says which of an Entry's value fields holds its value.
type Kind uint8

// The kinds of entries Parse keeps; other entry types are skipped.
const (
	KindLong   Kind = iota + 1 // Entry.Long
	KindString                 // Entry.Str
)

// Entry is one counter of the file.
type Entry struct {
	Name        string
	Kind        Kind
	Long        int64
	Str         string
	Units       Units
	Variability Variability
	// Supported is HotSpot's flag for counters that are a stable interface.
	Supported bool
}

// Snapshot is every entry of one perf-data file as it was when read. Some
// string entries (java.rt.vmArgs, sun.rt.javaCommand, java.property.*) hold
// the JVM's command line, which can carry passwords: do not export them.
type Snapshot struct {
	ByteOrder binary.ByteOrder
	Major     int
	Minor     int
	// ModTimeStamp is the JVM's tick count when an entry was last added.
	ModTimeStamp int64
	Entries      map[string]Entry
}

// Long returns the value of the 64-bit counter name.
func (s *Snapshot) Long(name string) (int64, bool) {
	e, ok := s.Entries[name]
	if !ok || e.Kind != KindLong {
		return 0, false
	}
	return e.Long, true
}

// Str returns the value of the string entry name.
func (s *Snapshot) Str(name string) (string, bool) {
	e, ok := s.Entries[name]
	if !ok || e.Kind != KindString {
		return "", false
	}
	return e.Str, true
}

// Read loads the perf-data file at path in one read (the JVM keeps updating
// counters in place, so values may be a few microseconds apart) and parses
// it. A missing file gives an error wrapping ErrNoPerfData, a file the caller
// may not open one wrapping ErrPermission.
func Read(path string) (*Snapshot, error) {
	data, err := readCapped(path)
	if err != nil {
		return nil, err
	}
	snap, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return snap, nil
}

func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, classifyOpenError(path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("reading %s: larger than %d bytes: %w", path, MaxFileSize, ErrFormat)
	}
	return data, nil
}

// classifyOpenError maps the reasons a perf-data file cannot be opened onto
// this package's sentinels, keeping the original error in the chain.
func classifyOpenError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s: %w", ErrNoPerfData, path, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%w: %s: %w", ErrPermission, path, err)
	}
	return fmt.Errorf("opening %s: %w", path, err)
}

// Parse decodes a perf-data file held in data. It never reads outside data:
// any offset or length that points beyond the used part of the file is an
// error wrapping ErrFormat. Entries of types other than scalar longs and
// strings are skipped.
func Parse(data []byte) (*Snapshot, error) {
	if len(data) < prologueSize {
		return nil, fmt.Errorf("%w: %d bytes, shorter than the %d-byte prologue", ErrFormat, len(data), prologueSize)
	}
	if !bytes.Equal(data[:4], magic[:]) {
		return nil, fmt.Errorf("%w: bad magic % x", ErrFormat, data[:4])
	}
	var order binary.ByteOrder
	switch data[4] {
	case byteOrderBig:
		order = binary.BigEndian
	case byteOrderLittle:
		order = binary.LittleEndian
	default:
		return nil, fmt.Errorf("%w: unknown byte order %d", ErrFormat, data[4])
	}
	snap := &Snapshot{ByteOrder: order, Major: int(data[5]), Minor: int(data[6])}
	if snap.Major != supportedMajor {
		return nil, fmt.Errorf("%w: version %d.%d, only %d.x is supported", ErrFormat, snap.Major, snap.Minor, supportedMajor)
	}
	if data[7] == 0 {
		return nil, ErrNotAccessible
	}
	used := int64(int32(order.Uint32(data[8:])))
	snap.ModTimeStamp = int64(order.Uint64(data[16:]))
	entryOffset := int64(int32(order.Uint32(data[24:])))
	numEntries := int64(int32(order.Uint32(data[28:])))
	if used < prologueSize || used > int64(len(data)) {
		return nil, fmt.Errorf("%w: used size %d outside the %d bytes read", ErrFormat, used, len(data))
	}
	if entryOffset < prologueSize || entryOffset > used {
		return nil, fmt.Errorf("%w: entry offset %d outside the used %d bytes", ErrFormat, entryOffset, used)
	}
	if numEntries < 0 || numEntries > (used-entryOffset)/entryHeaderSize {
		return nil, fmt.Errorf("%w: %d entries cannot fit in %d bytes", ErrFormat, numEntries, used-entryOffset)
	}
	area := data[:used]
	snap.Entries = make(map[string]Entry, numEntries)
	for i, off := int64(0), entryOffset; i < numEntries; i++ {
		length, entry, err := parseEntry(area, off, order)
		if err != nil {
			return nil, fmt.Errorf("%w: entry %d at offset %d: %w", ErrFormat, i, off, err)
		}
		// HotSpot never repeats a name; in a file that does, the first counts.
		if _, dup := snap.Entries[entry.Name]; entry.Kind != 0 && !dup {
			snap.Entries[entry.Name] = entry
		}
		off += length
	}
	return snap, nil
}

// parseEntry decodes the entry starting at off and returns its length. An
// entry of a type this package does not keep comes back with Kind 0.
func parseEntry(area []byte, off int64, order binary.ByteOrder) (int64, Entry, error) {
	end := int64(len(area))
	if end-off < entryHeaderSize {
		return 0, Entry{}, errors.New("header runs past the used area")
	}
	h := area[off : off+entryHeaderSize]
	length := int64(int32(order.Uint32(h[0:])))
	nameOffset := int64(int32(order.Uint32(h[4:])))
	vectorLength := int64(int32(order.Uint32(h[8:]))) // 0 for a scalar, else an array's length
	dataType, flags := h[12], h[13]
	dataOffset := int64(int32(order.Uint32(h[16:])))
	if length < entryHeaderSize || length > end-off {
		return 0, Entry{}, fmt.Errorf("length %d does not fit", length)
	}
	body := area[off : off+length]
	if nameOffset < entryHeaderSize || nameOffset >= length {
		return 0, Entry{}, fmt.Errorf("name offset %d outside the %d-byte entry", nameOffset, length)
	}
	nameLen := bytes.IndexByte(body[nameOffset:], 0)
	if nameLen <= 0 {
		return 0, Entry{}, errors.New("name empty or not NUL-terminated")
	}
	e := Entry{
		Name:        string(body[nameOffset : nameOffset+int64(nameLen)]),
		Units:       Units(h[14]),
		Variability: Variability(h[15]),
		Supported:   flags&flagSupported != 0,
	}
	if vectorLength < 0 {
		return 0, Entry{}, fmt.Errorf("%s: negative vector length %d", e.Name, vectorLength)
	}
	switch {
	case dataType == typeLong && vectorLength == 0:
		value, err := entryData(body, dataOffset, 8)
		if err != nil {
			return 0, Entry{}, fmt.Errorf("%s: %w", e.Name, err)
		}
		e.Kind, e.Long = KindLong, int64(order.Uint64(value))
	case dataType == typeByte && vectorLength > 0 && e.Units == UnitsString:
		value, err := entryData(body, dataOffset, vectorLength)
		if err != nil {
			return 0, Entry{}, fmt.Errorf("%s: %w", e.Name, err)
		}
		// The vector is a buffer of fixed capacity; the string ends at the first NUL.
		if n := bytes.IndexByte(value, 0); n >= 0 {
			value = value[:n]
		}
		e.Kind, e.Str = KindString, string(value)
	}
	return length, e, nil
}

// entryData returns the size bytes at offset of an entry's body, or an error
// if they are not all inside it.
func entryData(body []byte, offset, size int64) ([]byte, error) {
	if offset < entryHeaderSize || offset > int64(len(body))-size {
		return nil, fmt.Errorf("data offset %d and size %d outside the %d-byte entry", offset, size, len(body))
	}
	return body[offset : offset+size], nil
}
