package config

import (
	"os"
	"strings"
	"time"

	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// cutoverFutureSlack is how far ahead of the agent's clock a cutover may be without a warning:
// a cutover about to happen, or a clock a little behind the one the time was read from.
const cutoverFutureSlack = 5 * time.Minute

// CutoverTime is the time of `cutover`: the status page counts log signatures from it. It is
// the zero time when cutover is not set (or does not parse, which validation refuses).
func (c *Config) CutoverTime() time.Time {
	at, err := time.Parse(time.RFC3339, c.Cutover)
	if err != nil {
		return time.Time{}
	}
	return at
}

// validateCutover holds cutover to RFC 3339, with its zone: a time without one would be read
// in some zone, and an hour's error would count the old run's records as the new one's.
func (c *Config) validateCutover(ps *Problems) {
	if c.Cutover == "" {
		return
	}
	at, err := time.Parse(time.RFC3339, c.Cutover)
	if err != nil {
		ps.errorf("cutover", "%q is not an RFC 3339 time; write it as 2026-12-07T14:00:00Z, or with the zone's offset, as 2026-12-07T15:00:00+01:00", c.Cutover)
		return
	}
	if at.After(time.Now().Add(cutoverFutureSlack)) {
		ps.warnf("cutover", "%s is in the future: the status page counts no log record until then; give the time traffic moved to this environment", c.Cutover)
	}
}

// keepCutoverText makes the file's cutover the text written there. YAML reads an unquoted
// 2026-12-07T14:00:00Z as a timestamp, but also a date alone and a time without a zone (as
// UTC), and viper hands over the time.Time, which no longer says which it was; reading the
// key's text again lets validation hold the file to RFC 3339 as it does a flag or a variable.
// A cutover given by a flag or a variable wins over the file, and is a string already.
func keepCutoverText(v *viper.Viper, file string) {
	if _, isTime := v.Get("cutover").(time.Time); !isTime {
		return
	}
	content, err := os.ReadFile(file)
	if err != nil {
		return // viper has just read it; if it is gone, checkShape reports the time's type
	}
	var doc yaml.Node
	if yaml.Unmarshal(content, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return
	}
	top := doc.Content[0].Content
	for i := 0; i+1 < len(top); i += 2 {
		// viper's keys are case-insensitive: `Cutover:` is the same key.
		if strings.EqualFold(top[i].Value, "cutover") && top[i+1].Kind == yaml.ScalarNode {
			v.Set("cutover", top[i+1].Value)
		}
	}
}
