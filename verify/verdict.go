package verify

// Verdict is the go/no-go of a run.
type Verdict int

const (
	// Go: no check at or above the threshold failed or errored.
	Go Verdict = iota
	// NoGo: a check at or above the threshold failed: the data says the cutover is not safe.
	NoGo
	// Unknown: nothing failed, but a check at or above the threshold could not run (a database
	// down, a timeout): the gate cannot say go.
	Unknown
)

// ExitCode is the verdict as `apimwatch verify` exits: 0 go, 1 no-go, 2 could not run.
func (v Verdict) ExitCode() int { return int(v) }

func (v Verdict) String() string {
	return [...]string{"go", "no-go", "unknown"}[v]
}

// Decide weighs results against the --fail-on threshold. A failure outranks an error: a
// definite finding is what the operator must act on first.
func Decide(checks []Check, results []Result, failOn Severity) Verdict {
	severity := map[string]Severity{}
	for _, c := range checks {
		severity[c.ID] = c.Severity
	}
	verdict := Go
	for _, r := range results {
		if severity[r.CheckID] < failOn {
			continue
		}
		switch r.Status {
		case StatusFail:
			return NoGo
		case StatusError:
			verdict = Unknown
		}
	}
	return verdict
}
