package logwatch

import (
	"time"

	"github.com/apimwatch/apimwatch/logparse"
)

// A batch is handed over once it holds problemBatchSize records or problemBatchBytes of their
// lines: enough that the hand-off costs little per record, little enough that the two batches
// stay small in memory (a record keeps at most maxBody bytes of stack trace).
const (
	problemBatchSize  = 256
	problemBatchBytes = 256 << 10
)

// problemQueue hands a node's warning and error records, and its unparsed lines, to a
// goroutine of their own, which classifies and counts them (nodeWatch.problem: a quarter of a
// catch-up's work, done on the second core while the tailer goroutine reads and parses on).
// Records go in batches, in order, through two batches that take turns, so a burst costs two
// batches of memory at most and the tailer waits when the classifier falls behind.
//
// Only the tailer goroutine calls its methods. It hands the batch being filled over when it
// is full and at the end of each poll's lines (EndOfBurst); at Idle it waits until every
// record handed over is counted, so that a file gone quiet has complete metrics; stop does
// the same and ends the goroutine, which the next record starts again.
type problemQueue struct {
	filling *problemBatch
	spare   []*problemBatch
	work    chan *problemBatch // to the classifier
	done    chan *problemBatch // back from it, emptied
	handed  int                // batches with the classifier
	running bool
}

type problemBatch struct {
	items []queuedProblem
	arena []byte // behind the items' records
}

// queuedProblem is a record for nodeWatch.problem, or, when unparsed, a line that belongs to no
// record (rec.FirstLine) for its out-of-memory check.
type queuedProblem struct {
	sink *fileSink
	rec  logparse.Record
	// seen is the tailer's time for the line's burst: the time of a record that gives none, read
	// on the tailer goroutine (the classifier never reads the clock, which tests step).
	seen     time.Time
	unparsed bool
}

func (q *problemQueue) add(s *fileSink, rec *logparse.Record, seen time.Time) {
	b := q.batch(s.node)
	var c logparse.Record
	c, b.arena = rec.CloneInto(b.arena)
	b.items = append(b.items, queuedProblem{sink: s, rec: c, seen: seen})
	q.handOverIfFull()
}

func (q *problemQueue) addUnparsed(s *fileSink, line []byte, seen time.Time) {
	b := q.batch(s.node)
	start := len(b.arena)
	b.arena = append(b.arena, line...)
	b.items = append(b.items, queuedProblem{sink: s, rec: logparse.Record{FirstLine: b.arena[start:len(b.arena):len(b.arena)]}, seen: seen, unparsed: true})
	q.handOverIfFull()
}

// batch is the batch being filled, taken from the spare ones or, when both are with the
// classifier, the first it gives back. The classifier of n is started if it is not running.
func (q *problemQueue) batch(n *nodeWatch) *problemBatch {
	if q.filling != nil {
		return q.filling
	}
	if !q.running {
		q.start(n)
	}
	if n := len(q.spare); n > 0 {
		q.filling, q.spare = q.spare[n-1], q.spare[:n-1]
	} else {
		q.filling = <-q.done
		q.handed--
	}
	return q.filling
}

func (q *problemQueue) handOverIfFull() {
	if len(q.filling.items) >= problemBatchSize || len(q.filling.arena) >= problemBatchBytes {
		q.handOver()
	}
}

// handOver gives the batch being filled, if any, to the classifier.
func (q *problemQueue) handOver() {
	if q.filling == nil {
		return
	}
	q.work <- q.filling
	q.filling = nil
	q.handed++
}

// drain hands the batch being filled over and waits until the classifier has counted every
// record.
func (q *problemQueue) drain() {
	q.handOver()
	for ; q.handed > 0; q.handed-- {
		q.spare = append(q.spare, <-q.done)
	}
}

// stop drains the queue and ends the classifier's goroutine.
func (q *problemQueue) stop() {
	if !q.running {
		return
	}
	q.drain()
	close(q.work)
	q.running = false
}

func (q *problemQueue) start(n *nodeWatch) {
	q.work, q.done = make(chan *problemBatch, 2), make(chan *problemBatch, 2)
	if len(q.spare) == 0 {
		q.spare = []*problemBatch{{}, {}}
	}
	q.running = true
	go classifyBatches(n, q.work, q.done)
}

// classifyBatches is the classifier's goroutine: each batch's records are counted in order,
// and the batch, emptied, goes back.
func classifyBatches(n *nodeWatch, work <-chan *problemBatch, done chan<- *problemBatch) {
	for b := range work {
		for i := range b.items {
			p := &b.items[i]
			if p.unparsed {
				n.unparsedProblem(p.sink, p.rec.FirstLine, p.seen)
			} else {
				n.problem(p.sink, &p.rec, p.seen)
			}
			*p = queuedProblem{} // let the sink go
		}
		b.items, b.arena = b.items[:0], b.arena[:0]
		done <- b
	}
}
