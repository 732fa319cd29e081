package sim

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestRolledFilesAreBounded: past RolloverMax rollovers in a day, the oldest rolled file goes
// and the others move down an index, as log4j2's DefaultRolloverStrategy (fileIndex=max) does,
// so that a demo left running does not fill the disk, and the highest index is the newest.
func TestRolledFilesAreBounded(t *testing.T) {
	dir := t.TempDir()
	r, err := openRolling(filepath.Join(dir, "wso2-apigw-errors.log"), rollover{maxBytes: 1, gzip: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	day := time.Date(2025, 3, 7, 10, 0, 0, 0, time.Local)
	const rollovers = RolloverMax + 5
	for i := 1; i <= rollovers; i++ {
		if _, err := fmt.Fprintf(r.f, "record %d\n", i); err != nil {
			t.Fatal(err)
		}
		if err := r.roll(day); err != nil {
			t.Fatal(err)
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "wso2-apigw-errors-*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != RolloverMax {
		t.Errorf("%d rolled files after %d rollovers, want %d: %q", len(files), rollovers, RolloverMax, files)
	}
	for i := 1; i <= RolloverMax; i++ {
		// Index i holds what was written before rollover i + 5: the first five were deleted.
		want := fmt.Sprintf("record %d\n", i+rollovers-RolloverMax)
		path := filepath.Join(dir, fmt.Sprintf("wso2-apigw-errors-03-07-2025-%d.log.gz", i))
		if got := string(Gunzip(t, path)); got != want {
			t.Errorf("%s holds %q, want %q", filepath.Base(path), got, want)
		}
	}
}

// Gunzip is the decompressed content of a gzip file, failing the test if it is not one. It is
// exported to sim_test (this file is compiled only with the tests).
func Gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return b
}
