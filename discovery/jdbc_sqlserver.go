package discovery

import (
	"errors"
	"net/url"
	"strings"
)

// sqlServerSettings maps Microsoft JDBC driver properties for go-mssqldb.
var sqlServerSettings = paramMapping{
	rename: map[string]string{
		"trustservercertificate": "TrustServerCertificate",
		"hostnameincertificate":  "hostNameInCertificate",
		"applicationname":        "app name",
		"applicationintent":      "ApplicationIntent",
		"logintimeout":           "dial timeout",
		"packetsize":             "packet size",
	},
	ignore: setOf(
		"sendstringparametersasunicode", "selectmethod", "responsebuffering", "lastupdatecount",
		"sendtimeasdatetime", "xopenstates", "disablestatementpooling", "statementpoolingcachesize",
		"querytimeout", "sockettimeout", "cancelquerytimeout",
	),
}

// sqlServerEncrypt maps the JDBC encrypt values that go-mssqldb spells differently.
var sqlServerEncrypt = map[string]string{"mandatory": "true", "optional": "false"}

// sqlServerConnection translates
// jdbc:sqlserver://[host][\instance][:port][;property=value...] into a go-mssqldb URL:
// sqlserver://user@host:port?database=X&encrypt=true, or sqlserver://user@host/instance when a
// named instance has no port (the driver then asks the SQL Server Browser for it).
func sqlServerConnection(rest, username string) (Connection, error) {
	address, isURL := strings.CutPrefix(rest, "//")
	if !isURL {
		return Connection{}, errors.New("expected jdbc:sqlserver://host:port;databaseName=name")
	}
	server, properties, _ := strings.Cut(address, ";")
	target, params := takeParams(splitParams(properties, ";"),
		"servername", "instancename", "portnumber", "port", "databasename", "database", "encrypt")
	if server == "" {
		server = target["servername"]
	}

	portText := firstNonEmpty(target["portnumber"], target["port"])
	if colon := strings.LastIndex(server, ":"); colon > strings.LastIndex(server, "]") {
		server, portText = server[:colon], server[colon+1:]
	}
	hostText, instance, _ := strings.Cut(server, `\`)
	instance = firstNonEmpty(instance, target["instancename"])
	defaultPort := 1433
	if instance != "" {
		defaultPort = 0 // resolved by the SQL Server Browser
	}
	if portText != "" {
		hostText += ":" + portText
	}
	host, port, err := hostPort(hostText, defaultPort)
	if err != nil {
		return Connection{}, err
	}

	settings, dropped := sqlServerSettings.translate(params)
	database := firstNonEmpty(target["databasename"], target["database"])
	if database != "" {
		settings.Set("database", database)
	}
	if encrypt := strings.ToLower(target["encrypt"]); encrypt != "" {
		settings.Set("encrypt", firstNonEmpty(sqlServerEncrypt[encrypt], encrypt))
	}
	u := url.URL{Scheme: "sqlserver", Host: joinHostPort(host, port), RawQuery: settings.Encode()}
	if port == 0 {
		u.Host, u.Path = bracketIPv6(host), "/"+instance
	}
	if username != "" {
		u.User = url.User(username)
	}
	return Connection{Driver: "sqlserver", DSN: u.String(), Host: host, Port: port, Database: database, Dropped: dropped}, nil
}
