package dataset

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
)

// The deployment: the super tenant (carbon.super, -1234, which has no UM_TENANT row) and two
// tenants; their users; APIs (one of them an API product) with revisions deployed to the
// gateway environment "Default"; applications with keys of each tenant's resident key
// manager, and their subscriptions.

const superTenant = -1234

type tenant struct {
	id     int
	domain string
	users  []string
}

var tenants = []tenant{
	{superTenant, "carbon.super", []string{"admin", "alice", "publisher1", "subscriber7", "ops-bot"}},
	{1, "acme.com", []string{"admin", "carol"}},
	{2, "globex.org", []string{"admin", "dan"}},
}

type api struct {
	id                              int
	provider, name, version, status string
	tenant                          int
	product                         bool
}

var apis = []api{
	{1, "admin", "PizzaShackAPI", "1.0.0", "PUBLISHED", superTenant, false},
	{2, "publisher1", "OrdersAPI", "2.1.0", "PUBLISHED", superTenant, false},
	{3, "publisher1", "PaymentsAPI", "1.4.2", "PUBLISHED", superTenant, false},
	{4, "admin", "InventoryAPI", "1.0.5", "CREATED", superTenant, false},
	{5, "admin", "ShippingAPI", "2.0.0", "PUBLISHED", superTenant, false},
	{6, "admin", "PizzaProduct", "1.0.0", "PUBLISHED", superTenant, true},
	{7, "carol@acme.com", "CustomerProfileAPI", "3.0.0", "PUBLISHED", 1, false},
	{8, "dan@globex.org", "LoyaltyAPI", "1.1.0", "PUBLISHED", 2, false},
}

// The APIs and the application Faults is about.
const (
	apiPayments = 3
	apiShipping = 5
	appMobile   = 5
)

type subscriber struct {
	id     int
	userID string // as AM_SUBSCRIBER writes it: tenant users carry "@<domain>"
	tenant int
}

var subscribers = []subscriber{
	{1, "admin", superTenant}, {2, "alice", superTenant}, {3, "subscriber7", superTenant},
	{4, "carol@acme.com", 1}, {5, "dan@globex.org", 2},
}

type application struct {
	id, subscriber int
	name           string
	keys           []string // key types with keys of the resident key manager
	subscribes     []int    // API ids
}

var applications = []application{
	{1, 1, "DefaultApplication", nil, nil},
	{2, 2, "DefaultApplication", []string{"PRODUCTION"}, []int{1, 6}},
	{3, 2, "PizzaOrdersApp", []string{"PRODUCTION", "SANDBOX"}, []int{1, 2}},
	{4, 3, "DefaultApplication", []string{"PRODUCTION"}, []int{3, 5}},
	{5, 4, "MobileApp", []string{"PRODUCTION"}, []int{7}},
	{6, 5, "LoyaltyPortal", []string{"PRODUCTION"}, []int{8}},
}

const (
	apiMediaType     = "application/vnd.wso2-api+xml"
	productMediaType = "application/vnd.wso2-product+xml"
	apiArtifactRoot  = "/_system/governance/apimgt/applicationdata/provider/"
	revisionRoot     = "/_system/governance/apimgt/applicationdata/apis/"
	gatewayEnv       = "Default"
)

// uuid is a stable, random-looking UUID (version 4 layout) for name.
func uuid(name string) string {
	h := sha256.Sum256([]byte("apimwatch demo " + name))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func (a api) uuid() string         { return uuid("api " + strconv.Itoa(a.id)) }
func (a api) revisionUUID() string { return uuid("revision " + strconv.Itoa(a.id)) }
func (a api) deployed() bool       { return a.status == "PUBLISHED" }

func (a api) organization() string {
	for _, t := range tenants {
		if t.id == a.tenant {
			return t.domain
		}
	}
	panic("dataset: API of an unknown tenant")
}

func (a api) context() string {
	c := "/" + strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(a.name, "API"), "Product")) + "/" + a.version
	if a.tenant != superTenant {
		c = "/t/" + a.organization() + c
	}
	return c
}

// artifactPath is the registry collection of the API's artifact ("@" written "-AT-").
func (a api) artifactPath() string {
	return apiArtifactRoot + strings.ReplaceAll(a.provider, "@", "-AT-") + "/" + a.name + "/" + a.version
}

func (a api) mediaType() string {
	if a.product {
		return productMediaType
	}
	return apiMediaType
}

func (a api) apiType() string {
	if a.product {
		return "APIProduct"
	}
	return "HTTP"
}

func consumerKey(app application, keyType string) string {
	return "ck" + strings.ReplaceAll(uuid("key "+strconv.Itoa(app.id)+" "+keyType), "-", "")[:26]
}

func keyManagerUUID(t tenant) string { return uuid("resident key manager " + t.domain) }
