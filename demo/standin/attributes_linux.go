package standin

import "syscall"

// childAttributes put a stand-in in a process group of its own, so that a Ctrl-C in the
// terminal reaches the demo alone, which then stops it after logging its shutdown, and have
// the kernel kill it when the demo dies.
func childAttributes() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
