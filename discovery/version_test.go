package discovery

import (
	"strings"
	"testing"
)

func TestReadProductVersion(t *testing.T) {
	filler := strings.Repeat("TID: [-1234] [] [2024-06-10 22:31:19,870]  INFO {a.b.C} - filler line\n", 3*logScanWindow/70)
	startup := func(version string) string {
		return "TID: [-1234] [] [2024-06-10 22:31:19,870]  INFO {org.wso2.carbon.core.init.CarbonServerManager} - Server : WSO2 API Manager-" + version + "\n"
	}
	tests := []struct {
		name        string
		files       map[string]string
		wantVersion string
		wantSource  string
	}{
		{"version.txt", map[string]string{versionFilePath: "WSO2 API Manager v4.2.0\n", carbonLogPath: startup("4.1.0")},
			"4.2.0", versionFilePath},
		{"4.5 control plane pack", map[string]string{versionFilePath: "WSO2 API Control Plane v4.5.0\n"},
			"4.5.0", versionFilePath},
		{"unreadable version.txt falls back to the log", map[string]string{versionFilePath: "built from source\n", carbonLogPath: startup("4.3.0")},
			"4.3.0", carbonLogPath},
		{"the latest startup wins", map[string]string{carbonLogPath: startup("4.1.0") + filler + startup("4.2.0") + "tail\n"},
			"4.2.0", carbonLogPath},
		{"startup only near the start of a big log", map[string]string{carbonLogPath: startup("4.0.0") + filler},
			"4.0.0", carbonLogPath},
		{"startup only in the middle of a big log is not read", map[string]string{carbonLogPath: filler + startup("4.0.0") + filler},
			"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Discover(writeHome(t, tt.files))
			if h.ProductVersion != tt.wantVersion || h.VersionSource != tt.wantSource {
				t.Errorf("version %q from %q, want %q from %q", h.ProductVersion, h.VersionSource, tt.wantVersion, tt.wantSource)
			}
			unknown := false
			for _, w := range h.Warnings {
				unknown = unknown || strings.HasPrefix(w.Message, "the product version is unknown")
			}
			if unknown != (tt.wantVersion == "") {
				t.Errorf("version warning present: %v, want %v (%v)", unknown, tt.wantVersion == "", h.Warnings)
			}
		})
	}
}
