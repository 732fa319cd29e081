package baseline_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/verify/baseline"
)

// sampleSnapshot is a snapshot as Capture makes them, with an inventory and an estimate.
func sampleSnapshot(t *testing.T) *baseline.Snapshot {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString(`{"format": "apimwatch-baseline/1", "taken_at": "2026-11-20T10:00:00Z", "product_version": "3.2.0",
"families": {
  "apis": {"by_tenant": {"carbon.super": 2}, "inventory": {"sha256": "` + digestOf("admin/PizzaAPI/1.0.0@carbon.super", "alice/WeatherAPI/1.0.0@carbon.super") + `",
    "keys": ["admin/PizzaAPI/1.0.0@carbon.super", "alice/WeatherAPI/1.0.0@carbon.super"]}},
  "users": {"by_tenant": {"carbon.super": 3, "wso2.com": 2}},
  "active-tokens": {"by_tenant": {"*": 120000}, "estimated": true},
  "registry-api-artifacts": {"by_tenant": null, "unavailable": "no reg database is configured"}
}}`)
	s, err := baseline.Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSaveLoadRoundTrip(t *testing.T) {
	want := sampleSnapshot(t)
	var buf bytes.Buffer
	if err := baseline.Save(&buf, want); err != nil {
		t.Fatal(err)
	}
	got, err := baseline.Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the snapshot:\n got %+v\nwant %+v", got, want)
	}
	if label := got.Label(); label != "the baseline taken 2026-11-20T10:00Z" {
		t.Errorf("label %q", label)
	}
	if !got.TakenAt.Equal(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("taken at %v", got.TakenAt)
	}
}

func TestLoadRejectsWhatIsNotASnapshotOfThisFormat(t *testing.T) {
	for name, tc := range map[string]struct{ file, wantErr string }{
		"not JSON":       {"TID: [-1234] [] [2026-11-20 10:00:00,000]  INFO {x} - started", "not an apimwatch baseline snapshot"},
		"other JSON":     {`{"check_id": "registry.orphan-resources", "status": "pass"}`, "not an apimwatch baseline snapshot"},
		"newer format":   {`{"format": "apimwatch-baseline/2", "taken_at": "2026-11-20T10:00:00Z"}`, `format "apimwatch-baseline/2", this apimwatch reads "apimwatch-baseline/1"`},
		"no time":        {`{"format": "apimwatch-baseline/1", "families": {}}`, "no taken_at"},
		"edited by hand": {`{"format": "apimwatch-baseline/1", "taken_at": "2026-11-20T10:00:00Z", "families": {"apis": {"by_tenant": {}, "inventory": {"sha256": "` + digestOf("a/b/1@carbon.super") + `", "keys": ["x/b/1@carbon.super"]}}}}`, "the apis inventory does not match its sha256"},
		"unsorted keys":  {`{"format": "apimwatch-baseline/1", "taken_at": "2026-11-20T10:00:00Z", "families": {"apis": {"by_tenant": {}, "inventory": {"sha256": "` + digestOf("b", "a") + `", "keys": ["b", "a"]}}}}`, "the apis inventory does not match its sha256"},
		"wrong types":    {`{"format": "apimwatch-baseline/1", "taken_at": "2026-11-20T10:00:00Z", "families": {"apis": {"by_tenant": {"carbon.super": "many"}}}}`, "damaged"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := baseline.Load(strings.NewReader(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want one saying %q", err, tc.wantErr)
			}
		})
	}
}

// digestOf is the digest of keys, in the order given.
func digestOf(keys ...string) string { return baseline.Digest(keys) }
