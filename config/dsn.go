package config

import (
	"github.com/apimwatch/apimwatch/discovery"
	"net/url"
	"regexp"
	"strings"
)

// DSN is a database connection string. It may carry a password (a URL's user info, a
// `password=` keyword, MySQL's `user:pass@`), so it prints with the password masked; only
// Reveal gives it whole to the driver.
type DSN string

// Reveal returns the DSN as given.
func (d DSN) Reveal() string { return string(d) }

func (d DSN) String() string               { return RedactDSN(string(d)) }
func (d DSN) GoString() string             { return d.String() }
func (d DSN) MarshalYAML() (any, error)    { return d.String(), nil }
func (d DSN) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// passwordKeyword matches `password=...` in PostgreSQL keyword DSNs and in ';'-separated
// SQL Server and Oracle connection strings, up to the next separator.
var passwordKeyword = regexp.MustCompile(`(?i)((?:^|[\s;&?])(?:password|pwd)\s*=\s*)('[^']*'|[^\s;&]*)`)

// mysqlUserInfo matches go-sql-driver/mysql's `user:password@protocol(` prefix.
var mysqlUserInfo = regexp.MustCompile(`^([^:@/]*):(.*)@([a-z0-9]*\()`)

// RedactDSN masks any password in a DSN of the drivers apimwatch uses.
func RedactDSN(dsn string) string {
	if strings.Contains(dsn, "://") {
		if u, err := url.Parse(dsn); err == nil {
			if _, has := u.User.Password(); has {
				u.User = url.UserPassword(u.User.Username(), redacted)
			}
			q := u.Query()
			for key := range q {
				if k := strings.ToLower(key); k == "password" || k == "pwd" {
					q.Set(key, redacted)
				}
			}
			u.RawQuery = q.Encode()
			return u.String()
		}
		// Unparseable: keep only the scheme so nothing secret leaks through an error path.
		return dsn[:strings.Index(dsn, "://")+3] + redacted
	}
	dsn = mysqlUserInfo.ReplaceAllString(dsn, "${1}:"+redacted+"@${3}")
	return passwordKeyword.ReplaceAllString(dsn, "${1}"+redacted)
}

// JDBCURL is a JDBC URL as deployment.toml writes it; like a DSN it may carry a password, so it
// prints masked.
type JDBCURL string

// Reveal returns the URL as given.
func (j JDBCURL) Reveal() string { return string(j) }

func (j JDBCURL) String() string               { return discovery.RedactJDBC(string(j)) }
func (j JDBCURL) GoString() string             { return j.String() }
func (j JDBCURL) MarshalYAML() (any, error)    { return j.String(), nil }
func (j JDBCURL) MarshalText() ([]byte, error) { return []byte(j.String()), nil }
