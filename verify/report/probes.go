package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/apimwatch/apimwatch/probe"
)

// FailedProbes counts the probes that failed: each makes the verdict no-go.
func FailedProbes(results []probe.Result) int {
	failed := 0
	for _, r := range results {
		if !r.Success {
			failed++
		}
	}
	return failed
}

// probeLabel names a probe in a report: node/name, or the name alone for a site-wide test.
func probeLabel(r probe.Result) string {
	if r.Node == "" {
		return r.Name
	}
	return r.Node + "/" + r.Name
}

func probeStatus(r probe.Result) string {
	if r.Success {
		return "pass"
	}
	return "fail"
}

// probeTable writes one line per probe, then the message of each failure and every warning.
func probeTable(w io.Writer, results []probe.Result) error {
	if results == nil {
		return nil
	}
	fmt.Fprintln(w)
	if len(results) == 0 {
		_, err := fmt.Fprintln(w, "no probe ran: none is configured (probes.builtin, probes.tests)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tPROBE\tKIND\tHTTP\tCERT EXPIRES\tTIME")
	for _, r := range results {
		httpStatus, expiry := "-", "-"
		if r.HTTPStatus != 0 {
			httpStatus = fmt.Sprint(r.HTTPStatus)
		}
		if !r.CertExpiry.IsZero() {
			expiry = r.CertExpiry.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", strings.ToUpper(probeStatus(r)), probeLabel(r), r.Kind, httpStatus, expiry, r.Duration.Round(time.Millisecond))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range results {
		if !r.Success {
			fmt.Fprintf(w, "\nFAIL probe %s: %s\n", probeLabel(r), r.Message)
		}
		for _, warning := range r.Warnings {
			fmt.Fprintf(w, "\nWARNING probe %s: %s\n", probeLabel(r), warning)
		}
	}
	return nil
}

// jsonProbe is one probe in the JSON report.
type jsonProbe struct {
	Node          string     `json:"node"`
	Name          string     `json:"name"`
	Kind          string     `json:"kind"`
	Status        string     `json:"status"`
	Message       string     `json:"message"`
	Warnings      []string   `json:"warnings"`
	HTTPStatus    int        `json:"http_status"`
	CertExpiresAt *time.Time `json:"cert_expires_at"`
	Seconds       float64    `json:"duration_seconds"`
}

func probeEntries(results []probe.Result) []jsonProbe {
	out := make([]jsonProbe, 0, len(results))
	for _, r := range results {
		p := jsonProbe{Node: r.Node, Name: r.Name, Kind: string(r.Kind), Status: probeStatus(r), Message: r.Message,
			Warnings: append([]string{}, r.Warnings...), HTTPStatus: r.HTTPStatus, Seconds: r.Duration.Seconds()}
		if !r.CertExpiry.IsZero() {
			expiry := r.CertExpiry
			p.CertExpiresAt = &expiry
		}
		out = append(out, p)
	}
	return out
}

// probeSuite is the JUnit suite of the probes: a failed probe is a <failure>, its warnings go in
// the case's text.
func probeSuite(results []probe.Result) junitSuite {
	s := junitSuite{Name: "probes"}
	var total time.Duration
	for _, r := range results {
		c := junitCase{Name: probeLabel(r), Classname: "apimwatch.probes." + string(r.Kind), Time: seconds(r.Duration)}
		if !r.Success {
			c.Failure, s.Failures = &junitMessage{Message: r.Message, Text: strings.Join(r.Warnings, "\n")}, s.Failures+1
		}
		s.Tests++
		total += r.Duration
		s.Cases = append(s.Cases, c)
	}
	s.Time = seconds(total)
	return s
}
