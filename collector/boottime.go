package collector

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

var errNoBootTime = errors.New(`no "btime" line`)

// readBootTime reads the btime line of /proc/stat: the epoch second that
// process start times in /proc/<pid>/stat count from. gopsutil's
// host.BootTime is not used because it first probes for virtualisation,
// reading several more files, and in a container derives the boot time from
// /proc/uptime, which moves by a second from one call to the next.
func readBootTime(path string) (uint64, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("reading boot time: %w", err)
	}
	scanner := bufio.NewScanner(bytes.NewReader(raw))
	for scanner.Scan() {
		if value, found := strings.CutPrefix(scanner.Text(), "btime "); found {
			bootTime, err := strconv.ParseUint(strings.TrimSpace(value), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("%s: btime: %w", path, err)
			}
			return bootTime, nil
		}
	}
	return 0, fmt.Errorf("%s: %w", path, errNoBootTime)
}
