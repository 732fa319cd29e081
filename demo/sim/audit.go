package sim

import (
	"encoding/json"
	"math/rand/v2"
	"time"
)

// auditEvents are the Publisher and DevPortal actions audit.log records, with the API or
// application they are about.
var auditEvents = []struct{ typ, action, performedBy, info string }{
	{"API", "updated", "publisher1", `{"name":"OrdersAPI","version":"2.1.0","context":"/orders/2.1.0","provider":"publisher1"}`},
	{"API", "created", "admin", `{"name":"ReturnsAPI","version":"1.0.0","context":"/returns/1.0.0","provider":"admin"}`},
	{"API", "deleted", "admin", `{"name":"LegacyQuotesAPI","version":"0.9.0","context":"/legacyquotes/0.9.0","provider":"admin"}`},
	{"Application", "created", "alice", `{"name":"WarehouseScanner","tier":"Unlimited","callbackURL":"","subscriber":"alice"}`},
	{"Application", "updated", "carol@acme.com", `{"name":"MobileApp","tier":"10PerMin","subscriber":"carol@acme.com"}`},
	{"Subscription", "created", "alice", `{"application_name":"PizzaOrdersApp","api_name":"OrdersAPI","api_version":"2.1.0","tier":"Gold"}`},
	{"Subscription", "deleted", "dan@globex.org", `{"application_name":"LoyaltyPortal","api_name":"PizzaShackAPI","api_version":"1.0.0","tier":"Bronze"}`},
}

// auditLine is an audit.log record in 4.x's layout `TID: [%tenantId] [%d] %5p {%c} - %m%ex%n`:
// the message is a JSON object whose info is itself JSON, written as a string.
func auditLine(at time.Time, rnd *rand.Rand) []byte {
	e := auditEvents[rnd.IntN(len(auditEvents))]
	message, err := json.Marshal(struct {
		Typ         string `json:"typ"`
		Action      string `json:"action"`
		PerformedBy string `json:"performedBy"`
		Info        string `json:"info"`
	}{e.typ, e.action, e.performedBy, e.info})
	if err != nil {
		panic(err) // strings always marshal
	}
	b := append([]byte("TID: [-1234] ["), at.AppendFormat(nil, "2006-01-02 15:04:05,000")...)
	b = append(b, "]  INFO {AUDIT_LOG} - "...)
	b = append(b, message...)
	return append(b, '\n')
}
