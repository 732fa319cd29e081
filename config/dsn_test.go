package config

import (
	"strings"
	"testing"
)

func TestRedactDSN(t *testing.T) {
	cases := []struct{ name, dsn, want string }{
		{"postgres url", "postgres://wso2:s3cr3t@db:5432/am?sslmode=require", "postgres://wso2:%3Csecret%3E@db:5432/am?sslmode=require"},
		{"postgres url without password", "postgres://wso2@db:5432/am", "postgres://wso2@db:5432/am"},
		{"sqlserver url with password param", "sqlserver://sa@db:1433?database=AM&password=s3cr3t", "sqlserver://sa@db:1433?database=AM&password=%3Csecret%3E"},
		{"oracle url", "oracle://wso2:s3cr3t@db:1521/ORCLPDB", "oracle://wso2:%3Csecret%3E@db:1521/ORCLPDB"},
		{"mysql", "wso2:s3cr3t@tcp(db:3306)/WSO2AM_DB?parseTime=true", "wso2:<secret>@tcp(db:3306)/WSO2AM_DB?parseTime=true"},
		{"mysql password with @", "wso2:p@ss@tcp(db:3306)/AM", "wso2:<secret>@tcp(db:3306)/AM"},
		{"mysql without password", "wso2@tcp(db:3306)/AM", "wso2@tcp(db:3306)/AM"},
		{"pg keywords", "host=db user=wso2 password=s3cr3t dbname=am", "host=db user=wso2 password=<secret> dbname=am"},
		{"pg keywords quoted", "host=db password='s3 cr3t' dbname=am", "host=db password=<secret> dbname=am"},
		{"sqlserver ado", "server=db;user id=sa;Password=s3cr3t;database=AM", "server=db;user id=sa;Password=<secret>;database=AM"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := RedactDSN(c.dsn)
			if got != c.want {
				t.Errorf("RedactDSN(%q) = %q, want %q", c.dsn, got, c.want)
			}
			if strings.Contains(got, "s3cr3t") || strings.Contains(got, "s3 cr3t") || strings.Contains(got, "p@ss") {
				t.Errorf("password leaked: %q", got)
			}
		})
	}
}

func FuzzRedactDSN(f *testing.F) {
	f.Add("postgres://u:pw@h/db", "pw")
	f.Add("u:pw@tcp(h:3306)/db", "pw")
	f.Add("host=h password=pw", "pw")
	f.Fuzz(func(t *testing.T, user, password string) {
		if len(password) < 4 || strings.ContainsAny(password, "@:/?#[]%;& '\"\\=\t\n\r") || strings.ContainsAny(user, "@:/?#[]%") {
			return
		}
		for _, dsn := range []string{
			"postgres://" + user + ":" + password + "@h:5432/db",
			user + ":" + password + "@tcp(h:3306)/db",
			"host=h user=" + user + " password=" + password + " dbname=db",
		} {
			if strings.Contains(strings.Replace(dsn, password, "", 1), password) {
				continue // the password also stands in the user or host name: nothing to tell
			}
			if got := RedactDSN(dsn); strings.Contains(got, password) {
				t.Errorf("RedactDSN(%q) = %q shows the password", dsn, got)
			}
		}
	})
}
