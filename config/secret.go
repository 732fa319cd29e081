package config

import "encoding/json"

// redacted is what a Secret shows wherever it is printed, logged, marshalled or reported.
const redacted = "<secret>"

// Secret holds a password or token. Every way of printing it (fmt verbs, YAML, JSON, zap's
// Stringer encoding) shows "<secret>"; only Reveal gives the value, and only the code that
// hands it to a driver or an HTTP client calls it.
type Secret string

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// IsSet tells whether a value was given (without showing it).
func (s Secret) IsSet() bool { return s != "" }

func (s Secret) String() string   { return mask(s) }
func (s Secret) GoString() string { return mask(s) }

// MarshalYAML keeps `config check` output free of secrets.
func (s Secret) MarshalYAML() (any, error) { return mask(s), nil }

// MarshalJSON keeps JSON output (status page, reports) free of secrets.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(mask(s)) }

// MarshalText covers encoders that prefer encoding.TextMarshaler (zap, yaml, url.Values users).
func (s Secret) MarshalText() ([]byte, error) { return []byte(mask(s)), nil }

// mask shows that a secret is set without showing it; an unset secret prints as empty so that
// `config check` can tell "not given" apart from "given".
func mask(s Secret) string {
	if s == "" {
		return ""
	}
	return redacted
}
