package readonlysql

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	cases := []struct{ name, sql, wantErr string }{
		{"select", "SELECT API_NAME FROM AM_API WHERE STATUS = 'BLOCKED'", ""},
		{"trailing semicolon", "select count(*) from AM_API;\n", ""},
		{"with", "WITH t AS (SELECT 1 AS x) SELECT x FROM t", ""},
		{"forbidden word inside a string is fine", "SELECT * FROM AM_API WHERE API_NAME = 'DELETE me; DROP'", ""},
		{"comments are fine", "-- list them\nSELECT 1 /* DELETE */", ""},
		{"empty", "  -- nothing\n", "is empty"},
		{"two statements", "SELECT 1; SELECT 2", "more than one statement"},
		{"stacked write", "SELECT 1; DELETE FROM AM_API", "more than one statement"},
		{"update", "UPDATE AM_API SET STATUS = 'x'", "starts with UPDATE"},
		{"select into", "SELECT * INTO backup FROM AM_API", "uses INTO"},
		{"cte that deletes", "WITH d AS (DELETE FROM AM_API RETURNING *) SELECT * FROM d", "uses DELETE"},
		{"for update", "SELECT * FROM AM_API FOR UPDATE", "locks rows"},
		{"unterminated quote", "SELECT 'x", "unterminated ' quote"},
		{"unterminated comment", "SELECT 1 /* x", "unterminated /* comment"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Check(c.sql)
			if c.wantErr == "" && err != nil {
				t.Errorf("Check(%q) = %v, want nil", c.sql, err)
			}
			if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Errorf("Check(%q) = %v, want an error containing %q", c.sql, err, c.wantErr)
			}
		})
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"SELECT 1", "SELECT 'a;b' FROM x; ", "WITH a AS (SELECT 1) SELECT * FROM a", "/* x */ SELECT `q` -- y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		if Check(sql) != nil {
			return
		}
		// Whatever passes must not contain a write keyword outside quotes and comments.
		words, statements, _ := scan(sql)
		if statements != 1 || (words[0] != "SELECT" && words[0] != "WITH") {
			t.Errorf("%q passed with %d statements starting %v", sql, statements, words[:1])
		}
		for _, w := range words {
			if forbidden[w] {
				t.Errorf("%q passed with %s", sql, w)
			}
		}
	})
}
