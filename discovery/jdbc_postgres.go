package discovery

import (
	"net/url"
	"strings"
)

// postgresSettings maps pgJDBC settings for pgx, which passes unknown names to the server as
// run-time parameters (hence currentSchema becomes search_path).
var postgresSettings = paramMapping{
	rename: map[string]string{
		"sslrootcert":     "sslrootcert",
		"sslcert":         "sslcert",
		"sslkey":          "sslkey",
		"connecttimeout":  "connect_timeout",
		"applicationname": "application_name",
		"currentschema":   "search_path",
	},
	ignore: setOf(
		"preparethreshold", "sockettimeout", "logintimeout", "tcpkeepalive", "rewritebatchedinserts",
		"stringtype", "binarytransfer", "defaultrowfetchsize", "assumeminserverversion", "charset",
		"loggerlevel", "loggerfile", "preparedstatementcachequeries", "preparedstatementcachesizemib",
	),
}

const nonValidatingSSLFactory = "org.postgresql.ssl.NonValidatingFactory"

// postgresConnection translates jdbc:postgresql://host[:port][,host...]/[database][?settings]
// and the short forms jdbc:postgresql:database and jdbc:postgresql:/ into a pgx URL:
// postgres://user@host:port/database?settings. pgx understands several hosts, so they are kept.
func postgresConnection(rest, username string) (Connection, error) {
	pathAndQuery, query, _ := strings.Cut(rest, "?")
	authority, database := "", strings.TrimPrefix(pathAndQuery, "/")
	var dropped []string
	if address, isURL := strings.CutPrefix(pathAndQuery, "//"); isURL {
		authority, database, _ = strings.Cut(address, "/")
		authority, dropped = stripUserInfo(authority)
	}

	var hosts []string
	var firstHost string
	var firstPort int
	for i, entry := range strings.Split(authority, ",") {
		host, port, err := hostPort(entry, 5432)
		if err != nil {
			return Connection{}, err
		}
		if i == 0 {
			firstHost, firstPort = host, port
		}
		hosts = append(hosts, joinHostPort(host, port))
	}

	sslMode, params := postgresSSLMode(splitParams(query, "&"))
	settings, settingsDropped := postgresSettings.translate(params)
	if sslMode != "" {
		settings.Set("sslmode", sslMode)
	}
	u := url.URL{Scheme: "postgres", Host: strings.Join(hosts, ","), Path: "/" + database, RawQuery: settings.Encode()}
	if username != "" {
		u.User = url.User(username)
	}
	return Connection{
		Driver: "pgx", DSN: u.String(), Host: firstHost, Port: firstPort, Database: database,
		Dropped: append(dropped, settingsDropped...),
	}, nil
}

// postgresSSLMode returns the pgx sslmode for sslmode, or for pgJDBC's older ssl=true (which
// verifies the certificate unless the non-validating factory is named), and the other settings.
func postgresSSLMode(params []jdbcParam) (string, []jdbcParam) {
	ssl, rest := takeParams(params, "sslmode", "ssl", "sslfactory")
	switch {
	case ssl["sslmode"] != "":
		return strings.ToLower(ssl["sslmode"]), rest
	case strings.EqualFold(ssl["ssl"], "true") && ssl["sslfactory"] == nonValidatingSSLFactory:
		return "require", rest
	case strings.EqualFold(ssl["ssl"], "true"):
		return "verify-full", rest
	case strings.EqualFold(ssl["ssl"], "false"):
		return "disable", rest
	}
	return "", rest
}
