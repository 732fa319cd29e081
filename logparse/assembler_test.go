package logparse

import (
	"strings"
	"testing"
)

func lines(text string) [][]byte {
	var out [][]byte
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		out = append(out, []byte(l))
	}
	return out
}

func TestAssemblerExceptions(t *testing.T) {
	const start = "TID: [-1234] [] [2024-01-05 10:00:01,002] ERROR {org.wso2.carbon.apimgt.rest.api.util.GlobalThrowableMapper} - "
	const console = "[2024-01-05 10:00:01,002] ERROR - GlobalThrowableMapper "
	tests := []struct {
		name             string
		layout           *Layout
		text             string
		exception, cause string
		lines            int
	}{
		{"cause chain, last cause wins", CarbonLayout, start + "An unknown exception has been captured by the global exception mapper. java.lang.RuntimeException: wrapped\n" +
			"\tat a.B.c(B.java:1)\n" +
			"Caused by: org.wso2.carbon.apimgt.api.APIManagementException: mid\n" +
			"\t... 3 more\n" +
			"Caused by: java.lang.NullPointerException\n" +
			"\tat a.B.d(B.java:2)\n" +
			"\t... 5 more",
			"java.lang.RuntimeException", "java.lang.NullPointerException", 7},
		{"exception without message", CarbonLayout, start + "failed java.lang.NullPointerException\n\tat a.B.c(B.java:1)",
			"java.lang.NullPointerException", "java.lang.NullPointerException", 2},
		{"suppressed causes do not count", CarbonLayout, start + "x java.io.IOException: a\n" +
			"\tSuppressed: java.lang.IllegalStateException: s\n" +
			"\t\tCaused by: java.lang.ArithmeticException: z",
			"java.io.IOException", "java.io.IOException", 3},
		{"message words are not exceptions", CarbonLayout, start + "Exception in Authentication Framework: Error while loading org.wso2.Foo component",
			"", "", 1},
		{"a class named in passing is not the exception", CarbonLayout, start + "Could not load org.wso2.FooException handler", "", "", 1},
		{"own line, console", ConsoleLayout, console + "Error deploying\n" +
			"org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException: Artifact retriever not found\n" +
			"\tat org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer.retrieveArtifact_aroundBody2(InMemoryAPIDeployer.java:143) ~[org.wso2.carbon.apimgt.gateway_9.20.59.jar:?]",
			"org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException",
			"org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException", 3},
		{"own line, not on the console's first line", ConsoleLayout, console + "see org.foo.BarException: it", "", "", 1},
		{"unsuffixed class followed by a colon", ConsoleLayout, console + "fault\norg.apache.axis2.AxisFault: Connection refused",
			"org.apache.axis2.AxisFault", "org.apache.axis2.AxisFault", 2},
		{"unsuffixed name alone is free text", ConsoleLayout, console + "x\norg.wso2.Carbon\norg.wso2.carbon.core: started", "", "", 3},
		{"out of memory", ConsoleLayout, console + "x\njava.lang.OutOfMemoryError: GC overhead limit exceeded\nDumping heap to /tmp/heap-dump.hprof ...",
			"java.lang.OutOfMemoryError", "java.lang.OutOfMemoryError", 3},
		{"exception in thread", ConsoleLayout, console + "x\nException in thread \"pool-7-thread-1\" java.lang.OutOfMemoryError: Java heap space",
			"java.lang.OutOfMemoryError", "java.lang.OutOfMemoryError", 2},
		{"cause without its exception line", ConsoleLayout, console + "x\n\tat a.B.c(B.java:1)\nCaused by: java.sql.SQLException: gone",
			"java.sql.SQLException", "java.sql.SQLException", 3},
		{"SQL continuation then the exception", CarbonLayout, start + "Error in SELECT\n FROM AM_API org.h2.jdbc.JdbcSQLSyntaxErrorException: Column \"ORGANIZATION\" not found",
			"org.h2.jdbc.JdbcSQLSyntaxErrorException", "org.h2.jdbc.JdbcSQLSyntaxErrorException", 2},
		{"2.x exception on its own line", CarbonLog4j1Layout, "TID: [-1234] [] [2018-07-23 00:00:11,059] ERROR {a.b.C} -  Failed {a.b.C}\n" +
			"org.apache.tomcat.jdbc.pool.PoolExhaustedException: [http-nio-9443-exec-50] Timeout: Pool empty.",
			"org.apache.tomcat.jdbc.pool.PoolExhaustedException", "org.apache.tomcat.jdbc.pool.PoolExhaustedException", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, unparsed := assemble(tt.layout, 1<<16, lines(tt.text))
			if len(recs) != 1 || unparsed != 0 {
				t.Fatalf("%d records, %d unparsed; want one record", len(recs), unparsed)
			}
			r := recs[0]
			if r.Exception != tt.exception || r.RootCause != tt.cause || r.Lines != tt.lines {
				t.Errorf("got exception %q cause %q lines %d\nwant exception %q cause %q lines %d",
					r.Exception, r.RootCause, r.Lines, tt.exception, tt.cause, tt.lines)
			}
		})
	}
}

func TestAssemblerLifecycle(t *testing.T) {
	a := NewAssembler(ConsoleLayout, 1024)
	if rec, unparsed := a.Add([]byte("Using Java memory options: -Xms256m")); rec != nil || !unparsed {
		t.Fatalf("a line before any record: rec %v unparsed %v", rec, unparsed)
	}
	if a.Pending() || a.Flush() != nil {
		t.Fatal("pending without a record")
	}
	first := []byte("[2024-01-05 10:00:01,002] ERROR - ApiMgtDAO boom\n")
	if rec, unparsed := a.Add(first); rec != nil || unparsed || !a.Pending() {
		t.Fatalf("record start: rec %v unparsed %v pending %v", rec, unparsed, a.Pending())
	}
	frame := []byte("\tat a.B.c(B.java:1)\r\n")
	a.Add(frame)
	// The caller reuses its buffers: the record must not see that.
	copy(first, "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
	copy(frame, "YYYYYYYYYYYYYYYYYY")
	rec, unparsed := a.Add([]byte("[2024-01-05 10:00:02,000]  INFO - CarbonCoreActivator next"))
	if rec == nil || unparsed {
		t.Fatal("the next start did not complete the record")
	}
	if got := string(rec.FirstLine); got != "[2024-01-05 10:00:01,002] ERROR - ApiMgtDAO boom" {
		t.Errorf("FirstLine = %q", got)
	}
	if string(rec.Fields.Logger) != "ApiMgtDAO" || string(rec.Fields.Message) != "boom" || string(rec.Fields.Time) != "2024-01-05 10:00:01,002" {
		t.Errorf("Fields = %s", fieldsText(&rec.Fields))
	}
	if string(rec.Body) != "\tat a.B.c(B.java:1)" || rec.Lines != 2 {
		t.Errorf("Body = %q, Lines = %d", rec.Body, rec.Lines)
	}
	last := a.Flush()
	if last == nil || string(last.Fields.Message) != "next" || last.Lines != 1 || last.Body != nil || a.Pending() {
		t.Errorf("Flush = %+v", last)
	}
}

func TestAssemblerMaxBody(t *testing.T) {
	text := "[2024-01-05 10:00:01,002] ERROR - X boom\n" + strings.Repeat("\tat a.B.c(B.java:1)\n", 100)
	for _, maxBody := range []int{-1, 0, 10, 19, 25, 1 << 20} {
		recs, _ := assemble(ConsoleLayout, maxBody, lines(text))
		r := recs[0]
		if r.Lines != 101 {
			t.Errorf("maxBody %d: Lines = %d", maxBody, r.Lines)
		}
		if len(r.Body) > max(maxBody, 0) {
			t.Errorf("maxBody %d: kept %d bytes", maxBody, len(r.Body))
		}
		if maxBody == 25 && string(r.Body) != "\tat a.B.c(B.java:1)\n\tat a" {
			t.Errorf("maxBody 25: Body = %q", r.Body)
		}
	}
}

// Records handed out keep their MDC when the assembler moves on.
func TestAssemblerMDCOwnership(t *testing.T) {
	recs, _ := assemble(GatewayErrorsLayout, 0, lines(
		"2024-01-05T10:00:01,002 [10.0.0.1-gw1] [main] ERROR A one\n"+
			"2024-01-05T10:00:02,002 [10.0.0.2-gw2] [main] ERROR B two"))
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	if got := string(recs[0].Fields.MDCValue("host")); got != "gw1" {
		t.Errorf("first record's host = %q", got)
	}
	if got := string(recs[1].Fields.MDCValue("ip")); got != "10.0.0.2" {
		t.Errorf("second record's ip = %q", got)
	}
	if recs[0].Fields.MDCValue("user") != nil {
		t.Error("a key the layout lacks has a value")
	}
}

// The Records handed out are the assembler's own two slots, used in turn; a clone keeps its
// content, and assembling costs no allocation once the buffers have grown.
func TestAssemblerRecordReuse(t *testing.T) {
	a := NewAssembler(GatewayErrorsLayout, 1024)
	a.Add([]byte("2024-01-05T10:00:01,002 [10.0.0.1-gw1] [main] ERROR A one"))
	a.Add([]byte("\tat a.B.c(B.java:1)"))
	rec, _ := a.Add([]byte("2024-01-05T10:00:02,002 [10.0.0.2-gw2] [main] ERROR B two"))
	kept := rec.Clone()
	a.Add([]byte("\tat x.Y.z(Y.java:2)"))
	next := a.Flush()
	a.Add([]byte("2024-01-05T10:00:02,500 [10.0.0.5-gw5] [main] ERROR E five"))
	if third := a.Flush(); third != rec || next == rec {
		t.Error("the assembler did not hand out its two Records in turn")
	}
	if string(kept.FirstLine) != "2024-01-05T10:00:01,002 [10.0.0.1-gw1] [main] ERROR A one" ||
		string(kept.Fields.Message) != "one" || string(kept.Fields.MDCValue("host")) != "gw1" ||
		string(kept.Body) != "\tat a.B.c(B.java:1)" || kept.Lines != 2 {
		t.Errorf("the clone changed: %q %s body %q", kept.FirstLine, fieldsText(&kept.Fields), kept.Body)
	}
	if string(next.Fields.Message) != "two" || string(next.Fields.MDCValue("host")) != "gw2" || string(next.Body) != "\tat x.Y.z(Y.java:2)" {
		t.Errorf("next record: %s body %q", fieldsText(&next.Fields), next.Body)
	}
	if string(rec.Fields.Message) != "five" || rec.Body != nil || rec.Lines != 1 {
		t.Errorf("third record, in the first one's slot: %s body %q, %d lines", fieldsText(&rec.Fields), rec.Body, rec.Lines)
	}
	lines := [][]byte{
		[]byte("2024-01-05T10:00:03,002 [10.0.0.3-gw3] [main] ERROR C three java.lang.IllegalStateException: x"),
		[]byte("\tat a.B.c(B.java:1)"),
		[]byte("Caused by: java.sql.SQLException: gone"),
		[]byte("2024-01-05T10:00:04,002 [10.0.0.4-gw4] [main]  INFO D four"),
	}
	if allocs := testing.AllocsPerRun(100, func() {
		for _, l := range lines {
			a.Add(l)
		}
	}); allocs != 0 {
		t.Errorf("%v allocations per 2 records", allocs)
	}
}
