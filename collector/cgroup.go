package collector

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// cgroupMembership is a process's /proc/<pid>/cgroup: its cgroup v2 path and
// its cgroup v1 path per controller. A hybrid host has both.
type cgroupMembership struct {
	unified    string
	hasUnified bool
	v1         map[string]string
}

// cgroupLimits are the CPU and memory limits of one cgroup; a limit that is
// not set is absent rather than a huge number.
type cgroupLimits struct {
	cpuCores    float64
	hasCPU      bool
	memoryBytes float64
	hasMemory   bool
}

// v1UnlimitedMemory: cgroup v1 writes "no limit" as the largest page-aligned
// int64 (9223372036854771712 with 4 KiB pages). Anything from 2^62 bytes up is
// treated as that sentinel whatever the page size; no machine has 4 EiB.
const v1UnlimitedMemory = 1 << 62

func readCgroupMembership(path string) (cgroupMembership, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return cgroupMembership{}, fmt.Errorf("reading cgroup membership: %w", err)
	}
	membership := cgroupMembership{v1: map[string]string{}}
	scanner := bufio.NewScanner(bytes.NewReader(raw))
	for scanner.Scan() {
		// hierarchy-ID:controller-list:cgroup-path, see cgroups(7).
		parts := strings.SplitN(scanner.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			membership.unified, membership.hasUnified = parts[2], true
			continue
		}
		for _, controller := range strings.Split(parts[1], ",") {
			membership.v1[controller] = parts[2]
		}
	}
	return membership, nil
}

// cgroupLimitsOf reads the limits of the cgroup a process belongs to. own is
// the agent's own membership, needed to resolve paths inside a container.
// Each limit is looked up in cgroup v2 first and in v1 when v2 does not have
// it, which is the case on hybrid hosts.
func (h hostFS) cgroupLimitsOf(member, own cgroupMembership) (cgroupLimits, error) {
	var limits cgroupLimits
	var err error
	if dir, ok := h.cgroupV2Dir(member, own); ok {
		limits.cpuCores, limits.hasCPU, err = readCPUMax(filepath.Join(dir, "cpu.max"))
		if err != nil {
			return cgroupLimits{}, err
		}
		limits.memoryBytes, limits.hasMemory, err = readMemoryLimit(filepath.Join(dir, "memory.max"))
		if err != nil {
			return cgroupLimits{}, err
		}
	}
	if dir, ok := h.cgroupV1Dir("cpu", member, own); ok && !limits.hasCPU {
		limits.cpuCores, limits.hasCPU, err = readCFSQuota(dir)
		if err != nil {
			return cgroupLimits{}, err
		}
	}
	if dir, ok := h.cgroupV1Dir("memory", member, own); ok && !limits.hasMemory {
		limits.memoryBytes, limits.hasMemory, err = readMemoryLimit(filepath.Join(dir, "memory.limit_in_bytes"))
		if err != nil {
			return cgroupLimits{}, err
		}
	}
	return limits, nil
}

func (h hostFS) cgroupV2Dir(member, own cgroupMembership) (string, bool) {
	if !member.hasUnified {
		return "", false
	}
	return resolveCgroupDir(h.sysPath("fs", "cgroup"), member.unified, own.unified)
}

func (h hostFS) cgroupV1Dir(controller string, member, own cgroupMembership) (string, bool) {
	path, ok := member.v1[controller]
	if !ok {
		return "", false
	}
	return resolveCgroupDir(h.sysPath("fs", "cgroup", controller), path, own.v1[controller])
}

// resolveCgroupDir maps a path from /proc/<pid>/cgroup to its directory under
// the hierarchy's mount. Inside a container the hierarchy is mounted at the
// container's own cgroup (cgroup namespaces, v1 bind mounts), so the path the
// kernel names is not there; a path equal to the agent's own is then the
// mount itself. Any other path that is not visible is left unread rather than
// guessed, so a JVM in another container is never given the agent's limits.
func resolveCgroupDir(mount, path, ownPath string) (string, bool) {
	dir := filepath.Join(mount, path)
	if _, err := os.Stat(dir); err == nil {
		return dir, true
	}
	if path == ownPath {
		return mount, true
	}
	return "", false
}

// readCPUMax parses cgroup v2 cpu.max: "<quota> <period>" or "max <period>".
func readCPUMax(path string) (cores float64, limited bool, err error) {
	fields, err := readLimitFields(path)
	if err != nil || fields == nil {
		return 0, false, err
	}
	if len(fields) != 2 {
		return 0, false, fmt.Errorf("%s: want quota and period, got %q", path, fields)
	}
	if fields[0] == "max" {
		return 0, false, nil
	}
	return quotaCores(path, fields[0], fields[1])
}

// readCFSQuota reads cgroup v1 cpu.cfs_quota_us (-1: no limit) and
// cpu.cfs_period_us.
func readCFSQuota(dir string) (cores float64, limited bool, err error) {
	quota, err := readLimitFields(filepath.Join(dir, "cpu.cfs_quota_us"))
	if err != nil || quota == nil || quota[0] == "-1" {
		return 0, false, err
	}
	period, err := readLimitFields(filepath.Join(dir, "cpu.cfs_period_us"))
	if err != nil || period == nil {
		return 0, false, err
	}
	return quotaCores(dir, quota[0], period[0])
}

func quotaCores(where, quotaText, periodText string) (float64, bool, error) {
	quota, err := strconv.ParseFloat(quotaText, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%s: cpu quota: %w", where, err)
	}
	period, err := strconv.ParseFloat(periodText, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%s: cpu period: %w", where, err)
	}
	if quota <= 0 || period <= 0 {
		return 0, false, nil
	}
	return quota / period, true, nil
}

// readMemoryLimit parses cgroup v2 memory.max ("max" or a byte count) and
// cgroup v1 memory.limit_in_bytes (a byte count, huge when unlimited).
func readMemoryLimit(path string) (bytes float64, limited bool, err error) {
	fields, err := readLimitFields(path)
	if err != nil || fields == nil || fields[0] == "max" {
		return 0, false, err
	}
	limit, err := strconv.ParseUint(fields[0], 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%s: memory limit: %w", path, err)
	}
	if limit >= v1UnlimitedMemory {
		return 0, false, nil
	}
	return float64(limit), true, nil
}

// readLimitFields returns the whitespace-separated fields of a one-line
// cgroup file, or nil when the file does not exist: the root cgroup and
// controllers that are not enabled have no limit files.
func readLimitFields(path string) ([]string, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading cgroup limit: %w", err)
	}
	fields := strings.Fields(string(raw))
	if len(fields) == 0 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	return fields, nil
}
