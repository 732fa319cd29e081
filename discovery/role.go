package discovery

// RoleDatasource returns the datasource that holds role r's tables, or false when discovery
// did not find one (no deployment.toml, or the section is missing).
func RoleDatasource(h *Home, r Role) (Datasource, bool) {
	if h == nil {
		return Datasource{}, false
	}
	section, mapped := h.Databases[r]
	if !mapped {
		return Datasource{}, false
	}
	ds, found := h.Datasources[section]
	return ds, found
}

// sectionForJNDIName maps the JNDI names WSO2 gives its datasources to deployment.toml sections.
var sectionForJNDIName = map[string]string{
	"WSO2AM_DB":      "apim_db",
	"WSO2_SHARED_DB": "shared_db",
	"WSO2USER_DB":    "user",
	"WSO2CONFIG_DB":  "config",
}

// mapRoles decides which section holds each role. AM tables live in apim_db; the governance
// registry always uses shared_db; the user store uses `[realm_manager] data_source`, which
// defaults to shared_db and is "WSO2USER_DB" when UM is split out into [database.user].
func (h *Home) mapRoles(d deploymentDoc) {
	realmSection, realmLine := h.userStoreSection(d)
	wanted := []struct {
		role    Role
		section string
	}{
		{RoleAM, "apim_db"},
		{RoleREG, "shared_db"},
		{RoleUM, realmSection},
	}
	for _, w := range wanted {
		if w.section == "" {
			continue // userStoreSection already said why
		}
		if _, defined := h.Datasources[w.section]; defined {
			if h.Databases == nil {
				h.Databases = map[Role]string{}
			}
			h.Databases[w.role] = w.section
			continue
		}
		if !d.parsed {
			continue // a malformed file says nothing about which sections exist
		}
		line := 0
		if w.role == RoleUM && w.section != "shared_db" {
			line = realmLine
		}
		h.warnAbout("databases."+string(w.role), deploymentTOMLPath, line, "no [database.%s] for the %s tables: the node uses its embedded H2 "+
			"database, which the agent cannot read; configure this database explicitly", w.section, w.role)
	}

	if _, hasUser := h.Datasources["user"]; hasUser && realmSection != "user" && realmSection != "" {
		h.warn(deploymentTOMLPath, d.lines.table("database.user"), "[database.user] is defined but [realm_manager] "+
			"data_source is not \"WSO2USER_DB\": the user store does not use it and keeps its tables in [database.%s]",
			realmSection)
	}
}

// userStoreSection returns the section named by `[realm_manager] data_source` (shared_db when
// absent) and the line of that key.
func (h *Home) userStoreSection(d deploymentDoc) (string, int) {
	realm, ok := h.table(d, "realm_manager")
	if !ok {
		return "shared_db", 0
	}
	jndiName, ok := h.stringKey(d, "realm_manager", realm, "data_source")
	line := d.lines.key("realm_manager", "data_source")
	if !ok {
		return "shared_db", 0
	}
	section, known := sectionForJNDIName[jndiName]
	if !known {
		h.warn(deploymentTOMLPath, line, "[realm_manager] data_source %q is not a datasource the agent "+
			"discovers: configure the UM database explicitly", jndiName)
		return "", line
	}
	return section, line
}
