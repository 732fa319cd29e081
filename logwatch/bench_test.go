package logwatch

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/apimwatch/apimwatch/logparse"
)

// BenchmarkPipeline feeds a generated wso2carbon.log (scripts/gencorpus, 20 MB) through one
// file's pipeline: assembly, lifecycle, classification and metrics, without the tailer.
// `make bench-logs` measures the whole daemon; this isolates the per-record cost for pprof.
func BenchmarkPipeline(b *testing.B) {
	corpus := filepath.Join(b.TempDir(), "wso2carbon.log")
	gen := exec.Command("go", "run", "../scripts/gencorpus", "corpus", "-o", corpus, "-size", "20MB")
	if out, err := gen.CombinedOutput(); err != nil {
		b.Fatalf("gencorpus: %v\n%s", err, out)
	}
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
