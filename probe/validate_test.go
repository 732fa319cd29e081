package probe

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	good := HTTPProbe{Spec: Spec{Name: "menu"}, URL: "https://gw.example.com:8243/pizzashack/1.0.0/menu"}
	cases := []struct {
		name   string
		probes []Probe
		want   string
	}{
		{"no name", []Probe{TCPProbe{Address: "a:1"}}, `a tcp probe of node "" has no name`},
		{"name used twice on a node", []Probe{TCPProbe{Spec: Spec{Name: "x", Node: "n"}, Address: "a:1"}, TCPProbe{Spec: Spec{Name: "x", Node: "n"}, Address: "a:2"}},
			"probe n/x: the name is used twice"},
		{"bad address", []Probe{TCPProbe{Spec: Spec{Name: "x"}, Address: "a"}}, `probe x: address "a" is not host:port`},
		{"relative URL", []Probe{HTTPProbe{Spec: Spec{Name: "x"}, URL: "/menu"}}, "URL /menu is not an absolute http or https URL"},
		{"password in the URL", []Probe{HTTPProbe{Spec: Spec{Name: "x"}, URL: "https://admin:hunter2@gw/"}}, "URL https://admin:xxxxx@gw/ holds a password"},
		{"lower-case method", []Probe{HTTPProbe{Spec: Spec{Name: "x"}, URL: good.URL, Method: "get"}}, "the method must be upper case"},
		{"bad JSON path", []Probe{HTTPProbe{Spec: Spec{Name: "x"}, URL: good.URL, Expect: Expect{JSONField: "items[a]"}}}, "an array index must be a whole number"},
		{"value without a field", []Probe{HTTPProbe{Spec: Spec{Name: "x"}, URL: good.URL, Expect: Expect{JSONValue: "UP"}}}, "no JSON field"},
		{"bad status", []Probe{HTTPProbe{Spec: Spec{Name: "x"}, URL: good.URL, Expect: Expect{Status: 2000}}}, "2000 is not an HTTP status"},
		{"OAuth2 and Authorization", []Probe{HTTPProbe{Spec: Spec{Name: "x"}, URL: good.URL, Header: map[string]string{"authorization": "Basic x"},
			OAuth2: &ClientCredentials{TokenURL: "https://cp:9443/oauth2/token", ClientID: "a", ClientSecret: "b"}}}, "cannot both be given"},
		{"OAuth2 without secret", []Probe{HTTPProbe{Spec: Spec{Name: "x"}, URL: good.URL, OAuth2: &ClientCredentials{TokenURL: "https://cp:9443/oauth2/token", ClientID: "a"}}},
			"need a client id and a client secret"},
	}
	for _, c := range cases {
		err := Validate(c.probes)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the error shows the password: %v", c.name, err)
		}
	}
	if err := Validate([]Probe{good, TCPProbe{Spec: Spec{Name: "menu", Node: "gw1"}, Address: "gw1:8243"}}); err != nil {
		t.Errorf("a valid set: %v", err)
	}
	// The Runner refuses an invalid probe instead of running it half-way.
	r := runOne(t, HTTPProbe{Spec: Spec{Name: "x"}, URL: good.URL, Expect: Expect{JSONField: "a..b"}})
	if r.Success || !strings.Contains(r.Message, "the probe is not valid") {
		t.Errorf("invalid probe run: %+v", r)
	}
}

func TestParsePath(t *testing.T) {
	good := map[string]jsonPath{
		"data.status":   {{key: "data"}, {key: "status"}},
		"items[0].name": {{key: "items"}, {index: 0}, {key: "name"}},
		"[2].id":        {{index: 2}, {key: "id"}},
		"a[1][3]":       {{key: "a"}, {index: 1}, {index: 3}},
	}
	for path, want := range good {
		got, err := parsePath(path)
		if err != nil || len(got) != len(want) {
			t.Errorf("%s: %v %v", path, got, err)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: step %d is %+v, want %+v", path, i, got[i], want[i])
			}
		}
	}
	for _, bad := range []string{"", ".a", "a.", "a..b", "a[", "a[-1]", "a[x]", "a[0]b"} {
		if _, err := parsePath(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParsePath(f *testing.F) {
	for _, seed := range []string{"data.status", "items[0].name", "[2].id", "a..b", "a[", "a[0]b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, path string) {
		steps, err := parsePath(path)
		if err == nil && len(steps) == 0 {
			t.Fatalf("%q parsed to no step", path)
		}
	})
}
