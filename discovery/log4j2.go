package discovery

import (
	"path/filepath"
	"strings"
)

// fileAppenderTypes are the log4j2 appender types that write a file under the home (lower case).
var fileAppenderTypes = setOf("rollingfile", "file", "rollingrandomaccessfile", "randomaccessfile")

// readLog4j2Properties collects the file appenders of log4j2.properties with their file names,
// rolled-file patterns and layouts, lookups expanded.
func (h *Home) readLog4j2Properties() {
	data, ok := h.readFile(log4j2PropertiesPath, "log files and their layouts are not discovered")
	if !ok {
		return
	}
	props := parseProperties(string(data))
	lookups := log4j2Lookups{carbonHome: h.CarbonHome, props: props}
	for _, id := range appenderIDs(props) {
		prefix := "appender." + id + "."
		appenderType, found := props.get(prefix + "type")
		if !found {
			listed, _ := props.get("appenders")
			h.warn(log4j2PropertiesPath, listed.line, "appender %s is listed in appenders but has no %stype", id, prefix)
			continue
		}
		if !fileAppenderTypes[strings.ToLower(appenderType.value)] {
			continue
		}
		appender := Appender{
			Name: firstNonEmpty(props.value(prefix+"name"), id),
			Type: appenderType.value,
			Line: appenderType.line,
		}
		setting := func(name string) property {
			entry, _ := props.get(prefix + name)
			return entry
		}
		appender.FileName = h.appenderPath(lookups, appender.Name, setting("fileName"))
		appender.FilePattern = h.appenderPath(lookups, appender.Name, setting("filePattern"))
		appender.Layout, _ = h.expandAppenderSetting(lookups, appender.Name, setting("layout.pattern"))
		h.Appenders = append(h.Appenders, appender)
	}
}

// appenderIDs returns the identifiers of the `appenders = A, B` list or, when the file has no
// list (allowed since log4j 2.6), every appender.<ID>.type in file order.
func appenderIDs(props properties) []string {
	var ids []string
	if list, declared := props.get("appenders"); declared {
		for _, id := range strings.Split(list.value, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
		return ids
	}
	for _, entry := range props.entries {
		rest, isAppender := strings.CutPrefix(entry.key, "appender.")
		id, isType := strings.CutSuffix(rest, ".type")
		if isAppender && isType && id != "" && !strings.Contains(id, ".") {
			ids = append(ids, id)
		}
	}
	return ids
}

// appenderPath expands a file setting and makes it absolute: log4j2 resolves relative paths
// against the working directory, which the WSO2 start scripts set to CARBON_HOME. A path with
// unresolved lookups is left as expanded: joining it to the home would name a wrong file.
func (h *Home) appenderPath(lookups log4j2Lookups, appenderName string, setting property) string {
	path, resolved := h.expandAppenderSetting(lookups, appenderName, setting)
	switch {
	case path == "" || !resolved:
		return path
	case !filepath.IsAbs(path):
		return filepath.Join(h.CarbonHome, path)
	default:
		return filepath.Clean(path)
	}
}

// expandAppenderSetting expands the lookups of one setting (an absent one is ""), warning
// about those it cannot resolve; false when there were any.
func (h *Home) expandAppenderSetting(lookups log4j2Lookups, appenderName string, setting property) (string, bool) {
	expanded, unresolved := lookups.expand(setting.value)
	for _, name := range unresolved {
		h.warn(log4j2PropertiesPath, setting.line, "appender %s: ${%s} in %s cannot be resolved", appenderName, name, setting.key)
	}
	return expanded, len(unresolved) == 0
}
