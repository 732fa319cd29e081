package catalogue

import (
	"context"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify"
)

// The schema family compares each database's live tables and columns with what the target
// version needs, so that "migration scripts not applied" shows before WSO2's first
// "ORA-00904: invalid identifier" or "Unknown column 'ORGANIZATION'".
func schemaChecks(cfg Config) []verify.Check {
	return []verify.Check{{
		ID:       "schema.conformance",
		Family:   verify.FamilySchema,
		Title:    "the UM, REG and AM schemas have the tables and columns the target version needs",
		Severity: verify.SeverityCritical,
		Reads:    []discovery.Role{discovery.RoleUM, discovery.RoleREG, discovery.RoleAM},
		Remediation: "Run the migration's database scripts for every version step up to the target " +
			"(migration-resources/<version>/dbscripts), on the database each role uses (REG's on the REG " +
			"database when isSeparateRegistryDB is true); the samples are the tables and columns still missing.",
		Run: func(ctx context.Context, env *verify.Env) verify.Result { return checkSchema(ctx, env, cfg) },
	}}
}

//go:embed schema_manifest.txt
var manifestText string

// manifest is every table and column the checks and WSO2 rely on, with the version each
// appeared in; the manifest of a version is the entries at or below it.
var manifest = mustParseManifest(manifestText)

// manifestVersions are the versions there is a manifest for, oldest first.
var manifestVersions = []version{{3, 2}, {4, 0}, {4, 1}, {4, 2}, {4, 3}, {4, 4}, {4, 5}, {4, 6}}

// version is a product version's major and minor: the schema changes only with them.
type version struct{ major, minor int }

func (v version) String() string { return fmt.Sprintf("%d.%d", v.major, v.minor) }

func (v version) atLeast(o version) bool {
	return v.major > o.major || v.major == o.major && v.minor >= o.minor
}

// parseVersion reads "4.2", "4.2.0" or "4.2.0-beta" as 4.2.
func parseVersion(s string) (version, bool) {
	parts := strings.SplitN(s, ".", 3)
	if len(parts) < 2 {
		return version{}, false
	}
	minor := parts[1]
	if i := strings.IndexFunc(minor, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		minor = minor[:i]
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil {
		return version{}, false
	}
	return version{ma, mi}, true
}

// requirement is one table, or one column of it (column ""), needed from a version on.
type requirement struct {
	role          discovery.Role
	table, column string
	since         version
}

func (r requirement) String() string {
	if r.column == "" {
		return r.table
	}
	return r.table + "." + r.column
}

func mustParseManifest(text string) []requirement {
	reqs, err := parseManifest(text)
	if err != nil {
		panic("catalogue: schema_manifest.txt: " + err.Error())
	}
	return reqs
}

func parseManifest(text string) ([]requirement, error) {
	var reqs []requirement
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, cols, ok := strings.Cut(line, ":")
		fields := strings.Fields(head)
		if !ok || len(fields) != 2 {
			return nil, fmt.Errorf("line %d: want \"<role> <TABLE>[@since]: <COLUMN>[@since] ...\"", n+1)
		}
		role := discovery.Role(fields[0])
		table, tableSince, err := nameSince(fields[1], version{3, 2})
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		reqs = append(reqs, requirement{role: role, table: table, since: tableSince})
		for _, c := range strings.Fields(cols) {
			col, since, err := nameSince(c, tableSince)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n+1, err)
			}
			reqs = append(reqs, requirement{role: role, table: table, column: col, since: since})
		}
	}
	return reqs, nil
}

// nameSince splits "NAME@4.1"; a name without a version is needed from def on.
func nameSince(s string, def version) (string, version, error) {
	name, v, found := strings.Cut(s, "@")
	if !found {
		return name, def, nil
	}
	since, ok := parseVersion(v)
	if !ok {
		return "", version{}, fmt.Errorf("bad version in %q", s)
	}
	return name, since, nil
}

// liveSchema is the tables, and their columns, found in the databases of each role.
type liveSchema map[discovery.Role]map[string]map[string]bool

// missing returns the requirements of version v the live schema lacks, for the roles read. A
// missing table is reported once, not with each of its columns.
func (s liveSchema) missing(v version) []requirement {
	var out []requirement
	for _, r := range manifest {
		tables, read := s[r.role]
		if !read || !v.atLeast(r.since) {
			continue
		}
		cols, hasTable := tables[r.table]
		switch {
		case r.column == "" && !hasTable:
			out = append(out, r)
		case r.column != "" && hasTable && !cols[r.column]:
			out = append(out, r)
		}
	}
	return out
}

// newestSatisfied is the newest version whose manifest the live schema satisfies.
func (s liveSchema) newestSatisfied() (version, bool) {
	for _, v := range slices.Backward(manifestVersions) {
		if len(s.missing(v)) == 0 {
			return v, true
		}
	}
	return version{}, false
}

// readSchema reads the manifest's tables from each configured role's database (REG where the
// registry is routed), noting the roles it could not read.
func readSchema(ctx context.Context, env *verify.Env, cfg Config) (liveSchema, []string, error) {
	live := liveSchema{}
	var notRead []string
	for _, role := range []discovery.Role{discovery.RoleUM, discovery.RoleREG, discovery.RoleAM} {
		if env.DB(role) == nil {
			notRead = append(notRead, string(role))
			continue
		}
		tables := map[string]map[string]bool{}
		err := read(ctx, env, cfg, role, func(ctx context.Context, t tx) error {
			present, err := t.tables(ctx)
			if err != nil {
				return err
			}
			for _, r := range manifest {
				if r.role != role || r.column != "" || !present[r.table] {
					continue
				}
				if tables[r.table], err = t.columns(ctx, r.table); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		live[role] = tables
	}
	return live, notRead, nil
}

func checkSchema(ctx context.Context, env *verify.Env, cfg Config) verify.Result {
	live, notRead, err := readSchema(ctx, env, cfg)
	if err != nil {
		return outcome(verify.Result{}, err)
	}
	if len(live) == 0 {
		return verify.Result{Status: verify.StatusSkip, Message: "no database is configured"}
	}
	unread := ""
	if len(notRead) > 0 {
		unread = fmt.Sprintf(" (not configured, not checked: %s)", strings.Join(notRead, ", "))
	}
	satisfied := "none of the manifests, not even 3.2's"
	if v, ok := live.newestSatisfied(); ok {
		satisfied = "the manifests up to " + v.String()
	}
	target, ok := targetManifest(env.TargetVersion)
	if !ok {
		return verify.Result{
			Status:  verify.StatusSkip,
			Message: fmt.Sprintf("the target version is unknown or older than 3.2 (%q); the live schema satisfies %s%s", env.TargetVersion, satisfied, unread),
		}
	}
	f := newFindings(env)
	for _, r := range live.missing(target) {
		f.add(r.String())
	}
	res := f.result(fmt.Sprintf("tables or columns that WSO2 %s needs are missing; the live schema satisfies %s%s", target, satisfied, unread))
	if res.Status == verify.StatusPass {
		res.Message = fmt.Sprintf("the schema has every table and column of the %s manifest%s", target, unread)
	}
	return res
}

// targetManifest picks the manifest for the target version: the newest at or below it, so that
// a release newer than this catalogue is held to the newest manifest known.
func targetManifest(target string) (version, bool) {
	v, ok := parseVersion(target)
	if !ok {
		return version{}, false
	}
	for _, m := range slices.Backward(manifestVersions) {
		if v.atLeast(m) {
			return m, true
		}
	}
	return version{}, false
}
