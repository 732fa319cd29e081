package collector

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// errInvalidPIDFile marks a pid file whose content is not a pid: the node is
// then located by its command line instead.
var errInvalidPIDFile = errors.New("pid file does not hold a pid")

// readPIDFile reads wso2carbon.pid, which WSO2 writes as the pid, a newline
// and trailing NUL bytes.
func readPIDFile(path string) (int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("reading pid file: %w", err)
	}
	text := strings.TrimSpace(strings.TrimRight(string(raw), "\x00"))
	pid, err := strconv.Atoi(text)
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("%s: %q: %w", path, truncate(text, 32), errInvalidPIDFile)
	}
	return pid, nil
}

// truncate keeps a log line short when a pid file holds something large.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
