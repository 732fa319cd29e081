package discovery

import (
	"strconv"
	"strings"
)

// property is one entry of a Java properties file and the line where the entry starts.
type property struct {
	key, value string
	line       int
}

// properties is a parsed Java properties file: the entries in file order and, as in
// java.util.Properties, the last entry of a repeated key wins a lookup.
type properties struct {
	entries []property
	byKey   map[string]int
}

const propertiesBlank = " \t\f"

// parseProperties reads the java.util.Properties syntax: `key = value`, `key: value` or
// `key value`; `#` and `!` comment lines; a line ending in an odd number of backslashes
// continues on the next one (whose leading blanks are dropped); backslash escapes (\t, \n,
// \uXXXX, \=, ...). Values are also trimmed at the end, as log4j2 does with its settings.
func parseProperties(text string) properties {
	p := properties{byKey: map[string]int{}}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		logical := strings.TrimLeft(lines[i], propertiesBlank)
		if logical == "" || logical[0] == '#' || logical[0] == '!' {
			continue
		}
		for continues(logical) {
			logical = logical[:len(logical)-1]
			if i+1 == len(lines) {
				break
			}
			i++
			logical += strings.TrimLeft(lines[i], propertiesBlank)
		}
		rawKey, rawValue := splitProperty(logical)
		p.byKey[unescapeProperty(rawKey)] = len(p.entries)
		p.entries = append(p.entries, property{
			key:   unescapeProperty(rawKey),
			value: strings.TrimSpace(unescapeProperty(rawValue)),
			line:  start,
		})
	}
	return p
}

// get returns the entry of key.
func (p properties) get(key string) (property, bool) {
	i, found := p.byKey[key]
	if !found {
		return property{}, false
	}
	return p.entries[i], true
}

// value returns the value of key, "" when absent.
func (p properties) value(key string) string {
	entry, _ := p.get(key)
	return entry.value
}

// continues reports a line ending in an odd number of backslashes.
func continues(line string) bool {
	trailing := len(line) - len(strings.TrimRight(line, `\`))
	return trailing%2 == 1
}

// splitProperty splits a logical line at the first unescaped '=', ':' or blank; a blank
// separator may be followed by one '=' or ':'.
func splitProperty(line string) (string, string) {
	end := len(line)
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' {
			i++
			continue
		}
		if strings.IndexByte("=:"+propertiesBlank, line[i]) >= 0 {
			end = i
			break
		}
	}
	value := strings.TrimLeft(line[end:], propertiesBlank)
	if value != "" && (value[0] == '=' || value[0] == ':') {
		value = strings.TrimLeft(value[1:], propertiesBlank)
	}
	return line[:end], value
}

// unescapeProperty resolves backslash escapes. A malformed \u escape is kept as written rather
// than failing the whole file as Java would.
func unescapeProperty(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		i++
		if i == len(s) {
			break
		}
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if code, err := strconv.ParseUint(s[i+1:min(i+5, len(s))], 16, 16); err == nil && i+5 <= len(s) {
				b.WriteRune(rune(code))
				i += 4
			} else {
				b.WriteString(`\u`)
			}
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
