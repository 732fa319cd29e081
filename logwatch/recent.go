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

// recentErrors keeps the latest `keep` records per (node, signature) in rings.
type recentErrors struct {
	mu    sync.Mutex
	keep  int
	rings map[[2]string][]RecentError
}

func newRecentErrors(keep int) *recentErrors {
	return &recentErrors{keep: keep, rings: map[[2]string][]RecentError{}}
}

// resize changes how many records are kept per signature (a reload of logs.recent_errors).
func (r *recentErrors) resize(keep int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keep = keep
	for key, ring := range r.rings {
		if len(ring) > keep {
			r.rings[key] = append(ring[:0], ring[len(ring)-keep:]...)
		}
	}
}

func (r *recentErrors) add(e RecentError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.keep == 0 {
		return
	}
	key := [2]string{e.Node, e.Signature}
	ring := append(r.rings[key], e)
	if len(ring) > r.keep {
		ring = append(ring[:0], ring[len(ring)-r.keep:]...)
	}
	r.rings[key] = ring
}

// list returns the kept records of node ("" for every node), newest first.
func (r *recentErrors) list(node string) []RecentError {
	r.mu.Lock()
	var out []RecentError
	for key, ring := range r.rings {
		if node == "" || key[0] == node {
			out = append(out, ring...)
		}
	}
	r.mu.Unlock()
	for i := range out {
		out[i].FirstLine = redact(out[i].FirstLine)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out
}
