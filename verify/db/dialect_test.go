package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/verify/db"
)

// No SQL Server or Oracle runs here: the SQL generated for them is pinned.

func TestLimitAndPlaceholderPinned(t *testing.T) {
	tests := []struct {
		dialect     db.Dialect
		query, want string
		placeholder string
	}{
		{db.Postgres, "SELECT A FROM T ORDER BY A", "SELECT A FROM T ORDER BY A LIMIT 5", "$2"},
		{db.MySQL, "SELECT A FROM T", "SELECT A FROM T LIMIT 5", "?"},
		{db.SQLite, "SELECT A FROM T", "SELECT A FROM T LIMIT 5", "?"},
		{db.Oracle, "SELECT A FROM T ORDER BY A", "SELECT A FROM T ORDER BY A FETCH FIRST 5 ROWS ONLY", ":2"},
		{db.SQLServer, "SELECT A FROM T ORDER BY A", "SELECT TOP (5) A FROM T ORDER BY A", "@p2"},
		{db.SQLServer, "  select distinct A FROM T", "  select distinct TOP (5) A FROM T", "@p2"},
		{db.SQLServer, "SELECT\n  DISTINCT A FROM T", "SELECT\n  DISTINCT TOP (5) A FROM T", "@p2"},
		{db.SQLServer, "SELECT DISTINCTNESS FROM T", "SELECT TOP (5) DISTINCTNESS FROM T", "@p2"},
	}
	for _, tt := range tests {
		if got := tt.dialect.Limit(tt.query, 5); got != tt.want {
			t.Errorf("%s Limit(%q) = %q, want %q", tt.dialect, tt.query, got, tt.want)
		}
		if got := tt.dialect.Placeholder(2); got != tt.placeholder {
			t.Errorf("%s Placeholder(2) = %q, want %q", tt.dialect, got, tt.placeholder)
		}
	}
}

func TestCatalogueQueriesPinned(t *testing.T) {
	flat := func(q string, _ []any) string { return strings.Join(strings.Fields(q), " ") }
	tests := []struct {
		name, got, want string
	}{
		{"sqlserver columns", flat(db.SQLServer.ColumnsQuery("AM_API")),
			"SELECT UPPER(COLUMN_NAME) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA_NAME() AND UPPER(TABLE_NAME) = UPPER(@p1) ORDER BY ORDINAL_POSITION"},
		{"sqlserver tables", flat(db.SQLServer.TablesQuery()),
			"SELECT UPPER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"},
		{"sqlserver estimate", flat(db.SQLServer.RowEstimateQuery("AM_API")),
			"SELECT CAST(SUM(p.rows) AS BIGINT) FROM sys.tables t JOIN sys.partitions p ON p.object_id = t.object_id AND p.index_id IN (0, 1) WHERE t.schema_id = SCHEMA_ID() AND UPPER(t.name) = UPPER(@p1) GROUP BY t.object_id"},
		{"oracle columns", flat(db.Oracle.ColumnsQuery("AM_API")),
			"SELECT COLUMN_NAME FROM USER_TAB_COLUMNS WHERE TABLE_NAME = UPPER(:1) ORDER BY COLUMN_ID"},
		{"oracle tables", flat(db.Oracle.TablesQuery()), "SELECT TABLE_NAME FROM USER_TABLES ORDER BY TABLE_NAME"},
		{"oracle estimate", flat(db.Oracle.RowEstimateQuery("AM_API")),
			"SELECT NVL(NUM_ROWS, 0) FROM USER_TABLES WHERE TABLE_NAME = UPPER(:1)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, tt.got, tt.want)
		}
	}
	for _, d := range []db.Dialect{db.SQLServer, db.Oracle} {
		if _, args := d.ColumnsQuery("AM_API"); !slices.Equal(args, []any{"AM_API"}) {
			t.Errorf("%s ColumnsQuery args = %v, want the table bound", d, args)
		}
		if _, args := d.RowEstimateQuery("AM_API"); !slices.Equal(args, []any{"AM_API"}) {
			t.Errorf("%s RowEstimateQuery args = %v, want the table bound", d, args)
		}
	}
}

func TestDialectsOnRealServers(t *testing.T) {
	for label, tg := range targets(t) {
		t.Run(label, func(t *testing.T) {
			d := open(t, tg.config)
			read := func(query string, args []any) []string { return queryStrings(t, d, query, args) }
			if d.Dialect() != tg.dialect {
				t.Fatalf("Dialect() = %s, want %s", d.Dialect(), tg.dialect)
			}
			columns := read(tg.dialect.ColumnsQuery("UM_TENANT"))
			if len(columns) < 4 || columns[0] != "UM_ID" || !slices.Contains(columns, "UM_DOMAIN_NAME") {
				t.Errorf("columns of UM_TENANT = %v, want UM_ID first and UM_DOMAIN_NAME, upper case", columns)
			}
			if columns := read(tg.dialect.ColumnsQuery("NO_SUCH_TABLE")); len(columns) != 0 {
				t.Errorf("columns of a missing table = %v, want none", columns)
			}
			if tables := read(tg.dialect.TablesQuery()); !slices.Contains(tables, "UM_TENANT") {
				t.Errorf("tables = %v, want UM_TENANT among them", tables)
			}

			p := tg.dialect.Placeholder
			limited := tg.dialect.Limit(fmt.Sprintf("SELECT UM_DOMAIN_NAME FROM UM_TENANT WHERE UM_ID >= %s ORDER BY UM_ID", p(1)), 2)
			if got := read(limited, []any{1}); !slices.Equal(got, []string{"a.com", "b.com"}) {
				t.Errorf("%s = %v, want the first two tenants", limited, got)
			}

			analyze := "ANALYZE UM_TENANT"
			if tg.dialect == db.MySQL {
				analyze = "ANALYZE TABLE UM_TENANT"
			}
			if _, err := tg.admin.Exec(analyze); err != nil {
				t.Fatal(err)
			}
			if n := rowEstimate(t, d, "UM_TENANT"); n != 3 {
				t.Errorf("row estimate of UM_TENANT after ANALYZE = %d, want 3", n)
			}
		})
	}
}

func TestRowEstimateOfMissingTable(t *testing.T) {
	for label, tg := range targets(t) {
		t.Run(label, func(t *testing.T) {
			d := open(t, tg.config)
			query, args := tg.dialect.RowEstimateQuery("NO_SUCH_TABLE")
			err := d.ReadOnly(context.Background(), 10*time.Second, func(ctx context.Context, q db.Querier) error {
				var n int64
				return q.QueryRowContext(ctx, query, args...).Scan(&n)
			})
			if tg.dialect == db.SQLite {
				if !db.IsUndefinedTable(err) {
					t.Errorf("SQLite counts: want a no-such-table error, got %v", err)
				}
				return
			}
			if !errors.Is(err, sql.ErrNoRows) {
				t.Errorf("want no row for a missing table, got %v", err)
			}
		})
	}
}

func rowEstimate(t *testing.T, d *db.DB, table string) int64 {
	t.Helper()
	query, args := d.Dialect().RowEstimateQuery(table)
	var n int64
	err := d.ReadOnly(context.Background(), 10*time.Second, func(ctx context.Context, q db.Querier) error {
		return q.QueryRowContext(ctx, query, args...).Scan(&n)
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
