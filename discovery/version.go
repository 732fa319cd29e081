package discovery

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
)

// logScanWindow is how much of each end of wso2carbon.log is read for the version: the log can
// be gigabytes and the startup line is near its start or, after restarts, near its end.
const logScanWindow = 1 << 20

var (
	// bin/version.txt holds "<product name> v<version>", e.g. "WSO2 API Manager v4.2.0" or,
	// in the 4.5+ split packs, "WSO2 API Control Plane v4.5.0".
	versionFileRE = regexp.MustCompile(`WSO2 .*?\bv(\d+\.\d+\.\d+[0-9A-Za-z.\-]*)`)
	// The startup line of wso2carbon.log: "Server : WSO2 API Manager-4.2.0".
	versionLogRE = regexp.MustCompile(`Server\s*:\s*WSO2 [^\n]*?-(\d+\.\d+\.\d+[0-9A-Za-z.\-]*)`)
)

// readProductVersion reads bin/version.txt and, failing that, the latest startup line of
// wso2carbon.log.
func (h *Home) readProductVersion() {
	problems := []string{}
	if data, err := os.ReadFile(h.path(versionFilePath)); err == nil {
		if m := versionFileRE.FindSubmatch(data); m != nil {
			h.ProductVersion, h.VersionSource = string(m[1]), versionFilePath
			return
		}
		problems = append(problems, versionFilePath+" does not name a WSO2 version")
	} else {
		problems = append(problems, describeReadError(versionFilePath, err))
	}

	version, err := latestLoggedVersion(h.path(carbonLogPath))
	switch {
	case err != nil:
		problems = append(problems, describeReadError(carbonLogPath, err))
	case version == "":
		problems = append(problems, carbonLogPath+" has no \"Server : WSO2 ...\" startup line")
	default:
		h.ProductVersion, h.VersionSource = version, carbonLogPath
		return
	}
	h.warnAbout("product_version", versionFilePath, 0, "the product version is unknown: %s; %s", problems[0], problems[1])
}

func describeReadError(file string, err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return file + " does not exist"
	}
	return fmt.Sprintf("%s cannot be read: %v", file, err)
}

// latestLoggedVersion returns the version of the last startup line in the log's last
// logScanWindow bytes or, when there is none, in its first logScanWindow bytes.
func latestLoggedVersion(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", err
	}
	size := info.Size()

	tailStart := max(size-logScanWindow, 0)
	tail, err := readWindow(f, tailStart, size-tailStart)
	if err != nil {
		return "", err
	}
	if tailStart > 0 {
		tail = dropFirstLine(tail) // it may start in the middle of a line
	}
	if version := lastVersionIn(tail); version != "" || tailStart == 0 {
		return version, nil
	}

	head, err := readWindow(f, 0, min(logScanWindow, tailStart))
	if err != nil {
		return "", err
	}
	if cut := bytes.LastIndexByte(head, '\n'); cut >= 0 {
		head = head[:cut] // the last line may continue past the window
	}
	return lastVersionIn(head), nil
}

func readWindow(f *os.File, offset, length int64) ([]byte, error) {
	buf := make([]byte, length)
	n, err := f.ReadAt(buf, offset)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading %s: %w", f.Name(), err)
	}
	return buf[:n], nil
}

func dropFirstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return nil
}

func lastVersionIn(b []byte) string {
	matches := versionLogRE.FindAllSubmatch(b, -1)
	if len(matches) == 0 {
		return ""
	}
	return string(matches[len(matches)-1][1])
}
