// Package standin is the demo's stand-in for a WSO2 Carbon JVM. The demo has no Java: a
// stand-in is a process of apimwatch's own binary (its hidden demo-jvm command) whose command
// line has the shape of a Carbon JVM's, which writes <carbon_home>/wso2carbon.pid as Carbon
// does, keeps some memory resident, burns a little CPU, holds a few files open and publishes a
// simulated G1 heap in a HotSpot perf-data file, so that the agent's real JVM collector finds
// it and has something to measure.
package standin

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The JVM options of WSO2's start script, as api-manager.sh passes them (JVM_MEM_OPTS' default).
var jvmOptions = []string{"-Xms256m", "-Xmx1024m"}

// bootstrapClass is the main class of every Carbon JVM: the collector looks for it.
const bootstrapClass = "org.wso2.carbon.bootstrap.Bootstrap"

// readyLine is what a stand-in prints once its pid file is written and its memory resident.
const readyLine = "ready"

// startTimeout bounds a stand-in's start: allocating and touching its memory takes milliseconds.
const startTimeout = 10 * time.Second

// stopTimeout is how long Stop waits for a stand-in to exit before it kills it.
const stopTimeout = 5 * time.Second

// Spec is the stand-in of one node.
type Spec struct {
	// Command runs a stand-in: apimwatch's executable and its hidden command, for Run's flags
	// and the JVM-shaped arguments to follow.
	Command    []string
	CarbonHome string
	Load       Load
	Heap       Heap
	// HTTP is what it serves of the node's ports; nil: none.
	HTTP *HTTP
}

// Load is what a stand-in uses of the machine.
type Load struct {
	ResidentBytes int64
	// CPUShare is the share of one core it keeps busy, 0.03 for 3%.
	CPUShare float64
}

// Process is a running stand-in.
type Process struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *strings.Builder
	exited chan struct{}
	err    error
}

// Args are the stand-in's arguments after Spec.Command: its load and heap, then a Carbon JVM's
// options, carbon.home and profile properties and main class, which it ignores but the
// collector reads.
func (s Spec) Args() []string {
	args := []string{
		"--resident-bytes=" + strconv.FormatInt(s.Load.ResidentBytes, 10),
		"--cpu-share=" + strconv.FormatFloat(s.Load.CPUShare, 'f', -1, 64),
		"--allocation-rate=" + strconv.FormatInt(s.Heap.AllocationRate, 10),
		"--allocation-rate-after-cutover=" + strconv.FormatInt(s.Heap.AllocationRateAfterCutover, 10),
		"--leak-rate=" + strconv.FormatInt(s.Heap.LeakRate, 10),
	}
	if !s.Heap.Cutover.IsZero() {
		args = append(args, "--cutover="+s.Heap.Cutover.Format(time.RFC3339Nano))
	}
	if s.HTTP != nil {
		args = append(args, s.HTTP.args()...)
	}
	args = append(args, "--")
	args = append(args, jvmOptions...)
	return append(args, "-Dcarbon.home="+s.CarbonHome, "-Dprofile=default", bootstrapClass)
}

// Start starts a stand-in and waits until it has written its pid file (and, given Spec.HTTP,
// serves the node's ports). The stand-in dies with
// the calling process: on Linux the kernel kills it (SysProcAttr.Pdeathsig), and everywhere it
// exits when its standard input, a pipe from this process, closes.
func Start(s Spec) (*Process, error) {
	if len(s.Command) == 0 {
		return nil, errors.New("standin: no command to run the stand-in JVM with")
	}
	cmd := exec.Command(s.Command[0], append(s.Command[1:], s.Args()...)...)
	cmd.SysProcAttr = childAttributes()
	if s.HTTP != nil {
		if len(s.HTTP.Listeners) != len(PortNames) {
			return nil, fmt.Errorf("standin: %d listeners, want one per port (%s)", len(s.HTTP.Listeners), strings.Join(PortNames, ", "))
		}
		cmd.ExtraFiles = s.HTTP.Listeners
	}
	p := &Process{cmd: cmd, stderr: &strings.Builder{}, exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the stand-in JVM of %s: %w", s.CarbonHome, err)
	}
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- strings.TrimSpace(line) == readyLine
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	select {
	case ok := <-ready:
		if ok {
			return p, nil
		}
	case <-time.After(startTimeout):
	}
	_ = p.Stop()
	return nil, fmt.Errorf("the stand-in JVM of %s did not start: %v %s", s.CarbonHome, p.err, p.stderr.String())
}

// Pid is the stand-in's process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Stop closes the stand-in's standard input, which makes it exit, and waits for it; one that
// has not exited after stopTimeout is killed.
func (p *Process) Stop() error {
	_ = p.stdin.Close()
	select {
	case <-p.exited:
	case <-time.After(stopTimeout):
		_ = p.cmd.Process.Kill()
		<-p.exited
		// Killed, it could not remove its perf-data file.
		_ = removePerfData(PerfDataPath(p.Pid()))
		return fmt.Errorf("the stand-in JVM %d did not exit within %s of being told to; killed it", p.Pid(), stopTimeout)
	}
	if p.err != nil {
		return fmt.Errorf("the stand-in JVM %d: %w %s", p.Pid(), p.err, p.stderr.String())
	}
	return nil
}

// Gone tells whether process pid has exited: it no longer exists, or it is a zombie that its
// new parent has not reaped yet (a container's init may never reap it).
func Gone(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return true
	}
	// The state follows the command name, which is in parentheses and may contain any byte.
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] == 'Z' || stat[i+2] == 'X'
}
