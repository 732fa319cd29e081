package collector

import (
	"testing"
)

func TestSetTargetsKeepsStateByNodeName(t *testing.T) {
	c := newTestCollector(t, Target{Node: "gw", CarbonHome: "/opt/a"})
	gw := c.nodes[0]
	gw.observe(&trackedJVM{id: processIdentity{pid: 10, startTicks: 1}})
	gw.observe(nil)
	gw.observe(&trackedJVM{id: processIdentity{pid: 20, startTicks: 2}})
	if gw.restarts != 1 {
		t.Fatalf("restarts = %d after one change of JVM, want 1", gw.restarts)
	}

	c.SetTargets([]Target{{Node: "cp", CarbonHome: "/opt/b"}, {Node: "gw", CarbonHome: "/opt/a/"}, {Node: "gw", CarbonHome: "/opt/c"}})

	if len(c.nodes) != 2 {
		t.Fatalf("%d nodes, want 2: a duplicate name is ignored", len(c.nodes))
	}
	kept := c.nodes[1]
	if kept != gw || kept.restarts != 1 || kept.jvm == nil || kept.target.CarbonHome != "/opt/a" {
		t.Errorf("node gw after reload: restarts %d, jvm %v, home %q; want its state kept", kept.restarts, kept.jvm, kept.target.CarbonHome)
	}
	kept.observe(&trackedJVM{id: processIdentity{pid: 20, startTicks: 2}})
	if kept.restarts != 1 {
		t.Errorf("the same JVM after a reload counted as a restart")
	}
	if c.nodes[0].restarts != 0 || c.nodes[0].seenAny {
		t.Error("a new node starts with no history")
	}

	c.SetTargets([]Target{{Node: "gw", CarbonHome: "/opt/elsewhere"}})
	if c.nodes[0].jvm != nil || c.nodes[0].restarts != 1 {
		t.Error("a node whose CARBON_HOME changed must confirm its JVM again but keep its count")
	}
	if c.nodes[0].target.PIDFile != "/opt/elsewhere/wso2carbon.pid" {
		t.Errorf("pid file = %q, want the default under CARBON_HOME", c.nodes[0].target.PIDFile)
	}
}
