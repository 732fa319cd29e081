package collector

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
)

// processScan finds the Carbon JVMs among all processes. It walks /proc at
// most once per scrape, however many nodes are looking for their JVM.
type processScan struct {
	fs    hostFS
	done  bool
	found []scannedProcess
	err   error
}

type scannedProcess struct {
	pid  int
	args []string
}

func (s *processScan) carbonJVMs() ([]scannedProcess, error) {
	if !s.done {
		s.found, s.err = s.walk()
		s.done = true
	}
	return s.found, s.err
}

func (s *processScan) walk() ([]scannedProcess, error) {
	dir, err := os.Open(s.fs.procPath())
	if err != nil {
		return nil, fmt.Errorf("listing processes: %w", err)
	}
	defer dir.Close()
	names, err := dir.Readdirnames(-1)
	if err != nil {
		return nil, fmt.Errorf("listing processes: %w", err)
	}
	var found []scannedProcess
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil {
			continue // not a process
		}
		raw, err := os.ReadFile(s.fs.procPath(name, "cmdline"))
		if err != nil || !bytes.Contains(raw, []byte(bootstrapClass)) {
			continue // exited meanwhile, or not Carbon
		}
		found = append(found, scannedProcess{pid: pid, args: splitCmdline(raw)})
	}
	return found, nil
}
