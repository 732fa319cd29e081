package tailer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"
)

// failingAt reads data and, when fails, fails every read from failAt on.
type failingAt struct {
	data   []byte
	fails  bool
	failAt int64
}

var errDevice = errors.New("input/output error")

func (r *failingAt) ReadAt(p []byte, off int64) (int, error) {
	if r.fails && off >= r.failAt {
		return 0, errDevice
	}
	return bytes.NewReader(r.data).ReadAt(p, off)
}

// A backlog of many buffers arrives whole and in order, from any offset, whether its end falls
// on a buffer's end or inside one; a read error ends it after the data before it.
func TestReadToEnd(t *testing.T) {
	data := make([]byte, 64*10+17)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for _, tc := range []struct {
		name   string
		size   int
		offset int64
		fails  bool
		failAt int64
		want   []byte
		err    error
	}{
		{name: "short read, no backlog", size: len(data), offset: 640, want: data[640:]},
		{name: "backlog ending inside a buffer", size: len(data), want: data},
		{name: "backlog ending on a buffer's end", size: 640, want: data[:640]},
		{name: "from an offset", size: len(data), offset: 100, want: data[100:]},
		{name: "empty", size: 0, want: nil},
		{name: "read error in the backlog", size: len(data), fails: true, failAt: 300, want: data[:320], err: errDevice},
		{name: "read error at once", size: len(data), fails: true, failAt: 0, want: nil, err: errDevice},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &failingAt{data: data[:tc.size], fails: tc.fails, failAt: tc.failAt}
			var got []byte
			calls := 0
			var ahead []byte
			err := readToEnd(r, tc.offset, make([]byte, 64), &ahead, func(chunk []byte) {
				calls++
				got = append(got, chunk...)
			})
			if !errors.Is(err, tc.err) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
			if !bytes.Equal(got, tc.want) {
				t.Fatalf("got %d bytes in %d chunks, want %d bytes: %s", len(got), calls, len(tc.want), firstDifference(got, tc.want))
			}
		})
	}
}

// countingReader tells each ReadAt it completed.
type countingReader struct {
	r     io.ReaderAt
	reads chan struct{}
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.reads <- struct{}{}
	return n, err
}

// A chunk is never overwritten while in use: during each use the reader reads the next chunk
// (into the other buffer), and is then given time to misbehave before the chunk is compared
// with the file.
func TestReadToEndKeepsTheChunkInUse(t *testing.T) {
	const chunk, chunks = 4096, 64
	data := make([]byte, chunk*chunks)
	for i := range data {
		data[i] = byte(i / 64)
	}
	r := &countingReader{r: bytes.NewReader(data), reads: make(chan struct{}, chunks+2)}
	var ahead []byte
	offset, used, reads := 0, 0, 0
	err := readToEnd(r, 0, make([]byte, chunk), &ahead, func(c []byte) {
		used++
		for ; reads < min(used+1, chunks+1); reads++ { // the next chunk's read, or the one at EOF
			select {
			case <-r.reads:
			case <-time.After(5 * time.Second):
				t.Fatalf("chunk %d: the reader did not read ahead", used)
			}
		}
		time.Sleep(time.Millisecond)
		if !bytes.Equal(c, data[offset:offset+len(c)]) {
			t.Fatalf("chunk %d at %d changed while in use", used, offset)
		}
		offset += len(c)
	})
	if err != nil || offset != len(data) {
		t.Fatalf("read %d of %d bytes, error %v", offset, len(data), err)
	}
}

func firstDifference(got, want []byte) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("first difference at byte %d", i)
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(got), len(want))
}
