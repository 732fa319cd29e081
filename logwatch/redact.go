package logwatch

import "regexp"

// secretValues match what a log line may leak: passwords, secrets and tokens written as
// key=value, key: value or "key":"value", and bearer/basic credentials.
var secretValues = []*regexp.Regexp{
	regexp.MustCompile(`(?i)((?:password|passwd|pwd|secret|client_secret|token|access_token|refresh_token|api[_-]?key)"?\s*[=:]\s*"?)[^\s",&;'}]+`),
	regexp.MustCompile(`(?i)((?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]+`),
}

// maxKeptLine bounds what is kept of a record's first line.
const maxKeptLine = 512

// capLine keeps at most maxKeptLine bytes of a line for the recent errors.
func capLine(line []byte) string {
	return string(line[:min(len(line), maxKeptLine)])
}

// redact makes a kept line safe to show on the status page and in reports. It runs when the
// recent errors are read, not as records arrive: most kept lines are never read, and the
// regular expressions cost more than the rest of the pipeline.
func redact(line string) string {
	for _, re := range secretValues {
		line = re.ReplaceAllString(line, "${1}<redacted>")
	}
	return line
}
