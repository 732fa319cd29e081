// Package report writes the results of a verify run for people (a table), scripts (JSON) and
// CI pipelines (JUnit XML).
package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/apimwatch/apimwatch/probe"
	"github.com/apimwatch/apimwatch/verify"
)

// Run is one verify run: what was checked, what was found, and the verdict.
type Run struct {
	Node     string
	FailOn   verify.Severity
	Verdict  verify.Verdict
	Checks   []verify.Check
	Results  []verify.Result
	Started  time.Time
	Duration time.Duration
	// Probes are the results of `verify --probes` (nil without it): a failed one is a no-go.
	Probes []probe.Result
}

// entry pairs a check with its result.
type entry struct {
	verify.Check
	verify.Result
}

func (r Run) entries() []entry {
	byID := map[string]verify.Check{}
	for _, c := range r.Checks {
		byID[c.ID] = c
	}
	out := make([]entry, len(r.Results))
	for i, res := range r.Results {
		out[i] = entry{byID[res.CheckID], res}
	}
	return out
}

// Table writes a readable table: one line per check, the failing ones followed by their samples
// and remediation, then the verdict.
func Table(w io.Writer, r Run) error {
	if len(r.Results) > 0 || r.Probes == nil {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "STATUS\tSEVERITY\tCHECK\tOFFENDING\tTIME\tTITLE")
		for _, e := range r.entries() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", strings.ToUpper(string(e.Status)), e.Severity, e.ID, e.Offending, e.Duration.Round(time.Millisecond), e.Title)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if err := probeTable(w, r.Probes); err != nil {
		return err
	}
	for _, e := range r.entries() {
		if e.Status == verify.StatusPass {
			continue
		}
		fmt.Fprintf(w, "\n%s %s: %s\n", strings.ToUpper(string(e.Status)), e.ID, e.Title)
		if e.Message != "" {
			fmt.Fprintf(w, "  %s\n", e.Message)
		}
		if len(e.Samples) > 0 {
			fmt.Fprintf(w, "  samples: %s\n", strings.Join(e.Samples, ", "))
		}
		if e.Status == verify.StatusFail && e.Remediation != "" {
			fmt.Fprintf(w, "  fix: %s\n", e.Remediation)
		}
	}
	_, err := fmt.Fprintf(w, "\nverdict: %s (fail on %s and above; %s)\n", strings.ToUpper(r.Verdict.String()), r.FailOn, r.summary())
	return err
}

func (r Run) summary() string {
	counts := map[verify.Status]int{}
	for _, res := range r.Results {
		counts[res.Status]++
	}
	s := fmt.Sprintf("%d passed, %d failed, %d errors, %d skipped",
		counts[verify.StatusPass], counts[verify.StatusFail], counts[verify.StatusError], counts[verify.StatusSkip])
	if r.Probes != nil {
		failed := FailedProbes(r.Probes)
		s += fmt.Sprintf("; probes: %d passed, %d failed", len(r.Probes)-failed, failed)
	}
	return s
}

// jsonEntry is one check in the JSON report.
type jsonEntry struct {
	ID          string   `json:"id"`
	Family      string   `json:"family"`
	Title       string   `json:"title"`
	Severity    string   `json:"severity"`
	Status      string   `json:"status"`
	Offending   int64    `json:"offending"`
	Samples     []string `json:"samples"`
	Message     string   `json:"message,omitempty"`
	Remediation string   `json:"remediation,omitempty"`
	Seconds     float64  `json:"duration_seconds"`
}

// JSON writes the run as one JSON document.
func JSON(w io.Writer, r Run) error {
	doc := struct {
		Node    string      `json:"node"`
		Verdict string      `json:"verdict"`
		FailOn  string      `json:"fail_on"`
		Started time.Time   `json:"started"`
		Seconds float64     `json:"duration_seconds"`
		Summary string      `json:"summary"`
		Checks  []jsonEntry `json:"checks"`
		Probes  []jsonProbe `json:"probes,omitempty"`
	}{Node: r.Node, Verdict: r.Verdict.String(), FailOn: r.FailOn.String(), Started: r.Started, Seconds: r.Duration.Seconds(), Summary: r.summary(), Probes: probeEntries(r.Probes)}
	for _, e := range r.entries() {
		doc.Checks = append(doc.Checks, jsonEntry{
			ID: e.ID, Family: e.Family, Title: e.Title, Severity: e.Severity.String(), Status: string(e.Status),
			Offending: e.Offending, Samples: e.Samples, Message: e.Message, Remediation: e.Remediation, Seconds: e.Duration.Seconds(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// JUnit types: one testsuite per family, one testcase per check; a failed check is a
// <failure>, a check that could not run an <error>, a skipped one <skipped>.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Name    string       `xml:"name,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes the run as JUnit XML for CI pipelines.
func JUnit(w io.Writer, r Run) error {
	doc := junitSuites{Name: strings.TrimSpace("apimwatch verify " + r.Node)}
	index := map[string]int{}
	for _, e := range r.entries() {
		i, ok := index[e.Family]
		if !ok {
			i = len(doc.Suites)
			index[e.Family] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: e.Family})
		}
		s := &doc.Suites[i]
		c := junitCase{Name: e.ID + ": " + e.Title, Classname: "apimwatch." + e.Family, Time: seconds(e.Duration)}
		detail := &junitMessage{Message: e.Message, Text: details(e)}
		switch e.Status {
		case verify.StatusFail:
			c.Failure, s.Failures = detail, s.Failures+1
		case verify.StatusError:
			c.Error, s.Errors = detail, s.Errors+1
		case verify.StatusSkip:
			c.Skipped, s.Skipped = &junitMessage{Message: e.Message}, s.Skipped+1
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	for i := range doc.Suites {
		var total time.Duration
		for _, e := range r.entries() {
			if e.Family == doc.Suites[i].Name {
				total += e.Duration
			}
		}
		doc.Suites[i].Time = seconds(total)
	}
	if r.Probes != nil {
		doc.Suites = append(doc.Suites, probeSuite(r.Probes))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func details(e entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "severity: %s\noffending: %d\n", e.Severity, e.Offending)
	if len(e.Samples) > 0 {
		fmt.Fprintf(&b, "samples: %s\n", strings.Join(e.Samples, ", "))
	}
	if e.Remediation != "" {
		fmt.Fprintf(&b, "fix: %s\n", e.Remediation)
	}
	return b.String()
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
