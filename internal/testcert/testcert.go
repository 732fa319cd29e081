// Package testcert makes TLS certificates for tests: a certificate authority of the test's own
// and the server certificates it signs, for 127.0.0.1 and localhost (package certgen, with the
// test failing on an error).
package testcert

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/internal/certgen"
)

// CA is a certificate authority that lives as long as one test.
type CA struct {
	*certgen.CA
}

// NewCA makes a CA valid from an hour ago for a year.
func NewCA(t testing.TB) *CA {
	t.Helper()
	ca, err := certgen.NewCA("apimwatch test CA", time.Now().Add(365*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return &CA{ca}
}

// File writes the CA certificate to a file of the test's and returns its path.
func (ca *CA) File(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, ca.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Server is a server certificate the CA signed.
type Server = certgen.Server

// Server signs a certificate for localhost and 127.0.0.1, valid from an hour ago until
// notAfter (a certificate keeps whole seconds: truncate notAfter to compare it later).
func (ca *CA) Server(t testing.TB, notAfter time.Time) Server {
	t.Helper()
	s, err := ca.CA.Server(notAfter)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
