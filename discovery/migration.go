package discovery

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// separateRegistryKey is the migration client setting that routes registry work to the REG
// database. The client reads it from the top level of migration-config.yaml.
const separateRegistryKey = "isSeparateRegistryDB"

// yamlFinding is one occurrence of a key in a YAML document.
type yamlFinding struct {
	value  *yaml.Node
	parent string // dotted path of the mapping holding the key, "" at the top level
}

func (h *Home) readMigrationConfig() {
	// The file exists only while a migration is prepared; without it isSeparateRegistryDB is
	// simply unknown, and config warns where that matters (separate UM and REG databases).
	data, ok := h.readFile(migrationConfigPath, "")
	if !ok {
		return
	}
	var document yaml.Node
	if err := yaml.Unmarshal(data, &document); err != nil {
		h.warn(migrationConfigPath, yamlErrorLine(err), "malformed YAML, %s is unknown: %v", separateRegistryKey, err)
		return
	}
	findings := findYAMLKey(&document, separateRegistryKey, "")
	if len(findings) == 0 {
		h.warn(migrationConfigPath, 0, "%s is not set: the migration client treats it as false", separateRegistryKey)
		return
	}
	chosen := findings[0]
	for _, f := range findings {
		if f.parent == "" {
			chosen = f
			break
		}
	}
	if len(findings) > 1 {
		h.warn(migrationConfigPath, chosen.value.Line, "%s is set %d times: using the one on this line", separateRegistryKey, len(findings))
	}
	if chosen.parent != "" {
		// The client maps the file's top level onto its Config class: a nested key is ignored
		// and the flag stays false, whatever the nested value says.
		h.warn(migrationConfigPath, chosen.value.Line, "%s is nested under %s: the migration client reads it only "+
			"at the top level of the file, so it runs as if it were false", separateRegistryKey, chosen.parent)
		notSeparate := false
		h.IsSeparateRegistryDB, h.IsSeparateRegistryDBLine = &notSeparate, chosen.value.Line
		return
	}
	// The shipped file quotes its booleans ("false"); the client's YAML loader accepts both.
	separate, err := strconv.ParseBool(strings.TrimSpace(chosen.value.Value))
	if chosen.value.Kind != yaml.ScalarNode || err != nil {
		h.warn(migrationConfigPath, chosen.value.Line, "%s should be true or false", separateRegistryKey)
		return
	}
	h.IsSeparateRegistryDB = &separate
	h.IsSeparateRegistryDBLine = chosen.value.Line
}

// findYAMLKey returns every value of key in mappings under node, in document order. Aliases are
// not followed, so anchors cannot make it loop.
func findYAMLKey(node *yaml.Node, key, path string) []yamlFinding {
	var findings []yamlFinding
	switch node.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, child := range node.Content {
			findings = append(findings, findYAMLKey(child, key, path)...)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(node.Content); i += 2 {
			name, value := node.Content[i].Value, node.Content[i+1]
			if name == key {
				findings = append(findings, yamlFinding{value: value, parent: path})
			}
			findings = append(findings, findYAMLKey(value, key, strings.TrimPrefix(path+"."+name, "."))...)
		}
	}
	return findings
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlErrorLine extracts the line from a YAML error ("yaml: line 3: ..."), 0 when it has none.
func yamlErrorLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return line
	}
	return 0
}
