package logparse

import "testing"

func TestDetect(t *testing.T) {
	gw42 := lines("2024-01-05T10:00:01,002 [ip-h] [main] ERROR InMemoryAPIDeployer boom\n\tat a.B.c(B.java:1)")
	gw43 := lines("2024-01-05T10:00:01,002 [ip-h] [main] ERROR {org.wso2.X} boom\n\tat a.B.c(B.java:1)")
	tests := []struct {
		name       string
		candidates []*Layout
		sample     [][]byte
		want       *Layout
	}{
		{"gateway errors 4.2", DefaultLayouts("wso2-apigw-errors.log"), gw42, GatewayErrorsLayout},
		// 4.2's %c{1} reads "{org.wso2.X}" as a logger too: the tie goes to the first candidate.
		{"gateway errors 4.3", DefaultLayouts("wso2-apigw-errors.log"), gw43, GatewayErrors43Layout},
		{"tie", []*Layout{GatewayErrorsLayout, GatewayErrors43Layout}, gw43, GatewayErrorsLayout},
		{"more lines win", []*Layout{CarbonLayout, ConsoleLayout}, lines("[2024-01-05 10:00:01,002] ERROR - X boom"), ConsoleLayout},
		{"nothing parses", []*Layout{CarbonLayout}, lines("hello\nworld"), nil},
		{"no candidates", nil, gw42, nil},
	}
	for _, tt := range tests {
		if got := Detect(tt.candidates, tt.sample); got != tt.want {
			t.Errorf("%s: Detect = %q, want %q", tt.name, patternOf(got), patternOf(tt.want))
		}
	}
}
