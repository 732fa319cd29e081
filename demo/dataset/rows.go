package dataset

import (
	"fmt"
	"strconv"
	"strings"
)

// data is the INSERT (and, for the faults, DELETE) statements of each database.
type data struct {
	um, reg, am []string
	registry    registryTree
}

func build() *data {
	d := &data{registry: registryTree{ids: map[string]int{}}}
	d.userManagement()
	d.registryArtifacts()
	d.apiManager()
	d.reg = d.registry.rows
	return d
}

// insert writes one INSERT of values (strings quoted, ints as numbers, nil as NULL).
func insert(table, columns string, values ...any) string {
	cells := make([]string, len(values))
	for i, v := range values {
		switch v := v.(type) {
		case nil:
			cells[i] = "NULL"
		case int:
			cells[i] = strconv.Itoa(v)
		case string:
			cells[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
		default:
			panic(fmt.Sprintf("dataset: cannot write a %T", v))
		}
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, columns, strings.Join(cells, ", "))
}

// hybridRoles are the Internal/* roles of every tenant, by UM_HYBRID_ROLE id.
var hybridRoles = []string{"everyone", "subscriber", "publisher", "creator"}

func (d *data) userManagement() {
	const domainPrimary, domainInternal = 1, 2
	userID, permissionID := 0, 0
	for _, t := range tenants {
		if t.id != superTenant {
			d.um = append(d.um, insert("UM_TENANT", "UM_ID, UM_TENANT_UUID, UM_DOMAIN_NAME, UM_EMAIL, UM_ACTIVE",
				t.id, uuid("tenant "+t.domain), t.domain, "admin@"+t.domain, 1))
		}
		d.um = append(d.um,
			insert("UM_DOMAIN", "UM_DOMAIN_ID, UM_DOMAIN_NAME, UM_TENANT_ID", domainPrimary, "PRIMARY", t.id),
			insert("UM_DOMAIN", "UM_DOMAIN_ID, UM_DOMAIN_NAME, UM_TENANT_ID", domainInternal, "Internal", t.id),
			insert("UM_ROLE", "UM_ID, UM_ROLE_NAME, UM_TENANT_ID", 1, "admin", t.id))
		for i, role := range hybridRoles {
			d.um = append(d.um, insert("UM_HYBRID_ROLE", "UM_ID, UM_ROLE_NAME, UM_TENANT_ID", i+1, role, t.id))
		}
		for _, p := range []struct{ resource, role string }{
			{"/permission/admin", "admin"},
			{"/permission/admin/manage/api/subscribe", "Internal/subscriber"},
			{"/permission/admin/manage/api/publish", "Internal/publisher"},
			{"/permission/admin/manage/api/create", "Internal/creator"},
		} {
			permissionID++
			domain := domainInternal
			if p.role == "admin" {
				domain = domainPrimary
			}
			d.um = append(d.um,
				insert("UM_PERMISSION", "UM_ID, UM_RESOURCE_ID, UM_ACTION, UM_TENANT_ID", permissionID, p.resource, "ui.execute", t.id),
				insert("UM_ROLE_PERMISSION", "UM_ID, UM_PERMISSION_ID, UM_ROLE_NAME, UM_IS_ALLOWED, UM_TENANT_ID, UM_DOMAIN_ID",
					permissionID, permissionID, p.role, 1, t.id, domain))
		}
		for _, name := range t.users {
			userID++
			d.um = append(d.um, insert("UM_USER", "UM_ID, UM_USER_ID, UM_USER_NAME, UM_USER_PASSWORD, UM_SALT_VALUE, UM_TENANT_ID",
				userID, uuid("user "+t.domain+" "+name), name, "x5vZ1Ty+6cFbK0q8qK2b3g==", "c2FsdA==", t.id))
			if name == "admin" {
				d.um = append(d.um, insert("UM_USER_ROLE", "UM_ID, UM_ROLE_ID, UM_USER_ID, UM_TENANT_ID", userID, 1, userID, t.id))
			}
			// Every user is Internal/everyone; DevPortal users are Internal/subscriber too.
			d.um = append(d.um, insert("UM_HYBRID_USER_ROLE", "UM_ID, UM_USER_NAME, UM_ROLE_ID, UM_TENANT_ID, UM_DOMAIN_ID",
				2*userID-1, name, 1, t.id, domainPrimary))
			if name != "ops-bot" {
				d.um = append(d.um, insert("UM_HYBRID_USER_ROLE", "UM_ID, UM_USER_NAME, UM_ROLE_ID, UM_TENANT_ID, UM_DOMAIN_ID",
					2*userID, name, 2, t.id, domainPrimary))
			}
		}
	}
}

func (d *data) registryArtifacts() {
	r := &d.registry
	for _, t := range tenants {
		r.collection(t.id, "/")
	}
	for _, a := range apis {
		r.resource(a.tenant, a.artifactPath(), "api", a.mediaType(), a.uuid())
		r.resource(a.tenant, a.artifactPath(), "swagger.json", "application/json", uuid("swagger "+strconv.Itoa(a.id)))
		if a.deployed() {
			r.resource(a.tenant, revisionRoot+a.uuid()+"/1", "api", a.mediaType(), a.revisionUUID())
		}
	}
	// The indexer's input: a registry that has been written to since its last clean-up.
	for i, a := range apis {
		r.rows = append(r.rows, insert("REG_LOG", "REG_LOG_ID, REG_PATH, REG_USER_ID, REG_ACTION, REG_TENANT_ID",
			i+1, a.artifactPath()+"/api", "admin", 1, a.tenant))
	}
}

func (d *data) apiManager() {
	for _, a := range apis {
		revisions := 0
		if a.deployed() {
			revisions = 1
		}
		d.am = append(d.am, insert("AM_API",
			"API_ID, API_UUID, API_PROVIDER, API_NAME, API_VERSION, CONTEXT, API_TYPE, ORGANIZATION, STATUS, REVISIONS_CREATED, VERSION_COMPARABLE",
			a.id, a.uuid(), a.provider, a.name, a.version, a.context(), a.apiType(), a.organization(), a.status, revisions, a.version))
		for i, pattern := range []string{"/*", "/{id}"} {
			d.am = append(d.am, insert("AM_API_URL_MAPPING", "URL_MAPPING_ID, API_ID, HTTP_METHOD, AUTH_SCHEME, URL_PATTERN",
				2*a.id-1+i, a.id, "GET", "Application & Application User", pattern))
		}
		if !a.deployed() {
			continue
		}
		rev := a.revisionUUID()
		d.am = append(d.am,
			insert("AM_REVISION", "ID, API_UUID, REVISION_UUID, DESCRIPTION, CREATED_BY", 1, a.uuid(), rev, "Revision 1", "admin"),
			insert("AM_DEPLOYMENT_REVISION_MAPPING", "NAME, VHOST, REVISION_UUID, DISPLAY_ON_DEVPORTAL", gatewayEnv, "localhost", rev, 1),
			insert("AM_GW_PUBLISHED_API_DETAILS", "API_ID, TENANT_DOMAIN, API_PROVIDER, API_NAME, API_VERSION, API_TYPE",
				a.uuid(), a.organization(), a.provider, a.name, a.version, a.apiType()),
			insert("AM_GW_API_ARTIFACTS", "API_ID, REVISION_ID", a.uuid(), rev),
			insert("AM_GW_API_DEPLOYMENTS", "API_ID, REVISION_ID, LABEL, VHOST", a.uuid(), rev, gatewayEnv, "localhost"))
	}
	for _, t := range tenants {
		d.am = append(d.am,
			insert("AM_KEY_MANAGER", "UUID, NAME, DISPLAY_NAME, TYPE, ORGANIZATION", keyManagerUUID(t), "Resident Key Manager", "Resident Key Manager", "default", t.domain),
			insert("AM_SYSTEM_CONFIGS", "ORGANIZATION, CONFIG_TYPE, CONFIGURATION", t.domain, "tenant", `{"EnableMonetization":false}`))
	}
	for _, s := range subscribers {
		d.am = append(d.am, insert("AM_SUBSCRIBER", "SUBSCRIBER_ID, USER_ID, TENANT_ID", s.id, s.userID, s.tenant))
	}
	oauthID, subscriptionID := 0, 0
	for _, app := range applications {
		owner := subscribers[app.subscriber-1]
		t := tenantByID(owner.tenant)
		d.am = append(d.am, insert("AM_APPLICATION", "APPLICATION_ID, NAME, SUBSCRIBER_ID, UUID, ORGANIZATION",
			app.id, app.name, app.subscriber, uuid("application "+strconv.Itoa(app.id)), t.domain))
		for _, keyType := range app.keys {
			oauthID++
			key := consumerKey(app, keyType)
			d.am = append(d.am,
				insert("AM_APPLICATION_KEY_MAPPING", "UUID, APPLICATION_ID, CONSUMER_KEY, KEY_TYPE, KEY_MANAGER",
					uuid("key mapping "+key), app.id, key, keyType, keyManagerUUID(t)),
				insert("IDN_OAUTH_CONSUMER_APPS", "ID, CONSUMER_KEY, USERNAME, TENANT_ID, APP_NAME",
					oauthID, key, strings.TrimSuffix(owner.userID, "@"+t.domain), owner.tenant, owner.userID+"_"+app.name+"_"+keyType))
		}
		for _, apiID := range app.subscribes {
			subscriptionID++
			d.am = append(d.am, insert("AM_SUBSCRIPTION", "SUBSCRIPTION_ID, TIER_ID, API_ID, APPLICATION_ID, SUB_STATUS, UUID",
				subscriptionID, "Unlimited", apiID, app.id, "UNBLOCKED", uuid("subscription "+strconv.Itoa(subscriptionID))))
		}
	}
}

func tenantByID(id int) tenant {
	for _, t := range tenants {
		if t.id == id {
			return t
		}
	}
	panic("dataset: unknown tenant " + strconv.Itoa(id))
}

// plantFaults makes the data what a migration that went wrong leaves (see Faults).
func (d *data) plantFaults() {
	payments, shipping := apis[apiPayments-1], apis[apiShipping-1]
	d.am = append(d.am,
		fmt.Sprintf("DELETE FROM AM_DEPLOYMENT_REVISION_MAPPING WHERE REVISION_UUID = '%s'", payments.revisionUUID()),
		fmt.Sprintf("DELETE FROM AM_GW_API_DEPLOYMENTS WHERE REVISION_ID = '%s'", payments.revisionUUID()))
	d.reg = append(d.reg, fmt.Sprintf("DELETE FROM REG_RESOURCE WHERE REG_UUID = '%s'", shipping.uuid()))
	d.am = append(d.am, fmt.Sprintf("UPDATE AM_SUBSCRIPTION SET SUB_STATUS = 'ON_HOLD' WHERE APPLICATION_ID = %d", appMobile))
	d.um = append(d.um, fmt.Sprintf("DELETE FROM UM_USER WHERE UM_USER_NAME = 'subscriber7' AND UM_TENANT_ID = %d", superTenant),
		fmt.Sprintf("DELETE FROM UM_HYBRID_USER_ROLE WHERE UM_USER_NAME = 'subscriber7' AND UM_TENANT_ID = %d", superTenant))
}

// registryTree numbers registry paths (each tenant has its own tree, rooted at "/") and
// writes their REG_PATH rows, the collection resource of each, and resources with content.
type registryTree struct {
	ids                                map[string]int // "<tenant> <path>"
	lastPath, lastVersion, lastContent int
	rows                               []string
}

// collection returns the REG_PATH_ID of path, creating it and the collections above it, from
// the root down, as needed.
func (r *registryTree) collection(tenant int, path string) int {
	id := r.pathID(tenant, "/", -1) // the root's parent is -1
	current := ""
	for _, segment := range strings.Split(strings.Trim(path, "/"), "/") {
		if segment != "" {
			current += "/" + segment
			id = r.pathID(tenant, current, id)
		}
	}
	return id
}

// pathID is the id of the collection path under parent, which is written on first use.
func (r *registryTree) pathID(tenant int, path string, parent int) int {
	key := strconv.Itoa(tenant) + " " + path
	if id, ok := r.ids[key]; ok {
		return id
	}
	r.lastPath++
	r.lastVersion++
	r.ids[key] = r.lastPath
	r.rows = append(r.rows,
		insert("REG_PATH", "REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID", r.lastPath, path, parent, tenant),
		insert("REG_RESOURCE", "REG_PATH_ID, REG_NAME, REG_VERSION, REG_MEDIA_TYPE, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID",
			r.lastPath, nil, r.lastVersion, nil, nil, tenant, uuid("collection "+key)))
	return r.lastPath
}

// resource adds the resource name, with content, to the collection dir.
func (r *registryTree) resource(tenant int, dir, name, mediaType, resourceUUID string) {
	pathID := r.collection(tenant, dir)
	r.lastContent++
	r.lastVersion++
	r.rows = append(r.rows,
		insert("REG_CONTENT", "REG_CONTENT_ID, REG_CONTENT_DATA, REG_TENANT_ID", r.lastContent, "<artifact/>", tenant),
		insert("REG_RESOURCE", "REG_PATH_ID, REG_NAME, REG_VERSION, REG_MEDIA_TYPE, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID",
			pathID, name, r.lastVersion, mediaType, r.lastContent, tenant, resourceUUID))
}
