package logparse

import (
	"bytes"
	"encoding/json"
)

// ParseAudit reads an audit.log message, a JSON object with typ, action, performedBy and info,
// and returns only action ("created", "updated", "deleted", ...) and typ ("API",
// "Application", ...). performedBy and info are never decoded: they hold user names and
// API details that must not leave the node. ok is false unless the message is such an
// object with both values set.
func ParseAudit(message []byte) (action, typ string, ok bool) {
	start := bytes.IndexByte(message, '{') // tolerate text before the object
	if start < 0 {
		return "", "", false
	}
	var body struct {
		Action string `json:"action"`
		Typ    string `json:"typ"`
	}
	// A Decoder reads the first JSON value and ignores whatever the line has after it.
	if err := json.NewDecoder(bytes.NewReader(message[start:])).Decode(&body); err != nil {
		return "", "", false
	}
	if body.Action == "" || body.Typ == "" {
		return "", "", false
	}
	return body.Action, body.Typ, true
}
