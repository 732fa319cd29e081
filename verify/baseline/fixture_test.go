package baseline_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// The world the tests plant, the same in the 3.2 and 4.2 schemas: the super tenant and two
// tenants (wso2.com id 1, acme.org id 2), five APIs and a product, four applications of three
// subscribers, five subscriptions, four key mappings, six users, seven roles, four registry
// API artifacts (plus resources that must not count) and four tokens, three of them active.

type api struct {
	id                               int
	provider, name, version, apiType string
	org                              string // ORGANIZATION (4.x only)
}

var apis = []api{
	{1, "admin", "PizzaAPI", "1.0.0", "HTTP", "carbon.super"},
	{2, "admin", "PizzaAPI", "2.0.0", "HTTP", "carbon.super"},
	{3, "alice", "WeatherAPI", "1.0.0", "HTTP", "carbon.super"},
	{4, "admin@wso2.com", "OrdersAPI", "1.0.0", "HTTP", "wso2.com"},
	{5, "admin", "PizzaBundle", "1.0.0", "APIProduct", "carbon.super"},
	{6, "admin@acme.org", "StockAPI", "1.0.0", "", "acme.org"}, // API_TYPE NULL: an API
}

type application struct {
	id, subscriber int
	name, org      string
}

var applications = []application{
	{1, 1, "DefaultApplication", "carbon.super"},
	{2, 1, "PizzaApp", "carbon.super"},
	{3, 2, "WeatherApp", "carbon.super"},
	{4, 3, "DefaultApplication", "wso2.com"},
}

// The figures Capture must find in that world, with exact counts.
var (
	wantCounts = map[string]map[string]int64{
		"tenants":                {"carbon.super": 1, "wso2.com": 1, "acme.org": 1},
		"apis":                   {"carbon.super": 3, "wso2.com": 1, "acme.org": 1},
		"api-products":           {"carbon.super": 1},
		"applications":           {"carbon.super": 3, "wso2.com": 1},
		"subscriptions":          {"carbon.super": 4, "wso2.com": 1},
		"subscribers":            {"carbon.super": 2, "wso2.com": 1},
		"key-mappings":           {"carbon.super": 3, "wso2.com": 1},
		"users":                  {"carbon.super": 3, "wso2.com": 2, "acme.org": 1},
		"roles":                  {"carbon.super": 4, "wso2.com": 2, "acme.org": 1},
		"registry-api-artifacts": {"carbon.super": 3, "wso2.com": 1},
		"active-tokens":          {"carbon.super": 2, "wso2.com": 1},
	}
	wantInventories = map[string][]string{
		"tenants": {"acme.org", "carbon.super", "wso2.com"},
		"apis": {
			"admin/PizzaAPI/1.0.0@carbon.super", "admin/PizzaAPI/2.0.0@carbon.super",
			"admin@acme.org/StockAPI/1.0.0@acme.org", "admin@wso2.com/OrdersAPI/1.0.0@wso2.com",
			"alice/WeatherAPI/1.0.0@carbon.super",
		},
		"api-products": {"admin/PizzaBundle/1.0.0@carbon.super"},
		"applications": {
			"admin/DefaultApplication@carbon.super", "admin/PizzaApp@carbon.super",
			"admin@wso2.com/DefaultApplication@wso2.com", "alice/WeatherApp@carbon.super",
		},
	}
)

// node is a planted world on one server.
type node struct {
	*testdb.Node
	env *verify.Env
	v32 bool
}

// newWorld creates a node in layout (the 3.2 AM schema when v32), plants the world and opens
// the environment apimwatch reads it through, as a SELECT-only login.
func newWorld(t *testing.T, srv *testdb.Server, layout testdb.Layout, v32 bool) *node {
	t.Helper()
	n := &node{v32: v32}
	if v32 {
		n.Node = testdb.NewNode32(t, srv, layout)
	} else {
		n.Node = testdb.NewNode(t, srv, layout)
	}
	n.plant(t)
	separate := n.SeparateRegistryDB
	env, err := verify.OpenEnv(config.Node{Databases: n.Configs, IsSeparateRegistryDB: &separate, ProductVersion: "4.2.0"}, db.Options{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Close() })
	n.env = env
	return n
}

func (n *node) plant(t *testing.T) {
	t.Helper()
	um, reg, am := discovery.RoleUM, discovery.RoleREG, discovery.RoleAM
	n.exec(t, um,
		"INSERT INTO UM_TENANT (UM_ID, UM_TENANT_UUID, UM_DOMAIN_NAME) VALUES (1, 't1', 'wso2.com'), (2, 't2', 'acme.org')",
		"INSERT INTO UM_USER (UM_ID, UM_USER_ID, UM_USER_NAME, UM_TENANT_ID) VALUES "+
			"(1, 'u1', 'admin', -1234), (2, 'u2', 'alice', -1234), (3, 'u3', 'bob', -1234), "+
			"(4, 'u4', 'admin', 1), (5, 'u5', 'carol', 1), (6, 'u6', 'admin', 2)",
		"INSERT INTO UM_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID) VALUES (1, 'admin', -1234), (2, 'publisher', -1234), (3, 'admin', 1)",
		"INSERT INTO UM_HYBRID_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID) VALUES "+
			"(1, 'Internal/everyone', -1234), (2, 'Internal/subscriber', -1234), (3, 'Internal/everyone', 1), (4, 'Internal/everyone', 2)",
	)
	const provider = "/_system/governance/apimgt/applicationdata/provider/"
	n.exec(t, reg,
		"INSERT INTO REG_PATH (REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID) VALUES "+
			"(10, '"+provider+"admin/PizzaAPI/1.0.0', 1, -1234), (11, '"+provider+"admin/PizzaAPI/2.0.0', 1, -1234), "+
			"(12, '"+provider+"alice/WeatherAPI/1.0.0', 1, -1234), (13, '"+provider+"admin/PizzaBundle/1.0.0', 1, -1234), "+
			"(14, '/_system/governance/apimgt/applicationdata/apis/uuid-1/1', 1, -1234), "+
			"(10, '"+provider+"admin-AT-wso2.com/OrdersAPI/1.0.0', 1, 1)",
		"INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_VERSION, REG_MEDIA_TYPE, REG_TENANT_ID, REG_UUID) VALUES "+
			"(10, 'api', 1, 'application/vnd.wso2-api+xml', -1234, 'uuid-1'), "+
			"(10, 'swagger.json', 2, 'application/json', -1234, 'r2'), "+
			"(11, 'api', 3, 'application/vnd.wso2-api+xml', -1234, 'uuid-2'), "+
			"(12, 'api', 4, 'application/vnd.wso2-api+xml', -1234, 'uuid-3'), "+
			"(13, 'api', 5, 'application/vnd.wso2-product+xml', -1234, 'uuid-5'), "+
			"(14, 'api', 6, 'application/vnd.wso2-api+xml', -1234, 'rev-1'), "+ // a 4.x revision: not the API's artifact
			"(10, 'api', 1, 'application/vnd.wso2-api+xml', 1, 'uuid-4')",
	)
	for _, a := range apis {
		n.insertAPI(t, a)
	}
	n.exec(t, am, "INSERT INTO AM_SUBSCRIBER (SUBSCRIBER_ID, USER_ID, TENANT_ID) VALUES (1, 'admin', -1234), (2, 'alice', -1234), (3, 'admin@wso2.com', 1)")
	for _, a := range applications {
		n.insertApplication(t, a)
	}
	n.exec(t, am,
		"INSERT INTO AM_SUBSCRIPTION (SUBSCRIPTION_ID, API_ID, APPLICATION_ID, SUB_STATUS) VALUES "+
			"(1, 1, 2, 'UNBLOCKED'), (2, 2, 2, 'UNBLOCKED'), (3, 3, 3, 'UNBLOCKED'), (4, 5, 2, 'UNBLOCKED'), (5, 4, 4, 'UNBLOCKED')",
		"INSERT INTO AM_APPLICATION_KEY_MAPPING (APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, KEY_MANAGER) VALUES "+
			"(1, 'ck1', 'PRODUCTION', 'km'), (2, 'ck2', 'PRODUCTION', 'km'), (2, 'ck3', 'SANDBOX', 'km'), (4, 'ck4', 'PRODUCTION', 'km')",
		"INSERT INTO IDN_OAUTH2_ACCESS_TOKEN (TOKEN_ID, TENANT_ID, TOKEN_STATE) VALUES "+
			"('t1', -1234, 'ACTIVE'), ('t2', -1234, 'ACTIVE'), ('t3', -1234, 'EXPIRED'), ('t4', 1, 'ACTIVE')",
	)
}

// insertAPI plants a in AM_API as the node's schema has it: 3.2 has no ORGANIZATION.
func (n *node) insertAPI(t *testing.T, a api) {
	t.Helper()
	columns, values := "API_ID, API_PROVIDER, API_NAME, API_VERSION, API_TYPE", fmt.Sprintf("%d, '%s', '%s', '%s', %s", a.id, a.provider, a.name, a.version, nullable(a.apiType))
	if !n.v32 {
		columns += ", API_UUID, ORGANIZATION"
		values += fmt.Sprintf(", 'uuid-%d', '%s'", a.id, a.org)
	}
	n.exec(t, discovery.RoleAM, "INSERT INTO AM_API ("+columns+") VALUES ("+values+")")
}

// insertApplication plants a in AM_APPLICATION: 3.2 has no ORGANIZATION.
func (n *node) insertApplication(t *testing.T, a application) {
	t.Helper()
	columns, values := "APPLICATION_ID, NAME, SUBSCRIBER_ID, UUID", fmt.Sprintf("%d, '%s', %d, 'app-%d'", a.id, a.name, a.subscriber, a.id)
	if !n.v32 {
		columns += ", ORGANIZATION"
		values += ", '" + a.org + "'"
	}
	n.exec(t, discovery.RoleAM, "INSERT INTO AM_APPLICATION ("+columns+") VALUES ("+values+")")
}

func nullable(s string) string {
	if s == "" {
		return "NULL"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// exec runs statements as the admin on role's database.
func (n *node) exec(t *testing.T, role discovery.Role, statements ...string) {
	t.Helper()
	admin := n.Admin[role]
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, stmt := range statements {
		if _, err := admin.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

// forEachServer runs test on PostgreSQL and on MariaDB.
func forEachServer(t *testing.T, test func(t *testing.T, srv *testdb.Server)) {
	for label, srv := range testdb.Servers(t) {
		t.Run(label, func(t *testing.T) { test(t, srv) })
	}
}
