package logwatch

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/apimwatch/apimwatch/logparse"
	"github.com/apimwatch/apimwatch/tailer"
)

// BenchmarkPipeline feeds a generated wso2carbon.log (scripts/gencorpus, 20 MB) through one
// file's pipeline: assembly, lifecycle, classification and metrics, without the tailer.
// `make bench-logs` measures the whole daemon; this isolates the per-record cost for pprof.
func BenchmarkPipeline(b *testing.B) {
	corpus := generateCorpus(b, "20MB")
	data, err := os.ReadFile(corpus)
	if err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		n, clock := testNode(&testing.T{})
		s := n.open(corpus, []*logparse.Layout{logparse.CarbonLayout})
		for _, l := range lines {
			s.Line(l, false)
		}
		clock.now = clock.now.Add(1e9)
		s.Idle(clock.now)
	}
}

// BenchmarkCatchUp reads a generated wso2carbon.log (100 MB) from its start through the tailer
// into one file's pipeline, as the daemon catches up on a backlog, without the daemon's
// start-up and scrapes: the steady part of `make bench-logs`'s catch-up, repeatable enough to
// compare two builds (the page cache is warm after the first pass).
func BenchmarkCatchUp(b *testing.B) {
	corpus := generateCorpus(b, "100MB")
	info, err := os.Stat(corpus)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	b.ReportAllocs()
	for b.Loop() {
		n, clock := testNode(&testing.T{})
		var sink *fileSink
		tl, err := tailer.New(tailer.Options{Include: []string{corpus}, FromStart: true, Open: func(path string) tailer.Sink {
			sink = n.open(path, []*logparse.Layout{logparse.CarbonLayout})
			return sink
		}})
		if err != nil {
			b.Fatal(err)
		}
		tl.Poll()
		clock.now = clock.now.Add(1e9)
		sink.Idle(clock.now)
		if stats := tl.Stats(); len(stats) != 1 || stats[0].Offset != info.Size() {
			b.Fatalf("read %+v of %d bytes", stats, info.Size())
		}
	}
}

// generateCorpus writes a wso2carbon.log of size (scripts/gencorpus) and returns its path.
func generateCorpus(b *testing.B, size string) string {
	corpus := filepath.Join(b.TempDir(), "wso2carbon.log")
	gen := exec.Command("go", "run", "../scripts/gencorpus", "corpus", "-o", corpus, "-size", size)
	if out, err := gen.CombinedOutput(); err != nil {
		b.Fatalf("gencorpus: %v\n%s", err, out)
	}
	return corpus
}
