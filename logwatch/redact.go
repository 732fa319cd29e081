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

// redact makes a line safe to show on the status page and in reports: secrets masked, length
// bounded.
func redact(line []byte) string {
	if len(line) > maxKeptLine {
		line = line[:maxKeptLine]
	}
	out := line
	for _, re := range secretValues {
		out = re.ReplaceAll(out, []byte("${1}<redacted>"))
	}
	return string(out)
}
