// Package dashboards holds apimwatch's Grafana dashboards, embedded so that tests (and the
// end-to-end test that runs every panel query against a real Prometheus) read the very files
// Grafana provisions from deploy/grafana/provisioning/dashboards/apimwatch.yml.
package dashboards

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
)

// FS holds the dashboard JSON files, named as in this directory (cutover-overview.json, …).
//
//go:embed *.json
var FS embed.FS

// List returns the file names of the dashboards in FS, sorted.
func List() []string {
	names, err := fs.Glob(FS, "*.json")
	if err != nil { // only for a malformed pattern, which this one is not
		panic(err)
	}
	slices.Sort(names)
	return names
}

// load decodes one dashboard file of FS.
func load(name string) (dashboard, error) {
	raw, err := FS.ReadFile(name)
	if err != nil {
		return dashboard{}, fmt.Errorf("reading dashboard %s: %w", name, err)
	}
	var d dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		return dashboard{}, fmt.Errorf("decoding dashboard %s: %w", name, err)
	}
	return d, nil
}

// loadAll decodes every dashboard of FS, in List order.
func loadAll() ([]dashboard, error) {
	var all []dashboard
	for _, name := range List() {
		d, err := load(name)
		if err != nil {
			return nil, err
		}
		d.file = name
		all = append(all, d)
	}
	return all, nil
}
