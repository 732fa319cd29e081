package probe

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// HTTPProbe is one of the site's test cases: a request and what its answer must look like.
type HTTPProbe struct {
	Spec
	// Method defaults to GET.
	Method string
	URL    string
	// Header values of credential headers (Authorization, apikey, X-Auth-Token, ...: see
	// credentialWords) are treated as secrets, and are not sent on a redirect to another host.
	Header map[string]string
	Body   string
	// BasicAuth and OAuth2 are the two ways to authenticate; at most one is set.
	BasicAuth *BasicAuth
	// OAuth2 gets a bearer token with the client-credentials grant (cached across runs and
	// probes, see TokenCache). A 401 answer renews the token and retries once. The token
	// request uses the probe's HTTPOptions.
	OAuth2 *ClientCredentials
	Expect Expect
	HTTP   HTTPOptions
}

// BasicAuth are HTTP basic credentials.
type BasicAuth struct {
	Username string
	Password string
}

// credentialWords make a request header a credential when its name holds one of them (in any
// case): Authorization, Cookie, apikey and Internal-Key (where API Manager's gateway reads API
// keys), and the sites' own X-Auth-Token, X-JWT-Assertion, X-Client-Secret and the like. A list
// of exact names would miss the custom headers sites put their credentials in; a header taken
// for a credential by mistake only has its value shown as <secret>.
var credentialWords = []string{"auth", "token", "key", "secret", "pass", "cookie", "session", "jwt", "assertion", "signature", "credential"}

func (HTTPProbe) Kind() Kind { return KindHTTP }

func (p HTTPProbe) secrets() []string {
	var values []string
	for name, value := range p.Header {
		if isCredentialHeader(name) {
			values = append(values, value)
			// "Bearer xyz", "Basic xyz": the credential alone may be quoted too.
			if _, credential, found := strings.Cut(value, " "); found {
				values = append(values, credential)
			}
		}
	}
	if p.BasicAuth != nil {
		values = append(values, p.BasicAuth.Password)
	}
	if p.OAuth2 != nil {
		values = append(values, p.OAuth2.ClientSecret)
	}
	return values
}

func isCredentialHeader(name string) bool {
	lower := strings.ToLower(name)
	for _, word := range credentialWords {
		if strings.Contains(lower, word) {
			return true
		}
	}
	return false
}

// Validate implements Probe.
func (p HTTPProbe) Validate() error {
	var problems []error
	if err := checkURL("URL", p.URL); err != nil {
		problems = append(problems, err)
	}
	if p.Method != "" && strings.ToUpper(p.Method) != p.Method {
		problems = append(problems, errors.New("the method must be upper case, e.g. GET"))
	}
	for name := range p.Header {
		if p.OAuth2 != nil && strings.EqualFold(name, "Authorization") {
			problems = append(problems, errors.New("an Authorization header and OAuth2 credentials cannot both be given"))
		}
	}
	if p.BasicAuth != nil && p.OAuth2 != nil {
		problems = append(problems, errors.New("basic auth and OAuth2 credentials cannot both be given"))
	}
	if p.OAuth2 != nil {
		if err := p.OAuth2.validate(); err != nil {
			problems = append(problems, err)
		}
	}
	if err := p.Expect.validate(); err != nil {
		problems = append(problems, err)
	}
	return errors.Join(problems...)
}

func (p HTTPProbe) check(ctx context.Context, run *runEnv, r *Result) {
	req := request{method: p.Method, url: p.URL, header: http.Header{}, body: p.Body}
	if req.method == "" {
		req.method = http.MethodGet
	}
	for name, value := range p.Header {
		req.header.Set(name, value)
	}
	if p.BasicAuth != nil {
		req.basicUser, req.basicPassword = p.BasicAuth.Username, p.BasicAuth.Password
	}
	refused := "" // the token the API answered 401 to: renewed once
	for {
		token := ""
		if p.OAuth2 != nil {
			var err error
			if token, err = run.tokens.token(ctx, *p.OAuth2, p.HTTP, refused, r); err != nil {
				r.fail("%v", err)
				return
			}
			run.secrets = append(run.secrets, token)
			req.header.Set("Authorization", "Bearer "+token)
		}
		resp, err := exchange(ctx, p.HTTP, req, r)
		if err != nil {
			r.fail("%v", err)
			return
		}
		if resp.status == http.StatusUnauthorized && token != "" && refused == "" {
			refused = token
			continue
		}
		p.Expect.judge(resp, r)
		return
	}
}
