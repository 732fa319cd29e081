package discovery

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// oracleTarget is where an Oracle thin URL points.
type oracleTarget struct {
	host        string
	port        int
	serviceName string // set for host:port/SERVICE forms and SERVICE_NAME descriptors
	sid         string // set for host:port:SID forms and SID descriptors
	tls         bool   // tcps
	dropped     []string
}

// oracleConnection translates the Oracle thin (and OCI) URL forms into a go-ora URL:
//
//	jdbc:oracle:thin:@host:port/SERVICE, @//host:port/SERVICE, @tcps://host:port/SERVICE
//	jdbc:oracle:thin:@host:port:SID                       -> oracle://user@host:port/?SID=SID
//	jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=s)))
//
// A TNS alias (@ALIAS) needs tnsnames.ora, which the agent does not read: it is an error.
func oracleConnection(rest, username string) (Connection, error) {
	driverType, address, _ := strings.Cut(rest, ":")
	if !strings.EqualFold(driverType, "thin") && !strings.EqualFold(driverType, "oci") {
		return Connection{}, fmt.Errorf("unsupported Oracle driver type %q (expected thin)", driverType)
	}
	var dropped []string
	// The last @ before any descriptor ends the credentials, even when the password holds an @.
	beforeDescriptor, _, _ := strings.Cut(address, "(")
	if at := strings.LastIndex(beforeDescriptor, "@"); at > 0 {
		dropped = append(dropped, "user/password@ in the URL (credentials come from deployment.toml and the agent's secrets)")
		address = address[at:]
	}
	address, isAddress := strings.CutPrefix(strings.TrimSpace(address), "@")
	if !isAddress {
		return Connection{}, errors.New("expected jdbc:oracle:thin:@host:port/service")
	}

	var target oracleTarget
	var err error
	if strings.HasPrefix(strings.TrimSpace(address), "(") {
		target, err = oracleDescriptorTarget(address)
	} else {
		target, err = oracleEasyConnectTarget(address)
	}
	if err != nil {
		return Connection{}, err
	}

	u := url.URL{Scheme: "oracle", Host: joinHostPort(target.host, target.port), Path: "/" + target.serviceName}
	query := url.Values{}
	if target.sid != "" {
		query.Set("SID", target.sid)
	}
	if target.tls {
		query.Set("SSL", "true")
	}
	u.RawQuery = query.Encode()
	if username != "" {
		u.User = url.User(username)
	}
	return Connection{
		Driver: "oracle", DSN: u.String(), Host: target.host, Port: target.port,
		Database: firstNonEmpty(target.serviceName, target.sid), Dropped: append(dropped, target.dropped...),
	}, nil
}

// oracleEasyConnectTarget reads [//|tcp://|tcps://]host[:port]/service[:server][/instance][?settings]
// and the legacy host:port:SID.
func oracleEasyConnectTarget(address string) (oracleTarget, error) {
	var target oracleTarget
	address, settings, _ := strings.Cut(address, "?")
	if settings != "" {
		target.dropped = append(target.dropped, "Easy Connect settings after ?")
	}
	address = strings.TrimPrefix(address, "//")
	if rest, isTCPS := cutPrefixFold(address, "tcps://"); isTCPS {
		address, target.tls = rest, true
	} else if rest, isTCP := cutPrefixFold(address, "tcp://"); isTCP {
		address = rest
	}

	hostAndPort, service, hasService := strings.Cut(address, "/")
	if hasService {
		// "service:dedicated/instance": only the service name selects the database.
		service, _, _ = strings.Cut(service, "/")
		service, _, _ = strings.Cut(service, ":")
		target.serviceName = service
	} else {
		colon := strings.LastIndex(address, ":")
		tail := ""
		if colon > strings.LastIndex(address, "]") {
			tail = address[colon+1:]
		}
		if tail == "" || isDigits(tail) {
			if !strings.ContainsAny(address, ":.[") {
				return target, fmt.Errorf("TNS alias %q needs tnsnames.ora, which the agent does not read: write host:port/service", address)
			}
			return target, errors.New("no service name or SID: write host:port/service or host:port:SID")
		}
		hostAndPort, target.sid = address[:colon], tail
	}
	if target.serviceName == "" && target.sid == "" {
		return target, errors.New("no service name or SID: write host:port/service or host:port:SID")
	}
	var err error
	target.host, target.port, err = hostPort(hostAndPort, 1521)
	return target, err
}

var (
	oracleAddressRE = regexp.MustCompile(`(?i)\(\s*ADDRESS\s*=`)
	// oracleFieldRE finds the first (NAME=value) of a connect descriptor, by NAME.
	oracleFieldRE = func() map[string]*regexp.Regexp {
		fields := map[string]*regexp.Regexp{}
		for _, name := range []string{"HOST", "PORT", "PROTOCOL", "SERVICE_NAME", "SID"} {
			fields[name] = regexp.MustCompile(`(?i)\(\s*` + name + `\s*=\s*([^()\s]+)\s*\)`)
		}
		return fields
	}()
)

func oracleDescriptorField(descriptor, name string) string {
	if m := oracleFieldRE[name].FindStringSubmatch(descriptor); m != nil {
		return m[1]
	}
	return ""
}

// oracleDescriptorTarget reads the first address and the service of a connect descriptor.
// go-ora can take a whole descriptor, but then there is no single host to report and probe, so
// failover lists are reduced to their first address.
func oracleDescriptorTarget(descriptor string) (oracleTarget, error) {
	target := oracleTarget{
		serviceName: oracleDescriptorField(descriptor, "SERVICE_NAME"),
		sid:         oracleDescriptorField(descriptor, "SID"),
		tls:         strings.EqualFold(oracleDescriptorField(descriptor, "PROTOCOL"), "tcps"),
	}
	if target.serviceName != "" {
		target.sid = ""
	}
	host := oracleDescriptorField(descriptor, "HOST")
	if host == "" {
		return target, errors.New("the connect descriptor has no (HOST=...)")
	}
	if target.serviceName == "" && target.sid == "" {
		return target, errors.New("the connect descriptor has no SERVICE_NAME or SID")
	}
	if len(oracleAddressRE.FindAllStringIndex(descriptor, 2)) > 1 {
		target.dropped = append(target.dropped, "addresses after the first of the connect descriptor")
	}
	target.host, target.port = host, 1521
	if portText := oracleDescriptorField(descriptor, "PORT"); portText != "" {
		port, err := strconv.Atoi(portText)
		if err != nil || port < 1 || port > 65535 {
			return target, fmt.Errorf("invalid port %q", portText)
		}
		target.port = port
	}
	return target, nil
}
