package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
)

// defaultPorts are the servers' standard ports, used when `port` is left out.
var defaultPorts = map[string]int{"pgx": 5432, "mysql": 3306, "sqlserver": 1433, "oracle": 1521}

// buildDSN turns host/port/name/user into the driver's DSN, without the password (it is given
// to the driver apart, so that a DSN can be printed).
func buildDSN(d DatabaseConfig) string {
	port := d.Port
	if port == 0 {
		port = defaultPorts[d.Driver]
	}
	hostPort := net.JoinHostPort(d.Host, strconv.Itoa(port))
	user := url.User(d.User)
	switch d.Driver {
	case "mysql":
		return fmt.Sprintf("%s@tcp(%s)/%s", d.User, hostPort, d.Name)
	case "pgx":
		return (&url.URL{Scheme: "postgres", User: user, Host: hostPort, Path: "/" + d.Name}).String()
	case "sqlserver":
		return (&url.URL{Scheme: "sqlserver", User: user, Host: hostPort, RawQuery: url.Values{"database": {d.Name}}.Encode()}).String()
	case "oracle":
		return (&url.URL{Scheme: "oracle", User: user, Host: hostPort, Path: "/" + d.Name}).String()
	default: // sqlite: the name is the file
		return d.Name
	}
}
