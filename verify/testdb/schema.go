package testdb

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The schema parts, files schema/<vendor>/<part>.sql: WSO2's tables as apimwatch's checks read
// them, written for these tests from the domain guide (docs: wso2-domain.md, section 5).
const (
	PartUM   = "um"     // UM_* (user management)
	PartREG  = "reg"    // REG_* (registry)
	PartAM   = "am"     // AM_* as of 4.2
	PartAM32 = "am-3.2" // AM_* as of 3.2, before the 4.x migration: instead of PartAM
	PartIDN  = "idn"    // the IDN_* tables of the AM database
)

// applyWait bounds creating the tables of one call.
const applyWait = time.Minute

//go:embed schema
var schemaFiles embed.FS

// ApplySchema creates the tables of parts (PartUM, PartREG, ...) in the database of adminDSN,
// with the vendor's DDL (VendorPostgres or VendorMySQL).
func ApplySchema(t testing.TB, adminDSN, vendor string, parts ...string) {
	t.Helper()
	driver := "mysql"
	if vendor == VendorPostgres {
		driver = "pgx"
	}
	db, err := sql.Open(driver, adminDSN)
	if err != nil {
		t.Fatalf("opening %s: %v", vendor, err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), applyWait)
	defer cancel()
	for _, part := range parts {
		file := "schema/" + vendor + "/" + part + ".sql"
		ddl, err := schemaFiles.ReadFile(file)
		if err != nil {
			t.Fatalf("schema part %q for %s: %v", part, vendor, err)
		}
		statements, err := splitStatements(string(ddl))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, stmt := range statements {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("%s: %v\n%s", file, err, stmt)
			}
		}
	}
}

// splitStatements cuts a DDL file into statements, each ending at a line that ends with ';';
// '--' comment lines are dropped. That is all the syntax the schema files use, which keeps
// the files runnable by psql and mariadb as they are and needs no multi-statement mode.
func splitStatements(ddl string) ([]string, error) {
	var statements []string
	var current strings.Builder
	for line := range strings.Lines(ddl) {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "--") {
			continue
		}
		current.WriteString(line)
		if strings.HasSuffix(trimmed, ";") {
			statements = append(statements, strings.TrimSuffix(strings.TrimSpace(current.String()), ";"))
			current.Reset()
		}
	}
	if rest := strings.TrimSpace(current.String()); rest != "" {
		return nil, fmt.Errorf("the last statement does not end with ';': %s", rest)
	}
	return statements, nil
}
