package collector

import (
	"testing"
)

func TestCgroupLimits(t *testing.T) {
	const unlimitedV1 = "9223372036854771712\n"
	tests := []struct {
		name        string
		own, member string // /proc/<pid>/cgroup of the agent and of the process
		sys         map[string]string
		want        cgroupLimits
		wantErr     bool
	}{
		{
			name: "v2 limits", own: "0::/agent\n", member: "0::/wso2\n",
			sys: map[string]string{
				"fs/cgroup/wso2/cpu.max":    "150000 100000\n",
				"fs/cgroup/wso2/memory.max": "1073741824\n",
			},
			want: cgroupLimits{cpuCores: 1.5, hasCPU: true, memoryBytes: 1 << 30, hasMemory: true},
		},
		{
			name: "v2 max means no limit", own: "0::/agent\n", member: "0::/wso2\n",
			sys: map[string]string{
				"fs/cgroup/wso2/cpu.max":    "max 100000\n",
				"fs/cgroup/wso2/memory.max": "max\n",
			},
		},
		{
			name: "v1 limits", own: "4:memory:/agent\n", member: "4:memory:/docker/x\n3:cpu,cpuacct:/docker/x\n",
			sys: map[string]string{
				"fs/cgroup/cpu/docker/x/cpu.cfs_quota_us":         "50000\n",
				"fs/cgroup/cpu/docker/x/cpu.cfs_period_us":        "100000\n",
				"fs/cgroup/memory/docker/x/memory.limit_in_bytes": "536870912\n",
			},
			want: cgroupLimits{cpuCores: 0.5, hasCPU: true, memoryBytes: 512 << 20, hasMemory: true},
		},
		{
			name: "v1 -1 quota and the page-aligned int64 sentinel mean no limit", own: "4:memory:/agent\n",
			member: "4:memory:/x\n3:cpu,cpuacct:/x\n",
			sys: map[string]string{
				"fs/cgroup/cpu/x/cpu.cfs_quota_us":         "-1\n",
				"fs/cgroup/cpu/x/cpu.cfs_period_us":        "100000\n",
				"fs/cgroup/memory/x/memory.limit_in_bytes": unlimitedV1,
			},
		},
		{
			name: "hybrid host: v2 has no controllers, limits come from v1", own: "0::/\n",
			member: "0::/\n4:memory:/m\n3:cpu:/c\n",
			sys: map[string]string{
				"fs/cgroup/cgroup.procs":                   "",
				"fs/cgroup/cpu/c/cpu.cfs_quota_us":         "200000\n",
				"fs/cgroup/cpu/c/cpu.cfs_period_us":        "100000\n",
				"fs/cgroup/memory/m/memory.limit_in_bytes": "2147483648\n",
			},
			want: cgroupLimits{cpuCores: 2, hasCPU: true, memoryBytes: 2 << 30, hasMemory: true},
		},
		{
			name: "inside a v1 container the agent's own cgroup is the mount root",
			own:  "4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n", member: "4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n",
			sys: map[string]string{
				"fs/cgroup/cpu/cpu.cfs_quota_us":         "200000\n",
				"fs/cgroup/cpu/cpu.cfs_period_us":        "100000\n",
				"fs/cgroup/memory/memory.limit_in_bytes": "268435456\n",
			},
			want: cgroupLimits{cpuCores: 2, hasCPU: true, memoryBytes: 256 << 20, hasMemory: true},
		},
		{
			name: "another container's cgroup the agent cannot see is not given the agent's limits",
			own:  "4:memory:/docker/agent\n", member: "4:memory:/docker/jvm\n",
			sys: map[string]string{"fs/cgroup/memory/memory.limit_in_bytes": "268435456\n"},
		},
		{
			name: "malformed cpu.max is an error", own: "0::/\n", member: "0::/wso2\n",
			sys:     map[string]string{"fs/cgroup/wso2/cpu.max": "150000\n"},
			wantErr: true,
		},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			fakeHost(t, map[string]string{"self/cgroup": test.own, "4242/cgroup": test.member}, test.sys)
			fs := hostFSFromEnv()
			own, err := readCgroupMembership(fs.procPath("self", "cgroup"))
			if err != nil {
				t.Fatal(err)
			}
			member, err := readCgroupMembership(fs.procPath("4242", "cgroup"))
			if err != nil {
				t.Fatal(err)
			}

			got, err := fs.cgroupLimitsOf(member, own)

			if (err != nil) != test.wantErr {
				t.Fatalf("err = %v, want error: %v", err, test.wantErr)
			}
			if got != test.want {
				t.Errorf("limits = %+v, want %+v", got, test.want)
			}
		})
	}
}
