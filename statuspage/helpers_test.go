package statuspage

import (
	"testing"
	"time"

	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/logwatch"
	"github.com/apimwatch/apimwatch/verify"
	"github.com/apimwatch/apimwatch/verify/catalogue"
)

// now is the instant every fixture is seen from.
var now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// Real check ids of the built-in catalogue, by severity.
const (
	criticalCheck = "apim.published-apis-without-deployment" // critical
	criticalOther = "registry.missing-content"               // critical
	warningCheck  = "registry.orphan-resources"              // warning
)

// fixture is an agent that watches cp1 and gw1: cp1's checks ran two minutes ago, with the
// results given; gw1's JVM is down; cp1's logs had F3 and F18 records, its heap is 60% used and
// it spent 2% of its time in GC.
func fixture(t *testing.T, results ...verify.Result) Input {
	t.Helper()
	finished := now.Add(-2 * time.Minute)
	for i := range results {
		results[i].Started = finished.Add(-time.Second)
		results[i].Duration = 250 * time.Millisecond
	}
	started := now.Add(-3 * time.Hour)
	return Input{
		Now: now, Version: "1.4.0", Revision: "abc123", Environment: "new", AgentStarted: started,
		ChecksEnabled: true, LogsEnabled: true,
		FailOn:     verify.SeverityCritical,
		Checks:     catalogue.Builtin(catalogue.Config{}),
		Results:    map[string]verify.NodeResults{"cp1": {Results: results, Finished: finished, DatabaseUp: map[discovery.Role]bool{discovery.RoleUM: true, discovery.RoleAM: true}}},
		Signatures: logwatch.BuiltinSignatures(),
		SignatureCounts: []SignatureCount{
			{Node: "cp1", Signature: "F3", Records: 7, LastSeen: now.Add(-90 * time.Second)},
			{Node: "cp1", Signature: "F18", Records: 3, LastSeen: now.Add(-10 * time.Second)},
			{Node: "cp1", Signature: logwatch.SignatureNone, Records: 40, LastSeen: now.Add(-5 * time.Second)},
			{Node: "gw1", Signature: "F12", Records: 0},
		},
		RecentErrors: []logwatch.RecentError{
			{Time: now.Add(-90 * time.Second), Node: "cp1", File: "wso2carbon.log", Signature: "F3", Level: "ERROR",
				Logger: "org.wso2.carbon.apimgt.gateway.InMemoryAPIDeployer", FirstLine: "Error deploying 571d336a in Gateway",
				Exception: "org.wso2.carbon.apimgt.impl.gatewayartifactsynchronizer.exception.ArtifactSynchronizerException"},
			{Time: now.Add(-100 * time.Second), Node: "cp1", File: "wso2carbon.log", Signature: "F3", Level: "ERROR", FirstLine: "an older one"},
		},
		JVMs: []JVM{
			{Node: "gw1", Up: false, Restarts: 2},
			{Node: "cp1", Up: true, PID: 4242, StartedAt: now.Add(-26 * time.Hour), Restarts: 0,
				Perf: &JVMPerf{HeapUsed: 612 << 20, HeapMax: 1 << 30, GCSeconds: 1872, UptimeSeconds: 93600}},
		},
	}
}

func fail(id string, samples ...string) verify.Result {
	return verify.Result{CheckID: id, Status: verify.StatusFail, Offending: int64(len(samples)), Samples: samples, Message: "rows at fault"}
}

func pass(id string) verify.Result { return verify.Result{CheckID: id, Status: verify.StatusPass} }

func errored(id string) verify.Result {
	return verify.Result{CheckID: id, Status: verify.StatusError, Message: "the am database did not answer within 60s"}
}
