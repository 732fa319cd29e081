package probe

import (
	"context"
	"fmt"
	"net"
	"time"
)

// TCPProbe checks that a port accepts connections.
type TCPProbe struct {
	Spec
	// Address is host:port.
	Address string
}

func (TCPProbe) Kind() Kind        { return KindTCP }
func (TCPProbe) secrets() []string { return nil }

// Validate implements Probe.
func (p TCPProbe) Validate() error { return checkAddress(p.Address) }

func checkAddress(address string) error {
	host, port, err := net.SplitHostPort(address)
	if err != nil || host == "" || port == "" {
		return fmt.Errorf("address %q is not host:port", address)
	}
	return nil
}

func (p TCPProbe) check(ctx context.Context, _ *runEnv, r *Result) {
	start := time.Now()
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", p.Address)
	if err != nil {
		r.fail("connecting to %s failed: %s", p.Address, describeError(ctx, err))
		return
	}
	conn.Close()
	r.pass("%s accepted a connection in %s", p.Address, time.Since(start).Round(time.Millisecond))
}
