package discovery

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Paths of the files discovery reads, relative to the CARBON_HOME. Warnings name files this way.
const (
	deploymentTOMLPath    = "repository/conf/deployment.toml"
	log4j2PropertiesPath  = "repository/conf/log4j2.properties"
	masterDatasourcesPath = "repository/conf/datasources/master-datasources.xml"
	migrationConfigPath   = "migration-resources/migration-config.yaml"
	versionFilePath       = "bin/version.txt"
	carbonLogPath         = "repository/logs/wso2carbon.log"
	pidFileName           = "wso2carbon.pid"
	logDirPath            = "repository/logs"
)

// Discover reads the node under carbonHome. It never returns an error and never panics on bad
// input: every missing or malformed file becomes a Warning and the rest of the home is still read.
func Discover(carbonHome string) *Home {
	home := carbonHome
	if abs, err := filepath.Abs(carbonHome); err == nil {
		home = abs
	}
	h := &Home{
		CarbonHome: home,
		PIDFile:    filepath.Join(home, pidFileName),
		LogDir:     filepath.Join(home, filepath.FromSlash(logDirPath)),
	}

	info, err := os.Stat(home)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		h.warn(home, 0, "CARBON_HOME does not exist, nothing was discovered")
		return h
	case err != nil:
		h.warn(home, 0, "CARBON_HOME cannot be read, nothing was discovered: %v", err)
		return h
	case !info.IsDir():
		h.warn(home, 0, "CARBON_HOME is not a directory, nothing was discovered")
		return h
	}

	if h.isLegacyXMLHome() {
		h.warn(masterDatasourcesPath, 0, "this looks like an API-M 2.x home (XML configuration, no "+
			"deployment.toml): 2.x configuration is not discovered, configure the databases and logs explicitly")
	} else {
		h.readDeploymentTOML()
		h.readLog4j2Properties()
	}
	h.readMigrationConfig()
	h.readProductVersion()
	return h
}

// isLegacyXMLHome reports a 2.x home: master-datasources.xml without deployment.toml.
func (h *Home) isLegacyXMLHome() bool {
	return !h.exists(deploymentTOMLPath) && h.exists(masterDatasourcesPath)
}

// warn records a problem with file (relative to the home) at line (0 when unknown).
func (h *Home) warn(file string, line int, format string, args ...any) {
	h.warnAbout("", file, line, format, args...)
}

// warnAbout records a warning that explicit configuration of the key about answers.
func (h *Home) warnAbout(about, file string, line int, format string, args ...any) {
	h.Warnings = append(h.Warnings, Warning{File: file, Line: line, Message: fmt.Sprintf(format, args...), About: about})
}

// path turns a slash-separated path relative to the home into a file system path.
func (h *Home) path(rel string) string {
	return filepath.Join(h.CarbonHome, filepath.FromSlash(rel))
}

func (h *Home) exists(rel string) bool {
	_, err := os.Stat(h.path(rel))
	return err == nil
}

// readFile returns the content of a file of the home, or false after recording a warning.
// missingHint completes the warning for a file that does not exist (say why it matters); an
// empty hint means the file is optional and its absence is no warning.
func (h *Home) readFile(rel, missingHint string) ([]byte, bool) {
	data, err := os.ReadFile(h.path(rel))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if missingHint != "" {
			h.warn(rel, 0, "file not found: %s", missingHint)
		}
		return nil, false
	case err != nil:
		h.warn(rel, 0, "cannot read the file: %v", err)
		return nil, false
	}
	return data, true
}
