package discovery

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// deploymentDoc is a decoded deployment.toml with the positions of its tables and keys.
type deploymentDoc struct {
	values map[string]any
	lines  tomlLines
	// parsed is false when the file was malformed and values is empty: absent sections
	// then say nothing about the node and are not reported.
	parsed bool
}

func (h *Home) readDeploymentTOML() {
	data, ok := h.readFile(deploymentTOMLPath, "databases, ports and gateway environments are not discovered")
	if !ok {
		return
	}
	doc := deploymentDoc{values: map[string]any{}, lines: scanTOMLLines(string(data)), parsed: true}
	if err := toml.Unmarshal(data, &doc.values); err != nil {
		line, msg := tomlErrorPosition(err)
		h.warn(deploymentTOMLPath, line, "malformed TOML, read as an empty configuration: %s", msg)
		doc.values, doc.parsed = map[string]any{}, false
	}
	h.readDatasources(doc)
	h.readServerOffset(doc)
	h.readGatewayEnvironments(doc)
	h.readReIndexing(doc)
}

// tomlErrorPosition gives the line of a go-toml decode error and its short message. The short
// message is used on purpose: the long form quotes the offending lines, which may hold a password.
func tomlErrorPosition(err error) (int, string) {
	var decodeErr *toml.DecodeError
	if errors.As(err, &decodeErr) {
		line, _ := decodeErr.Position()
		return line, decodeErr.Error()
	}
	return 0, err.Error()
}

// lookup walks nested tables: lookup("server", "offset"). It returns false when any step is
// missing or is not a table.
func (d deploymentDoc) lookup(path ...string) (any, bool) {
	var current any = d.values
	for _, key := range path {
		table, isTable := current.(map[string]any)
		if !isTable {
			return nil, false
		}
		if current, isTable = table[key]; !isTable {
			return nil, false
		}
	}
	return current, true
}

// table returns the table at path, or false (with a warning when the key exists but is not a table).
func (h *Home) table(d deploymentDoc, path ...string) (map[string]any, bool) {
	value, found := d.lookup(path...)
	if !found {
		return nil, false
	}
	table, isTable := value.(map[string]any)
	if !isTable {
		name := strings.Join(path, ".")
		h.warn(deploymentTOMLPath, d.lines.key(parentName(path), path[len(path)-1]),
			"%s should be a table, found %s: ignored", name, tomlTypeName(value))
	}
	return table, isTable
}

// stringKey returns table.key as a string, or false (with a warning when it has another type).
func (h *Home) stringKey(d deploymentDoc, tableName string, table map[string]any, key string) (string, bool) {
	value, found := table[key]
	if !found {
		return "", false
	}
	s, isString := value.(string)
	if !isString {
		h.warn(deploymentTOMLPath, d.lines.key(tableName, key),
			"%s.%s should be a string, found %s: ignored", tableName, key, tomlTypeName(value))
	}
	return s, isString
}

func parentName(path []string) string {
	return strings.Join(path[:len(path)-1], ".")
}

// tomlTypeName names the TOML type of a decoded value for warnings, without its content.
func tomlTypeName(value any) string {
	switch value.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []any:
		return "an array"
	default:
		return fmt.Sprintf("a %T", value)
	}
}
