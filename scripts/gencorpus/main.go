// Command gencorpus is the workload of scripts/bench-logs.sh: it writes a realistic
// wso2carbon.log (API-M 4.x layout), appends records to a live one at a steady rate, and
// measures how soon an appended record shows on a /metrics endpoint. Everything it writes is
// deterministic for a seed (but for the wall-clock timestamps of live records), and it prints
// exactly what it wrote, so the caller can check an agent's counters for loss and duplicates.
//
// Usage:
//
//	gencorpus corpus  -o FILE -size 300MB [-seed N]      # prints CORPUS_* shell assignments
//	gencorpus write   -file FILE -rate 10000 -duration 30s  # prints WRITE_*
//	gencorpus latency -file FILE -url URL -metric SELECTOR [-samples 200] [-poll 2ms]  # prints LAT_*
//	gencorpus wait    -url URL -metric SELECTOR -value N [-interval 20ms] [-since-ns T] [-pid P]
//	gencorpus get     -url URL -metric SELECTOR          # prints the summed value
//
// A SELECTOR is a metric name with optional label matchers, `name{label="value",...}`; the
// series that carry those labels (and any others) are summed.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apimwatch/apimwatch/demo/carbonlog"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus corpus|write|latency|wait|get [flags]")
		os.Exit(2)
	}
	commands := map[string]func([]string) error{
		"corpus": cmdCorpus, "write": cmdWrite, "latency": cmdLatency, "wait": cmdWait, "get": cmdGet,
	}
	run, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "gencorpus: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	if err := run(os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "gencorpus %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// parseSize reads "300MB", "1GB", "512KiB" or a number of bytes (MB and GB are powers of 1000,
// MiB and GiB of 1024).
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"B", 1}}
	s = strings.TrimSpace(s)
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err != nil || v < 0 {
				return 0, fmt.Errorf("size %q: not a size", s)
			}
			return int64(v * float64(u.mult)), nil
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("size %q: not a size", s)
	}
	return v, nil
}

func printCounts(prefix string, c carbonlog.Counts) {
	fmt.Printf("%s_BYTES=%d\n%s_LINES=%d\n%s_RECORDS=%d\n", prefix, c.Bytes, prefix, c.Lines, prefix, c.Records)
	for level, name := range carbonlog.LevelNames {
		fmt.Printf("%s_%s=%d\n", prefix, name, c.ByLevel[level])
	}
	// Levels the generator never writes, so the caller can check them as well.
	fmt.Printf("%s_TRACE=0\n%s_FATAL=0\n", prefix, prefix)
}

func cmdCorpus(args []string) error {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	out := fs.String("o", "wso2carbon.log", "file to write")
	sizeFlag := fs.String("size", "300MB", "size to write (the last record may go past it)")
	seed := fs.Uint64("seed", 1, "random seed")
	start := fs.String("start", "2024-03-11 09:00:00", "time of the first record (local time, no zone, as WSO2 writes it)")
	prefix := fs.String("prefix", "CORPUS", "prefix of the printed shell variables")
	if err := fs.Parse(args); err != nil {
		return err
	}
	size, err := parseSize(*sizeFlag)
	if err != nil {
		return err
	}
	t0, err := time.ParseInLocation("2006-01-02 15:04:05", *start, time.Local)
	if err != nil {
		return fmt.Errorf("-start: %w", err)
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	g := carbonlog.New(*seed, t0)
	var c carbonlog.Counts
	emit := func(r carbonlog.Record) error {
		if _, err := w.Write(r.Text); err != nil {
			return err
		}
		c.Add(r.Text, r.Level, r.Lines)
		return nil
	}
	for _, m := range carbonlog.Startup("4.2.0", 52) {
		if err := emit(g.Line(g.StartupGap(), carbonlog.LevelInfo, m.Logger, m.Text)); err != nil {
			return err
		}
	}
	for c.Bytes < size {
		if err := emit(g.Next(carbonlog.Busy)); err != nil {
			return err
		}
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		return err
	}
	printCounts(*prefix, c)
	return nil
}

// cmdWrite appends records to a live file at a steady rate, each with its own write(2) as
// log4j2's file appender does (immediateFlush), with wall-clock timestamps.
func cmdWrite(args []string) error {
	fs := flag.NewFlagSet("write", flag.ContinueOnError)
	file := fs.String("file", "", "file to append to")
	rate := fs.Float64("rate", 10000, "records per second")
	duration := fs.Duration("duration", 30*time.Second, "how long to write")
	seed := fs.Uint64("seed", 2, "random seed")
	prefix := fs.String("prefix", "WRITE", "prefix of the printed shell variables")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.OpenFile(*file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	g := carbonlog.New(*seed, time.Now())
	g.Live = true
	total := int64(*rate * duration.Seconds())
	var c carbonlog.Counts
	var maxLag int64
	start := time.Now()
	for c.Records < total {
		elapsed := time.Since(start)
		due := min(total, int64(*rate*elapsed.Seconds()))
		maxLag = max(maxLag, due-c.Records)
		for c.Records < due {
			r := g.Next(carbonlog.Busy)
			if _, err := f.Write(r.Text); err != nil {
				return err
			}
			c.Add(r.Text, r.Level, r.Lines)
		}
		time.Sleep(time.Millisecond)
	}
	took := time.Since(start)
	printCounts(*prefix, c)
	fmt.Printf("%s_SECONDS=%.3f\n%s_RATE=%.0f\n%s_MAX_LAG_RECORDS=%d\n", *prefix, took.Seconds(), *prefix, float64(c.Records)/took.Seconds(), *prefix, maxLag)
	return nil
}

// selector is `name{label="value",...}`.
type selector struct {
	name   string
	labels map[string]string
}

func parseSelector(s string) (selector, error) {
	sel := selector{labels: map[string]string{}}
	name, rest, hasLabels := strings.Cut(s, "{")
	sel.name = strings.TrimSpace(name)
	if sel.name == "" {
		return sel, fmt.Errorf("selector %q: no metric name", s)
	}
	if !hasLabels {
		return sel, nil
	}
	rest, ok := strings.CutSuffix(strings.TrimSpace(rest), "}")
	if !ok {
		return sel, fmt.Errorf("selector %q: no closing brace", s)
	}
	labels, err := parseLabels(rest)
	if err != nil {
		return sel, fmt.Errorf("selector %q: %w", s, err)
	}
	sel.labels = labels
	return sel, nil
}

// parseLabels reads `a="x",b="y"` (the inside of the braces of an exposition line).
func parseLabels(s string) (map[string]string, error) {
	labels := map[string]string{}
	for {
		s = strings.TrimLeft(s, " ,")
		if s == "" {
			return labels, nil
		}
		name, rest, ok := strings.Cut(s, "=")
		if !ok || !strings.HasPrefix(rest, `"`) {
			return nil, fmt.Errorf("bad labels at %q", s)
		}
		rest = rest[1:]
		var value strings.Builder
		i := 0
		for ; i < len(rest) && rest[i] != '"'; i++ {
			if rest[i] == '\\' && i+1 < len(rest) {
				i++
				if rest[i] == 'n' {
					value.WriteByte('\n')
					continue
				}
			}
			value.WriteByte(rest[i])
		}
		if i == len(rest) {
			return nil, fmt.Errorf("unterminated label value at %q", s)
		}
		labels[strings.TrimSpace(name)] = value.String()
		s = rest[i+1:]
	}
}

// sum adds up the series of an exposition (Prometheus text format) that sel selects.
func (sel selector) sum(body io.Reader) (value float64, found bool, err error) {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, sel.name) || len(line) == len(sel.name) {
			continue
		}
		rest := line[len(sel.name):]
		labels := map[string]string{}
		switch rest[0] {
		case '{':
			end := strings.LastIndexByte(rest, '}')
			if end < 0 {
				continue
			}
			if labels, err = parseLabels(rest[1:end]); err != nil {
				return 0, false, err
			}
			rest = rest[end+1:]
		case ' ':
		default:
			continue // another metric whose name starts with sel.name
		}
		match := true
		for k, v := range sel.labels {
			match = match && labels[k] == v
		}
		if !match {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return 0, false, fmt.Errorf("value of %q: %w", line, err)
		}
		value += v
		found = true
	}
	return value, found, sc.Err()
}

// scraper scrapes one /metrics URL over a kept-alive connection. It asks for an uncompressed
// body: the benchmark polls every few milliseconds to time the pipeline, and gzip-compressing
// each of those scrapes would charge the measured process for the measurement itself
// (Prometheus scrapes every 15 s or so, where the compression is negligible).
type scraper struct {
	url    string
	client *http.Client
}

func newScraper(url string) *scraper {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DisableCompression = true
	return &scraper{url: url, client: &http.Client{Timeout: 5 * time.Second, Transport: transport}}
}

func (s *scraper) get(sel selector) (float64, bool, error) {
	resp, err := s.client.Get(s.url)
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, resp.Body)
		return 0, false, fmt.Errorf("%s: HTTP %d", s.url, resp.StatusCode)
	}
	v, found, err := sel.sum(resp.Body)
	_, _ = io.Copy(io.Discard, resp.Body)
	return v, found, err
}

// alive tells whether pid is a running process (not gone, not a zombie).
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(stat), ')')
	if i < 0 || i+2 >= len(stat) {
		return false
	}
	state := stat[i+2]
	return state != 'Z' && state != 'X'
}

func cmdGet(args []string) error {
	fs := flag.NewFlagSet("get", flag.ContinueOnError)
	url := fs.String("url", "", "metrics URL")
	metric := fs.String("metric", "", "selector")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sel, err := parseSelector(*metric)
	if err != nil {
		return err
	}
	v, _, err := newScraper(*url).get(sel)
	if err != nil {
		return err
	}
	fmt.Println(strconv.FormatFloat(v, 'f', -1, 64))
	return nil
}

// cmdWait polls until the selected value reaches -value, and prints the time it took since
// -since-ns. A value past the target (a duplicate) or a dead -pid is an error.
func cmdWait(args []string) error {
	fs := flag.NewFlagSet("wait", flag.ContinueOnError)
	url := fs.String("url", "", "metrics URL")
	metric := fs.String("metric", "", "selector")
	target := fs.Float64("value", 0, "value to wait for")
	interval := fs.Duration("interval", 20*time.Millisecond, "time between two scrapes")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after this long")
	sinceNS := fs.Int64("since-ns", 0, "Unix time in ns the elapsed time counts from (default: now)")
	pid := fs.Int("pid", 0, "fail as soon as this process is gone")
	prefix := fs.String("prefix", "WAIT", "prefix of the printed shell variables")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sel, err := parseSelector(*metric)
	if err != nil {
		return err
	}
	since := time.Now()
	if *sinceNS > 0 {
		since = time.Unix(0, *sinceNS)
	}
	s := newScraper(*url)
	deadline := time.Now().Add(*timeout)
	scrapes, last := 0, 0.0
	var lastErr error
	for {
		begin := time.Now()
		v, _, err := s.get(sel)
		scrapes++
		if err == nil {
			last = v
			if v >= *target {
				elapsed := time.Since(since)
				fmt.Printf("%s_SECONDS=%.4f\n%s_VALUE=%s\n%s_SCRAPES=%d\n", *prefix, elapsed.Seconds(), *prefix, strconv.FormatFloat(v, 'f', -1, 64), *prefix, scrapes)
				if v > *target {
					return fmt.Errorf("%s is %v, past the expected %v", *metric, v, *target)
				}
				return nil
			}
		} else {
			lastErr = err
		}
		if *pid > 0 && !alive(*pid) {
			return fmt.Errorf("process %d is gone (%s at %v of %v)", *pid, *metric, last, *target)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %v: %s at %v of %v (last error: %v)", *timeout, *metric, last, *target, lastErr)
		}
		time.Sleep(max(0, *interval-time.Since(begin)))
	}
}

// cmdLatency appends one ERROR record at a time and measures how long until the selected
// counter has counted it.
func cmdLatency(args []string) error {
	fs := flag.NewFlagSet("latency", flag.ContinueOnError)
	file := fs.String("file", "", "live file to append to")
	url := fs.String("url", "", "metrics URL")
	metric := fs.String("metric", "", "selector of the ERROR record counter")
	samples := fs.Int("samples", 200, "records to time")
	poll := fs.Duration("poll", 2*time.Millisecond, "time between two scrapes")
	gapMin := fs.Duration("gap-min", 20*time.Millisecond, "least pause between two samples")
	gapMax := fs.Duration("gap-max", 80*time.Millisecond, "longest pause between two samples")
	timeout := fs.Duration("timeout", 10*time.Second, "longest wait for one record")
	seed := fs.Uint64("seed", 3, "random seed")
	pid := fs.Int("pid", 0, "fail as soon as this process is gone")
	prefix := fs.String("prefix", "LAT", "prefix of the printed shell variables")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sel, err := parseSelector(*metric)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*file, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	s := newScraper(*url)
	g := carbonlog.New(*seed, time.Now())
	g.Live = true
	var c carbonlog.Counts
	latencies := make([]time.Duration, 0, *samples)
	scrapes := 0
	for range *samples {
		before, _, err := s.get(sel)
		if err != nil {
			return err
		}
		r := g.Next(carbonlog.Errors)
		start := time.Now()
		if _, err := f.Write(r.Text); err != nil {
			return err
		}
		c.Add(r.Text, r.Level, r.Lines)
		for {
			time.Sleep(max(0, *poll-time.Since(start)%*poll))
			v, _, err := s.get(sel)
			scrapes++
			if err != nil {
				return err
			}
			if v >= before+1 {
				latencies = append(latencies, time.Since(start))
				if v > before+1 {
					return fmt.Errorf("%s went from %v to %v for one record", *metric, before, v)
				}
				break
			}
			if *pid > 0 && !alive(*pid) {
				return fmt.Errorf("process %d is gone", *pid)
			}
			if time.Since(start) > *timeout {
				return fmt.Errorf("record %d not counted within %v", len(latencies)+1, *timeout)
			}
		}
		gap := *gapMin
		if *gapMax > *gapMin {
			gap += time.Duration(g.Rand().Int64N(int64(*gapMax - *gapMin)))
		}
		time.Sleep(gap)
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		i := int(p*float64(len(latencies))+0.999999) - 1 // nearest rank
		return float64(latencies[min(max(i, 0), len(latencies)-1)]) / 1e6
	}
	var total time.Duration
	for _, l := range latencies {
		total += l
	}
	printCounts(*prefix, c)
	fmt.Printf("%s_SAMPLES=%d\n%s_MIN_MS=%.1f\n%s_P50_MS=%.1f\n%s_P90_MS=%.1f\n%s_P99_MS=%.1f\n%s_MAX_MS=%.1f\n%s_MEAN_MS=%.1f\n%s_SCRAPES=%d\n",
		*prefix, len(latencies), *prefix, pct(0), *prefix, pct(0.5), *prefix, pct(0.9), *prefix, pct(0.99), *prefix, pct(1),
		*prefix, float64(total)/float64(len(latencies))/1e6, *prefix, scrapes)
	return nil
}
