package main

import (
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/verify/baseline"
	"github.com/apimwatch/apimwatch/verify/catalogue"
)

// checksDocPath is the page TestChecksDocListsEveryCheck keeps true.
const checksDocPath = "../../docs/checks.md"

// TestChecksDocListsEveryCheck holds the check tables of docs/checks.md to the code: a row for
// every built-in check and every baseline check, with the family and severity the code gives
// it, and no row for a check the code does not have.
func TestChecksDocListsEveryCheck(t *testing.T) {
	documented := parseChecksDoc(t, checksDocPath)

	// The baseline checks are built from a snapshot; their ids, families and severities do
	// not depend on what it holds, so an empty one lists them all.
	checks := append(catalogue.Builtin(catalogue.Config{}),
		baseline.Checks(&baseline.Snapshot{}, "the baseline", baseline.CaptureOptions{})...)
	if len(checks) == 0 {
		t.Fatal("the code defines no check")
	}
	defined := map[string]bool{}
	var missing []string
	for _, c := range checks {
		if defined[c.ID] {
			t.Errorf("the code defines %s twice", c.ID)
		}
		defined[c.ID] = true
		doc, ok := documented[c.ID]
		if !ok {
			missing = append(missing, c.ID)
			continue
		}
		if doc.family != c.Family {
			t.Errorf("%s:%d: %s is documented in family %q, the code says %q", checksDocPath, doc.line, c.ID, doc.family, c.Family)
		}
		if doc.severity != c.Severity.String() {
			t.Errorf("%s:%d: %s is documented with severity %q, the code says %q", checksDocPath, doc.line, c.ID, doc.severity, c.Severity)
		}
	}
	var unknown []string
	for id, doc := range documented {
		if !defined[id] {
			unknown = append(unknown, id+" (line "+strconv.Itoa(doc.line)+")")
		}
	}
	sort.Strings(missing)
	sort.Strings(unknown)
	if len(missing) > 0 {
		t.Errorf("checks the code defines but %s does not list: %s", checksDocPath, strings.Join(missing, ", "))
	}
	if len(unknown) > 0 {
		t.Errorf("checks %s lists but the code does not define: %s", checksDocPath, strings.Join(unknown, ", "))
	}
}

// documentedCheck is one row of a check table of docs/checks.md.
type documentedCheck struct {
	family, severity string
	line             int
}

// checkIDRE is a check id: "<family>.<name>".
var (
	checkIDRE        = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9_-]*$`)
	singleBackticked = regexp.MustCompile("^`([^`]*)`$")
)

// parseChecksDoc reads every table of the page whose header starts with "Check" and has Family
// and Severity columns. The first column holds the check id in backticks.
func parseChecksDoc(t *testing.T, path string) map[string]documentedCheck {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the checks documentation: %v", err)
	}
	checks := map[string]documentedCheck{}
	var familyCol, severityCol int
	inTable := false
	for i, line := range strings.Split(string(raw), "\n") {
		lineNo := i + 1
		if !strings.HasPrefix(strings.TrimSpace(line), "|") {
			inTable = false
			continue
		}
		cells := tableCells(line)
		switch {
		case cells[0] == "Check":
			familyCol, severityCol = slices.Index(cells, "Family"), slices.Index(cells, "Severity")
			if familyCol < 0 || severityCol < 0 {
				t.Fatalf("%s:%d: a check table needs Family and Severity columns, has %q", path, lineNo, cells)
			}
			inTable = true
			continue
		case !inTable || strings.Trim(strings.Join(cells, ""), "-: ") == "":
			continue // another kind of table, or the header's separator row
		}
		if len(cells) <= max(familyCol, severityCol) {
			t.Fatalf("%s:%d: %d cells, want at least %d", path, lineNo, len(cells), max(familyCol, severityCol)+1)
		}
		m := singleBackticked.FindStringSubmatch(cells[0])
		if m == nil || !checkIDRE.MatchString(m[1]) {
			t.Fatalf("%s:%d: the first column must be a check id in backticks, got %q", path, lineNo, cells[0])
		}
		id := m[1]
		if previous, seen := checks[id]; seen {
			t.Fatalf("%s:%d: %s is already listed on line %d", path, lineNo, id, previous.line)
		}
		checks[id] = documentedCheck{family: cells[familyCol], severity: cells[severityCol], line: lineNo}
	}
	if len(checks) == 0 {
		t.Fatalf("%s lists no check: no table with a Check column was found", path)
	}
	return checks
}
