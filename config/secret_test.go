package config

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
	"go.yaml.in/yaml/v3"
)

func TestSecretNeverPrints(t *testing.T) {
	const value = "hunter2-db-pass"
	type holder struct {
		Password Secret `yaml:"password" json:"password"`
	}
	h := holder{Password: Secret(value)}

	yml, err := yaml.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	var decoded map[string]string // JSON escapes '<' and '>': compare what a reader gets back
	if err := json.Unmarshal(js, &decoded); err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zap.DebugLevel)
	zap.New(core).Info("opening", zap.Stringer("password", h.Password), zap.Any("holder", h))
	logged := fmt.Sprint(logs.All()[0].ContextMap())

	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", h), "%+v": fmt.Sprintf("%+v", h), "%#v": fmt.Sprintf("%#v", h),
		"%s": fmt.Sprintf("[%s]", h.Password), "%q": fmt.Sprintf("%q", h.Password),
		"yaml": string(yml), "json": decoded["password"], "zap": logged,
	}
	for name, out := range outputs {
		if strings.Contains(out, value) {
			t.Errorf("%s output shows the secret: %s", name, out)
		}
		if !strings.Contains(out, redacted) {
			t.Errorf("%s output does not say a secret is set: %s", name, out)
		}
	}
	if h.Password.Reveal() != value {
		t.Errorf("Reveal() = %q, want the value", h.Password.Reveal())
	}
}

func TestUnsetSecretPrintsEmpty(t *testing.T) {
	var s Secret
	if s.String() != "" || s.IsSet() {
		t.Errorf("unset secret: String()=%q IsSet()=%v", s.String(), s.IsSet())
	}
}
