package discovery

import (
	"fmt"
	"os"
	"regexp"
)

// WSO2 placeholders in deployment.toml values: $env{VAR} (environment of the server),
// $sys{prop} (a JVM system property) and $secret{alias} (the cipher tool's secure vault).
var (
	placeholderRE   = regexp.MustCompile(`\$(env|sys|secret)\{([^}]*)\}`)
	wholeSecretRE   = regexp.MustCompile(`^\s*\$secret\{([^}]+)\}\s*$`)
	placeholderKind = map[string]string{
		"env":    "environment variable",
		"sys":    "Java system property",
		"secret": "secret alias",
	}
)

// resolvePlaceholders replaces $env{VAR} with the agent's own environment, which is the
// server's when both run under the same service definition. $sys{} cannot be known outside
// the JVM, and $secret{} is only meaningful as a whole password (see secretAlias); both, like
// an unset variable, are reported as problems naming the placeholder, never the value.
func resolvePlaceholders(value string) (string, []string) {
	var problems []string
	resolved := placeholderRE.ReplaceAllStringFunc(value, func(placeholder string) string {
		m := placeholderRE.FindStringSubmatch(placeholder)
		kind, name := m[1], m[2]
		if kind == "env" {
			if v, set := os.LookupEnv(name); set {
				return v
			}
			problems = append(problems, fmt.Sprintf("environment variable %s is not set", name))
			return placeholder
		}
		problems = append(problems, fmt.Sprintf("%s %s cannot be resolved by the agent", placeholderKind[kind], name))
		return placeholder
	})
	return resolved, problems
}

// secretAlias returns the alias of a password written as `$secret{alias}`.
func secretAlias(password string) (string, bool) {
	m := wholeSecretRE.FindStringSubmatch(password)
	if m == nil {
		return "", false
	}
	return m[1], true
}
