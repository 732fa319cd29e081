package collector

import "path/filepath"

// Target is one WSO2 node on this host.
type Target struct {
	Node       string   // the `node` label value: the configured node name
	CarbonHome string   // absolute CARBON_HOME; the JVM must have -Dcarbon.home=<this>
	PIDFile    string   // path of wso2carbon.pid ("" = <CarbonHome>/wso2carbon.pid)
	Paths      []string // directories whose filesystems are reported
}

// normalised fills the pid file default and cleans the paths, so that the
// comparison with the JVM's -Dcarbon.home does not depend on how the
// configuration spelled them.
func (t Target) normalised() Target {
	t.CarbonHome = filepath.Clean(t.CarbonHome)
	if t.PIDFile == "" {
		t.PIDFile = filepath.Join(t.CarbonHome, "wso2carbon.pid")
	}
	paths := make([]string, len(t.Paths))
	for i, path := range t.Paths {
		paths[i] = filepath.Clean(path)
	}
	t.Paths = paths
	return t
}
