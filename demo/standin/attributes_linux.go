package standin

import "syscall"

// childAttributes put a stand-in in a process group of its own, so that a Ctrl-C in the
// terminal reaches the demo alone, which then stops it after logging its shutdown, and have
// the kernel stop it when the demo dies: SIGTERM, on which it removes its perf-data file and
// exits, as a JVM does.
func childAttributes() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
