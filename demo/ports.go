package demo

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/apimwatch/apimwatch/demo/standin"
	"github.com/apimwatch/apimwatch/internal/certgen"
)

// probeHost is where the agents' built-in probes reach the demo's nodes: their ports listen on
// the loopback interface only.
const probeHost = "127.0.0.1"

// Validity of the demo's certificates. The new side's gateway certificate is the planted
// warning: the migration brought along a gateway keystore whose certificate expires in 10 days,
// within the probes' 30-day warning threshold (not the 7-day failure one) and the
// ApimwatchTLSCertificateExpiringSoon alert's 14 days.
const (
	caValidity                 = 2 * 365 * 24 * time.Hour
	certValidity               = 365 * 24 * time.Hour
	expiringGatewayCertLeft    = 10 * 24 * time.Hour
	newGatewayNotReadyRestarts = 6 * time.Minute
)

// nodePorts are an environment's node's ports: listening sockets the demo opens on free
// loopback ports and keeps for the node's life, which its stand-in JVM inherits and serves,
// each stand-in in turn when the node restarts (its ports stay the same, as a WSO2 node's).
type nodePorts struct {
	byName    map[string]int
	listeners []*os.File
	servlet   standin.CertFiles
	gateway   standin.CertFiles
}

// caFile is the demo's CA certificate, which the agents trust (probes.tls.ca_file).
func (d *Demo) caFile() string { return filepath.Join(d.Dir, "tls", "ca.pem") }

// createCA makes the demo's certificate authority, its certificate in caFile.
func (d *Demo) createCA() (*certgen.CA, error) {
	ca, err := certgen.NewCA("apimwatch demo CA", time.Now().Add(caValidity))
	if err != nil {
		return nil, err
	}
	return ca, writeFile(d.caFile(), string(ca.PEM))
}

// openPorts opens the node's listening sockets and writes its certificates, which ca signs.
func openPorts(e *Environment, ca *certgen.CA) (*nodePorts, error) {
	p := &nodePorts{byName: map[string]int{}}
	for _, name := range standin.PortNames {
		l, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.ParseIP(probeHost)})
		if err != nil {
			return nil, errors.Join(fmt.Errorf("opening the node's %s port: %w", name, err), p.close())
		}
		f, err := l.File() // a duplicate: the socket stays open with the file
		_ = l.Close()
		if err != nil {
			return nil, errors.Join(err, p.close())
		}
		p.byName[name] = l.Addr().(*net.TCPAddr).Port
		p.listeners = append(p.listeners, f)
	}
	gatewayValidity := certValidity
	if e.MigratedFrom != "" {
		gatewayValidity = expiringGatewayCertLeft
	}
	dir := filepath.Join(filepath.Dir(e.ConfigFile), "tls")
	var err error
	if p.servlet, err = writeServerCert(ca, dir, "servlet", certValidity); err == nil {
		p.gateway, err = writeServerCert(ca, dir, "gateway", gatewayValidity)
	}
	if err != nil {
		return nil, errors.Join(err, p.close())
	}
	return p, nil
}

func writeServerCert(ca *certgen.CA, dir, name string, validity time.Duration) (standin.CertFiles, error) {
	cert, err := ca.Server(time.Now().Add(validity))
	if err != nil {
		return standin.CertFiles{}, err
	}
	files := standin.CertFiles{Cert: filepath.Join(dir, name+".pem"), Key: filepath.Join(dir, name+"-key.pem")}
	if err := writeFile(files.Cert, string(cert.CertPEM)); err != nil {
		return files, err
	}
	if err := os.WriteFile(files.Key, cert.KeyPEM, 0o600); err != nil {
		return files, err
	}
	return files, nil
}

// http is what the stand-in JVM of the node serves.
func (p *nodePorts) http(e *Environment) *standin.HTTP {
	return &standin.HTTP{
		Product: "WSO2 API Manager-" + e.Version, Listeners: p.listeners,
		ServletCert: p.servlet, GatewayCert: p.gateway,
	}
}

// close closes the listening sockets.
func (p *nodePorts) close() error {
	if p == nil {
		return nil
	}
	var errs []error
	for _, f := range p.listeners {
		errs = append(errs, f.Close())
	}
	p.listeners = nil
	return errors.Join(errs...)
}
