package discovery

import (
	"fmt"
	"strings"
)

// h2Connection reports H2: embedded in the server's JVM (the default of a fresh pack), it cannot
// be opened from another process and is not for production.
func h2Connection(string, string) (Connection, error) {
	return Connection{}, fmt.Errorf("%w: H2 is embedded in the server and not for production", ErrNoGoDriver)
}

// db2Connection reports DB2, for which there is no pure-Go driver. It still says where
// jdbc:db2://host[:port]/database[:settings;] points, so the target can be shown and probed.
func db2Connection(rest, _ string) (Connection, error) {
	noDriver := fmt.Errorf("%w: there is no pure-Go DB2 driver", ErrNoGoDriver)
	address, isURL := strings.CutPrefix(rest, "//")
	if !isURL {
		return Connection{}, noDriver
	}
	authority, database, _ := strings.Cut(address, "/")
	database, _, _ = strings.Cut(database, ":")
	host, port, err := hostPort(authority, 50000)
	if err != nil {
		return Connection{}, noDriver
	}
	return Connection{Host: host, Port: port, Database: database}, noDriver
}
