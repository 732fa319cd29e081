// Package testtool finds the external programs tests run (promtool, prometheus, the JDK's
// tools, systemd-analyze): a missing one skips the test on a developer's machine, and fails it
// in CI (CI=true), where .ci/run installs every one, so that a green CI never hides a test
// that did not run.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Path returns the path of the program name, from the Debian package debianPackage.
func Path(t testing.TB, name, debianPackage string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed (Debian package %s); CI must install it: %v", name, debianPackage, err)
	}
	t.Skipf("%s is not installed (Debian package %s)", name, debianPackage)
	return ""
}

// JDK is the Debian package of java, javac and jstat.
const JDK = "openjdk-17-jdk-headless"
