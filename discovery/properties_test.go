package discovery

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseProperties(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []property
	}{
		{"separators", "a = 1\nb:2\nc 3\nd\t=\t4\n", []property{{"a", "1", 1}, {"b", "2", 2}, {"c", "3", 3}, {"d", "4", 4}}},
		{"comments and blank lines", "# c\n! c\n\n   \ne = 5\n", []property{{"e", "5", 5}}},
		{"continuation keeps the first line", "list = A, \\\n    B, \\\n  C\nnext = x\n", []property{{"list", "A, B, C", 1}, {"next", "x", 4}}},
		{"even backslashes do not continue", "path = c:\\\\\nnext = x\n", []property{{"path", `c:\`, 1}, {"next", "x", 2}}},
		{"continuation at end of file", "a = 1\\", []property{{"a", "1", 1}}},
		{"escapes", `k\ ey\=x = t\tab \u0041\u00e9 \q`, []property{{"k ey=x", "t\tab Aé q", 1}}},
		{"malformed unicode escape kept", `a = \u12`, []property{{"a", `\u12`, 1}}},
		{"trailing spaces trimmed, CRLF", "a = 1  \r\nb = 2\r", []property{{"a", "1", 1}, {"b", "2", 2}}},
		{"separator after blanks", "a  :  = x\nb =", []property{{"a", "= x", 1}, {"b", "", 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseProperties(tt.text).entries; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseProperties:\n got  %#v\n want %#v", got, tt.want)
			}
		})
	}
}

func TestPropertiesLastDuplicateWins(t *testing.T) {
	p := parseProperties("a = 1\nb = 2\na = 3\n")
	if got, _ := p.get("a"); got != (property{"a", "3", 3}) {
		t.Errorf("get(a) = %+v, want the last entry", got)
	}
	if _, found := p.get("missing"); found {
		t.Error("get(missing) found an entry")
	}
}

func TestLog4j2Lookups(t *testing.T) {
	lookups := log4j2Lookups{carbonHome: "/opt/wso2am", props: parseProperties(
		"property.dir = ${sys:carbon.home}/logs\nproperty.self = ${self}\nproperty.nested = ${dir}/x\n")}
	tests := []struct {
		name, in, want string
		unresolved     []string
	}{
		{"carbon home", "${sys:carbon.home}/a.log", "/opt/wso2am/a.log", nil},
		{"short carbon home", "${carbon.home}/a.log", "/opt/wso2am/a.log", nil},
		{"property", "${nested}/a.log", "/opt/wso2am/logs/x/a.log", nil},
		{"default value", "${sys:other:-/tmp}/a.log", "/tmp/a.log", nil},
		{"escaped", "$${ctx:user} %d", "${ctx:user} %d", nil},
		{"unknown", "${env:LOGS}/a.log", "${env:LOGS}/a.log", []string{"env:LOGS"}},
		{"cycle", "${self}", "${self}", []string{"self"}},
		{"unclosed", "a ${sys:carbon.home", "a ${sys:carbon.home", []string{"sys:carbon.home"}},
		{"no lookup", "%d{yyyy} [%X{Correlation-ID}]", "%d{yyyy} [%X{Correlation-ID}]", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, unresolved := lookups.expand(tt.in)
			if got != tt.want || !reflect.DeepEqual(unresolved, tt.unresolved) {
				t.Errorf("expand(%q) = %q, %q; want %q, %q", tt.in, got, unresolved, tt.want, tt.unresolved)
			}
		})
	}
}

// FuzzParseProperties checks that no text makes the properties reader or the lookup expansion
// panic, and that every entry has a line inside the text.
func FuzzParseProperties(f *testing.F) {
	for _, fixture := range []string{
		"testdata/home-4.2-mysql/repository/conf/log4j2.properties",
		"testdata/home-custom-mssql-oracle/repository/conf/log4j2.properties",
	} {
		data, err := os.ReadFile(fixture)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("a = \\u00\\\n\\")
	f.Add("property.x = ${x}${${")
	f.Fuzz(func(t *testing.T, text string) {
		props := parseProperties(text)
		lines := strings.Count(strings.ReplaceAll(text, "\r\n", "\n"), "\n") + strings.Count(text, "\r") + 1
		lookups := log4j2Lookups{carbonHome: "/home", props: props}
		for _, entry := range props.entries {
			if entry.line < 1 || entry.line > lines {
				t.Errorf("entry %q on line %d of a %d-line text", entry.key, entry.line, lines)
			}
			lookups.expand(entry.value)
		}
	})
}
