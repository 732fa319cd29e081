package discovery

import (
	"strconv"
	"strings"
)

// defaultPorts are the WSO2 API-M ports before `[server] offset` is added.
var defaultPorts = map[string]int{
	"https_servlet":              9443,
	"http_servlet":               9763,
	"gateway_https":              8243,
	"gateway_http":               8280,
	"websocket":                  9099,
	"websocket_secure":           8099,
	"websub_https":               8021,
	"websub_http":                9021,
	"jmx_rmi_registry":           9999,
	"jmx_rmi_server":             11111,
	"traffic_manager_amqp":       5672,
	"traffic_manager_binary":     9611,
	"traffic_manager_binary_ssl": 9711,
}

// readServerOffset sets Offset and Ports. A missing or unusable offset counts as 0, which is
// what the server itself does.
func (h *Home) readServerOffset(d deploymentDoc) {
	h.Offset = h.serverOffset(d)
	h.Ports = make(map[string]int, len(defaultPorts))
	for name, port := range defaultPorts {
		h.Ports[name] = port + h.Offset
	}
}

func (h *Home) serverOffset(d deploymentDoc) int {
	server, ok := h.table(d, "server")
	if !ok {
		return 0
	}
	value, found := server["offset"]
	if !found {
		return 0
	}
	line := d.lines.key("server", "offset")
	var offset int64
	var err error
	switch v := value.(type) {
	case int64:
		offset = v
	case string: // offset = "2" is common in the field and accepted by the server
		offset, err = strconv.ParseInt(strings.TrimSpace(v), 10, 32)
	default:
		h.warn(deploymentTOMLPath, line, "[server] offset should be an integer, found %s: using 0", tomlTypeName(value))
		return 0
	}
	if err != nil || offset < 0 || offset > 65535 {
		h.warn(deploymentTOMLPath, line, "[server] offset %q is not a port offset: using 0", tomlValueText(value))
		return 0
	}
	return int(offset)
}

// readGatewayEnvironments collects the names of [[apim.gateway.environment]], in file order.
func (h *Home) readGatewayEnvironments(d deploymentDoc) {
	const table = "apim.gateway.environment"
	value, found := d.lookup("apim", "gateway", "environment")
	if !found {
		return
	}
	line := d.lines.table(table)
	environments, isArray := value.([]any)
	if !isArray {
		h.warn(deploymentTOMLPath, line, "%s should be an array of tables ([[%s]]), found %s: ignored",
			table, table, tomlTypeName(value))
		return
	}
	for i, item := range environments {
		environment, isTable := item.(map[string]any)
		name, isString := environment["name"].(string)
		if !isTable || !isString || name == "" {
			h.warn(deploymentTOMLPath, line, "gateway environment #%d has no name: ignored", i+1)
			continue
		}
		h.GatewayEnvironments = append(h.GatewayEnvironments, name)
	}
}

// readReIndexing reads `[indexing] re_indexing`, the counter bumped to force a registry re-index.
func (h *Home) readReIndexing(d deploymentDoc) {
	indexing, ok := h.table(d, "indexing")
	if !ok {
		return
	}
	value, found := indexing["re_indexing"]
	if !found {
		return
	}
	count, isInt := value.(int64)
	if !isInt {
		h.warn(deploymentTOMLPath, d.lines.key("indexing", "re_indexing"),
			"[indexing] re_indexing should be an integer, found %s: ignored", tomlTypeName(value))
		return
	}
	reIndexing := int(count)
	h.ReIndexing = &reIndexing
}

// tomlValueText renders a scalar for a warning. Only used for keys that never hold secrets.
func tomlValueText(value any) string {
	switch v := value.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	default:
		return tomlTypeName(value)
	}
}
