package discovery

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// mysqlSettings maps Connector/J and MariaDB settings for go-sql-driver/mysql.
var mysqlSettings = paramMapping{
	ignore: setOf(
		"autoreconnect", "characterencoding", "useunicode", "allowpublickeyretrieval",
		"uselegacydatetimecode", "servertimezone", "zerodatetimebehavior", "cacheprepstmts",
		"prepstmtcachesize", "prepstmtcachesqllimit", "useserverprepstmts", "rewritebatchedstatements",
		"failoverreadonly", "maxreconnects", "usejdbccomplianttimezoneshift", "nullcatalogmeanscurrent",
		"uselocalsessionstate", "elidesetautocommits", "maintaintimestats", "cacheresultsetmetadata",
		"cacheserverconfiguration", "tcpkeepalive", "usecursorfetch", "defaultfetchsize", "requiressl",
	),
}

// mysqlSSLModes maps Connector/J sslMode to go-sql-driver tls. VERIFY_CA becomes "true", which
// also checks the host name: stricter, never weaker.
var mysqlSSLModes = map[string]string{
	"DISABLED":        "false",
	"PREFERRED":       "preferred",
	"REQUIRED":        "skip-verify",
	"VERIFY_CA":       "true",
	"VERIFY_IDENTITY": "true",
}

// mysqlSubProtocolRE matches what may sit between jdbc:mysql: and //, e.g. "loadbalance:".
var mysqlSubProtocolRE = regexp.MustCompile(`^([A-Za-z+]+:)?$`)

// mysqlConnection translates jdbc:mysql://host[:port][,host...]/[database][?settings]
// (also with a sub-protocol such as "loadbalance:" before "//", and jdbc:mariadb:) into a
// go-sql-driver DSN: user@tcp(host:port)/database?settings.
func mysqlConnection(rest, username string) (Connection, error) {
	subProtocol, address, found := strings.Cut(rest, "//")
	if !found || !mysqlSubProtocolRE.MatchString(subProtocol) {
		return Connection{}, errors.New("expected jdbc:mysql://host:port/database")
	}
	if strings.Contains(username, ":") {
		// go-sql-driver splits "user:password" at the first colon: there is no way to escape it.
		return Connection{}, errors.New("the user name contains ':', which a go-sql-driver DSN cannot express")
	}
	hostsAndPath, query, _ := strings.Cut(address, "?")
	authority, database, _ := strings.Cut(hostsAndPath, "/")
	authority, dropped := stripUserInfo(authority)
	hosts := strings.Split(authority, ",")
	if strings.ContainsAny(hosts[0], "()") {
		return Connection{}, errors.New("the address=(host=...) host syntax is not supported: write host:port")
	}
	host, port, err := hostPort(hosts[0], 3306)
	if err != nil {
		return Connection{}, err
	}
	if len(hosts) > 1 {
		dropped = append(dropped, "hosts after the first (the Go driver connects to one host)")
	}

	params := splitParams(query, "&")
	tls, tlsDropped, params := mysqlTLS(params)
	timeouts, params := takeParams(params, "connecttimeout", "sockettimeout")
	settings, settingsDropped := mysqlSettings.translate(params)
	dropped = append(append(dropped, tlsDropped...), settingsDropped...)
	if tls != "" {
		settings.Set("tls", tls)
	}
	// Connector/J counts milliseconds; go-sql-driver takes durations.
	if ms := timeouts["connecttimeout"]; ms != "" {
		settings.Set("timeout", ms+"ms")
	}
	if ms := timeouts["sockettimeout"]; ms != "" {
		settings.Set("readTimeout", ms+"ms")
	}

	dsn := fmt.Sprintf("tcp(%s)/%s", joinHostPort(host, port), strings.ReplaceAll(url.PathEscape(database), "/", "%2F"))
	if username != "" {
		dsn = username + "@" + dsn
	}
	if len(settings) > 0 {
		dsn += "?" + settings.Encode()
	}
	return Connection{Driver: "mysql", DSN: dsn, Host: host, Port: port, Database: database, Dropped: dropped}, nil
}

// mysqlTLS turns sslMode, or useSSL with verifyServerCertificate, into go-sql-driver's tls
// setting ("" when the URL says nothing) and returns the other settings.
func mysqlTLS(params []jdbcParam) (string, []string, []jdbcParam) {
	ssl, rest := takeParams(params, "sslmode", "usessl", "verifyservercertificate")
	if mode, set := ssl["sslmode"]; set {
		if tls, known := mysqlSSLModes[strings.ToUpper(mode)]; known {
			return tls, nil, rest
		}
		return "", []string{"sslMode (unknown value)"}, rest
	}
	switch strings.ToLower(ssl["usessl"]) {
	case "false":
		return "false", nil, rest
	case "true":
		if strings.EqualFold(ssl["verifyservercertificate"], "false") {
			return "skip-verify", nil, rest
		}
		return "true", nil, rest
	}
	return "", nil, rest
}
