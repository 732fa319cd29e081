package db

import (
	"fmt"
	"regexp"
)

// The portable SQL helpers checks use; table and column names are written unquoted in upper
// case in queries (PostgreSQL folds them, the others match them as created).

// Limit returns query limited to n rows in the dialect's syntax (LIMIT, TOP, FETCH FIRST). For
// SQL Server, TOP goes after the query's leading SELECT (and DISTINCT): query must start there.
func (d Dialect) Limit(query string, n int) string {
	switch d {
	case SQLServer:
		return insertTop(query, n)
	case Oracle:
		return fmt.Sprintf("%s FETCH FIRST %d ROWS ONLY", query, n)
	default:
		return fmt.Sprintf("%s LIMIT %d", query, n)
	}
}

// leadingSelect is the SELECT (or SELECT DISTINCT) a query starts with, where SQL Server's TOP goes.
var leadingSelect = regexp.MustCompile(`(?i)^\s*SELECT(\s+DISTINCT)?\b`)

// insertTop writes TOP (n) after the leading SELECT or SELECT DISTINCT of query.
func insertTop(query string, n int) string {
	end := leadingSelect.FindStringIndex(query)
	if end == nil {
		return query
	}
	return fmt.Sprintf("%s TOP (%d)%s", query[:end[1]], n, query[end[1]:])
}

// Placeholder is the i-th (1-based) bind parameter: $1, ?, @p1, :1.
func (d Dialect) Placeholder(i int) string {
	switch d {
	case Postgres:
		return fmt.Sprintf("$%d", i)
	case SQLServer:
		return fmt.Sprintf("@p%d", i)
	case Oracle:
		return fmt.Sprintf(":%d", i)
	default:
		return "?"
	}
}
