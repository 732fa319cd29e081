package probe

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// VersionProbe asks a node's Carbon Version service (GET /services/Version) which product it
// runs. The answer is XML such as
//
//	<ns:getVersionResponse xmlns:ns="http://version.services.core.carbon.wso2.org">
//	  <return>WSO2 API Manager-4.2.0</return></ns:getVersionResponse>
//
// The probe passes when the version after the last "-" equals Expected: after a cutover, an
// old pack still answering on the node's port is a failure. With Expected empty the probe only
// requires a version in the answer, and its result carries a warning saying so.
type VersionProbe struct {
	Spec
	URL      string
	Expected string
	HTTP     HTTPOptions
}

func (VersionProbe) Kind() Kind        { return KindVersion }
func (VersionProbe) secrets() []string { return nil }

// Validate implements Probe.
func (p VersionProbe) Validate() error { return checkURL("URL", p.URL) }

func (p VersionProbe) check(ctx context.Context, _ *runEnv, r *Result) {
	resp, err := exchange(ctx, p.HTTP, request{method: http.MethodGet, url: p.URL, header: http.Header{"Accept": {"application/xml"}}}, r)
	if err != nil {
		r.fail("%v", err)
		return
	}
	if resp.status != http.StatusOK {
		r.fail("the Version service answered status %d, want 200", resp.status)
		return
	}
	product, err := parseVersionResponse(resp.body)
	if err != nil {
		r.fail("%v", err)
		return
	}
	version := product[strings.LastIndex(product, "-")+1:]
	switch {
	case p.Expected == "":
		r.pass("the node runs %s (no expected version given)", product)
		// A pass that cannot catch the failure the probe is for must say so where the
		// operators look: in the gate's report and on the status page, not only in a message.
		r.warn("no expected version is given: an old pack answering would pass; give the node's expected version")
	case version == p.Expected:
		r.pass("the node runs %s", product)
	case olderVersion(version, p.Expected):
		r.fail("the node runs %s, expected version %s: an older pack is answering", product, p.Expected)
	default:
		r.fail("the node runs %s, expected version %s", product, p.Expected)
	}
}

// parseVersionResponse returns the text of the answer's <return> element, whatever its
// namespace prefix and whether or not it comes in a SOAP envelope.
func parseVersionResponse(body []byte) (string, error) {
	decoder := xml.NewDecoder(bytes.NewReader(body))
	for {
		token, err := decoder.Token()
		if errors.Is(err, io.EOF) {
			return "", errors.New("the Version service's answer has no <return> element")
		}
		if err != nil {
			return "", fmt.Errorf("the Version service's answer is not XML: %w", err)
		}
		if start, ok := token.(xml.StartElement); ok && start.Name.Local == "return" {
			var text string
			if err := decoder.DecodeElement(&text, &start); err != nil {
				return "", fmt.Errorf("the Version service's answer is not XML: %w", err)
			}
			if text = strings.TrimSpace(text); text == "" {
				return "", errors.New("the Version service's answer has an empty <return> element")
			}
			return text, nil
		}
	}
}

// olderVersion tells whether dotted version a is below b; false when either is not numeric.
func olderVersion(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		x, errX := versionPart(as, i)
		y, errY := versionPart(bs, i)
		if errX != nil || errY != nil {
			return false
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func versionPart(parts []string, i int) (int, error) {
	if i >= len(parts) {
		return 0, nil
	}
	return strconv.Atoi(parts[i])
}

// ReadinessProbe calls the gateway's readiness endpoint
// (/api/am/gateway/v2/server-startup-healthcheck), which answers 200 once the gateway has
// deployed its APIs and can take traffic.
type ReadinessProbe struct {
	Spec
	URL  string
	HTTP HTTPOptions
}

func (ReadinessProbe) Kind() Kind        { return KindGatewayReady }
func (ReadinessProbe) secrets() []string { return nil }

// Validate implements Probe.
func (p ReadinessProbe) Validate() error { return checkURL("URL", p.URL) }

func (p ReadinessProbe) check(ctx context.Context, _ *runEnv, r *Result) {
	resp, err := exchange(ctx, p.HTTP, request{method: http.MethodGet, url: p.URL}, r)
	switch {
	case err != nil:
		r.fail("%v", err)
	case resp.status != http.StatusOK:
		r.fail("the gateway readiness endpoint answered status %d, want 200: the gateway is not ready to take traffic", resp.status)
	default:
		r.pass("the gateway is ready")
	}
}
