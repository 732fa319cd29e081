package dashboards

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// The provisioning files of deploy/grafana: they must parse as Grafana reads them, and the
// dashboard provider must point where the mounts their comments document put dashboards/.

const (
	provisioningDir    = "../deploy/grafana/provisioning"
	grafanaProvisionAt = "/etc/grafana/provisioning" // paths.provisioning of Grafana's image
)

type datasourcesFile struct {
	APIVersion  int `yaml:"apiVersion"`
	Datasources []struct {
		Name      string `yaml:"name"`
		UID       string `yaml:"uid"`
		Type      string `yaml:"type"`
		Access    string `yaml:"access"`
		URL       string `yaml:"url"`
		IsDefault bool   `yaml:"isDefault"`
		Editable  bool   `yaml:"editable"`
		JSONData  struct {
			TimeInterval string `yaml:"timeInterval"`
		} `yaml:"jsonData"`
	} `yaml:"datasources"`
}

type dashboardProvidersFile struct {
	APIVersion int `yaml:"apiVersion"`
	Providers  []struct {
		Name                  string `yaml:"name"`
		OrgID                 int    `yaml:"orgId"`
		Folder                string `yaml:"folder"`
		Type                  string `yaml:"type"`
		DisableDeletion       bool   `yaml:"disableDeletion"`
		AllowUIUpdates        bool   `yaml:"allowUiUpdates"`
		UpdateIntervalSeconds int    `yaml:"updateIntervalSeconds"`
		Options               struct {
			Path                      string `yaml:"path"`
			FoldersFromFilesStructure bool   `yaml:"foldersFromFilesStructure"`
		} `yaml:"options"`
	} `yaml:"providers"`
}

// readYAML decodes file strictly (a misspelt key is an error, not a setting Grafana ignores) and
// returns its raw text too.
func readYAML(t *testing.T, file string, into any) string {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return string(raw)
}

// documentedMount matches a `-v "$PWD/<source>:<target>:ro"` line of a comment.
var documentedMount = regexp.MustCompile(`(?m)^#.*-v "\$PWD/([^:"]+):([^:"]+)(?::ro)?"`)

// mounts returns the bind mounts a provisioning file's comment documents, source (relative to
// the repository) to target.
func mounts(text string) map[string]string {
	out := map[string]string{}
	for _, m := range documentedMount.FindAllStringSubmatch(text, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestDatasourceProvisioning(t *testing.T) {
	var f datasourcesFile
	text := readYAML(t, filepath.Join(provisioningDir, "datasources", "prometheus.yml"), &f)
	if f.APIVersion != 1 || len(f.Datasources) != 1 {
		t.Fatalf("apiVersion %d with %d data sources, want 1 and 1", f.APIVersion, len(f.Datasources))
	}
	ds := f.Datasources[0]
	if ds.Name == "" || ds.Type != "prometheus" || ds.Access != "proxy" || !ds.IsDefault {
		t.Errorf("data source %+v: want a named default prometheus data source with proxy access", ds)
	}
	if u, err := url.Parse(ds.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		t.Errorf("url %q is not an http(s) URL: %v", ds.URL, err)
	}
	if _, err := time.ParseDuration(ds.JSONData.TimeInterval); err != nil {
		t.Errorf("jsonData.timeInterval: %v", err)
	}
	checkDocumentedMounts(t, mounts(text))
}

func TestDashboardProvisioning(t *testing.T) {
	var f dashboardProvidersFile
	text := readYAML(t, filepath.Join(provisioningDir, "dashboards", "apimwatch.yml"), &f)
	if f.APIVersion != 1 || len(f.Providers) != 1 {
		t.Fatalf("apiVersion %d with %d providers, want 1 and 1", f.APIVersion, len(f.Providers))
	}
	p := f.Providers[0]
	if p.Name == "" || p.Type != "file" || p.OrgID != 1 || p.Folder == "" {
		t.Errorf("provider %+v: want a named file provider of org 1 with a folder", p)
	}
	m := mounts(text)
	checkDocumentedMounts(t, m)
	if m["dashboards"] != p.Options.Path {
		t.Errorf("options.path is %q but the comment mounts dashboards/ at %q", p.Options.Path, m["dashboards"])
	}
}

// checkDocumentedMounts checks the mounts a comment documents: this repository's provisioning
// directory where Grafana reads provisioning, and dashboards/, holding every dashboard, at an
// absolute path.
func checkDocumentedMounts(t *testing.T, m map[string]string) {
	t.Helper()
	if got := m["deploy/grafana/provisioning"]; got != grafanaProvisionAt {
		t.Errorf("the comment mounts deploy/grafana/provisioning at %q, want %s", got, grafanaProvisionAt)
	}
	target, ok := m["dashboards"]
	if !ok || !path.IsAbs(target) || strings.HasPrefix(target, grafanaProvisionAt) {
		t.Errorf("the comment mounts dashboards/ at %q, want an absolute path outside %s", target, grafanaProvisionAt)
	}
	onDisk, err := filepath.Glob("*.json") // the test runs in dashboards/, the mount's source
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(onDisk, List()) {
		t.Errorf("dashboards/ holds %v, the package embeds %v", onDisk, List())
	}
}

func TestMountsParsesDocumentedMounts(t *testing.T) {
	got := mounts("# x\n#     -v \"$PWD/dashboards:/var/lib/grafana/dashboards/apimwatch:ro\" \\\n-v \"$PWD/a:/b\"\n")
	if len(got) != 1 || got["dashboards"] != "/var/lib/grafana/dashboards/apimwatch" {
		t.Errorf("got %v, want only the commented dashboards mount", got)
	}
}
