package verify

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Select keeps the checks named by only (all when empty) and drops those named by skip; a name
// is a check id or a family. An unknown name is an error listing the known ones, so a typo in
// a CI pipeline does not silently run nothing.
func Select(checks []Check, only, skip []string) ([]Check, error) {
	known := map[string]bool{}
	for _, c := range checks {
		known[c.ID], known[c.Family] = true, true
	}
	for _, name := range append(append([]string(nil), only...), skip...) {
		if !known[name] {
			return nil, fmt.Errorf("no check or family %q; known: %s", name, strings.Join(slices.Sorted(maps.Keys(known)), ", "))
		}
	}
	named := func(names []string, c Check) bool {
		for _, n := range names {
			if n == c.ID || n == c.Family {
				return true
			}
		}
		return false
	}
	var out []Check
	for _, c := range checks {
		if (len(only) == 0 || named(only, c)) && !named(skip, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// ParseSeverity reads --fail-on.
func ParseSeverity(s string) (Severity, error) {
	for _, sev := range []Severity{SeverityInfo, SeverityWarning, SeverityCritical} {
		if s == sev.String() {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("%q is not a severity; use critical, warning or info", s)
}
