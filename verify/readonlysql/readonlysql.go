// Package readonlysql vets the SQL of a site's custom check before it is ever sent: one
// statement, a query (SELECT or WITH ... SELECT), and no word that writes, locks or calls code.
// The check also runs in a read-only transaction; this is the first of two locks, and the one
// that gives the operator a clear error at load time.
package readonlysql

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// forbidden are words that have no place in a read-only query, in any of the dialects apimwatch
// reads: writes, DDL, privileges, procedure calls, SELECT ... INTO (creates a table in
// PostgreSQL and SQL Server), and row locks (FOR UPDATE, LOCK).
var forbidden = map[string]bool{
	"INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true, "UPSERT": true, "REPLACE": true,
	"CREATE": true, "ALTER": true, "DROP": true, "TRUNCATE": true, "RENAME": true, "COMMENT": true,
	"GRANT": true, "REVOKE": true, "CALL": true, "EXEC": true, "EXECUTE": true, "DO": true,
	"INTO": true, "LOCK": true, "COPY": true, "LOAD": true, "HANDLER": true, "SET": true,
	"BEGIN": true, "COMMIT": true, "ROLLBACK": true, "SAVEPOINT": true, "VACUUM": true, "ANALYZE": true,
}

// Check returns nil when sql is a single read-only query, else an error saying what is wrong.
func Check(sql string) error {
	words, statements, err := scan(sql)
	if err != nil {
		return err
	}
	switch {
	case len(words) == 0:
		return errors.New("is empty; give one SELECT statement")
	case statements > 1:
		return errors.New("holds more than one statement; give exactly one SELECT (a ';' may only end it)")
	case words[0] != "SELECT" && words[0] != "WITH":
		return fmt.Errorf("starts with %s; only a query (SELECT, or WITH ... SELECT) may run", words[0])
	}
	for i, w := range words {
		if forbidden[w] {
			return fmt.Errorf("uses %s; a custom check may only read", w)
		}
		if w == "FOR" && i+1 < len(words) && (words[i+1] == "UPDATE" || words[i+1] == "SHARE") {
			return errors.New("locks rows (FOR UPDATE/SHARE); a custom check may only read")
		}
	}
	return nil
}

// scan returns the upper-cased words of sql outside string literals, quoted identifiers and
// comments, and how many statements it holds (a trailing ';' ends the only one).
func scan(sql string) (words []string, statements int, err error) {
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			words = append(words, strings.ToUpper(word.String()))
			word.Reset()
		}
	}
	statements = 0
	pendingStatement := false
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			flush()
			end := strings.IndexByte(sql[i+1:], c)
			if end < 0 {
				return nil, 0, fmt.Errorf("has an unterminated %c quote", c)
			}
			i += end + 1
			pendingStatement = true
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			flush()
			end := strings.IndexByte(sql[i:], '\n')
			if end < 0 {
				i = len(sql)
			} else {
				i += end
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			flush()
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return nil, 0, errors.New("has an unterminated /* comment")
			}
			i += end + 3
		case c == ';':
			flush()
			if pendingStatement {
				statements++
			}
			pendingStatement = false
		case c < unicode.MaxASCII && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || c == '_'):
			word.WriteByte(c)
			pendingStatement = true
		default:
			flush()
			if !unicode.IsSpace(rune(c)) {
				pendingStatement = true
			}
		}
	}
	flush()
	if pendingStatement {
		statements++
	}
	return words, statements, nil
}
