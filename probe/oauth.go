package probe

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// ClientCredentials obtain an OAuth2 access token with the client-credentials grant: a POST of
// grant_type=client_credentials (and scope) to TokenURL, with the client id and secret as basic
// auth. On API Manager 4.x the token endpoint is https://<node>:9443/oauth2/token.
type ClientCredentials struct {
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scopes       []string
}

func (c ClientCredentials) validate() error {
	var problems []error
	if err := checkURL("token URL", c.TokenURL); err != nil {
		problems = append(problems, err)
	}
	if c.ClientID == "" || c.ClientSecret == "" {
		problems = append(problems, errors.New("OAuth2 client credentials need a client id and a client secret"))
	}
	return errors.Join(problems...)
}

// key identifies the credentials in the cache without keeping them readable there.
func (c ClientCredentials) key() [sha256.Size]byte {
	scopes := slices.Sorted(slices.Values(c.Scopes))
	return sha256.Sum256([]byte(strings.Join(append([]string{c.TokenURL, c.ClientID, c.ClientSecret}, scopes...), "\x00")))
}

// TokenCache shares access tokens between the probes that use the same credentials, and keeps
// each one until shortly before it expires. It is safe for concurrent use; concurrent probes
// with the same credentials wait for a single token request.
type TokenCache struct {
	// Now is the clock that ages tokens (time.Now when nil); tests step it.
	Now func() time.Time

	mu      sync.Mutex
	entries map[[sha256.Size]byte]*tokenEntry
}

type tokenEntry struct {
	mu     sync.Mutex // held while the token is requested
	token  string
	expiry time.Time // zero: until the API refuses it
}

// tokenMargin is how long before its expiry a token is renewed, so that it does not expire
// between the cache and the gateway. Short-lived tokens are renewed at half their life.
const tokenMargin = 30 * time.Second

// NewTokenCache returns an empty cache using the real clock.
func NewTokenCache() *TokenCache { return &TokenCache{} }

func (c *TokenCache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *TokenCache) entry(creds ClientCredentials) *tokenEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[[sha256.Size]byte]*tokenEntry{}
	}
	key := creds.key()
	e, ok := c.entries[key]
	if !ok {
		e = &tokenEntry{}
		c.entries[key] = e
	}
	return e
}

// token returns a valid cached token for creds or requests one. stale is a token the API just
// refused: if it is still the cached one, a new one is requested.
func (c *TokenCache) token(ctx context.Context, creds ClientCredentials, opts HTTPOptions, stale string, r *Result) (string, error) {
	e := c.entry(creds)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.token != "" && e.token != stale && (e.expiry.IsZero() || c.now().Before(e.expiry)) {
		return e.token, nil
	}
	e.token = ""
	obtained := c.now()
	token, lifetime, err := requestToken(ctx, creds, opts, r)
	if err != nil {
		return "", err
	}
	e.token = token
	e.expiry = time.Time{}
	if lifetime > 0 {
		e.expiry = obtained.Add(lifetime - min(tokenMargin, lifetime/2))
	}
	return token, nil
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
	Error       string `json:"error"`
}

// oauthErrorCode is the shape of RFC 6749 error codes; anything else from the server is not
// quoted, since an error description may echo what the client sent.
var oauthErrorCode = regexp.MustCompile(`^[a-z_]{1,64}$`)

func requestToken(ctx context.Context, creds ClientCredentials, opts HTTPOptions, r *Result) (string, time.Duration, error) {
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(creds.Scopes) > 0 {
		form.Set("scope", strings.Join(creds.Scopes, " "))
	}
	// The token exchange must not set the probe's own status or latency: keep them apart.
	var tokenResult Result
	resp, err := exchange(ctx, opts, request{
		method:        http.MethodPost,
		url:           creds.TokenURL,
		header:        http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Accept": {"application/json"}},
		body:          form.Encode(),
		basicUser:     creds.ClientID,
		basicPassword: creds.ClientSecret,
	}, &tokenResult)
	r.Warnings = appendMissing(r.Warnings, tokenResult.Warnings...)
	if err != nil {
		return "", 0, fmt.Errorf("token request: %w", err)
	}
	var answer tokenResponse
	decodeErr := json.Unmarshal(resp.body, &answer)
	if resp.status != http.StatusOK {
		if decodeErr == nil && oauthErrorCode.MatchString(answer.Error) {
			return "", 0, fmt.Errorf("the token endpoint answered %d (%s)", resp.status, answer.Error)
		}
		return "", 0, fmt.Errorf("the token endpoint answered %d", resp.status)
	}
	if decodeErr != nil || answer.AccessToken == "" {
		return "", 0, errors.New("the token endpoint answered 200 without an access_token")
	}
	return answer.AccessToken, time.Duration(answer.ExpiresIn) * time.Second, nil
}

// appendMissing appends the values of more that list does not hold yet.
func appendMissing(list []string, more ...string) []string {
	for _, m := range more {
		if !slices.Contains(list, m) {
			list = append(list, m)
		}
	}
	return list
}
