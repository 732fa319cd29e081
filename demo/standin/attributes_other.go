//go:build !linux

package standin

import "syscall"

// childAttributes put a stand-in in a process group of its own, so that a Ctrl-C in the
// terminal reaches the demo alone. Without Linux's Pdeathsig, a stand-in outlives a killed demo
// only until it reads the end of its standard input.
func childAttributes() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
