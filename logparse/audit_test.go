package logparse

import "testing"

func TestParseAudit(t *testing.T) {
	tests := []struct {
		message, action, typ string
		ok                   bool
	}{
		{`{"typ":"API","action":"created","performedBy":"admin","info":"{\"name\":\"Pizza\"}"}`, "created", "API", true},
		{`{"performedBy":"alice@t.com","info":"{}","action":"deleted","typ":"Application"}`, "deleted", "Application", true},
		{`Audit: {"typ":"API","action":"updated"} trailing`, "updated", "API", true},
		{`{"typ":"API"}`, "", "", false},
		{`{"typ":"API","action":`, "", "", false},
		{`not json`, "", "", false},
		{`{"typ":1,"action":"created"}`, "", "", false},
	}
	for _, tt := range tests {
		action, typ, ok := ParseAudit([]byte(tt.message))
		if action != tt.action || typ != tt.typ || ok != tt.ok {
			t.Errorf("ParseAudit(%s) = %q, %q, %v; want %q, %q, %v", tt.message, action, typ, ok, tt.action, tt.typ, tt.ok)
		}
	}
}
