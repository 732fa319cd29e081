package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"time"
)

// TLSOptions say how a probe verifies the server's certificate.
type TLSOptions struct {
	// CAFile is a PEM bundle of the CAs to trust instead of the system roots (a site CA, or the
	// self-signed certificate of a default WSO2 pack).
	CAFile string
	// ServerName is the name the certificate must be valid for, when it is not the URL's host
	// (e.g. probing a node by IP address). It is also sent as SNI.
	ServerName string
	// InsecureSkipVerify accepts any certificate. Each result then carries a warning.
	InsecureSkipVerify bool
}

const insecureWarning = "TLS certificate verification is disabled (insecure_skip_verify): the server is not authenticated"

// Default certificate thresholds of a CertProbe.
const (
	DefaultCertWarnWithin = 30 * 24 * time.Hour
	DefaultCertFailWithin = 7 * 24 * time.Hour
)

// roots loads CAFile, or returns nil for the system roots.
func (o TLSOptions) roots() (*x509.CertPool, error) {
	if o.CAFile == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(o.CAFile)
	if err != nil {
		return nil, fmt.Errorf("reading the CA bundle: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("the CA bundle %s holds no PEM certificate", o.CAFile)
	}
	return pool, nil
}

// verifier holds what verifying a server needs, loaded once per probe run.
type verifier struct {
	opts  TLSOptions
	roots *x509.CertPool // nil: the system roots
}

func (o TLSOptions) verifier() (verifier, error) {
	roots, err := o.roots()
	return verifier{opts: o, roots: roots}, err
}

// config is the client TLS configuration for a connection to host. Verification is done by
// verifyPeer rather than by crypto/tls, so that a handshake with an expired or untrusted
// certificate still tells the probe when that certificate expires.
func (v verifier) config(host string) *tls.Config {
	name := v.opts.ServerName
	if name == "" {
		name = host
	}
	return &tls.Config{
		MinVersion:         tls.VersionTLS12,
		ServerName:         name,
		InsecureSkipVerify: true, // verification is VerifyConnection's
		VerifyConnection: func(cs tls.ConnectionState) error {
			if v.opts.InsecureSkipVerify {
				return nil
			}
			return verifyPeer(cs, v.roots, name)
		},
	}
}

// dial opens a TLS connection to address (host:port) with the handshake done.
func (v verifier) dial(ctx context.Context, address string) (*tls.Conn, error) {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	dialer := tls.Dialer{Config: v.config(host)}
	conn, err := dialer.DialContext(ctx, "tcp", address)
	if err != nil {
		return nil, err
	}
	return conn.(*tls.Conn), nil
}

func verifyPeer(cs tls.ConnectionState, roots *x509.CertPool, name string) error {
	if len(cs.PeerCertificates) == 0 {
		return errors.New("the server sent no certificate")
	}
	intermediates := x509.NewCertPool()
	for _, c := range cs.PeerCertificates[1:] {
		intermediates.AddCert(c)
	}
	_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: intermediates, DNSName: name,
	})
	if err != nil {
		return &certError{err: err, expiry: earliestExpiry(cs.PeerCertificates)}
	}
	return nil
}

// certError is a failed verification that still knows when the presented certificates expire.
type certError struct {
	err    error
	expiry time.Time
}

func (e *certError) Error() string { return "certificate not trusted: " + e.err.Error() }
func (e *certError) Unwrap() error { return e.err }

func earliestExpiry(certs []*x509.Certificate) time.Time {
	var earliest time.Time
	for _, c := range certs {
		if earliest.IsZero() || c.NotAfter.Before(earliest) {
			earliest = c.NotAfter
		}
	}
	return earliest
}

// CertProbe connects to a TLS port and checks the certificate the server presents: it must be
// trusted and valid for the host, and must not expire within FailWithin (a warning within
// WarnWithin). The expiry time is reported even when verification fails.
type CertProbe struct {
	Spec
	// Address is host:port.
	Address string
	TLS     TLSOptions
	// WarnWithin and FailWithin: 0 means DefaultCertWarnWithin and DefaultCertFailWithin.
	WarnWithin time.Duration
	FailWithin time.Duration
}

func (CertProbe) Kind() Kind        { return KindTLSCert }
func (CertProbe) secrets() []string { return nil }

// Validate implements Probe.
func (p CertProbe) Validate() error {
	if err := checkAddress(p.Address); err != nil {
		return err
	}
	if p.WarnWithin < 0 || p.FailWithin < 0 {
		return errors.New("certificate thresholds must not be negative")
	}
	return nil
}

func (p CertProbe) check(ctx context.Context, _ *runEnv, r *Result) {
	v, err := p.TLS.verifier()
	if err != nil {
		r.fail("%v", err)
		return
	}
	if p.TLS.InsecureSkipVerify {
		r.warn(insecureWarning)
	}
	conn, err := v.dial(ctx, p.Address)
	if err != nil {
		if ce, ok := errors.AsType[*certError](err); ok {
			r.CertExpiry = ce.expiry
		}
		r.fail("TLS handshake with %s failed: %s", p.Address, describeError(ctx, err))
		return
	}
	defer conn.Close()
	r.CertExpiry = earliestExpiry(conn.ConnectionState().PeerCertificates)
	p.judgeExpiry(r, time.Now())
}

// judgeExpiry passes or fails r on how far r.CertExpiry is from now.
func (p CertProbe) judgeExpiry(r *Result, now time.Time) {
	warnWithin, failWithin := p.WarnWithin, p.FailWithin
	if warnWithin == 0 {
		warnWithin = DefaultCertWarnWithin
	}
	if failWithin == 0 {
		failWithin = DefaultCertFailWithin
	}
	expiry := r.CertExpiry.UTC().Format(time.RFC3339)
	left := r.CertExpiry.Sub(now)
	switch {
	case left <= 0:
		r.fail("the certificate expired at %s", expiry)
	case left <= failWithin:
		r.fail("the certificate expires at %s, within the %s failure threshold", expiry, days(failWithin))
	case left <= warnWithin:
		r.pass("the certificate is valid until %s", expiry)
		r.warn("the certificate expires at %s, within the %s warning threshold", expiry, days(warnWithin))
	default:
		r.pass("the certificate is valid until %s", expiry)
	}
}

// days renders a threshold the way operators configure it.
func days(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d-day", d/(24*time.Hour))
	}
	return d.String()
}
