package db_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	mssql "github.com/microsoft/go-mssqldb"
	"github.com/sijms/go-ora/v2/network"

	"github.com/apimwatch/apimwatch/verify/db"
)

func TestUndefinedTableAndColumnOnRealServers(t *testing.T) {
	for label, tg := range targets(t) {
		t.Run(label, func(t *testing.T) {
			d := open(t, tg.config)
			query := func(sql string) error {
				return d.ReadOnly(context.Background(), 10*time.Second, func(ctx context.Context, q db.Querier) error {
					var ignored any
					return q.QueryRowContext(ctx, sql).Scan(&ignored)
				})
			}
			missingTable := query("SELECT API_UUID FROM AM_API")
			if !db.IsUndefinedTable(missingTable) || db.IsUndefinedColumn(missingTable) {
				t.Errorf("missing table: %v: want IsUndefinedTable only", missingTable)
			}
			missingColumn := query("SELECT UM_ORGANIZATION FROM UM_TENANT")
			if !db.IsUndefinedColumn(missingColumn) || db.IsUndefinedTable(missingColumn) {
				t.Errorf("missing column: %v: want IsUndefinedColumn only", missingColumn)
			}
		})
	}
}

// The drivers of servers that do not run here, with the errors they return.
func TestUndefinedTableAndColumnOfOtherDrivers(t *testing.T) {
	tests := []struct {
		err           error
		table, column bool
	}{
		{mssql.Error{Number: 208, Message: "Invalid object name 'AM_API'."}, true, false},
		{mssql.Error{Number: 207, Message: "Invalid column name 'ORGANIZATION'."}, false, true},
		{mssql.Error{Number: 2627, Message: "Violation of PRIMARY KEY constraint"}, false, false},
		{&network.OracleError{ErrCode: 942, ErrMsg: "ORA-00942: table or view does not exist"}, true, false},
		{&network.OracleError{ErrCode: 904, ErrMsg: `ORA-00904: "TENANT_DOMAIN": invalid identifier`}, false, true},
		{fmt.Errorf("a check: %w", &network.OracleError{ErrCode: 942}), true, false},
		{fmt.Errorf("not a driver error"), false, false},
		{nil, false, false},
	}
	for _, tt := range tests {
		if got := db.IsUndefinedTable(tt.err); got != tt.table {
			t.Errorf("IsUndefinedTable(%v) = %v", tt.err, got)
		}
		if got := db.IsUndefinedColumn(tt.err); got != tt.column {
			t.Errorf("IsUndefinedColumn(%v) = %v", tt.err, got)
		}
	}
}
