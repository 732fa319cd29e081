package statuspage

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestDocumentedFieldsAreTheJSONFields compares the field table of docs/status-page.md with
// the json tags of Snapshot, both ways: a field added, renamed or dropped must be documented.
func TestDocumentedFieldsAreTheJSONFields(t *testing.T) {
	doc, err := os.ReadFile("../docs/status-page.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_.\\[\\]]+)` \\|").FindAllStringSubmatch(string(doc), -1) {
		documented = append(documented, m[1])
	}
	fields := jsonPaths("", reflect.TypeFor[Snapshot]())
	for _, f := range fields {
		if !slices.Contains(documented, f) {
			t.Errorf("docs/status-page.md does not document %s", f)
		}
	}
	for _, d := range documented {
		if !slices.Contains(fields, d) {
			t.Errorf("docs/status-page.md documents %s, which the JSON does not have", d)
		}
	}
	if len(fields) < 60 {
		t.Errorf("only %d fields found: the walk of Snapshot is broken", len(fields))
	}
}

// jsonPaths lists the JSON paths of t's fields, as the docs write them: agent.version,
// checks[].results[].id.
func jsonPaths(prefix string, t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		path := prefix + name
		out = append(out, path)
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]():
			out = append(out, jsonPaths(path+".", ft)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, jsonPaths(path+"[].", ft.Elem())...)
		}
	}
	return out
}
