package discovery

import (
	"regexp"
	"strings"
)

// tomlLines remembers where tables and keys sit in a TOML text. go-toml decodes into maps
// without positions, so warnings find their line here by scanning the text. This is a best
// effort: a key written inside a multi-line string or as a dotted key at the top of the file
// is not located, and then the warning carries no line.
type tomlLines struct {
	tables map[string]int // "database.apim_db" -> line of its first [header]
	keys   map[string]int // "database.apim_db\x00url" -> line of the key in that table
}

var (
	tomlHeaderRE = regexp.MustCompile(`^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$`)
	tomlKeyRE    = regexp.MustCompile(`^\s*([A-Za-z0-9_\-"'.]+?)\s*=`)
)

func scanTOMLLines(text string) tomlLines {
	l := tomlLines{tables: map[string]int{}, keys: map[string]int{}}
	table := ""
	for i, line := range strings.Split(text, "\n") {
		lineNo := i + 1
		if m := tomlHeaderRE.FindStringSubmatch(line); m != nil {
			table = normalizeTOMLName(m[1])
			if _, seen := l.tables[table]; !seen {
				l.tables[table] = lineNo
			}
			continue
		}
		if m := tomlKeyRE.FindStringSubmatch(line); m != nil {
			id := table + "\x00" + normalizeTOMLName(m[1])
			if _, seen := l.keys[id]; !seen {
				l.keys[id] = lineNo
			}
		}
	}
	return l
}

// normalizeTOMLName drops quotes and spaces around dots so that `[ database."apim_db" ]`
// and `[database.apim_db]` name the same table.
func normalizeTOMLName(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// table returns the line of the table's header, 0 when it has none.
func (l tomlLines) table(name string) int {
	return l.tables[name]
}

// key returns the line of key inside table, falling back to the table's header line.
func (l tomlLines) key(table, key string) int {
	if line, ok := l.keys[table+"\x00"+key]; ok {
		return line
	}
	return l.table(table)
}
