package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// HTTPOptions are the connection rules of a probe that speaks HTTP.
type HTTPOptions struct {
	TLS TLSOptions
	// FollowOtherHosts lets redirects lead to another host name; the credential headers are
	// not sent there. Redirects within the same host are always followed, up to MaxRedirects.
	// Whatever it says, a request that starts on https never follows a redirect to plain http.
	FollowOtherHosts bool
	// MaxBodyBytes caps how much of a response body is read (0: DefaultMaxBodyBytes).
	MaxBodyBytes int64
}

const (
	// MaxRedirects is how many redirects a probe follows before it fails.
	MaxRedirects = 5
	// DefaultMaxBodyBytes is the default cap on a response body.
	DefaultMaxBodyBytes = 1 << 20
)

var (
	errRedirectOtherHost = errors.New("redirects to another host are not followed")
	errRedirectToPlain   = errors.New("a redirect that leaves TLS is not followed")
	errTooManyRedirects  = fmt.Errorf("stopped after %d redirects", MaxRedirects)
)

// request is one HTTP exchange a probe makes.
type request struct {
	method string
	url    string
	header http.Header
	body   string
	// basicUser and basicPassword, when basicUser is set, go in an Authorization header.
	basicUser, basicPassword string
}

type response struct {
	status    int
	body      []byte
	truncated bool
	// latency is from sending the request to the end of the body.
	latency time.Duration
}

// exchange sends req under opts and reads the answer, with the body capped. It records on r the
// status, the certificate expiry and the warnings of the connection (insecure TLS, a truncated
// body). The returned error is worded for a result.
func exchange(ctx context.Context, opts HTTPOptions, req request, r *Result) (response, error) {
	v, err := opts.TLS.verifier()
	if err != nil {
		return response{}, err
	}
	if opts.TLS.InsecureSkipVerify {
		r.Warnings = appendMissing(r.Warnings, insecureWarning)
	}
	httpReq, err := http.NewRequestWithContext(ctx, req.method, req.url, strings.NewReader(req.body))
	if err != nil {
		return response{}, fmt.Errorf("building the request: %w", err)
	}
	for name, values := range req.header {
		httpReq.Header[name] = values
	}
	if req.basicUser != "" {
		httpReq.SetBasicAuth(req.basicUser, req.basicPassword)
	}
	client := newClient(v, opts.FollowOtherHosts)
	defer client.CloseIdleConnections()

	start := time.Now()
	resp, err := client.Do(httpReq)
	if err != nil {
		if ce, ok := errors.AsType[*certError](err); ok {
			r.CertExpiry = ce.expiry
		}
		return response{}, fmt.Errorf("%s failed: %s", req.method, describeError(ctx, err))
	}
	defer resp.Body.Close()
	r.HTTPStatus = resp.StatusCode
	if resp.TLS != nil {
		r.CertExpiry = earliestExpiry(resp.TLS.PeerCertificates)
	}
	limit := opts.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return response{status: resp.StatusCode}, fmt.Errorf("reading the response body: %s", describeError(ctx, err))
	}
	out := response{status: resp.StatusCode, body: body, latency: time.Since(start)}
	if int64(len(body)) > limit {
		out.body, out.truncated = body[:limit], true
		r.warn("the response body is larger than %d bytes: only its first %d bytes were checked", limit, limit)
	}
	return out, nil
}

// newClient is a client for one probe run: fresh connections (a probe measures a real connect,
// and holds nothing open between runs), TLS verified by v, redirects limited.
func newClient(v verifier, followOtherHosts bool) *http.Client {
	dialer := &net.Dialer{}
	transport := &http.Transport{
		DialContext: dialer.DialContext,
		DialTLSContext: func(ctx context.Context, _, address string) (net.Conn, error) {
			return v.dial(ctx, address)
		},
		DisableKeepAlives: true,
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			if len(via) >= MaxRedirects {
				return errTooManyRedirects
			}
			first := via[0].URL
			// Go's client copies every header to a redirect on the same host, whatever its
			// scheme: the credentials would cross the network in the clear.
			if first.Scheme == "https" && next.URL.Scheme != "https" {
				return fmt.Errorf("redirected from https to %s: %w", next.URL.Scheme, errRedirectToPlain)
			}
			if strings.EqualFold(next.URL.Hostname(), first.Hostname()) {
				return nil
			}
			if !followOtherHosts {
				return fmt.Errorf("redirected to host %s: %w", next.URL.Hostname(), errRedirectOtherHost)
			}
			// Go's client drops Authorization and Cookie on the way to another domain, but keeps
			// them for a subdomain and always keeps apikey, Internal-Key and the sites' own
			// credential headers: the probe's credentials are for the host it was given.
			for name := range next.Header {
				if isCredentialHeader(name) {
					next.Header.Del(name)
				}
			}
			return nil
		},
	}
}

// checkURL accepts an absolute http(s) URL without a password in it (credentials go in their
// own settings, where they are kept out of results).
func checkURL(what, raw string) error {
	if raw == "" {
		return fmt.Errorf("no %s", what)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", what, errors.Unwrap(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%s %s is not an absolute http or https URL", what, u.Redacted())
	}
	if _, hasPassword := u.User.Password(); hasPassword {
		return fmt.Errorf("%s %s holds a password: give credentials in their own settings", what, u.Redacted())
	}
	return nil
}
