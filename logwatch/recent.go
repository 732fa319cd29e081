package logwatch

import (
	"sort"
	"sync"
	"time"
)

// RecentError is one of the latest error records of a signature, safe to show: as listed, its
// first line has secrets masked and is at most 512 bytes.
type RecentError struct {
	Time      time.Time `json:"time"`
	Node      string    `json:"node"`
	File      string    `json:"file"`
	Signature string    `json:"signature"`
	Level     string    `json:"level"`
	Logger    string    `json:"logger"`
	FirstLine string    `json:"first_line"`
	Exception string    `json:"exception,omitempty"`
	RootCause string    `json:"root_cause,omitempty"`
}

// SignatureCount is how many WARN, ERROR and FATAL records of one node's signature the agent
// has read that were written at or after the cutover (every record read, with no cutover).
type SignatureCount struct {
	Node, Signature string
	Records         int64
	// LowerBound says Records may fall short: the cutover changed after records of the
	// signature were read, and only the kept ones among those could be compared with it.
	LowerBound bool
}

// signatureTally is what is known of each (node, signature): its latest `keep` records, in a
// ring, and its count since the cutover. Both sit behind one lock and one map lookup, which a
// record with a signature pays once: counting it costs a comparison and an increment more.
type signatureTally struct {
	mu      sync.Mutex
	keep    int
	cutover time.Time // zero: every record counts
	tallies map[[2]string]*tally
}

type tally struct {
	kept  []RecentError
	read  int64 // every record read, as wso2_log_signature_records_total
	since int64 // those written at or after the cutover
	// lowerBound: records were read before the cutover was set, and not all of them are kept.
	lowerBound bool
}

func newSignatureTally(keep int) *signatureTally {
	return &signatureTally{keep: keep, tallies: map[[2]string]*tally{}}
}

// resize changes how many records are kept per signature (a reload of logs.recent_errors).
func (s *signatureTally) resize(keep int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keep = keep
	for _, t := range s.tallies {
		if len(t.kept) > keep {
			t.kept = append(t.kept[:0], t.kept[len(t.kept)-keep:]...)
		}
	}
}

// setCutover counts from at (zero: every record) from now on. The records read before are
// gone but for the kept ones, so a change recounts each signature from those, and says the
// count is a lower bound unless they are all the records read. An unchanged cutover (a reload
// that leaves it) keeps the counts as they are.
func (s *signatureTally) setCutover(at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if at.Equal(s.cutover) {
		return
	}
	s.cutover = at
	for _, t := range s.tallies {
		t.since = 0
		for i := range t.kept {
			if !t.kept[i].Time.Before(at) {
				t.since++
			}
		}
		// With no cutover every record read counts, kept or not.
		if at.IsZero() {
			t.since = t.read
		}
		t.lowerBound = !at.IsZero() && t.read > int64(len(t.kept))
	}
}

// add counts e, a record of e.Signature read by e.Node and written at e.Time, and keeps it.
func (s *signatureTally) add(e RecentError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := [2]string{e.Node, e.Signature}
	t := s.tallies[key]
	if t == nil {
		t = &tally{}
		s.tallies[key] = t
	}
	t.read++
	if !e.Time.Before(s.cutover) {
		t.since++
	}
	if s.keep == 0 {
		return
	}
	t.kept = append(t.kept, e)
	if len(t.kept) > s.keep {
		t.kept = append(t.kept[:0], t.kept[len(t.kept)-s.keep:]...)
	}
}

// counts returns the cutover and, for every node and signature with a record read, the count
// since it.
func (s *signatureTally) counts() (time.Time, []SignatureCount) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SignatureCount, 0, len(s.tallies))
	for key, t := range s.tallies {
		out = append(out, SignatureCount{Node: key[0], Signature: key[1], Records: t.since, LowerBound: t.lowerBound})
	}
	return s.cutover, out
}

// list returns the kept records of node ("" for every node), newest first.
func (s *signatureTally) list(node string) []RecentError {
	s.mu.Lock()
	var out []RecentError
	for key, t := range s.tallies {
		if node == "" || key[0] == node {
			out = append(out, t.kept...)
		}
	}
	s.mu.Unlock()
	for i := range out {
		out[i].FirstLine = redact(out[i].FirstLine)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out
}
