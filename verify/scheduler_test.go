package verify

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
	"github.com/apimwatch/apimwatch/verify/testdb"
)

// TestSchedulerServesLastResults runs a check on a schedule against a real database and a
// node whose database is down: results and database_up are served, and the scheduler keeps
// running.
func TestSchedulerServesLastResults(t *testing.T) {
	n := testdb.NewNode(t, testdb.Postgres(t), testdb.Shared)
	plantAPIs(t, n, "BLOCKED")
	down := nodeOf("gw-down", n)
	broken := down.Databases[discovery.RoleAM]
	broken.DSN = config.DSN(strings.Replace(broken.DSN.Reveal(), "127.0.0.1:5432", "127.0.0.1:1", 1))
	down.Databases = map[discovery.Role]config.Database{discovery.RoleAM: broken}

	checks := CustomChecks([]config.CustomCheckConfig{
		{ID: "blocked", Title: "Blocked APIs", Role: "am", SQL: "SELECT API_NAME FROM AM_API WHERE STATUS = 'BLOCKED'", Severity: "warning", Expect: "no_rows"},
	}, 5*time.Second)
	s := NewScheduler(zap.NewNop(), checks)
	s.Apply([]config.Node{nodeOf("cp1", n), down}, Schedule{Interval: time.Hour, Timeout: 5 * time.Second, SampleLimit: 5})
	defer s.Stop()

	deadline := time.Now().Add(30 * time.Second)
	for len(s.Latest()) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("no results after 30 s: %+v", s.Latest())
		}
		time.Sleep(20 * time.Millisecond)
	}
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(s)
	want := `
# HELP wso2_check_offending_rows Rows the check found at fault in its latest run.
# TYPE wso2_check_offending_rows gauge
wso2_check_offending_rows{check="custom.blocked",node="cp1"} 1
wso2_check_offending_rows{check="custom.blocked",node="gw-down"} 0
# HELP wso2_database_up 1 if the database answered before the latest check run, 0 if not (its checks then report error).
# TYPE wso2_database_up gauge
wso2_database_up{node="cp1",role="am"} 1
wso2_database_up{node="cp1",role="reg"} 1
wso2_database_up{node="cp1",role="um"} 1
wso2_database_up{node="gw-down",role="am"} 0
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "wso2_check_offending_rows", "wso2_database_up"); err != nil {
		t.Error(err)
	}
	for node, wantStatus := range map[string]Status{"cp1": StatusFail, "gw-down": StatusError} {
		r := s.Latest()[node].Results[0]
		if r.Status != wantStatus {
			t.Errorf("%s: %s (%s), want %s", node, r.Status, r.Message, wantStatus)
		}
		if strings.Contains(r.Message, "apimwatch_ro_password") {
			t.Errorf("an error shows a password: %s", r.Message)
		}
	}
	if problems, err := testutil.GatherAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %v", problems, err)
	}
}
