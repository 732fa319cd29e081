package catalogue

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/db"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// fixture is a node's databases on a real server, holding the realistic dataset of seed_test.go,
// and the Env the checks read it through (as a SELECT-only user).
type fixture struct {
	t      *testing.T
	vendor string
	node   *testdb.Node
	env    *verify.Env
	cfg    Config
	reg    *registryBuilder
}

var layouts = []testdb.Layout{testdb.Shared, testdb.Separate}

// eachNode runs fn in a parallel subtest for every vendor and layout, on a node of the 4.2
// schema seeded with the clean dataset.
func eachNode(t *testing.T, fn func(f *fixture)) {
	t.Helper()
	for vendor, srv := range testdb.Servers(t) {
		for _, layout := range layouts {
			t.Run(vendor+"/"+layout.String(), func(t *testing.T) {
				t.Parallel()
				fn(newFixture(t, srv, layout, false))
			})
		}
	}
}

// eachVendor is eachNode for checks the layout does not matter to (the AM database's).
func eachVendor(t *testing.T, fn func(f *fixture)) {
	t.Helper()
	for vendor, srv := range testdb.Servers(t) {
		t.Run(vendor, func(t *testing.T) {
			t.Parallel()
			fn(newFixture(t, srv, testdb.Shared, false))
		})
	}
}

// newFixture creates a node in layout (with the 3.2 AM schema when v32), plants the clean
// dataset and opens the Env as apimwatch would for that node.
func newFixture(t *testing.T, srv *testdb.Server, layout testdb.Layout, v32 bool) *fixture {
	t.Helper()
	f := &fixture{t: t, vendor: srv.Vendor, cfg: Config{QueryTimeout: 30 * time.Second}}
	version := "4.2.0"
	if v32 {
		f.node, version = testdb.NewNode32(t, srv, layout), "3.2.0"
	} else {
		f.node = testdb.NewNode(t, srv, layout)
	}
	f.reg = &registryBuilder{f: f, paths: map[string]int{}}
	seedUM(f)
	seedRegistry(f, v32)
	if v32 {
		seedAM32(f)
	} else {
		seedAM(f)
	}
	separate := f.node.SeparateRegistryDB
	env, err := verify.OpenEnv(config.Node{
		ProductVersion:       version,
		IsSeparateRegistryDB: &separate,
		GatewayEnvironments:  []string{"Default"},
		Databases:            f.node.Configs,
	}, db.Options{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Close() })
	reindex := 1
	env.ReIndexing = &reindex
	f.env = env
	return f
}

// run runs the check id through the runner, as `apimwatch verify` does.
func (f *fixture) run(id string) verify.Result {
	f.t.Helper()
	for _, c := range Builtin(f.cfg) {
		if c.ID == id {
			return verify.Runner{Timeout: time.Minute}.Run(f.t.Context(), f.env, []verify.Check{c})[0]
		}
	}
	f.t.Fatalf("no check %s", id)
	return verify.Result{}
}

// exec runs statements as the admin on role's database: how tests plant faults.
func (f *fixture) exec(role discovery.Role, statements ...string) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, s := range statements {
		if _, err := f.node.Admin[role].ExecContext(ctx, s); err != nil {
			f.t.Fatalf("%s: %v", s, err)
		}
	}
}

// insert adds rows (values in the order of cols) to table on role's database.
func (f *fixture) insert(role discovery.Role, table, cols string, rows ...[]any) {
	f.t.Helper()
	for _, row := range rows {
		values := make([]string, len(row))
		for i, v := range row {
			values[i] = literal(v)
		}
		f.exec(role, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, cols, strings.Join(values, ", ")))
	}
}

// literal writes v as SQL both servers read the same way (the dataset has no backslashes).
func literal(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case int:
		return strconv.Itoa(v)
	case bool:
		return strings.ToUpper(strconv.FormatBool(v))
	}
	panic(fmt.Sprintf("literal: %T", v))
}

// registryBuilder plants registry paths (with their ancestors and collection resources) and
// resources, numbering them as it goes.
type registryBuilder struct {
	f                                  *fixture
	paths                              map[string]int // "<tenant> <path>" to REG_PATH_ID
	lastPath, lastVersion, lastContent int
}

// path returns the id of path in tenant's tree, creating it and its ancestors as collections.
func (r *registryBuilder) path(tenant int, path string) int {
	key := strconv.Itoa(tenant) + " " + path
	if id, ok := r.paths[key]; ok {
		return id
	}
	parent := -1
	if path != "/" {
		dir := path[:strings.LastIndex(path, "/")]
		if dir == "" {
			dir = "/"
		}
		parent = r.path(tenant, dir)
	}
	r.lastPath++
	id := r.lastPath
	r.paths[key] = id
	r.f.insert(discovery.RoleREG, "REG_PATH", "REG_PATH_ID, REG_PATH_VALUE, REG_PATH_PARENT_ID, REG_TENANT_ID",
		[]any{id, path, parent, tenant})
	r.resource(tenant, path, nil, "", fmt.Sprintf("c011ec70-0000-0000-0000-%012d", id), false)
	return id
}

// resource adds a resource named name (nil: the collection itself) under dir, with a content
// row when withContent, and returns its REG_VERSION.
func (r *registryBuilder) resource(tenant int, dir string, name any, mediaType, uuid string, withContent bool) int {
	var content any
	if withContent {
		r.lastContent++
		content = r.lastContent
		r.f.insert(discovery.RoleREG, "REG_CONTENT", "REG_CONTENT_ID, REG_TENANT_ID", []any{content, tenant})
	}
	var media any
	if mediaType != "" {
		media = mediaType
	}
	pathID := r.path(tenant, dir)
	r.lastVersion++
	r.f.insert(discovery.RoleREG, "REG_RESOURCE",
		"REG_PATH_ID, REG_NAME, REG_VERSION, REG_MEDIA_TYPE, REG_CONTENT_ID, REG_TENANT_ID, REG_UUID",
		[]any{pathID, name, r.lastVersion, media, content, tenant, uuid})
	return r.lastVersion
}

// want compares a result with the expected status, offending count and samples.
func want(t *testing.T, got verify.Result, status verify.Status, offending int64, samples ...string) {
	t.Helper()
	if samples == nil {
		samples = []string{}
	}
	if got.Status != status || got.Offending != offending || !slices.Equal(got.Samples, samples) {
		t.Errorf("got %s, %d offending, samples %q (%s)\nwant %s, %d offending, samples %q",
			got.Status, got.Offending, got.Samples, got.Message, status, offending, samples)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
