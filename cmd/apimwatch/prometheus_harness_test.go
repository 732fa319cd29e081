package main

import (
	"encoding/json"
	"fmt"
	"github.com/apimwatch/apimwatch/internal/testtool"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// prometheusServer is a real Prometheus (Debian package prometheus) that the end-to-end tests
// point at apimwatch.
type prometheusServer struct {
	base   string
	stderr *syncBuffer
}

// startPrometheus runs Prometheus scraping targets every second with ruleFiles loaded. CI
// installs it (.ci/run); elsewhere a missing prometheus skips the test.
func startPrometheus(t *testing.T, targets []string, ruleFiles []string) *prometheusServer {
	t.Helper()
	bin := testtool.Path(t, "prometheus", "prometheus")
	dir := t.TempDir()
	var rules strings.Builder
	for _, f := range ruleFiles {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&rules, "  - %q\n", abs)
	}
	quoted := make([]string, len(targets))
	for i, target := range targets {
		quoted[i] = strconv.Quote(target)
	}
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 900ms
  evaluation_interval: 1s
rule_files:
%sscrape_configs:
  - job_name: apimwatch
    static_configs:
      - targets: [%s]
`, rules.String(), strings.Join(quoted, ", "))
	configFile := filepath.Join(dir, "prometheus.yml")
	writeFile(t, configFile, config)
	addr := freeAddress(t)
	cmd := exec.Command(bin, "--config.file="+configFile, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	p := &prometheusServer{base: "http://" + addr, stderr: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = p.stderr, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("prometheus output:\n%s", p.stderr.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := http.Get(p.base + "/-/ready"); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-exited:
			t.Fatalf("prometheus exited before it was ready:\n%s", p.stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus not ready after 30 s:\n%s", p.stderr.String())
		}
	}
}

// queryResult is the data of an instant query: a vector's samples, or one scalar.
type queryResult struct {
	ResultType string            `json:"resultType"`
	Result     []json.RawMessage `json:"result"`
}

// query runs an instant query; a query Prometheus refuses (a parse error, a bad function) is
// an error naming Prometheus' reason.
func (p *prometheusServer) query(expr string) (queryResult, error) {
	resp, err := http.PostForm(p.base+"/api/v1/query", url.Values{"query": {expr}})
	if err != nil {
		return queryResult{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return queryResult{}, err
	}
	var answer struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return queryResult{}, fmt.Errorf("%s: %s", resp.Status, body)
	}
	if answer.Status != "success" {
		return queryResult{}, fmt.Errorf("%s", answer.Error)
	}
	var r queryResult
	if err := json.Unmarshal(answer.Data, &r); err != nil {
		// A scalar or string result is one [time, value] pair, not a list.
		r.ResultType = "scalar"
		r.Result = []json.RawMessage{answer.Data}
	}
	return r, nil
}

// waitFor polls expr until it returns at least one sample or timeout passes.
func (p *prometheusServer) waitFor(t *testing.T, expr string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		r, err := p.query(expr)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if len(r.Result) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no data for %s after %s", expr, timeout)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// freePortPair is a loopback address whose port and the next are both free: `apimwatch demo`
// serves the new environment on one and the old on the next.
func freePortPair(t *testing.T) (newAddr, oldAddr string) {
	t.Helper()
	for range 50 {
		addr := freeAddress(t)
		host, portText, _ := net.SplitHostPort(addr)
		port, _ := strconv.Atoi(portText)
		next := net.JoinHostPort(host, strconv.Itoa(port+1))
		if l, err := net.Listen("tcp", next); err == nil {
			_ = l.Close()
			return addr, next
		}
	}
	t.Fatal("no two consecutive free ports on 127.0.0.1")
	return "", ""
}
