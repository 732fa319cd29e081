package discovery

import "strings"

// maxLookupDepth bounds property.X definitions that refer to each other, cycles included.
const maxLookupDepth = 8

// log4j2Lookups expands the ${...} lookups that log4j2 resolves when it loads its configuration:
// the CARBON_HOME (${sys:carbon.home}, or ${carbon.home}), `property.NAME = value`
// definitions used as ${NAME}, and ${name:-default}. `$${` stays a literal `${`, as in log4j2.
type log4j2Lookups struct {
	carbonHome string
	props      properties
}

// expand returns s with its lookups resolved and the names of those it could not resolve,
// which are left in place.
func (l log4j2Lookups) expand(s string) (string, []string) {
	return l.expandDepth(s, 0)
}

func (l log4j2Lookups) expandDepth(s string, depth int) (string, []string) {
	var out strings.Builder
	var unresolved []string
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			out.WriteString("${")
			i += 3
		case strings.HasPrefix(s[i:], "${"):
			end := matchingBrace(s, i+2)
			if end < 0 {
				unresolved = append(unresolved, s[i+2:])
				out.WriteString(s[i:])
				return out.String(), unresolved
			}
			value, missing := l.resolve(s[i+2:end], depth)
			out.WriteString(value)
			unresolved = append(unresolved, missing...)
			i = end + 1
		default:
			out.WriteByte(s[i])
			i++
		}
	}
	return out.String(), unresolved
}

// resolve gives the value of one lookup body such as "sys:carbon.home" or "NAME:-default".
func (l log4j2Lookups) resolve(body string, depth int) (string, []string) {
	name, fallback, hasDefault := strings.Cut(body, ":-")
	switch {
	case name == "sys:carbon.home" || name == "carbon.home":
		return l.carbonHome, nil
	case depth < maxLookupDepth && !strings.Contains(name, ":"):
		if definition, defined := l.props.get("property." + name); defined {
			return l.expandDepth(definition.value, depth+1)
		}
	}
	if hasDefault && depth < maxLookupDepth {
		return l.expandDepth(fallback, depth+1)
	}
	return "${" + body + "}", []string{body}
}

// matchingBrace returns the index of the '}' closing a lookup whose body starts at from,
// skipping nested lookups; -1 when it is not closed.
func matchingBrace(s string, from int) int {
	depth := 0
	for i := from; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			depth++
			i++
		case s[i] == '}' && depth == 0:
			return i
		case s[i] == '}':
			depth--
		}
	}
	return -1
}
