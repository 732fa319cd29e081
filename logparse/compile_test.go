package logparse

import (
	"strings"
	"testing"
)

func mustCompileT(t *testing.T, pattern string) *Layout {
	t.Helper()
	l, err := Compile(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Patterns as sites customise them in log4j2.properties.
func TestCompileCustomisedPatterns(t *testing.T) {
	const date = "2024-01-05 10:00:01,002"
	runParseCases(t, []parseCase{
		{"extra thread", mustCompileT(t, "TID: [%tenantId] [%appName] [%d] [%t] %5p {%c} - %m%ex%n"),
			"TID: [-1234] [] [" + date + "] [http-nio-9443-exec-5] ERROR {a.b.C} - boom",
			"level=ERROR time=" + date + " logger=a.b.C thread=http-nio-9443-exec-5 tenant=-1234 msg=\"boom\""},
		{"correlation id", mustCompileT(t, "TID: [%tenantId] [%appName] [%d] [%X{Correlation-ID}] %5p {%c} - %m%ex%n"),
			"TID: [-1234] [] [" + date + "] [] ERROR {a.b.C} - boom",
			"level=ERROR time=" + date + " logger=a.b.C tenant=-1234 X{Correlation-ID}= msg=\"boom\""},
		{"left-aligned level", mustCompileT(t, "[%d] %-5p {%c} %m%n"),
			"[" + date + "] INFO  {a.b.C} started",
			"level=INFO time=" + date + " logger=a.b.C msg=\"started\""},
		{"left-aligned level, five letters", mustCompileT(t, "[%d] %-5p {%c} %m%n"),
			"[" + date + "] ERROR {a.b.C} failed",
			"level=ERROR time=" + date + " logger=a.b.C msg=\"failed\""},
		{"lower-case level", mustCompileT(t, "[%d] %p{lowerCase=true} %m%n"),
			"[" + date + "] warn careful",
			"level=WARN time=" + date + " msg=\"careful\""},
		{"abbreviated logger", mustCompileT(t, "[%d] %5p - %c{1} %m%n"),
			"[" + date + "] ERROR - ApiMgtDAO Error",
			"level=ERROR time=" + date + " logger=ApiMgtDAO msg=\"Error\""},
		{"logger in brackets, left-aligned width", mustCompileT(t, "%d %-5p [%-20c] %m%n"),
			date + " INFO  [a.b.Short           ] hello",
			"level=INFO time=" + date + " logger=a.b.Short msg=\"hello\""},
		{"right-aligned width and precision", mustCompileT(t, "%d %5p %20.30c - %m%n"),
			date + "  INFO            a.b.Short - hello",
			"level=INFO time=" + date + " logger=a.b.Short msg=\"hello\""},
		{"ISO8601", mustCompileT(t, "%d{ISO8601} %5p {%c} %m%n"),
			"2024-01-05T10:00:01,002 ERROR {a.B} x",
			"level=ERROR time=2024-01-05T10:00:01,002 logger=a.B msg=\"x\""},
		{"ISO8601 rejects a space", mustCompileT(t, "%d{ISO8601} %5p {%c} %m%n"),
			"2024-01-05 10:00:01,002 ERROR {a.B} x", ""},
		{"explicit date", mustCompileT(t, "%d{yyyy-MM-dd HH:mm:ss,SSS} %5p {%c} %m%n"),
			date + " ERROR {a.B} x",
			"level=ERROR time=" + date + " logger=a.B msg=\"x\""},
		{"absolute", mustCompileT(t, "%d{ABSOLUTE} %5p %m%n"),
			"10:00:01,002 FATAL x",
			"level=FATAL time=10:00:01,002 msg=\"x\""},
		{"variable-width date", mustCompileT(t, "[%d{d MMMM yyyy HH:mm:ss}] %5p %m%n"),
			"[5 January 2024 10:00:01] DEBUG x",
			"level=DEBUG time=5 January 2024 10:00:01 msg=\"x\""},
		{"date with text month", mustCompileT(t, "%d{DATE} %p %m%n"),
			"05 Jan 2024 10:00:01,002 TRACE x",
			"level=TRACE time=05 Jan 2024 10:00:01,002 msg=\"x\""},
		{"class and skipped location", mustCompileT(t, "%d %p %C:%L %m%n"),
			date + " INFO a.b.Foo:12 x",
			"level=INFO time=" + date + " class=a.b.Foo msg=\"x\""},
		{"skipped conversions", mustCompileT(t, "%d [%pid] [%X] %5p %c - %m%n"),
			date + " [4711] [{a=b}]  INFO a.B - x",
			"level=INFO time=" + date + " logger=a.B msg=\"x\""},
		{"percent literal and escape", mustCompileT(t, "100%% %d\t%p %m"),
			"100% " + date + "\tINFO x",
			"level=INFO time=" + date + " msg=\"x\""},
		{"fields after the message", mustCompileT(t, "%d %p - %m [%t] (%X{user})%n"),
			date + " INFO - did [it] [main] (bob)",
			"level=INFO time=" + date + " thread=main X{user}=bob msg=\"did [it]\""},
		{"fields after the message, missing", mustCompileT(t, "%d %p - %m [%t] (%X{user})%n"),
			date + " INFO - did it",
			"level=INFO time=" + date + " msg=\"did it\""},
		{"no message", mustCompileT(t, "%d %p %c"),
			date + " INFO a.B rest",
			"level=INFO time=" + date + " logger=a.B rest msg=\"\""},
		{"date-less pattern anchored by level", mustCompileT(t, "%-5p [%t] %c - %m%n"),
			"WARN  [main] a.B - x",
			"level=WARN logger=a.B thread=main msg=\"x\""},
		{"date-less pattern, continuation", mustCompileT(t, "%-5p [%t] %c - %m%n"),
			"\tat a.B.c(B.java:1)", ""},
	})
}

func TestCompileKeepsPattern(t *testing.T) {
	if got := CarbonLayout.Pattern(); got != PatternCarbon {
		t.Errorf("Pattern() = %q", got)
	}
	if !CarbonLayout.exceptionInMessage || ConsoleLayout.exceptionInMessage {
		t.Error("only the carbon layout prints the exception after the message")
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{"", "nothing in the pattern tells a record start"},
		{"%m%n", "nothing in the pattern tells a record start"},
		{"%c %m%n", "nothing in the pattern tells a record start"},
		{"%d %foo %m", "unknown conversion %foo"},
		{"%d %5p %", "% without a conversion name"},
		{"%d{yyyy %m", "not closed"},
		{"%d %.p %m", "without a maximum width"},
		{"%d %highlight{%p} %m", "nested patterns"},
		{"%d %m %m", "a second message conversion"},
		{"%d %p %c%t %m", "two conversions without literal text"},
		{"%d %p %c%m", "directly before %m"},
		{"%d %p %m %p", "only literal text and text conversions may follow %m"},
		{"%d %p %m%c", "must follow literal text"},
		{"%d%n%p %m", "line break before the end"},
		{"%d{yyyyMMddHHmmssSSS} %m", "milliseconds must be SSS"},
		{"%d{COMPACT} %m", "unsupported letter"},
		{"%d{yyyy-ww} %m", "unsupported letter 'w'"},
		{"%d{yyyy 'v1' MM} %m", "literal digits"},
		{"%d{'T} %m", "unterminated quote"},
	}
	for _, tt := range tests {
		_, err := Compile(tt.pattern)
		if err == nil {
			t.Errorf("Compile(%q) succeeded", tt.pattern)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.pattern) {
			t.Errorf("Compile(%q) = %q, want it to name the pattern and say %q", tt.pattern, err, tt.want)
		}
	}
}
