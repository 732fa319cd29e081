package collector

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// bootstrapClass is the main class every WSO2 Carbon JVM runs.
const bootstrapClass = "org.wso2.carbon.bootstrap.Bootstrap"

// jvmCommandLine is what the agent learns from a Carbon JVM's arguments.
type jvmCommandLine struct {
	carbonHome   string // cleaned -Dcarbon.home value
	profile      string // -Dprofile value, "default" when absent
	heapMaxBytes int64  // from -Xmx or -XX:MaxHeapSize=; 0 when neither is given
	// noPerfData: -XX:-UsePerfData or -XX:+PerfDisableSharedMem, with which
	// the JVM writes no perf-data file (the last of each pair wins).
	noPerfData bool
}

// parseJVMCommandLine reads the arguments of /proc/<pid>/cmdline. ok is false
// when the process does not run the Carbon bootstrap class.
//
// Heap options only count before the main class: after it they are program
// arguments the JVM never sees. System properties count anywhere, because
// Carbon's launcher turns -D program arguments into system properties, which
// is how the start script passes -Dprofile through. The last occurrence of
// each option wins, as it does in the JVM.
func parseJVMCommandLine(args []string) (cmd jvmCommandLine, ok bool) {
	cmd.profile = "default"
	var perfData perfDataOptions
	for _, arg := range args {
		if arg == bootstrapClass {
			ok = true
			continue
		}
		if value, found := strings.CutPrefix(arg, "-Dcarbon.home="); found {
			cmd.carbonHome = filepath.Clean(value)
		}
		if value, found := strings.CutPrefix(arg, "-Dprofile="); found && value != "" {
			cmd.profile = value
		}
		if !ok {
			if size, found := heapMaxOption(arg); found {
				cmd.heapMaxBytes = size
			}
			perfData.option(arg)
		}
	}
	cmd.noPerfData = perfData.off()
	return cmd, ok
}

// perfDataOptions follows the two options that decide whether the JVM
// writes a perf-data file.
type perfDataOptions struct {
	disabled, notShared bool
}

func (p *perfDataOptions) option(arg string) {
	switch arg {
	case "-XX:-UsePerfData", "-XX:+UsePerfData":
		p.disabled = arg == "-XX:-UsePerfData"
	case "-XX:+PerfDisableSharedMem", "-XX:-PerfDisableSharedMem":
		p.notShared = arg == "-XX:+PerfDisableSharedMem"
	}
}

func (p perfDataOptions) off() bool { return p.disabled || p.notShared }

// heapMaxOption recognises -Xmx<size> and -XX:MaxHeapSize=<size>. A malformed
// size is ignored: the JVM refuses to start with one, so it is never the
// running configuration.
func heapMaxOption(arg string) (int64, bool) {
	value, found := strings.CutPrefix(arg, "-Xmx")
	if !found {
		value, found = strings.CutPrefix(arg, "-XX:MaxHeapSize=")
	}
	if !found {
		return 0, false
	}
	size, err := parseJavaSize(value)
	if err != nil {
		return 0, false
	}
	return size, true
}

var errJavaSize = errors.New("not a Java memory size")

// parseJavaSize parses a JVM memory size: a byte count with an optional
// k, m, g or t suffix in either case.
func parseJavaSize(value string) (int64, error) {
	multiplier := int64(1)
	if value != "" {
		switch value[len(value)-1] {
		case 'k', 'K':
			multiplier = 1 << 10
		case 'm', 'M':
			multiplier = 1 << 20
		case 'g', 'G':
			multiplier = 1 << 30
		case 't', 'T':
			multiplier = 1 << 40
		}
	}
	digits := value
	if multiplier != 1 {
		digits = value[:len(value)-1]
	}
	number, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || number <= 0 || digits[0] == '+' {
		return 0, fmt.Errorf("%q: %w", value, errJavaSize)
	}
	if number > (1<<63-1)/multiplier {
		return 0, fmt.Errorf("%q overflows: %w", value, errJavaSize)
	}
	return number * multiplier, nil
}

// splitCmdline splits /proc/<pid>/cmdline, whose arguments each end in a NUL.
func splitCmdline(raw []byte) []string {
	raw = bytes.TrimSuffix(raw, []byte{0})
	if len(raw) == 0 {
		return nil
	}
	return strings.Split(string(raw), "\x00")
}
