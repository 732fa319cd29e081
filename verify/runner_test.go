package verify

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func fixedCheck(id, family string, sev Severity, status Status) Check {
	return Check{ID: id, Family: family, Severity: sev, Title: id, Run: func(context.Context, *Env) Result {
		return Result{Status: status, Offending: map[Status]int64{StatusFail: 3}[status]}
	}}
}

func TestRunnerTurnsDeadlinesAndPanicsIntoErrors(t *testing.T) {
	slow := Check{ID: "x.slow", Run: func(ctx context.Context, _ *Env) Result {
		<-ctx.Done() // a query the database cancels at the deadline
		return Result{Status: StatusError, Message: ctx.Err().Error()}
	}}
	broken := Check{ID: "x.broken", Run: func(context.Context, *Env) Result { panic("nil map") }}
	ok := fixedCheck("x.ok", "x", SeverityCritical, StatusPass)
	var progress atomic.Int32
	r := Runner{Timeout: 50 * time.Millisecond, Progress: func(done, total int, _ Result) {
		progress.Add(1)
		if total != 3 || done < 1 || done > 3 {
			t.Errorf("progress %d/%d", done, total)
		}
	}}
	start := time.Now()
	results := r.Run(context.Background(), &Env{}, []Check{slow, broken, ok})
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("the run took %s: the deadline did not stop the slow check", elapsed)
	}
	if results[0].CheckID != "x.slow" || results[0].Status != StatusError || results[0].Message != "timed out after 50ms" {
		t.Errorf("slow check: %+v", results[0])
	}
	if results[1].Status != StatusError || !strings.Contains(results[1].Message, "panicked: nil map") {
		t.Errorf("panicking check: %+v", results[1])
	}
	if results[2].Status != StatusPass || results[2].Duration <= 0 || results[2].Started.IsZero() || results[2].Samples == nil {
		t.Errorf("passing check: %+v", results[2])
	}
	if progress.Load() != 3 {
		t.Errorf("progress called %d times, want 3", progress.Load())
	}
}

func TestSelect(t *testing.T) {
	checks := []Check{
		fixedCheck("registry.orphans", FamilyRegistry, SeverityWarning, StatusPass),
		fixedCheck("registry.duplicates", FamilyRegistry, SeverityWarning, StatusPass),
		fixedCheck("apim.url-mappings", FamilyAPIM, SeverityWarning, StatusPass),
	}
	ids := func(cs []Check) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		only, skip []string
		want       string
	}{
		{nil, nil, "registry.orphans,registry.duplicates,apim.url-mappings"},
		{[]string{"registry"}, nil, "registry.orphans,registry.duplicates"},
		{[]string{"registry"}, []string{"registry.duplicates"}, "registry.orphans"},
		{nil, []string{"registry"}, "apim.url-mappings"},
	} {
		got, err := Select(checks, c.only, c.skip)
		if err != nil || ids(got) != c.want {
			t.Errorf("Select(%v, %v) = %s, %v; want %s", c.only, c.skip, ids(got), err, c.want)
		}
	}
	if _, err := Select(checks, []string{"regsitry"}, nil); err == nil || !strings.Contains(err.Error(), `no check or family "regsitry"; known: apim, apim.url-mappings, registry`) {
		t.Errorf("a typo must be an error listing the known names: %v", err)
	}
}

func TestDecide(t *testing.T) {
	checks := []Check{
		fixedCheck("a.critical", "a", SeverityCritical, StatusPass),
		fixedCheck("a.warning", "a", SeverityWarning, StatusPass),
	}
	res := func(critical, warning Status) []Result {
		return []Result{{CheckID: "a.critical", Status: critical}, {CheckID: "a.warning", Status: warning}}
	}
	for _, c := range []struct {
		critical, warning Status
		failOn            Severity
		want              Verdict
	}{
		{StatusPass, StatusFail, SeverityCritical, Go},
		{StatusPass, StatusFail, SeverityWarning, NoGo},
		{StatusFail, StatusPass, SeverityCritical, NoGo},
		{StatusError, StatusPass, SeverityCritical, Unknown},
		{StatusError, StatusFail, SeverityWarning, NoGo}, // a finding outranks an error
		{StatusSkip, StatusPass, SeverityInfo, Go},
		{StatusPass, StatusError, SeverityCritical, Go}, // below the threshold
	} {
		if got := Decide(checks, res(c.critical, c.warning), c.failOn); got != c.want {
			t.Errorf("critical %s, warning %s, fail on %s: %s, want %s", c.critical, c.warning, c.failOn, got, c.want)
		}
	}
	if NoGo.ExitCode() != 1 || Unknown.ExitCode() != 2 || Go.ExitCode() != 0 {
		t.Errorf("exit codes: go %d, no-go %d, unknown %d", Go.ExitCode(), NoGo.ExitCode(), Unknown.ExitCode())
	}
}
