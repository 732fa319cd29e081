package standin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// heldFiles are files of the node a stand-in keeps open, as a Carbon JVM keeps its
// configuration and jars: wso2_jvm_open_fds counts them.
var heldFiles = []string{"repository/conf/deployment.toml", "repository/conf/log4j2.properties", "bin/version.txt"}

// burnPeriod is the period of the stand-in's CPU load: busy for CPUShare of it, then asleep.
const burnPeriod = 100 * time.Millisecond

// Main is the stand-in itself, the hidden demo-jvm command, with the arguments Spec.Args
// gives: its load and heap, "--", then a JVM's, of which it reads only -Dcarbon.home (it writes
// wso2carbon.pid there). It publishes its simulated heap in a perf-data file, prints readyLine
// to stdout once its memory is resident, then burns its CPU share and updates the file until
// ctx ends or stdin closes (its parent stopped it, or died), and removes the file. Given
// --product, it also serves the node's ports (HTTP) on the listening sockets it inherits.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	load, heap, node, home, err := parseArgs(args)
	if err != nil {
		return err
	}
	for _, rel := range heldFiles {
		f, err := os.Open(filepath.Join(home, rel))
		if err != nil {
			return fmt.Errorf("-Dcarbon.home=%s is not a node's home: %w", home, err)
		}
		defer f.Close()
	}
	// Written to, every page is really resident, not just reserved.
	memory := make([]byte, load.ResidentBytes)
	for i := 0; i < len(memory); i += os.Getpagesize() {
		memory[i] = 1
	}
	// A JVM that cannot create its perf-data file warns and runs without it; so does a stand-in
	// (the agent then reports wso2_jvm_perfdata_unavailable).
	started := time.Now()
	perf, err := createPerfData(os.Getpid(), newG1Heap(heap, started), started)
	if err != nil {
		fmt.Fprintf(os.Stderr, "warning: no perf-data file: %v\n", err)
	} else {
		defer perf.remove()
	}
	// Carbon writes its own pid file: the pid and a newline.
	if err := os.WriteFile(filepath.Join(home, "wso2carbon.pid"), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if node != nil {
		wait, err := serveHTTP(ctx, *node, started)
		if err != nil {
			return err
		}
		defer wait()
		defer cancel() // runs before wait: the servers shut down, then the stand-in exits
	}
	if _, err := fmt.Fprintln(stdout, readyLine); err != nil {
		return err
	}
	go func() {
		_, _ = io.Copy(io.Discard, stdin)
		cancel()
	}()
	var publish func(time.Time)
	if perf != nil {
		publish = perf.publish
	}
	burn(ctx, load.CPUShare, publish)
	runtime.KeepAlive(memory)
	return nil
}

// parseArgs reads the load, heap and HTTP flags (no --product: no HTTP), and -Dcarbon.home
// among the JVM's arguments after "--".
func parseArgs(args []string) (Load, Heap, *HTTP, string, error) {
	var load Load
	var heap Heap
	var node HTTP
	var cutover, notReadyFor string
	fs := pflag.NewFlagSet("demo-jvm", pflag.ContinueOnError)
	fs.Int64Var(&load.ResidentBytes, "resident-bytes", 0, "memory to keep resident")
	fs.Float64Var(&load.CPUShare, "cpu-share", 0, "share of one core to keep busy")
	fs.Int64Var(&heap.AllocationRate, "allocation-rate", 0, "bytes a second the simulated application allocates before the cutover")
	fs.Int64Var(&heap.AllocationRateAfterCutover, "allocation-rate-after-cutover", 0, "bytes a second it allocates after the cutover")
	fs.Int64Var(&heap.LeakRate, "leak-rate", 0, "bytes a second it leaks after the cutover")
	fs.StringVar(&cutover, "cutover", "", "when the cutover happens (RFC 3339)")
	fs.StringVar(&node.Product, "product", "", "what the Version service answers; empty: serve no HTTP")
	fs.StringVar(&node.ServletCert.Cert, "servlet-cert", "", "PEM certificate of the HTTPS servlet port")
	fs.StringVar(&node.ServletCert.Key, "servlet-key", "", "PEM key of the HTTPS servlet port")
	fs.StringVar(&node.GatewayCert.Cert, "gateway-cert", "", "PEM certificate of the gateway's HTTPS port")
	fs.StringVar(&node.GatewayCert.Key, "gateway-key", "", "PEM key of the gateway's HTTPS port")
	fs.StringVar(&notReadyFor, "not-ready-for", "", "how long after the start the readiness endpoint answers 503")
	if err := fs.Parse(args); err != nil {
		return load, heap, nil, "", fmt.Errorf("%w (a JVM's arguments go after --)", err)
	}
	if load.ResidentBytes < 0 || load.CPUShare < 0 || load.CPUShare > 1 {
		return load, heap, nil, "", fmt.Errorf("--resident-bytes must be at least 0 and --cpu-share from 0 to 1, not %d and %g", load.ResidentBytes, load.CPUShare)
	}
	if heap.AllocationRate < 0 || heap.AllocationRateAfterCutover < 0 || heap.LeakRate < 0 {
		return load, heap, nil, "", errors.New("--allocation-rate, --allocation-rate-after-cutover and --leak-rate cannot be negative")
	}
	var err error
	if node.NotReadyFor, err = parseNotReadyFor(notReadyFor); err != nil {
		return load, heap, nil, "", err
	}
	served := &node
	if node.Product == "" {
		served = nil
	}
	if cutover != "" {
		if heap.Cutover, err = time.Parse(time.RFC3339Nano, cutover); err != nil {
			return load, heap, nil, "", fmt.Errorf("--cutover: %w", err)
		}
	}
	for _, arg := range fs.Args() {
		if home, ok := strings.CutPrefix(arg, "-Dcarbon.home="); ok && filepath.IsAbs(home) {
			return load, heap, served, home, nil
		}
	}
	return load, heap, nil, "", errors.New("the stand-in JVM needs -Dcarbon.home=<absolute path of the node's home> after --")
}

// burn keeps share of one core busy until ctx ends, and calls every, if not nil, once a period.
func burn(ctx context.Context, share float64, every func(now time.Time)) {
	busy := time.Duration(share * float64(burnPeriod))
	ticker := time.NewTicker(burnPeriod)
	defer ticker.Stop()
	for {
		for deadline := time.Now().Add(busy); time.Now().Before(deadline); {
		}
		select {
		case <-ctx.Done():
			return
		case now := <-ticker.C:
			if every != nil {
				every(now)
			}
		}
	}
}
