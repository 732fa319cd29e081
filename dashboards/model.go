package dashboards

import (
	"encoding/json"
	"fmt"
)

// The parts of Grafana's dashboard JSON model that this package reads or its tests check. Grafana
// keeps every other field as it is, and so does decoding here: unknown fields are ignored.

type dashboard struct {
	file string // the file name in FS, set by loadAll

	ID            json.RawMessage `json:"id"`       // must be null: provisioning gives ids
	Inputs        json.RawMessage `json:"__inputs"` // must be absent: provisioning does not fill inputs
	UID           string          `json:"uid"`
	Title         string          `json:"title"`
	Description   string          `json:"description"`
	Tags          []string        `json:"tags"`
	SchemaVersion int             `json:"schemaVersion"`
	Links         []link          `json:"links"`
	Panels        []panel         `json:"panels"`
	Templating    struct {
		List []variable `json:"list"`
	} `json:"templating"`
}

type panel struct {
	ID          int            `json:"id"`
	Type        string         `json:"type"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	GridPos     gridPos        `json:"gridPos"`
	Datasource  *datasourceRef `json:"datasource"`
	Targets     []target       `json:"targets"`
	Panels      []panel        `json:"panels"` // the panels of a collapsed row
	Collapsed   bool           `json:"collapsed"`
	Links       []link         `json:"links"`
	FieldConfig struct {
		Defaults struct {
			Unit       string      `json:"unit"`
			Thresholds *thresholds `json:"thresholds"`
		} `json:"defaults"`
	} `json:"fieldConfig"`
}

type gridPos struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

type target struct {
	RefID        string         `json:"refId"`
	Expr         string         `json:"expr"`
	LegendFormat string         `json:"legendFormat"`
	Datasource   *datasourceRef `json:"datasource"`
}

type datasourceRef struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

type thresholds struct {
	Mode  string `json:"mode"`
	Steps []struct {
		Color string   `json:"color"`
		Value *float64 `json:"value"` // null for the base step
	} `json:"steps"`
}

type link struct {
	Title string   `json:"title"`
	Type  string   `json:"type"` // on dashboard links: "link" or "dashboards"
	URL   string   `json:"url"`
	Tags  []string `json:"tags"`
}

type variable struct {
	Name       string         `json:"name"`
	Type       string         `json:"type"`
	Query      variableQuery  `json:"query"`
	Datasource *datasourceRef `json:"datasource"`
	Multi      bool           `json:"multi"`
	IncludeAll bool           `json:"includeAll"`
	AllValue   string         `json:"allValue"`
}

// variableQuery is a variable's query: a string, as in this directory's files, or the object
// {"query": "..."} that Grafana 10 and later write when a Prometheus variable is saved.
type variableQuery string

func (q *variableQuery) UnmarshalJSON(raw []byte) error {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		*q = variableQuery(s)
		return nil
	}
	var obj struct {
		Query string `json:"query"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("variable query is neither a string nor an object with a query: %w", err)
	}
	*q = variableQuery(obj.Query)
	return nil
}

// flatPanels returns the dashboard's panels in order, with the panels of collapsed rows after
// their row.
func (d dashboard) flatPanels() []panel {
	var out []panel
	for _, p := range d.Panels {
		out = append(out, p)
		out = append(out, p.Panels...)
	}
	return out
}
