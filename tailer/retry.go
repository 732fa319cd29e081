package tailer

import "time"

// Back-off between retries of a failing path: quick enough to ride out a rotation's brief
// window, slow enough that a file that stays unreadable costs nothing.
const (
	minRetryDelay = 50 * time.Millisecond
	maxRetryDelay = 5 * time.Second
)

// retrier spaces out the retries of one failing path and remembers the cause last logged, so a
// lasting problem is logged once rather than on every poll.
type retrier struct {
	delay       time.Duration
	next        time.Time
	loggedCause string
}

// due tells whether the path may be tried at now.
func (r *retrier) due(now time.Time) bool {
	return !now.Before(r.next)
}

// failed schedules the next try and tells whether cause differs from the one last logged.
func (r *retrier) failed(now time.Time, cause string) (newCause bool) {
	r.delay = min(max(2*r.delay, minRetryDelay), maxRetryDelay)
	r.next = now.Add(r.delay)
	newCause = cause != r.loggedCause
	r.loggedCause = cause
	return newCause
}

// succeeded clears the back-off and tells whether a failure had been logged.
func (r *retrier) succeeded() (recovered bool) {
	recovered = r.loggedCause != ""
	*r = retrier{}
	return recovered
}
