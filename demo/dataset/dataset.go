// Package dataset creates the demo's UM, REG and AM databases: SQLite files with WSO2's tables
// (the ones apimwatch's checks read) holding a small but complete API Manager deployment:
// tenants, users and roles, APIs with their registry artifacts, revisions deployed to a
// gateway environment, applications, subscriptions and keys. The old environment's databases
// are consistent; the new environment's are the same data after a migration that went wrong in
// the ways Faults lists.
package dataset

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// Files are the database files of one environment, by role.
type Files struct{ UM, REG, AM string }

// Fault is an inconsistency planted in the new environment, and what the check that finds it
// reports.
type Fault struct {
	Check     string
	Offending int64
	What      string
}

// Faults are the new environment's inconsistencies: two critical (the gateway and the Publisher
// fail on those APIs), one warning, and one info, found by the site's own check that the
// demo's configuration adds (no built-in check the agent runs is of severity info).
var Faults = []Fault{
	{Check: "apim.published-apis-without-deployment", Offending: 1,
		What: "PaymentsAPI 1.4.2 is PUBLISHED but its revision is deployed nowhere: the gateway answers 404"},
	{Check: "cross-database.api-artifacts", Offending: 1,
		What: "ShippingAPI 2.0.0 lost its registry artifact: the Publisher cannot open it"},
	{Check: "cross-database.subscribers-in-user-store", Offending: 1,
		What: "subscriber7 owns applications but is gone from the user store"},
	{Check: "custom.subscriptions-on-hold", Offending: 1,
		What: "MobileApp's subscription to CustomerProfileAPI is ON_HOLD, waiting for an approval the migration lost"},
}

//go:embed schema/*.sql
var schemas embed.FS

// Create writes the three databases of an environment (the files must not exist): the
// consistent data set, with Faults planted when migrated is true.
func Create(ctx context.Context, files Files, migrated bool) error {
	d := build()
	if migrated {
		d.plantFaults()
	}
	for _, target := range []struct {
		role, path string
		rows       []string
	}{{"um", files.UM, d.um}, {"reg", files.REG, d.reg}, {"am", files.AM, d.am}} {
		if err := write(ctx, target.path, target.role, target.rows); err != nil {
			return fmt.Errorf("creating the %s database %s: %w", target.role, target.path, err)
		}
	}
	return nil
}

// write creates the database at path with role's tables and runs statements in one transaction.
func write(ctx context.Context, path, role string, statements []string) error {
	ddl, err := schemas.ReadFile("schema/" + role + ".sql")
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=rwc")
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // a no-op once committed
	for _, s := range append(splitStatements(string(ddl)), statements...) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", firstLine(s), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return db.Close()
}

// splitStatements splits a script at the lines that end with ';', dropping comment lines.
func splitStatements(script string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(script, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if rest := strings.TrimSpace(cur.String()); rest != "" {
		out = append(out, rest)
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
