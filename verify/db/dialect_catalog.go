package db

import "strings"

// The catalogue queries: which tables and columns the live schema has, and how big a table is
// without scanning it. Names come back in upper case whatever the server stores, so that checks
// compare them with the upper-case names of WSO2's scripts. Table names are bound as
// parameters, except for SQLite's count, where they are quoted.

// ColumnsQuery lists the columns of table (upper-case names in the result) in the current
// schema/database: one row per column, a single string column.
func (d Dialect) ColumnsQuery(table string) (query string, args []any) {
	switch d {
	case Postgres:
		query = `SELECT UPPER(column_name) FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = LOWER($1) ORDER BY ordinal_position`
	case MySQL:
		query = `SELECT UPPER(COLUMN_NAME) FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = UPPER(?) ORDER BY ORDINAL_POSITION`
	case SQLServer:
		query = `SELECT UPPER(COLUMN_NAME) FROM INFORMATION_SCHEMA.COLUMNS
WHERE TABLE_SCHEMA = SCHEMA_NAME() AND UPPER(TABLE_NAME) = UPPER(@p1) ORDER BY ORDINAL_POSITION`
	case Oracle:
		query = `SELECT COLUMN_NAME FROM USER_TAB_COLUMNS WHERE TABLE_NAME = UPPER(:1) ORDER BY COLUMN_ID`
	default:
		query = `SELECT UPPER(name) FROM pragma_table_info(?) ORDER BY cid`
	}
	return query, []any{table}
}

// TablesQuery lists the tables of the current schema/database (upper-case names in the result).
func (d Dialect) TablesQuery() (query string, args []any) {
	switch d {
	case Postgres:
		query = `SELECT UPPER(table_name) FROM information_schema.tables
WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`
	case MySQL:
		query = `SELECT UPPER(TABLE_NAME) FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1`
	case SQLServer:
		query = `SELECT UPPER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES
WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1`
	case Oracle:
		query = `SELECT TABLE_NAME FROM USER_TABLES ORDER BY TABLE_NAME`
	default:
		query = `SELECT UPPER(name) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY 1`
	}
	return query, nil
}

// RowEstimateQuery returns the server's row estimate for table (statistics, no scan): one row,
// one integer column. The estimate is as fresh as the server's statistics (0 for a table never
// analysed). A table that does not exist gives no row, except on SQLite, which has no
// statistics and counts the rows: there it gives a "no such table" error (IsUndefinedTable).
func (d Dialect) RowEstimateQuery(table string) (query string, args []any) {
	switch d {
	case Postgres:
		// reltuples is -1 for a table never vacuumed or analysed (PostgreSQL 14+).
		query = `SELECT CAST(GREATEST(c.reltuples, 0) AS BIGINT) FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relname = LOWER($1) AND c.relkind IN ('r', 'p')`
	case MySQL:
		query = `SELECT COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND UPPER(TABLE_NAME) = UPPER(?)`
	case SQLServer:
		query = `SELECT CAST(SUM(p.rows) AS BIGINT) FROM sys.tables t
JOIN sys.partitions p ON p.object_id = t.object_id AND p.index_id IN (0, 1)
WHERE t.schema_id = SCHEMA_ID() AND UPPER(t.name) = UPPER(@p1) GROUP BY t.object_id`
	case Oracle:
		query = `SELECT NVL(NUM_ROWS, 0) FROM USER_TABLES WHERE TABLE_NAME = UPPER(:1)`
	default:
		return `SELECT COUNT(*) FROM "` + strings.ReplaceAll(table, `"`, `""`) + `"`, nil
	}
	return query, []any{table}
}
