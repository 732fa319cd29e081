package collector

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestReadPIDFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    int
		wantErr error
	}{
		{"as WSO2 writes it: newline and NUL bytes", "4242\n\x00\x00\x00\x00", 4242, nil},
		{"surrounding whitespace", "  4242 \r\n", 4242, nil},
		{"empty", "", 0, errInvalidPIDFile},
		{"only NUL bytes", "\x00\x00\x00", 0, errInvalidPIDFile},
		{"garbage", "not a pid\n", 0, errInvalidPIDFile},
		{"digits then garbage", "4242abc", 0, errInvalidPIDFile},
		{"negative", "-1\n", 0, errInvalidPIDFile},
		{"zero", "0\n", 0, errInvalidPIDFile},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "wso2carbon.pid")
			if err := os.WriteFile(path, []byte(test.content), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := readPIDFile(path)
			if got != test.want || !errors.Is(err, test.wantErr) || (test.wantErr == nil) != (err == nil) {
				t.Errorf("readPIDFile = %d, %v; want %d, %v", got, err, test.want, test.wantErr)
			}
		})
	}

	if _, err := readPIDFile(filepath.Join(t.TempDir(), "missing.pid")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing pid file: err = %v, want fs.ErrNotExist", err)
	}
}
