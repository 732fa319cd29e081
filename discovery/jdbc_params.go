package discovery

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// jdbcParam is one name=value setting of a JDBC URL, in the order written.
type jdbcParam struct {
	name, value string
}

// splitParams splits "a=1<sep>b=2". Query-style values (sep "&") are percent-decoded.
func splitParams(s, sep string) []jdbcParam {
	var params []jdbcParam
	for _, piece := range strings.Split(s, sep) {
		name, value, _ := strings.Cut(piece, "=")
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		value = strings.TrimSpace(value)
		if sep == "&" {
			if decoded, err := url.QueryUnescape(value); err == nil {
				value = decoded
			}
		}
		params = append(params, jdbcParam{name: name, value: value})
	}
	return params
}

// credentialParams are settings that put a login in the URL. The agent takes the user name from
// deployment.toml and the password from its own secrets, so these are dropped and reported.
var credentialParams = map[string]bool{"user": true, "username": true, "password": true}

// paramMapping translates the JDBC settings of one vendor for its Go driver.
type paramMapping struct {
	// rename maps a JDBC setting (lower case) to the Go driver's name for the same value.
	rename map[string]string
	// ignore lists JDBC-only settings (lower case) whose loss does not change what the agent reads.
	ignore map[string]bool
}

func setOf(names ...string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, name := range names {
		set[name] = true
	}
	return set
}

// translate returns the Go driver settings and the names of the settings it had to drop.
func (m paramMapping) translate(params []jdbcParam) (url.Values, []string) {
	out := url.Values{}
	var dropped []string
	for _, p := range params {
		key := strings.ToLower(p.name)
		switch {
		case credentialParams[key]:
			dropped = append(dropped, p.name+" (credentials come from deployment.toml and the agent's secrets)")
		case m.rename[key] != "":
			out.Set(m.rename[key], p.value)
		case !m.ignore[key]:
			dropped = append(dropped, p.name)
		}
	}
	return out, dropped
}

// takeParams removes the settings named in names (lower case) from params and returns their
// values by lower-case name; the last one written wins, as in the JDBC drivers.
func takeParams(params []jdbcParam, names ...string) (map[string]string, []jdbcParam) {
	taken := map[string]string{}
	var rest []jdbcParam
	for _, p := range params {
		key := strings.ToLower(p.name)
		if slices.Contains(names, key) {
			taken[key] = p.value
			continue
		}
		rest = append(rest, p)
	}
	return taken, rest
}

var (
	hostNameRE = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	ipv6RE     = regexp.MustCompile(`^[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?$`)
)

// hostPort parses "host", "host:port", "[v6]" or "[v6]:port"; an empty host means localhost
// as it does for the JDBC drivers. Anything else is refused rather than passed to a DSN.
func hostPort(s string, defaultPort int) (string, int, error) {
	s = strings.TrimSpace(s)
	host, portText, bracketed := s, "", strings.HasPrefix(s, "[")
	if bracketed {
		end := strings.Index(s, "]")
		if end < 0 {
			return "", 0, errors.New("unclosed [ in the host")
		}
		host, portText = s[1:end], s[end+1:]
		if portText != "" && !strings.HasPrefix(portText, ":") {
			return "", 0, errors.New("unexpected text after ]")
		}
		portText = strings.TrimPrefix(portText, ":")
	} else if i := strings.LastIndex(s, ":"); i >= 0 {
		host, portText = s[:i], s[i+1:]
	}
	switch {
	case host == "" && !bracketed:
		host = "localhost"
	case bracketed && !ipv6RE.MatchString(host), !bracketed && !hostNameRE.MatchString(host):
		return "", 0, fmt.Errorf("invalid host %q", host)
	}
	if portText == "" {
		return host, defaultPort, nil
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("invalid port %q", portText)
	}
	return host, port, nil
}

// joinHostPort writes host:port, bracketing IPv6 addresses.
func joinHostPort(host string, port int) string {
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// stripUserInfo removes a "user:password@" prefix some drivers accept in the authority.
func stripUserInfo(authority string) (string, []string) {
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return authority, nil
	}
	return authority[at+1:], []string{"user:password@ in the URL (credentials come from deployment.toml and the agent's secrets)"}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func bracketIPv6(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
