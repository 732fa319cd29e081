package logparse

import (
	"bytes"
	"testing"
)

var samples = []string{"wso2carbon-4x.log", "wso2carbon-2x.log", "console-4x.log"}

// seedPatterns are the built-in patterns and customised ones.
func seedPatterns() []string {
	out := patterns(AllLayouts())
	return append(out,
		"TID: [%tenantId] [%appName] [%d] [%t] [%X{Correlation-ID}] %-5p {%c{1}} - %m%ex%n",
		"%d{yyyy-MM-dd HH:mm:ss,SSS} %20.30c %m [%t]%n",
		"%d{dd MMM yyyy} %p{lowerCase=true} %C:%L %m%n",
	)
}

func FuzzCompile(f *testing.F) {
	for _, p := range seedPatterns() {
		f.Add(p)
	}
	f.Add("%d{'T} %-.5p %%%")
	f.Fuzz(func(t *testing.T, pattern string) {
		l, err := Compile(pattern)
		if err != nil {
			return
		}
		if l.Pattern() != pattern {
			t.Fatalf("Pattern() = %q", l.Pattern())
		}
		var fields Fields
		l.Parse([]byte(pattern), &fields)
		l.Parse([]byte("TID: [-1234] [] [2022-03-10 13:10:08,349] ERROR {a.B} - x {a.B}"), &fields)
	})
}

// within reports whether sub is a sub-slice of line (or nil).
func within(sub, line []byte) bool {
	if sub == nil {
		return true
	}
	off := cap(line) - cap(sub)
	return off >= 0 && off+len(sub) <= len(line) && (len(sub) == 0 || &line[off] == &sub[0])
}

func FuzzParse(f *testing.F) {
	for i := range seedPatterns() {
		for _, name := range samples {
			for _, line := range sampleLines(f, name) {
				f.Add(uint8(i), line)
			}
		}
	}
	layouts := AllLayouts()
	for _, p := range seedPatterns()[len(layouts):] {
		layouts = append(layouts, mustCompile(p))
	}
	f.Fuzz(func(t *testing.T, which uint8, line []byte) {
		l := layouts[int(which)%len(layouts)]
		var fields Fields
		if !l.Parse(line, &fields) {
			return
		}
		for _, b := range [][]byte{fields.Time, fields.Logger, fields.Class, fields.Thread, fields.TenantID,
			fields.TenantDomain, fields.AppName, fields.Message} {
			if !within(b, line) {
				t.Fatalf("%q: a field %q is not part of the line", l.Pattern(), b)
			}
		}
		for _, kv := range fields.MDC {
			if !within(kv.Value, line) {
				t.Fatalf("%q: %%X{%s} = %q is not part of the line", l.Pattern(), kv.Key, kv.Value)
			}
		}
		if fields.Level > LevelFatal {
			t.Fatalf("level %d", fields.Level)
		}
	})
}

func FuzzAssembler(f *testing.F) {
	for _, name := range samples {
		f.Add(uint8(0), bytes.Join(sampleLines(f, name), []byte("\n")))
		f.Add(uint8(2), bytes.Join(sampleLines(f, name), []byte("\n")))
	}
	layouts := AllLayouts()
	f.Fuzz(func(t *testing.T, which uint8, text []byte) {
		l := layouts[int(which)%len(layouts)]
		in := bytes.Split(text, []byte("\n"))
		recs, unparsed := assemble(l, 64, in)
		total := unparsed
		for _, r := range recs {
			total += r.Lines
			if len(r.Body) > 64 {
				t.Fatalf("body of %d bytes", len(r.Body))
			}
			if r.RootCause != "" && r.Exception == "" {
				t.Fatalf("root cause %q without exception", r.RootCause)
			}
			if !within(r.Fields.Message, r.FirstLine) || !within(r.Fields.Logger, r.FirstLine) {
				t.Fatal("record fields outside its first line")
			}
		}
		if total != len(in) {
			t.Fatalf("records and unparsed hold %d lines, %d went in", total, len(in))
		}
	})
}
