package tailer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDiscover(t *testing.T) {
	h := newHarness(t, func(o *Options, dir string) {
		o.Include = []string{
			filepath.Join(dir, "node*", "logs", "*.log"),
			filepath.Join(dir, "node1", "logs", "wso2carbon.log"), // also matched above: followed once
			filepath.Join(dir, "literal.log"),
			filepath.Join(dir, "missing.log"),
		}
	}, nil)
	for _, name := range []string{
		"node1/logs/wso2carbon.log", "node1/logs/wso2carbon-11-20-2026-1.log", "node1/logs/audit.log",
		"node2/logs/wso2carbon.log", "node2/logs/wso2carbon.log.1", "node2/logs/errors.log.gz",
		"node2/other.log", "literal.log",
	} {
		must(t, os.MkdirAll(filepath.Dir(h.path(name)), 0o755))
		writeFile(t, h.path(name), "")
	}
	h.poll(1)
	var got []string
	for _, st := range h.tailer.Stats() {
		got = append(got, strings.TrimPrefix(st.Path, h.dir+"/"))
	}
	want := []string{"literal.log", "node1/logs/audit.log", "node1/logs/wso2carbon.log", "node2/logs/wso2carbon.log"}
	if !slices.Equal(got, want) {
		t.Errorf("followed %q, want %q", got, want)
	}
}

func TestOptionsChecked(t *testing.T) {
	_, err := New(Options{Include: []string{"[bad"}, Exclude: []string{"[worse"}, MaxLineBytes: -1})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{`include pattern "[bad"`, `exclude pattern "[worse"`, "open: no function", "max line bytes"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
}
