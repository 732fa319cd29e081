package config

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	secretType   = reflect.TypeOf(Secret(""))
	durationType = reflect.TypeOf(time.Duration(0))
)

// checkShape walks the raw settings (as viper merged them from file, environment and flags)
// against the schema type, and reports every unknown key (with the nearest known one) and
// every value of the wrong type, by key path. Decoding happens only when this finds nothing,
// so a decoder's message (which would quote the value, perhaps a password) never reaches a user.
func checkShape(path string, value any, t reflect.Type, ps *Problems) {
	if value == nil {
		return // `key:` with nothing after it: the zero value
	}
	switch t.Kind() {
	case reflect.Pointer:
		checkShape(path, value, t.Elem(), ps)
	case reflect.Struct:
		m, ok := value.(map[string]any)
		if !ok {
			ps.errorf(path, "must be a mapping of keys (%s), got %s", strings.Join(fieldKeys(t), ", "), describe(value, t))
			return
		}
		for _, key := range slices.Sorted(maps.Keys(m)) {
			field, ok := fieldByKey(t, key)
			if !ok {
				ps.errorf(join(path, key), "unknown key%s", suggestion(key, fieldKeys(t)))
				continue
			}
			checkShape(join(path, key), m[key], field.Type, ps)
		}
	case reflect.Map:
		m, ok := value.(map[string]any)
		if !ok {
			ps.errorf(path, "must be a mapping, got %s", describe(value, t))
			return
		}
		for _, key := range slices.Sorted(maps.Keys(m)) {
			checkShape(join(path, key), m[key], t.Elem(), ps)
		}
	case reflect.Slice:
		items, ok := value.([]any)
		if !ok {
			ps.errorf(path, "must be a list, got %s", describe(value, t))
			return
		}
		for i, item := range items {
			checkShape(fmt.Sprintf("%s[%d]", path, i), item, t.Elem(), ps)
		}
	default:
		if msg := checkScalar(value, t); msg != "" {
			ps.errorf(path, "%s", msg)
		}
	}
}

// checkScalar accepts what viper's weakly typed decoding will turn into t without surprise:
// environment variables and flags arrive as strings, YAML gives ints and bools.
func checkScalar(value any, t reflect.Type) string {
	str, isString := value.(string)
	switch {
	case t == durationType:
		if _, err := time.ParseDuration(str); !isString || err != nil {
			return fmt.Sprintf(`must be a duration such as "30s" or "5m", got %s`, describe(value, t))
		}
	case t.Kind() == reflect.String:
		switch value.(type) {
		case string, int, int64, float64, bool:
		default:
			return fmt.Sprintf("must be a string, got %s", describe(value, t))
		}
	case t.Kind() == reflect.Int:
		switch v := value.(type) {
		case int, int64:
		case float64:
			if v != float64(int64(v)) {
				return fmt.Sprintf("must be a whole number, got %s", describe(value, t))
			}
		case string:
			if _, err := strconv.Atoi(v); err != nil {
				return fmt.Sprintf("must be a whole number, got %s", describe(value, t))
			}
		default:
			return fmt.Sprintf("must be a whole number, got %s", describe(value, t))
		}
	case t.Kind() == reflect.Float64:
		switch v := value.(type) {
		case int, int64, float64:
		case string:
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				return fmt.Sprintf("must be a number, got %s", describe(value, t))
			}
		default:
			return fmt.Sprintf("must be a number, got %s", describe(value, t))
		}
	case t.Kind() == reflect.Bool:
		if _, ok := value.(bool); ok {
			return ""
		}
		if _, err := strconv.ParseBool(str); !isString || err != nil {
			return fmt.Sprintf("must be true or false, got %s", describe(value, t))
		}
	}
	return ""
}

// describe names what was found, quoting it unless the field holds a secret.
func describe(value any, t reflect.Type) string {
	kind := "a value"
	switch value.(type) {
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		kind = "a string"
	case bool:
		kind = "a boolean"
	case int, int64, float64:
		kind = "a number"
	}
	if t == secretType {
		return kind
	}
	return fmt.Sprintf("%s (%v)", kind, value)
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); tagKey(f) == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func fieldKeys(t reflect.Type) []string {
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		keys = append(keys, tagKey(t.Field(i)))
	}
	return keys
}

func tagKey(f reflect.StructField) string {
	return strings.Split(f.Tag.Get("mapstructure"), ",")[0]
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggestion names the known key nearest to a misspelt one, or lists the known keys.
func suggestion(key string, known []string) string {
	best, bestDistance := "", 4 // more than three edits away is not a typo
	for _, k := range known {
		if d := editDistance(key, k); d < bestDistance {
			best, bestDistance = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return "; known keys here: " + strings.Join(known, ", ")
}

// editDistance is the Levenshtein distance between two short keys.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
