package discovery

import (
	"errors"
	"strings"
)

// datasourceSections are the [database.*] tables of deployment.toml the agent knows.
var datasourceSections = []string{"apim_db", "shared_db", "user", "config"}

// driverForType is the Go driver each deployment.toml `type` needs; "" for types without one.
var driverForType = map[string]string{
	"mysql":      "mysql",
	"mariadb":    "mysql",
	"postgre":    "pgx",
	"postgresql": "pgx",
	"mssql":      "sqlserver",
	"oracle":     "oracle",
	"h2":         "",
	"db2":        "",
}

func (h *Home) readDatasources(d deploymentDoc) {
	for _, section := range datasourceSections {
		table, ok := h.table(d, "database", section)
		if !ok {
			continue
		}
		if h.Datasources == nil {
			h.Datasources = map[string]Datasource{}
		}
		h.Datasources[section] = h.datasource(d, section, table)
	}
	h.mapRoles(d)
}

func (h *Home) datasource(d deploymentDoc, section string, table map[string]any) Datasource {
	name := "database." + section
	ds := Datasource{Section: section, Line: d.lines.table(name)}
	ds.Type, _ = h.stringKey(d, name, table, "type")
	ds.JDBCDriverClass, _ = h.stringKey(d, name, table, "driver")
	ds.Username, _ = h.resolvedKey(d, name, table, "username")
	if rawPassword, _ := h.stringKey(d, name, table, "password"); rawPassword != "" {
		if alias, isSecret := secretAlias(rawPassword); isSecret {
			ds.SecretAlias = alias
		} else if password, resolved := h.resolvedKey(d, name, table, "password"); resolved {
			ds.Password = password
		}
	}

	url, resolved := h.resolvedKey(d, name, table, "url")
	if url == "" {
		h.warn(deploymentTOMLPath, ds.Line, "[%s] has no url: the agent cannot read this database", name)
		return ds
	}
	ds.JDBCURL = RedactJDBC(url)
	if !resolved {
		return ds // the placeholder warning already says why there is no DSN
	}
	h.convertURL(d, name, &ds, url)
	return ds
}

// convertURL fills the Go driver fields of ds from its JDBC url.
func (h *Home) convertURL(d deploymentDoc, name string, ds *Datasource, url string) {
	line := d.lines.key(name, "url")
	conn, err := JDBCToDSN(url, ds.Username)
	ds.Driver, ds.DSN = conn.Driver, conn.DSN
	ds.Host, ds.Port, ds.Database = conn.Host, conn.Port, conn.Database
	switch {
	case errors.Is(err, ErrNoGoDriver):
		h.warn(deploymentTOMLPath, line, "[%s]: the agent cannot read this database: %v", name, err)
	case err != nil:
		h.warn(deploymentTOMLPath, line, "[%s] url cannot be used: %v", name, err)
		return
	}
	if len(conn.Dropped) > 0 {
		h.warn(deploymentTOMLPath, line, "[%s] url settings the Go driver does not support were dropped: %s",
			name, strings.Join(conn.Dropped, ", "))
	}
	if expected, known := driverForType[strings.ToLower(ds.Type)]; !known && ds.Type != "" {
		h.warn(deploymentTOMLPath, d.lines.key(name, "type"), "[%s] type %q is not a WSO2 database type", name, ds.Type)
	} else if known && expected != conn.Driver {
		h.warn(deploymentTOMLPath, d.lines.key(name, "type"), "[%s] type %q does not match its url", name, ds.Type)
	}
}

// resolvedKey returns a string key with its placeholders resolved. When one cannot be resolved
// it warns (naming the key and the placeholder) and returns the raw value with false.
func (h *Home) resolvedKey(d deploymentDoc, tableName string, table map[string]any, key string) (string, bool) {
	raw, found := h.stringKey(d, tableName, table, key)
	if !found {
		return "", true
	}
	value, problems := resolvePlaceholders(raw)
	for _, problem := range problems {
		h.warn(deploymentTOMLPath, d.lines.key(tableName, key), "%s.%s: %s", tableName, key, problem)
	}
	if len(problems) > 0 {
		if key == "password" || key == "username" {
			return "", false // a half-resolved credential is worse than none: config must supply it
		}
		return raw, false
	}
	return value, true
}
