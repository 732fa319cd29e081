package tailer

import (
	"errors"
	"io"
)

// readToEnd reads r from offset until io.EOF in chunks of len(buf) bytes, handing each chunk
// to use in file order, and returns the first error other than io.EOF. A chunk is valid only
// during its call to use.
//
// A read that fills the whole buffer means a backlog (a catch-up at start, or a burst): then
// the next chunk is read on a second goroutine while use splits and parses the one before,
// buf and *ahead (made on the first backlog, then kept) taking turns, so that the copy from
// the page cache (about a sixth of a catch-up's time) is done on the other core. A live
// file's usual read, shorter than the buffer, costs no goroutine. The second goroutine ends at the first error, io.EOF included,
// before readToEnd returns; r must allow concurrent ReadAt calls (os.File does).
func readToEnd(r io.ReaderAt, offset int64, buf []byte, ahead *[]byte, use func(chunk []byte)) error {
	n, err := r.ReadAt(buf, offset)
	if err != nil || n < len(buf) {
		if n > 0 {
			use(buf[:n])
		}
		return endOfRead(err)
	}
	if len(*ahead) != len(buf) {
		*ahead = make([]byte, len(buf))
	}
	bufs := [2][]byte{buf, *ahead}
	type filled struct {
		buf int
		n   int
		err error
	}
	chunks := make(chan filled, 1)
	free := make(chan int, 1)
	go func() {
		next, buf := offset+int64(n), 1
		for {
			n, err := r.ReadAt(bufs[buf], next)
			chunks <- filled{buf, n, err}
			if err != nil || n == 0 {
				return
			}
			next += int64(n)
			buf = <-free
		}
	}()
	use(bufs[0][:n])
	free <- 0
	for {
		c := <-chunks
		if c.n > 0 {
			use(bufs[c.buf][:c.n])
		}
		if c.err != nil || c.n == 0 {
			return endOfRead(c.err) // the reader's last chunk: it has returned
		}
		free <- c.buf
	}
}

// endOfRead is err with io.EOF, the normal end, made nil.
func endOfRead(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}
