package catalogue

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

// The cross-database checks of AM against the registry: API and revision artifacts.

// Registry locations of API artifacts (docs/wso2-domain.md, "Where an API lives in the registry").
const (
	apiArtifactRoot      = "/_system/governance/apimgt/applicationdata/provider/"
	revisionArtifactRoot = "/_system/governance/apimgt/applicationdata/apis/"
	apiMediaType         = "application/vnd.wso2-api+xml"
)

// apiArtifactPath is where the registry keeps an API's artifact (a collection; the resource
// in it is named "api"). "@" in the provider is written "-AT-".
func apiArtifactPath(provider, name, version string) string {
	return apiArtifactRoot + strings.ReplaceAll(provider, "@", "-AT-") + "/" + name + "/" + version
}

// registryArtifact is a registry resource named "api" and the full path of its collection.
type registryArtifact struct{ uuid, path string }

// eachRegistryArtifact streams the resources named "api" under root (of mediaType, unless
// ""), ordered by path, from the database registry queries go to.
func eachRegistryArtifact(ctx context.Context, env *verify.Env, cfg Config, root, mediaType string, fn func(registryArtifact)) error {
	// Constants only, so the literals are safe; "_" in LIKE matches any character, which only
	// widens "/_system" to paths that do not exist.
	query := "SELECT R.REG_UUID, P.REG_PATH_VALUE FROM REG_RESOURCE R " +
		"JOIN REG_PATH P ON P.REG_PATH_ID = R.REG_PATH_ID AND P.REG_TENANT_ID = R.REG_TENANT_ID " +
		"WHERE R.REG_NAME = 'api' AND P.REG_PATH_VALUE LIKE '" + root + "%'"
	if mediaType != "" {
		query += " AND R.REG_MEDIA_TYPE = '" + mediaType + "'"
	}
	query += " ORDER BY P.REG_PATH_VALUE"
	return read(ctx, env, cfg, discovery.RoleREG, func(ctx context.Context, t tx) error {
		if err := t.require(ctx, "REG_RESOURCE", "REG_UUID", "REG_NAME", "REG_MEDIA_TYPE", "REG_PATH_ID", "REG_TENANT_ID"); err != nil {
			return err
		}
		var uuid, path sql.NullString
		return t.each(ctx, query, nil, []any{&uuid, &path}, func() error {
			fn(registryArtifact{uuid: uuid.String, path: path.String})
			return nil
		})
	})
}

// amAPI is an API of AM_API and what the registry has for it.
type amAPI struct {
	provider, name, version, uuid string
	artifacts                     int
	wrongPath                     string // where an artifact with its UUID is, when not at its path
}

func (a *amAPI) String() string {
	if a.uuid == "" {
		return a.provider + "/" + a.name + "/" + a.version
	}
	return fmt.Sprintf("%s/%s/%s (%s)", a.provider, a.name, a.version, a.uuid)
}

// apiArtifactJoin is AM_API joined with the registry's API artifacts.
type apiArtifactJoin struct {
	apis []*amAPI // ordered by provider, name, version
	// orphans are the artifacts no AM_API row claims.
	orphans *findings
}

// joinAPIArtifacts matches API artifacts to AM_API rows by UUID (4.0 on: REG_UUID is
// API_UUID), or by path on a 3.2 schema, which has no API_UUID. API products are left out:
// their artifacts have a media type of their own.
func joinAPIArtifacts(ctx context.Context, env *verify.Env, cfg Config) (*apiArtifactJoin, error) {
	join := &apiArtifactJoin{orphans: newFindings(env)}
	byKey := map[string]*amAPI{}
	byUUID := false
	err := read(ctx, env, cfg, discovery.RoleAM, func(ctx context.Context, t tx) error {
		if err := t.require(ctx, "AM_API", "API_PROVIDER", "API_NAME", "API_VERSION", "API_TYPE"); err != nil {
			return err
		}
		cols, err := t.columns(ctx, "AM_API")
		if err != nil {
			return err
		}
		byUUID = cols["API_UUID"]
		uuidColumn := "NULL"
		if byUUID {
			uuidColumn = "API_UUID"
		}
		var provider, name, version, uuid sql.NullString
		return t.each(ctx, "SELECT API_PROVIDER, API_NAME, API_VERSION, "+uuidColumn+" FROM AM_API "+
			"WHERE API_TYPE IS NULL OR API_TYPE <> 'APIProduct' ORDER BY API_PROVIDER, API_NAME, API_VERSION", nil,
			[]any{&provider, &name, &version, &uuid}, func() error {
				a := &amAPI{provider: provider.String, name: name.String, version: version.String, uuid: uuid.String}
				join.apis = append(join.apis, a)
				if byUUID {
					byKey[a.uuid] = a
				} else {
					byKey[apiArtifactPath(a.provider, a.name, a.version)] = a
				}
				return keyCap(cfg, len(byKey), "APIs")
			})
	})
	if err != nil {
		return nil, err
	}
	err = eachRegistryArtifact(ctx, env, cfg, apiArtifactRoot, apiMediaType, func(r registryArtifact) {
		key := r.path
		if byUUID {
			key = r.uuid
		}
		a, ok := byKey[key]
		switch {
		case !ok:
			join.orphans.add(fmt.Sprintf("%s/api (%s)", r.path, r.uuid))
		case r.path != apiArtifactPath(a.provider, a.name, a.version):
			a.wrongPath = r.path
		default:
			a.artifacts++
		}
	})
	return join, err
}

func checkAPIArtifacts(ctx context.Context, env *verify.Env, cfg Config) verify.Result {
	join, err := joinAPIArtifacts(ctx, env, cfg)
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	f := newFindings(env)
	for _, a := range join.apis {
		switch {
		case a.artifacts == 0 && a.wrongPath != "":
			f.add(fmt.Sprintf("%s: artifact at %s/api", a, a.wrongPath))
		case a.artifacts == 0:
			f.add(fmt.Sprintf("%s: no registry artifact", a))
		case a.artifacts > 1:
			f.add(fmt.Sprintf("%s: %d registry artifacts", a, a.artifacts))
		}
	}
	return f.result("APIs do not have exactly one registry artifact at their path")
}

func checkArtifactAPIs(ctx context.Context, env *verify.Env, cfg Config) verify.Result {
	join, err := joinAPIArtifacts(ctx, env, cfg)
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	return join.orphans.result("registry API artifacts have no AM_API row")
}

// amRevision is a row of AM_REVISION and whether the registry has its artifact.
type amRevision struct {
	apiUUID, id, uuid string
	found             bool
	wrongPath         string
}

func checkRevisionArtifacts(ctx context.Context, env *verify.Env, cfg Config) verify.Result {
	var revisions []*amRevision
	byUUID := map[string]*amRevision{}
	err := read(ctx, env, cfg, discovery.RoleAM, func(ctx context.Context, t tx) error {
		if err := t.require(ctx, "AM_REVISION", "ID", "API_UUID", "REVISION_UUID"); err != nil {
			return err
		}
		var apiUUID, id, uuid sql.NullString
		return t.each(ctx, "SELECT API_UUID, ID, REVISION_UUID FROM AM_REVISION ORDER BY API_UUID, ID", nil,
			[]any{&apiUUID, &id, &uuid}, func() error {
				r := &amRevision{apiUUID: apiUUID.String, id: id.String, uuid: uuid.String}
				revisions = append(revisions, r)
				byUUID[r.uuid] = r
				return keyCap(cfg, len(byUUID), "revisions")
			})
	})
	if err == nil {
		// API products' revisions live under the same root, with a media type of their own.
		err = eachRegistryArtifact(ctx, env, cfg, revisionArtifactRoot, "", func(a registryArtifact) {
			r, ok := byUUID[a.uuid]
			switch {
			case !ok:
			case a.path == revisionArtifactRoot+r.apiUUID+"/"+r.id:
				r.found = true
			default:
				r.wrongPath = a.path
			}
		})
	}
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	f := newFindings(env)
	for _, r := range revisions {
		switch {
		case r.found:
		case r.wrongPath != "":
			f.add(fmt.Sprintf("revision %s of API %s (%s): artifact at %s/api", r.id, r.apiUUID, r.uuid, r.wrongPath))
		default:
			f.add(fmt.Sprintf("revision %s of API %s (%s): no registry artifact", r.id, r.apiUUID, r.uuid))
		}
	}
	return f.result("API revisions have no registry revision artifact at their path")
}
