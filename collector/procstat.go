package collector

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
)

// userHZ is the unit of the tick counts in /proc/<pid>/stat. The kernel fixes
// USER_HZ at 100 on every architecture Linux supports, which is why
// prometheus/procfs hard-codes it too rather than calling sysconf through cgo.
const userHZ = 100

// procStat holds the fields of /proc/<pid>/stat the collector reports; one
// read of that file gives all of them, see proc(5).
type procStat struct {
	state         byte
	userTicks     uint64
	systemTicks   uint64
	threads       uint64
	startTicks    uint64 // since boot; with the pid it identifies one process
	virtualBytes  uint64
	residentPages uint64
}

// alive is false for a process that has exited but not been reaped yet.
func (s procStat) alive() bool {
	return s.state != 'Z' && s.state != 'X'
}

var errProcStat = errors.New("malformed /proc/<pid>/stat")

func readProcStat(path string) (procStat, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return procStat{}, fmt.Errorf("reading process stat: %w", err)
	}
	stat, err := parseProcStat(raw)
	if err != nil {
		return procStat{}, fmt.Errorf("%s: %w", path, err)
	}
	return stat, nil
}

// parseProcStat reads the fields after the command name, which is in
// parentheses and may itself hold spaces and parentheses.
func parseProcStat(raw []byte) (procStat, error) {
	end := bytes.LastIndexByte(raw, ')')
	if end < 0 {
		return procStat{}, errProcStat
	}
	// fields[0] is field 3 of proc(5) (state), so field N is fields[N-3].
	fields := bytes.Fields(raw[end+1:])
	if len(fields) < 22 || len(fields[0]) != 1 {
		return procStat{}, errProcStat
	}
	stat := procStat{state: fields[0][0]}
	targets := []struct {
		field int
		value *uint64
	}{
		{14, &stat.userTicks},
		{15, &stat.systemTicks},
		{20, &stat.threads},
		{22, &stat.startTicks},
		{23, &stat.virtualBytes},
		{24, &stat.residentPages},
	}
	for _, target := range targets {
		value, err := strconv.ParseUint(string(fields[target.field-3]), 10, 64)
		if err != nil {
			return procStat{}, fmt.Errorf("field %d: %w", target.field, errProcStat)
		}
		*target.value = value
	}
	return stat, nil
}
