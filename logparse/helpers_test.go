package logparse

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// sampleDir holds real WSO2 records; CI clones the shared repository beside this one.
var sampleDir = filepath.Join("..", "..", "shared", "testdata", "wso2-logs")

// sampleLines reads a real sample file as lines without their "\n".
func sampleLines(tb testing.TB, name string) [][]byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir, name))
	if err != nil {
		tb.Fatalf("reading sample: %v", err)
	}
	return bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
}

// assemble runs lines through an assembler and returns the records and the unparsed count. It
// keeps clones: a Record the assembler hands out is valid until the next Add or Flush.
func assemble(l *Layout, maxBody int, lines [][]byte) (recs []*Record, unparsed int) {
	a := NewAssembler(l, maxBody)
	for _, line := range lines {
		rec, un := a.Add(line)
		if rec != nil {
			recs = append(recs, rec.Clone())
		}
		if un {
			unparsed++
		}
	}
	if rec := a.Flush(); rec != nil {
		recs = append(recs, rec.Clone())
	}
	return recs, unparsed
}

// patternOf names a layout in test failures.
func patternOf(l *Layout) string {
	if l == nil {
		return "<nil>"
	}
	return l.Pattern()
}
