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

var errNoOpenFilesLimit = errors.New(`no "Max open files" line`)

// readMaxOpenFiles returns the soft RLIMIT_NOFILE of a process from
// /proc/<pid>/limits, which, unlike /proc/<pid>/fd, any user may read.
// limited is false when the limit is "unlimited".
func readMaxOpenFiles(path string) (limit uint64, limited bool, err error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, false, fmt.Errorf("reading process limits: %w", err)
	}
	scanner := bufio.NewScanner(bytes.NewReader(raw))
	for scanner.Scan() {
		rest, found := strings.CutPrefix(scanner.Text(), "Max open files")
		if !found {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			break
		}
		if fields[0] == "unlimited" {
			return 0, false, nil
		}
		limit, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			return 0, false, fmt.Errorf("%s: soft open files limit: %w", path, err)
		}
		return limit, true, nil
	}
	return 0, false, fmt.Errorf("%s: %w", path, errNoOpenFilesLimit)
}
