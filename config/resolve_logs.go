package config

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/apimwatch/apimwatch/discovery"
)

// LogFile is one log file (or glob) of a node to follow, with the layout it is written in
// ("" when unknown: logwatch then detects it among WSO2's layouts for that file name).
type LogFile struct {
	Path   string `yaml:"path"`
	Layout string `yaml:"layout,omitempty"`
	Source string `yaml:"source"`
}

// watchedLogs are the files followed by default: the ones post-migration trouble shows in.
// Others (correlation, trace, http access) can be added with nodes[].log_files.
var watchedLogs = []string{"wso2carbon.log", "wso2-apigw-errors.log", "audit.log", "api.log"}

// resolveLogFiles takes the configured files, else the discovered appenders writing the
// watched logs (with their layouts), else the watched logs in the log directory.
func resolveLogFiles(nc NodeConfig, home *discovery.Home, logDir string) []LogFile {
	if len(nc.LogFiles) > 0 {
		files := make([]LogFile, len(nc.LogFiles))
		for i, f := range nc.LogFiles {
			files[i] = LogFile{Path: f.Path, Layout: f.Layout, Source: sourceConfig}
		}
		return files
	}
	var files []LogFile
	found := map[string]bool{}
	for _, a := range home.Appenders {
		base := filepath.Base(a.FileName)
		if !slices.Contains(watchedLogs, base) || found[base] || !filepath.IsAbs(a.FileName) {
			continue
		}
		found[base] = true
		files = append(files, LogFile{Path: a.FileName, Layout: a.Layout, Source: fmt.Sprintf("repository/conf/log4j2.properties appender %s", a.Name)})
	}
	for _, base := range watchedLogs {
		if !found[base] {
			files = append(files, LogFile{Path: filepath.Join(logDir, base), Source: "default"})
		}
	}
	return files
}
