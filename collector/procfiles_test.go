package collector

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestParseProcStat(t *testing.T) {
	// The command name may hold spaces and parentheses; fields count from the last ')'.
	raw := []byte("4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 87 0 500000 4000000000 50000 18446744073709551615\n")
	got, err := parseProcStat(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := procStat{state: 'S', userTicks: 1234, systemTicks: 567, threads: 87, startTicks: 500000, virtualBytes: 4000000000, residentPages: 50000}
	if got != want {
		t.Errorf("parseProcStat = %+v, want %+v", got, want)
	}
	if !got.alive() {
		t.Error("a sleeping process is alive")
	}

	zombie, err := parseProcStat([]byte("4242 (java) Z 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 1 0 500000 0 0 0\n"))
	if err != nil || zombie.alive() {
		t.Errorf("zombie: alive %v, err %v; want not alive", zombie.alive(), err)
	}

	for _, bad := range []string{"", "4242 java S 1", "4242 (java) S 1 2 3", "4242 (java) S 1 4242 4242 0 -1 4194560 100 0 0 0 x 567 0 0 20 0 87 0 500000 4000000000 50000 0"} {
		if _, err := parseProcStat([]byte(bad)); err == nil {
			t.Errorf("parseProcStat(%q) gave no error", bad)
		}
	}
}

func FuzzParseProcStat(f *testing.F) {
	f.Add([]byte("4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 87 0 500000 4000000000 50000 0\n"))
	f.Add([]byte("1 ()) R"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		_, _ = parseProcStat(raw) // must not panic on whatever the kernel or a fixture holds
	})
}

func TestReadMaxOpenFiles(t *testing.T) {
	header := "Limit                     Soft Limit           Hard Limit           Units     \n"
	tests := []struct {
		name        string
		content     string
		want        uint64
		wantLimited bool
		wantErr     bool
	}{
		{"soft limit", header + "Max open files            65536                1048576              files     \n", 65536, true, false},
		{"unlimited", header + "Max open files            unlimited            unlimited            files     \n", 0, false, false},
		{"no line", header, 0, false, true},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "limits")
			if err := os.WriteFile(path, []byte(test.content), 0o644); err != nil {
				t.Fatal(err)
			}
			got, limited, err := readMaxOpenFiles(path)
			if got != test.want || limited != test.wantLimited || (err != nil) != test.wantErr {
				t.Errorf("got %d, %v, %v; want %d, %v, error %v", got, limited, err, test.want, test.wantLimited, test.wantErr)
			}
		})
	}
}

func TestCountOpenFDsReadsPastOneBuffer(t *testing.T) {
	dir := t.TempDir()
	const entries = 3000 // more than one 16 KiB getdents buffer holds
	for i := range entries {
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := countOpenFDs(dir)
	if err != nil || got != entries {
		t.Errorf("countOpenFDs = %d, %v; want %d", got, err, entries)
	}
	if _, err := countOpenFDs(filepath.Join(dir, "0")); err == nil {
		t.Error("countOpenFDs of a regular file gave no error")
	}
}

func TestReadBootTime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stat")
	if err := os.WriteFile(path, []byte(hostProcFixture["stat"]), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := readBootTime(path); err != nil || got != 1700000000 {
		t.Errorf("readBootTime = %d, %v; want 1700000000", got, err)
	}
	if err := os.WriteFile(path, []byte("cpu 1 2 3 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readBootTime(path); err == nil {
		t.Error("readBootTime without a btime line gave no error")
	}
}
