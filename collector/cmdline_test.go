package collector

import (
	"testing"
)

func TestParseJavaSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // 0: rejected
	}{
		{"96m", 96 << 20},
		{"96M", 96 << 20},
		{"1024k", 1 << 20},
		{"2g", 2 << 30},
		{"2G", 2 << 30},
		{"1t", 1 << 40},
		{"1048576", 1 << 20},
		{"", 0},
		{"m", 0},
		{"-1g", 0},
		{"+1g", 0},
		{"0", 0},
		{"1.5g", 0},
		{"12x", 0},
		{"9999999999t", 0}, // overflows int64
	}
	for _, test := range tests {
		got, err := parseJavaSize(test.in)
		if test.want == 0 {
			if err == nil {
				t.Errorf("parseJavaSize(%q) = %d, want an error", test.in, got)
			}
			continue
		}
		if err != nil || got != test.want {
			t.Errorf("parseJavaSize(%q) = %d, %v; want %d", test.in, got, err, test.want)
		}
	}
}

func TestParseJVMCommandLine(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		want     jvmCommandLine
		isCarbon bool
	}{
		{
			name: "WSO2 start script defaults",
			args: []string{"/usr/bin/java", "-Xms256m", "-Xmx1024m", "-Dcarbon.home=/opt/wso2am-4.2.0", bootstrapClass, "start"},
			want: jvmCommandLine{carbonHome: "/opt/wso2am-4.2.0", profile: "default", heapMaxBytes: 1 << 30}, isCarbon: true,
		},
		{
			name: "last heap option wins, whichever spelling",
			args: []string{"java", "-Xmx1g", "-XX:MaxHeapSize=512m", "-Dcarbon.home=/a", bootstrapClass},
			want: jvmCommandLine{carbonHome: "/a", profile: "default", heapMaxBytes: 512 << 20}, isCarbon: true,
		},
		{
			name: "-Xmx after the main class is a program argument",
			args: []string{"java", "-Xmx2g", "-Dcarbon.home=/a", bootstrapClass, "-Xmx64m"},
			want: jvmCommandLine{carbonHome: "/a", profile: "default", heapMaxBytes: 2 << 30}, isCarbon: true,
		},
		{
			name: "no heap option, profile passed through to Carbon after the main class, home cleaned",
			args: []string{"java", "-Dcarbon.home=/opt/wso2//am/", bootstrapClass, "-Dprofile=gateway-worker"},
			want: jvmCommandLine{carbonHome: "/opt/wso2/am", profile: "gateway-worker"}, isCarbon: true,
		},
		{
			name: "malformed -Xmx is ignored",
			args: []string{"java", "-Xmxlots", "-Dcarbon.home=/a", bootstrapClass},
			want: jvmCommandLine{carbonHome: "/a", profile: "default"}, isCarbon: true,
		},
		{
			name: "perf data turned off, the last option winning",
			args: []string{"java", "-XX:+UsePerfData", "-XX:-UsePerfData", "-Dcarbon.home=/a", bootstrapClass},
			want: jvmCommandLine{carbonHome: "/a", profile: "default", noPerfData: true}, isCarbon: true,
		},
		{
			name: "perf data turned off then on again",
			args: []string{"java", "-XX:-UsePerfData", "-XX:+UsePerfData", "-Dcarbon.home=/a", bootstrapClass},
			want: jvmCommandLine{carbonHome: "/a", profile: "default"}, isCarbon: true,
		},
		{
			name: "perf data kept in private memory: no file",
			args: []string{"java", "-XX:+PerfDisableSharedMem", "-Dcarbon.home=/a", bootstrapClass},
			want: jvmCommandLine{carbonHome: "/a", profile: "default", noPerfData: true}, isCarbon: true,
		},
		{
			name: "-XX:-UsePerfData after the main class is a program argument",
			args: []string{"java", "-Dcarbon.home=/a", bootstrapClass, "-XX:-UsePerfData"},
			want: jvmCommandLine{carbonHome: "/a", profile: "default"}, isCarbon: true,
		},
		{
			name: "not Carbon",
			args: []string{"java", "-Xmx1g", "-Dcarbon.home=/a", "org.example.Main"},
			want: jvmCommandLine{carbonHome: "/a", profile: "default", heapMaxBytes: 1 << 30},
		},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got, isCarbon := parseJVMCommandLine(test.args)
			if got != test.want || isCarbon != test.isCarbon {
				t.Errorf("got %+v, carbon %v; want %+v, carbon %v", got, isCarbon, test.want, test.isCarbon)
			}
		})
	}
}

func TestSplitCmdline(t *testing.T) {
	got := splitCmdline([]byte("java\x00-Dcarbon.home=/a b\x00" + bootstrapClass + "\x00"))
	if len(got) != 3 || got[1] != "-Dcarbon.home=/a b" || got[2] != bootstrapClass {
		t.Errorf("splitCmdline = %q", got)
	}
	if got := splitCmdline(nil); got != nil {
		t.Errorf("splitCmdline(kernel thread) = %q, want nil", got)
	}
}

func FuzzParseJavaSize(f *testing.F) {
	for _, seed := range []string{"96m", "1024", "2G", "", "9999999999t", "-1k"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		size, err := parseJavaSize(in)
		if err == nil && size <= 0 {
			t.Errorf("parseJavaSize(%q) = %d without an error", in, size)
		}
	})
}
