package config

import (
	"testing"
	"time"
)

// TestCutoverFromEverySource: the cutover loads from the file, unquoted as in the docs (which
// YAML reads as a timestamp) or quoted, in UTC or with an offset; APIMWATCH_CUTOVER wins over
// the file and --cutover over both, and an unparseable variable is reported as a file's is.
func TestCutoverFromEverySource(t *testing.T) {
	want := time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)
	for _, body := range []string{
		"cutover: 2026-12-07T14:00:00Z\n",
		"cutover: '2026-12-07T14:00:00Z'\n",
		"cutover: 2026-12-07T15:00:00+01:00\n",
	} {
		cfg, ps, _ := loadYAML(t, body)
		if len(ps) > 0 || !cfg.CutoverTime().Equal(want) {
			t.Errorf("%q: cutover %s, problems %q; want %s", body, cfg.CutoverTime(), problemStrings(ps), want)
		}
	}
	cfg, ps, _ := loadYAML(t, "environment: new\n")
	if len(ps) > 0 || cfg.Cutover != "" || !cfg.CutoverTime().IsZero() {
		t.Errorf("not set: cutover %q (%s), problems %q; want none", cfg.Cutover, cfg.CutoverTime(), problemStrings(ps))
	}

	t.Setenv("APIMWATCH_CUTOVER", "2026-12-07T16:30:00Z")
	cfg, _, _ = loadYAML(t, "cutover: 2026-12-07T14:00:00Z\n")
	if got := cfg.CutoverTime(); !got.Equal(want.Add(150 * time.Minute)) {
		t.Errorf("APIMWATCH_CUTOVER must win over the file: %s", got)
	}
	cfg, _, _ = loadYAML(t, "cutover: 2026-12-07T14:00:00Z\n", "--cutover=2026-12-07T17:00:00Z")
	if got := cfg.CutoverTime(); !got.Equal(want.Add(3 * time.Hour)) {
		t.Errorf("--cutover must win over APIMWATCH_CUTOVER: %s", got)
	}

	t.Setenv("APIMWATCH_CUTOVER", "yesterday")
	_, ps, _ = loadYAML(t, "")
	wantProblem := `error: cutover: "yesterday" is not an RFC 3339 time; write it as 2026-12-07T14:00:00Z, or with the zone's offset, as 2026-12-07T15:00:00+01:00`
	if len(ps) != 1 || ps[0].String() != wantProblem {
		t.Errorf("got %q, want %q", problemStrings(ps), wantProblem)
	}
}

// TestCutoverInTheFuture: a cutover more than a few minutes ahead is likely a wrong date or
// zone, and warns; one about to happen (the demo's, or a clock a little behind) does not.
func TestCutoverInTheFuture(t *testing.T) {
	cfg, ps, _ := loadYAML(t, "cutover: 2999-12-07T14:00:00Z\n")
	want := `warning: cutover: 2999-12-07T14:00:00Z is in the future: the status page counts no log record until then; give the time traffic moved to this environment`
	if len(ps) != 1 || ps[0].String() != want || ps.Err() != nil || cfg == nil {
		t.Errorf("got %q, want only %q", problemStrings(ps), want)
	}
	soon := time.Now().Add(time.Minute).UTC().Format(time.RFC3339)
	if _, ps, _ := loadYAML(t, "cutover: "+soon+"\n"); len(ps) > 0 {
		t.Errorf("a cutover a minute ahead: %q, want no problem", problemStrings(ps))
	}
}
