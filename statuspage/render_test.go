package statuspage

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

var links = []Link{
	{Path: "/metrics", Text: "Metrics"},
	{Path: "/api/status", Text: "Status as JSON"},
	{Path: "/healthz", Text: "Liveness"},
	{Path: "/readyz", Text: "Readiness"},
}

func render(t *testing.T, s Snapshot) string {
	t.Helper()
	var b strings.Builder
	if err := Render(&b, s, links); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPageSaysTheVerdictInWords(t *testing.T) {
	noResult := fixture(t)
	noResult.Results = nil
	for _, tc := range []struct {
		name string
		in   Input
		want []string
	}{
		{"go", fixture(t, pass(criticalCheck)), []string{"Cutover verdict: GO</h2>", "1 check ran on 1 node"}},
		{"no-go", fixture(t, fail(criticalCheck, "PizzaAPI")), []string{
			"Cutover verdict: NO-GO</h2>", "Failed at or above critical:", "<code>" + criticalCheck + "</code> on node cp1 (critical)",
			"<strong>Fix:</strong>", // the remediation of the failed check
		}},
		{"unknown", fixture(t, errored(criticalCheck)), []string{"Cutover verdict: UNKNOWN (checks could not run)</h2>", "Could not run:", "did not answer within 60s"}},
		{"no result", noResult, []string{"Cutover verdict: NO RESULT YET</h2>", "No run of the checks has finished yet."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := render(t, Build(tc.in))
			for _, want := range tc.want {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
}

func TestPageShowsEverySection(t *testing.T) {
	page := render(t, Build(fixture(t, fail(criticalCheck, "PizzaAPI"))))
	for _, want := range []string{
		`<meta http-equiv="refresh" content="15">`,
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<html lang="en">`,
		"environment new", "Agent 1.4.0 (revision abc123), up 3 h 0 min since 2026-11-22T07:00:00Z",
		// the check: status as text, severity, family, offending count, sample, duration, age
		`<span class="badge s-fail">FAIL</span>`, "<td>critical</td>", "<td>apim</td>", `<td class="num">1</td>`,
		"<li><code>PizzaAPI</code></li>", "0.250 s", "2 min 0 s",
		// the signature, its remediation and latest record
		"Log signatures since the agent started at 2026-11-22T07:00:00Z", "F3: Gateway cannot deploy APIs (404s)", "7 records on node cp1",
		"Error deploying 571d336a in Gateway", "<code>wso2carbon.log</code>", "ArtifactSynchronizerException", "1 min 30 s ago",
		"F18: Known harmless noise", `<span class="badge s-harmless">harmless</span>`,
		// the JVMs
		`<td>cp1</td>`, `<td class="num">4242</td>`, `<td class="num">1 d 2 h</td>`, `<span class="badge s-down">DOWN</span>`,
		`<td class="num">612 MiB of 1024 MiB (60%)</td>`, `<td class="num">2.0%</td>`,
		// the links
		`<a href="/metrics">Metrics</a>`, `<a href="/healthz">Liveness</a>`, `<a href="/readyz">Readiness</a>`, `<a href="/api/status">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("the page loads or runs something: it must be self-contained and script-free")
	}
}

// TestPageSaysWhenSignaturesCountFrom: the cutover when one is configured, with the old run's
// records left out and a lower bound said to be one; else the agent's start.
func TestPageSaysWhenSignaturesCountFrom(t *testing.T) {
	page := render(t, Build(fixture(t)))
	if !strings.Contains(page, "Log signatures since the agent started at 2026-11-22T07:00:00Z</h2>") || strings.Contains(page, "since the cutover") {
		t.Errorf("without a cutover the page must count from the agent's start, and say so:\n%s", page)
	}

	in := fixture(t)
	in.Cutover = now.Add(-95 * time.Second)
	// F3 recounted after a change of the cutover: at least 2 since it. F18 had none since.
	in.SignatureCounts[0].Records, in.SignatureCounts[0].LowerBound = 2, true
	in.SignatureCounts[1].Records = 0
	page = render(t, Build(in))
	for _, want := range []string{
		"Log signatures since the cutover at 2026-11-22T09:58:25Z</h2>",
		"Records written before the cutover are the old run's: they are not counted.",
		"At least 2 records on node cp1", "The cutover changed after records of this signature were read",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "F18") || strings.Contains(page, "since the agent started at") {
		t.Errorf("with a cutover, the page shows F18 (no record since it) or counts from the agent's start:\n%s", page)
	}
}

func TestPageEscapesWhatTheDatabaseAndLogsSay(t *testing.T) {
	in := fixture(t, fail(criticalCheck, `<script>alert("sample")</script>`, `"><img src=x onerror=alert(1)>`))
	in.RecentErrors[0].FirstLine = `<script>alert("log")</script>`
	in.Environment = `</title><script>alert("env")</script>`
	page := render(t, Build(in))
	if strings.Contains(page, "<script") || strings.Contains(page, "<img") {
		t.Fatalf("markup from the data reached the page:\n%s", page)
	}
	for _, want := range []string{`&lt;script&gt;alert(&#34;sample&#34;)&lt;/script&gt;`, `&lt;script&gt;alert(&#34;log&#34;)&lt;/script&gt;`, `&#34;&gt;&lt;img src=x`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks the escaped %q", want)
		}
	}
}

func TestPageShowsBoundedSamples(t *testing.T) {
	samples := make([]string, 50)
	for i := range samples {
		samples[i] = "api-" + strings.Repeat("x", i)
	}
	page := render(t, Build(fixture(t, fail(criticalCheck, samples...))))
	if got := strings.Count(page, "<li><code>api-"); got != MaxSamples {
		t.Errorf("%d samples on the page, want %d", got, MaxSamples)
	}
	if !strings.Contains(page, "<li>and 30 more</li>") {
		t.Error("the page does not say how many samples it left out")
	}
}

func TestHandlersServeTheSnapshot(t *testing.T) {
	calls := 0
	snapshot := func() Snapshot { calls++; return Build(fixture(t, fail(criticalCheck, "PizzaAPI"))) }

	rec := httptest.NewRecorder()
	HTML(snapshot, links).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("HTML: %d %v", rec.Code, rec.Header())
	}
	// The policy's hash must be the inline style's, or the browser drops the style.
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(rec.Body.String())
	sum := sha256.Sum256([]byte(style[1]))
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q does not allow exactly the page's style", csp)
	}

	rec = httptest.NewRecorder()
	JSON(snapshot).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/status", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("JSON: %d %v", rec.Code, rec.Header())
	}
	var got struct {
		GeneratedAt string `json:"generated_at"`
		Verdict     struct {
			Result string `json:"result"`
			Failed []struct {
				CheckID string `json:"check_id"`
			} `json:"failed"`
		} `json:"verdict"`
		Checks []struct {
			Results []struct {
				AgeSeconds int64    `json:"age_seconds"`
				Samples    []string `json:"samples"`
			} `json:"results"`
		} `json:"checks"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if _, err := time.Parse(time.RFC3339, got.GeneratedAt); err != nil {
		t.Errorf("generated_at %q is not RFC 3339", got.GeneratedAt)
	}
	if got.Verdict.Result != "no-go" || len(got.Verdict.Failed) != 1 || got.Verdict.Failed[0].CheckID != criticalCheck ||
		got.Checks[0].Results[0].AgeSeconds != 120 || got.Checks[0].Results[0].Samples[0] != "PizzaAPI" {
		t.Errorf("JSON: %s", rec.Body)
	}
	if calls != 2 {
		t.Errorf("%d snapshots for 2 requests: each request must show the state of its time", calls)
	}
}

func TestFormatAge(t *testing.T) {
	for seconds, want := range map[int64]string{0: "0 s", 59: "59 s", 60: "1 min 0 s", 3599: "59 min 59 s", 3600: "1 h 0 min", 86399: "23 h 59 min", 90000: "1 d 1 h"} {
		if got := formatAge(seconds); got != want {
			t.Errorf("formatAge(%d) = %q, want %q", seconds, got, want)
		}
	}
}
