package deploy

import (
	"bytes"
	"fmt"
	"github.com/apimwatch/apimwatch/internal/testtool"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

const (
	k8sDir     = "kubernetes"
	agentImage = "apimwatch" // the image name kustomization.yaml rewrites
	agentPort  = 9247
	// secretsExample holds the Secrets the Deployments refer to, with placeholder values; it is
	// deliberately not a kustomization resource.
	secretsExample = "secrets.example.yaml"
)

// k8sDoc is one YAML document of deploy/kubernetes, decoded strictly into its Go type.
type k8sDoc struct {
	file string
	raw  []byte
	obj  any
}

// k8sKinds maps "apiVersion kind" to the Go type a document of that kind decodes into.
var k8sKinds = map[string]func() any{
	"apps/v1 Deployment": func() any { return &appsv1.Deployment{} },
	"v1 Service":         func() any { return &corev1.Service{} },
	"v1 ConfigMap":       func() any { return &corev1.ConfigMap{} },
	"v1 Secret":          func() any { return &corev1.Secret{} },
	"monitoring.coreos.com/v1 ServiceMonitor": func() any { return &serviceMonitor{} },
	"monitoring.coreos.com/v1 PrometheusRule": func() any { return &prometheusRule{} },
}

// serviceMonitor and prometheusRule follow the monitoring.coreos.com/v1 CRDs of the Prometheus
// Operator, limited to the fields these manifests may use, with the Go field names of the
// operator's own types (pkg/apis/monitoring/v1). The operator's module is not a dependency:
// the versions that build with k8s.io/api v0.37 need a k8s.io/utils the module proxy refuses.
// A field these types lack fails the strict decoding: add it here, with its CRD name.
type serviceMonitor struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		JobLabel          string               `json:"jobLabel"`
		TargetLabels      []string             `json:"targetLabels"`
		PodTargetLabels   []string             `json:"podTargetLabels"`
		Selector          metav1.LabelSelector `json:"selector"`
		NamespaceSelector struct {
			Any        bool     `json:"any"`
			MatchNames []string `json:"matchNames"`
		} `json:"namespaceSelector"`
		Endpoints []serviceMonitorEndpoint `json:"endpoints"`
	} `json:"spec"`
}

type serviceMonitorEndpoint struct {
	Port                 string          `json:"port"`
	Path                 string          `json:"path"`
	Scheme               string          `json:"scheme"`
	Interval             string          `json:"interval"`
	ScrapeTimeout        string          `json:"scrapeTimeout"`
	HonorLabels          bool            `json:"honorLabels"`
	MetricRelabelConfigs []relabelConfig `json:"metricRelabelings"`
	RelabelConfigs       []relabelConfig `json:"relabelings"`
}

type relabelConfig struct {
	SourceLabels []string `json:"sourceLabels"`
	Separator    string   `json:"separator"`
	TargetLabel  string   `json:"targetLabel"`
	Regex        string   `json:"regex"`
	Replacement  string   `json:"replacement"`
	Action       string   `json:"action"`
}

type prometheusRule struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Groups []struct {
			Name     string `json:"name"`
			Interval string `json:"interval"`
			Rules    []struct {
				Record        string            `json:"record"`
				Alert         string            `json:"alert"`
				Expr          string            `json:"expr"`
				For           string            `json:"for"`
				KeepFiringFor string            `json:"keep_firing_for"`
				Labels        map[string]string `json:"labels"`
				Annotations   map[string]string `json:"annotations"`
			} `json:"rules"`
		} `json:"groups"`
	} `json:"spec"`
}

var docSeparator = regexp.MustCompile(`(?m)^---[ \t]*$`)

// decodeK8sDoc decodes one document by its apiVersion and kind, rejecting unknown and
// duplicate fields. It returns nil for a document that holds only comments.
func decodeK8sDoc(raw []byte) (any, error) {
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(raw, &meta); err != nil {
		return nil, err
	}
	if meta.APIVersion == "" && meta.Kind == "" {
		var rest map[string]any
		if err := yaml.Unmarshal(raw, &rest); err != nil || len(rest) > 0 {
			return nil, fmt.Errorf("a document without apiVersion and kind: %v", err)
		}
		return nil, nil
	}
	newObj, ok := k8sKinds[meta.APIVersion+" "+meta.Kind]
	if !ok {
		return nil, fmt.Errorf("no Go type for %s %s", meta.APIVersion, meta.Kind)
	}
	obj := newObj()
	if err := yaml.UnmarshalStrict(raw, obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// loadK8s decodes every document of every manifest in deploy/kubernetes but kustomization.yaml.
func loadK8s(t *testing.T) []k8sDoc {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(k8sDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in %s: %v", k8sDir, err)
	}
	var docs []k8sDoc
	for _, file := range files {
		if filepath.Base(file) == "kustomization.yaml" {
			continue
		}
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, raw := range docSeparator.Split(string(text), -1) {
			obj, err := decodeK8sDoc([]byte(raw))
			if err != nil {
				t.Errorf("%s, document %d: %v", file, i+1, err)
				continue
			}
			if obj != nil {
				docs = append(docs, k8sDoc{file: filepath.Base(file), raw: []byte(raw), obj: obj})
			}
		}
	}
	return docs
}

// ofKind returns the objects of type T among docs, from every file or from the named ones.
func ofKind[T any](docs []k8sDoc, files ...string) []*T {
	var out []*T
	for _, d := range docs {
		if o, ok := d.obj.(*T); ok && (len(files) == 0 || slices.Contains(files, d.file)) {
			out = append(out, o)
		}
	}
	return out
}

func TestKubernetesManifestsDecodeStrictly(t *testing.T) {
	docs := loadK8s(t)
	want := map[string]int{"*v1.Deployment": 3, "*v1.Service": 2, "*deploy.serviceMonitor": 2, "*v1.ConfigMap": 4, "*v1.Secret": 2, "*deploy.prometheusRule": 1}
	got := map[string]int{}
	for _, d := range docs {
		got[fmt.Sprintf("%T", d.obj)]++
	}
	for kind, n := range want {
		if got[kind] < n {
			t.Errorf("%d documents of type %s, want at least %d", got[kind], kind, n)
		}
	}

	// The strictness the test relies on: a misspelt field is an error, not silently dropped.
	deployment := docs[slices.IndexFunc(docs, func(d k8sDoc) bool { _, ok := d.obj.(*appsv1.Deployment); return ok })]
	typo := bytes.Replace(deployment.raw, []byte("\n  replicas:"), []byte("\n  replica:"), 1)
	if bytes.Equal(typo, deployment.raw) {
		t.Fatalf("%s: no replicas field to misspell", deployment.file)
	}
	if _, err := decodeK8sDoc(typo); err == nil {
		t.Error("a Deployment with `replica:` decoded without error; unknown fields must be rejected")
	}
}

func TestKubernetesKustomization(t *testing.T) {
	var k struct {
		APIVersion string   `json:"apiVersion"`
		Kind       string   `json:"kind"`
		Resources  []string `json:"resources"`
		Images     []struct {
			Name    string `json:"name"`
			NewName string `json:"newName"`
			NewTag  string `json:"newTag"`
		} `json:"images"`
	}
	text, err := os.ReadFile(filepath.Join(k8sDir, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(text, &k); err != nil {
		t.Fatalf("kustomization.yaml: %v", err)
	}
	if k.Kind != "Kustomization" || !strings.HasPrefix(k.APIVersion, "kustomize.config.k8s.io/") {
		t.Errorf("kustomization.yaml is %s %s, want a kustomize.config.k8s.io Kustomization", k.APIVersion, k.Kind)
	}
	for _, r := range k.Resources {
		if _, err := os.Stat(filepath.Join(k8sDir, r)); err != nil {
			t.Errorf("resource %s: %v", r, err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(k8sDir, "*.yaml"))
	for _, f := range files {
		name := filepath.Base(f)
		listed := slices.Contains(k.Resources, name)
		switch {
		case name == "kustomization.yaml":
		case name == secretsExample && listed:
			t.Errorf("%s is a resource: its placeholder passwords would be applied", name)
		case name != secretsExample && !listed:
			t.Errorf("%s is not listed in kustomization.yaml's resources", name)
		}
	}
	if !slices.ContainsFunc(k.Images, func(i struct {
		Name    string `json:"name"`
		NewName string `json:"newName"`
		NewTag  string `json:"newTag"`
	}) bool {
		return i.Name == agentImage && i.NewName != ""
	}) {
		t.Errorf("kustomization.yaml does not give image %q a registry name (images[].newName)", agentImage)
	}
	for _, d := range ofKind[appsv1.Deployment](loadK8s(t)) {
		for _, c := range podContainers(&d.Spec.Template.Spec) {
			if strings.Contains(c.Image, agentImage) && c.Image != agentImage {
				t.Errorf("deployment %s container %s: image %q; use %q, which kustomization.yaml rewrites", d.Name, c.Name, c.Image, agentImage)
			}
		}
	}
}

// podContainers lists the pod's long-running containers: its containers and its native
// sidecars (init containers with restartPolicy Always).
func podContainers(spec *corev1.PodSpec) []*corev1.Container {
	var out []*corev1.Container
	for i := range spec.InitContainers {
		if c := &spec.InitContainers[i]; c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			out = append(out, c)
		}
	}
	for i := range spec.Containers {
		out = append(out, &spec.Containers[i])
	}
	return out
}

func agentContainer(spec *corev1.PodSpec) *corev1.Container {
	for _, c := range podContainers(spec) {
		if c.Image == agentImage {
			return c
		}
	}
	return nil
}

func agentDeployments(t *testing.T, docs []k8sDoc) []*appsv1.Deployment {
	t.Helper()
	var out []*appsv1.Deployment
	for _, d := range ofKind[appsv1.Deployment](docs) {
		if agentContainer(&d.Spec.Template.Spec) != nil {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		t.Fatal("no Deployment runs the apimwatch image")
	}
	return out
}

// flagValue returns the value of --name=value among args.
func flagValue(args []string, name string) (string, bool) {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v, true
		}
	}
	return "", false
}

func TestKubernetesAgentContainers(t *testing.T) {
	docs := loadK8s(t)
	for _, d := range agentDeployments(t, docs) {
		pod := &d.Spec.Template.Spec
		c := agentContainer(pod)
		where := fmt.Sprintf("deployment %s container %s", d.Name, c.Name)

		sc := c.SecurityContext
		if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
			sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") ||
			len(sc.Capabilities.Add) > 0 {
			t.Errorf("%s: securityContext must set runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation: false and drop ALL capabilities", where)
		}
		if c.Resources.Limits.Memory().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Requests.Cpu().IsZero() {
			t.Errorf("%s: needs memory requests and limits and a CPU request", where)
		}

		port := slices.IndexFunc(c.Ports, func(p corev1.ContainerPort) bool { return p.Name == "metrics" })
		if port < 0 || c.Ports[port].ContainerPort != agentPort {
			t.Fatalf("%s: no port named metrics on %d", where, agentPort)
		}
		checkProbe(t, where+" livenessProbe", c.LivenessProbe, "/healthz")
		switch {
		case c.ReadinessProbe != nil:
			checkProbe(t, where+" readinessProbe", c.ReadinessProbe, "/readyz")
		case c.StartupProbe != nil:
			checkProbe(t, where+" startupProbe", c.StartupProbe, "/readyz")
		default:
			t.Errorf("%s: neither a readiness nor a startup probe on /readyz", where)
		}

		if len(c.Args) == 0 || c.Args[0] != "run" {
			t.Errorf("%s: args %q do not start with run", where, c.Args)
		}
		env, _ := flagValue(c.Args, "environment")
		if env != "old" && env != "new" {
			t.Errorf("%s: --environment=%q, want old or new (the rules compare the two)", where, env)
		}
		if label := d.Spec.Template.Labels["environment"]; label != env {
			t.Errorf("%s: pod label environment=%q but --environment=%q; the ServiceMonitors copy the label", where, label, env)
		}
		if _, ok := flagValue(c.Args, "config.file"); !ok {
			t.Errorf("%s: no --config.file", where)
		}
	}
}

func checkProbe(t *testing.T, where string, p *corev1.Probe, path string) {
	t.Helper()
	if p == nil || p.HTTPGet == nil {
		t.Errorf("%s: want an HTTP GET of %s", where, path)
		return
	}
	if p.HTTPGet.Path != path || p.HTTPGet.Port.String() != "metrics" {
		t.Errorf("%s: GET %s on port %s, want %s on the metrics port", where, p.HTTPGet.Path, p.HTTPGet.Port.String(), path)
	}
}

func TestKubernetesSidecarReadsWSO2Logs(t *testing.T) {
	docs := loadK8s(t)
	sidecars := 0
	for _, d := range agentDeployments(t, docs) {
		pod := &d.Spec.Template.Spec
		agent := agentContainer(pod)
		for _, c := range podContainers(pod) {
			if !strings.HasPrefix(c.Image, "wso2/") {
				continue
			}
			sidecars++
			if pod.ShareProcessNamespace == nil || !*pod.ShareProcessNamespace {
				t.Errorf("deployment %s: shareProcessNamespace must be true for the agent to see the WSO2 JVM", d.Name)
			}
			logs := slices.IndexFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool { return strings.HasSuffix(m.MountPath, "/repository/logs") })
			if logs < 0 {
				t.Fatalf("deployment %s: container %s mounts no repository/logs volume", d.Name, c.Name)
			}
			wso2Logs := c.VolumeMounts[logs]
			if !slices.ContainsFunc(agent.VolumeMounts, func(m corev1.VolumeMount) bool {
				return m.Name == wso2Logs.Name && m.MountPath == wso2Logs.MountPath && m.ReadOnly && m.SubPath == wso2Logs.SubPath
			}) {
				t.Errorf("deployment %s: the agent must mount volume %s read-only at %s, as WSO2 does", d.Name, wso2Logs.Name, wso2Logs.MountPath)
			}
			// The agent's node must be that CARBON_HOME, or it would follow nothing and not
			// recognise the JVM (-Dcarbon.home=).
			home := strings.TrimSuffix(wso2Logs.MountPath, "/repository/logs")
			_, tag, _ := strings.Cut(c.Image, ":")
			for _, n := range agentConfig(t, docs, pod, agent).Nodes {
				if n.CarbonHome != home {
					t.Errorf("deployment %s: agent node carbon_home %s, but WSO2's logs are at %s", d.Name, n.CarbonHome, wso2Logs.MountPath)
				}
				if n.ProductVersion != "" && n.ProductVersion != tag {
					t.Errorf("deployment %s: agent node product_version %s, but WSO2's image is %s", d.Name, n.ProductVersion, c.Image)
				}
			}
		}
	}
	if sidecars == 0 {
		t.Error("no Deployment runs the agent beside a wso2/ image")
	}
}

// TestKubernetesOneCheckerPerEnvironment: the checks run once per environment, in a checker
// Deployment of their own (an agent with no WSO2 beside it) holding the environment's three
// databases, and never in the agents beside WSO2, whose replicas would each run them on the same
// databases. One replica, replaced by Recreate: two checkers of one environment would double its
// load on the databases and its wso2_check_* series.
func TestKubernetesOneCheckerPerEnvironment(t *testing.T) {
	docs := loadK8s(t)
	checkers := map[string][]string{}
	for _, d := range agentDeployments(t, docs) {
		pod := &d.Spec.Template.Spec
		c := agentContainer(pod)
		cfg := agentConfig(t, docs, pod, c)
		beside := slices.ContainsFunc(podContainers(pod), func(c *corev1.Container) bool { return strings.HasPrefix(c.Image, "wso2/") })
		if beside {
			if cfg.Verify.Enabled == nil || *cfg.Verify.Enabled {
				t.Errorf("deployment %s: the agent beside WSO2 must set verify.enabled: false; the checker of its environment runs the checks", d.Name)
			}
			continue
		}
		env, _ := flagValue(c.Args, "environment")
		checkers[env] = append(checkers[env], d.Name)
		if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 || d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
			t.Errorf("checker %s: want replicas: 1 and strategy Recreate", d.Name)
		}
		if cfg.Verify.Enabled == nil || !*cfg.Verify.Enabled {
			t.Errorf("checker %s: verify.enabled must be true", d.Name)
		}
		if len(cfg.Nodes) != 1 {
			t.Fatalf("checker %s: %d nodes, want the environment's databases as one node", d.Name, len(cfg.Nodes))
		}
		if roles := slices.Sorted(maps.Keys(cfg.Nodes[0].Databases)); !slices.Equal(roles, []string{"am", "reg", "um"}) {
			t.Errorf("checker %s: databases %v, want am, reg and um", d.Name, roles)
		}
	}
	for _, env := range []string{"old", "new"} {
		if len(checkers[env]) != 1 {
			t.Errorf("environment %s: checker Deployments %v, want one", env, checkers[env])
		}
	}
}

// agentConfig returns the configuration file a container's --config.file names, from the
// ConfigMap mounted there.
func agentConfig(t *testing.T, docs []k8sDoc, pod *corev1.PodSpec, c *corev1.Container) (cfg struct {
	Verify struct {
		Enabled *bool `json:"enabled"`
	} `json:"verify"`
	Nodes []struct {
		CarbonHome     string         `json:"carbon_home"`
		ProductVersion string         `json:"product_version"`
		Databases      map[string]any `json:"databases"`
	} `json:"nodes"`
}) {
	t.Helper()
	path, _ := flagValue(c.Args, "config.file")
	text, ok := mountedConfigMapFile(docs, pod, c, path)
	if !ok {
		t.Fatalf("container %s: %s is not a ConfigMap key mounted in the container", c.Name, path)
	}
	if err := yaml.Unmarshal([]byte(text), &cfg); err != nil {
		t.Fatalf("container %s: %s: %v", c.Name, path, err)
	}
	return cfg
}

// mountedConfigMapFile returns the content of the ConfigMap key mounted at path in c.
func mountedConfigMapFile(docs []k8sDoc, pod *corev1.PodSpec, c *corev1.Container, path string) (string, bool) {
	for _, m := range c.VolumeMounts {
		v := podVolume(pod, m.Name)
		if v == nil || v.ConfigMap == nil {
			continue
		}
		cm := configMap(docs, v.ConfigMap.Name)
		if cm == nil {
			continue
		}
		if m.SubPath != "" && m.MountPath == path {
			text, ok := cm.Data[m.SubPath]
			return text, ok
		}
		if key, ok := strings.CutPrefix(path, m.MountPath+"/"); ok && m.SubPath == "" {
			text, ok := cm.Data[key]
			return text, ok
		}
	}
	return "", false
}

func podVolume(pod *corev1.PodSpec, name string) *corev1.Volume {
	for i := range pod.Volumes {
		if pod.Volumes[i].Name == name {
			return &pod.Volumes[i]
		}
	}
	return nil
}

func configMap(docs []k8sDoc, name string) *corev1.ConfigMap {
	for _, cm := range ofKind[corev1.ConfigMap](docs) {
		if cm.Name == name {
			return cm
		}
	}
	return nil
}

// selects reports whether every label of selector is in labels.
func selects(selector, labels map[string]string) bool {
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return len(selector) > 0
}

func TestKubernetesServicesSelectAgents(t *testing.T) {
	docs := loadK8s(t)
	deployments := ofKind[appsv1.Deployment](docs)
	services := ofKind[corev1.Service](docs)
	for _, s := range services {
		port := slices.IndexFunc(s.Spec.Ports, func(p corev1.ServicePort) bool { return p.Name == "metrics" })
		if port < 0 || s.Spec.Ports[port].Port != agentPort || s.Spec.Ports[port].TargetPort.String() != "metrics" {
			t.Errorf("service %s: want port metrics %d to target port metrics", s.Name, agentPort)
			continue
		}
		matched := 0
		for _, d := range deployments {
			if !selects(s.Spec.Selector, d.Spec.Template.Labels) {
				continue
			}
			matched++
			if agentContainer(&d.Spec.Template.Spec) == nil {
				t.Errorf("service %s selects deployment %s, which runs no agent", s.Name, d.Name)
			}
		}
		if matched == 0 {
			t.Errorf("service %s: selector %v matches no pod template", s.Name, s.Spec.Selector)
		}
	}
	for _, d := range agentDeployments(t, docs) {
		if !slices.ContainsFunc(services, func(s *corev1.Service) bool { return selects(s.Spec.Selector, d.Spec.Template.Labels) }) {
			t.Errorf("deployment %s: no Service exposes its agent", d.Name)
		}
	}
}

func TestKubernetesServiceMonitorsSelectServices(t *testing.T) {
	docs := loadK8s(t)
	services := ofKind[corev1.Service](docs)
	deployments := ofKind[appsv1.Deployment](docs)
	scraped := map[string]bool{}
	for _, sm := range ofKind[serviceMonitor](docs) {
		var selected []*corev1.Service
		for _, s := range services {
			if selects(sm.Spec.Selector.MatchLabels, s.Labels) && len(sm.Spec.Selector.MatchExpressions) == 0 {
				selected = append(selected, s)
				if scraped[s.Name] {
					t.Errorf("service %s is selected by two ServiceMonitors: its agents would be scraped twice", s.Name)
				}
				scraped[s.Name] = true
			}
		}
		if len(selected) == 0 {
			t.Errorf("servicemonitor %s selects no Service", sm.Name)
		}
		for _, s := range selected {
			// Without spec.jobLabel the job is the Service's name; ApimwatchAgentDown
			// selects up{job=~".*apimwatch.*"}.
			if sm.Spec.JobLabel != "" || !strings.Contains(s.Name, "apimwatch") {
				t.Errorf("servicemonitor %s: the job of service %s would not contain \"apimwatch\"", sm.Name, s.Name)
			}
			for _, d := range deployments {
				if !selects(s.Spec.Selector, d.Spec.Template.Labels) {
					continue
				}
				for _, l := range sm.Spec.PodTargetLabels {
					if d.Spec.Template.Labels[l] == "" {
						t.Errorf("servicemonitor %s copies pod label %s, which deployment %s's pods lack", sm.Name, l, d.Name)
					}
				}
			}
		}
		for _, ep := range sm.Spec.Endpoints {
			for _, s := range selected {
				if !slices.ContainsFunc(s.Spec.Ports, func(p corev1.ServicePort) bool { return p.Name == ep.Port }) {
					t.Errorf("servicemonitor %s: endpoint port %q is not a port of service %s", sm.Name, ep.Port, s.Name)
				}
			}
			if ep.Path != "/metrics" || !ep.HonorLabels {
				t.Errorf("servicemonitor %s: want path /metrics and honorLabels (the agents set environment themselves)", sm.Name)
			}
			checkCheckerKeeps(t, sm, ep)
		}
	}
	for _, s := range services {
		if !scraped[s.Name] {
			t.Errorf("service %s is selected by no ServiceMonitor", s.Name)
		}
	}
}

// checkCheckerKeeps checks that a checker's scrape keeps its check series and drops the host
// and JVM ones: a checker has no JVM, and its wso2_jvm_up 0 would fire ApimwatchWSO2JVMDown.
func checkCheckerKeeps(t *testing.T, sm *serviceMonitor, ep serviceMonitorEndpoint) {
	t.Helper()
	if sm.Spec.Selector.MatchLabels["app.kubernetes.io/component"] != "checker" {
		return
	}
	keep := func(name string) bool {
		for _, r := range ep.MetricRelabelConfigs {
			if r.Action != "keep" || len(r.SourceLabels) != 1 || r.SourceLabels[0] != "__name__" || r.Regex == "" {
				t.Fatalf("servicemonitor %s: want only keep rules on __name__, got %+v", sm.Name, r)
			}
			if !regexp.MustCompile("^(?:" + r.Regex + ")$").MatchString(name) {
				return false
			}
		}
		return true
	}
	for name, want := range map[string]bool{
		"wso2_check_status": true, "wso2_check_offending_rows": true, "wso2_database_up": true,
		"apimwatch_config_last_reload_successful": true,
		"wso2_jvm_up": false, "wso2_jvm_restarts_total": false, "wso2_host_cpu_seconds_total": false,
		"wso2_host_filesystem_free_bytes": false,
	} {
		if keep(name) != want {
			t.Errorf("servicemonitor %s: keeps %s = %v, want %v", sm.Name, name, !want, want)
		}
	}
}

// plaintextPassword finds a password written out in a configuration text: a `password` key
// (TOML or YAML) whose value is not a $secret{} or $env{} reference, a `secrets:` mapping, or
// a user:password@ in a URL.
var plaintextPassword = []*regexp.Regexp{
	regexp.MustCompile(`(?im)^\s*password\s*[:=]\s*["']?(?:[^"'$\s#]|\$[^se])`),
	regexp.MustCompile(`(?m)^\s*secrets\s*:`),
	regexp.MustCompile(`://[^/\s:@]+:[^/\s@]+@`),
}

// findPlaintextPassword returns the line (from 1) of the first password written out in text,
// or 0. The line, not the text: a test's output must not show a password either.
func findPlaintextPassword(text string) int {
	for _, re := range plaintextPassword {
		if loc := re.FindStringIndex(text); loc != nil {
			return strings.Count(text[:loc[1]], "\n") + 1
		}
	}
	return 0
}

func TestKubernetesConfigMapsHoldNoPassword(t *testing.T) {
	for text, want := range map[string]bool{
		`password = "$secret{apim_db_password}"`: false,
		`password = "$env{DB_PASSWORD}"`:         false,
		"password_file: /run/secrets/x":          false,
		`password = "wso2carbon"`:                true,
		"    password: hunter2":                  true,
		"secrets:\n  apim_db: x":                 true,
		"dsn: postgres://u:pw@db/x":              true,
	} {
		if got := findPlaintextPassword(text) > 0; got != want {
			t.Errorf("findPlaintextPassword(%q) found one: %v, want %v", text, got, want)
		}
	}
	for _, cm := range ofKind[corev1.ConfigMap](loadK8s(t)) {
		for key, text := range cm.Data {
			if line := findPlaintextPassword(text); line > 0 {
				t.Errorf("configmap %s key %s, line %d: a password written out; passwords belong in a Secret", cm.Name, key, line)
			}
		}
	}
}

// secretValues returns the Secrets of secrets.example.yaml by name, key and value.
func secretValues(t *testing.T, docs []k8sDoc) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, s := range ofKind[corev1.Secret](docs, secretsExample) {
		out[s.Name] = maps.Clone(s.StringData)
		for k, v := range s.Data {
			out[s.Name][k] = string(v)
		}
	}
	return out
}

func TestKubernetesSecretsExampleHasEveryKey(t *testing.T) {
	docs := loadK8s(t)
	secrets := secretValues(t, docs)
	for _, d := range ofKind[appsv1.Deployment](docs) {
		pod := &d.Spec.Template.Spec
		for _, c := range podContainers(pod) {
			for _, e := range c.Env {
				if ref := e.ValueFrom; ref != nil && ref.SecretKeyRef != nil {
					if _, ok := secrets[ref.SecretKeyRef.Name][ref.SecretKeyRef.Key]; !ok {
						t.Errorf("deployment %s env %s: secret %s key %s is not in %s", d.Name, e.Name, ref.SecretKeyRef.Name, ref.SecretKeyRef.Key, secretsExample)
					}
				}
			}
		}
		for _, v := range pod.Volumes {
			if v.Secret == nil {
				continue
			}
			for _, item := range v.Secret.Items {
				if _, ok := secrets[v.Secret.SecretName][item.Key]; !ok {
					t.Errorf("deployment %s volume %s: secret %s key %s is not in %s", d.Name, v.Name, v.Secret.SecretName, item.Key, secretsExample)
				}
			}
		}
	}
}

// TestKubernetesAgentConfigsCheck lays out each agent container's filesystem as the pod would
// (ConfigMaps, Secrets and emptyDirs at their mount paths, under a temporary root) and runs
// `apimwatch config check` with the container's arguments and environment: the configuration
// must load without error, and each node must find its databases.
func TestKubernetesAgentConfigsCheck(t *testing.T) {
	bin := apimwatchBinary(t)
	docs := loadK8s(t)
	secrets := secretValues(t, docs)
	for _, d := range agentDeployments(t, docs) {
		t.Run(d.Name, func(t *testing.T) {
			pod := &d.Spec.Template.Spec
			c := agentContainer(pod)
			root := t.TempDir()
			for _, m := range c.VolumeMounts {
				mountVolume(t, docs, secrets, podVolume(pod, m.Name), m, root)
			}
			env := []string{}
			var secretsGiven []string
			for _, e := range c.Env {
				value := e.Value
				if ref := e.ValueFrom; ref != nil && ref.SecretKeyRef != nil {
					value = secrets[ref.SecretKeyRef.Name][ref.SecretKeyRef.Key]
					secretsGiven = append(secretsGiven, value)
				}
				env = append(env, e.Name+"="+value)
			}
			args := slices.Clone(c.Args)
			for i, a := range args {
				if path, ok := strings.CutPrefix(a, "--config.file="); ok {
					rebaseConfigFile(t, filepath.Join(root, path), root)
					args[i] = "--config.file=" + filepath.Join(root, path)
				}
			}
			out := configCheck(t, bin, env, append([]string{"config", "check"}, args[1:]...)...)
			for _, s := range secretsGiven {
				if strings.Contains(out.raw, s) {
					t.Errorf("config check printed the value of a secret")
				}
			}
			for _, n := range out.Nodes {
				if len(n.Databases) == 0 {
					t.Errorf("node %s: no database found; the checks or the $secret{} passwords are not wired", n.Name)
				}
			}
		})
	}
}

// mountVolume creates what volume shows at mount m, under root.
func mountVolume(t *testing.T, docs []k8sDoc, secrets map[string]map[string]string, v *corev1.Volume, m corev1.VolumeMount, root string) {
	t.Helper()
	target := filepath.Join(root, m.MountPath)
	var files map[string]string // path under the volume: content
	switch {
	case v == nil:
		t.Fatalf("mount %s: no such volume", m.Name)
	case v.EmptyDir != nil:
		files = map[string]string{}
	case v.ConfigMap != nil:
		cm := configMap(docs, v.ConfigMap.Name)
		if cm == nil {
			t.Fatalf("volume %s: no ConfigMap %s", v.Name, v.ConfigMap.Name)
		}
		files = itemsOf(cm.Data, v.ConfigMap.Items)
	case v.Secret != nil:
		data, ok := secrets[v.Secret.SecretName]
		if !ok {
			t.Fatalf("volume %s: no Secret %s in %s", v.Name, v.Secret.SecretName, secretsExample)
		}
		files = itemsOf(data, v.Secret.Items)
	default:
		t.Fatalf("volume %s: a kind of volume this test cannot lay out", v.Name)
	}
	if m.SubPath != "" {
		content, ok := files[m.SubPath]
		if !ok {
			t.Fatalf("mount %s: subPath %s is not in volume %s", m.MountPath, m.SubPath, v.Name)
		}
		writeFile(t, target, content)
		return
	}
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	for path, content := range files {
		writeFile(t, filepath.Join(target, path), content)
	}
}

// itemsOf returns the files a ConfigMap or Secret volume shows: every key, or the items.
func itemsOf(data map[string]string, items []corev1.KeyToPath) map[string]string {
	if len(items) == 0 {
		return maps.Clone(data)
	}
	files := map[string]string{}
	for _, it := range items {
		files[it.Path] = data[it.Key]
	}
	return files
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// composeFile is the part of the Compose specification compose.yaml uses; decoding into it
// strictly catches a misspelt key.
type composeFile struct {
	Name     string `json:"name"`
	Services map[string]struct {
		Build *struct {
			Context string `json:"context"`
		} `json:"build"`
		Image       string            `json:"image"`
		Command     []string          `json:"command"`
		Ports       []string          `json:"ports"`
		ReadOnly    bool              `json:"read_only"`
		Tmpfs       []string          `json:"tmpfs"`
		CapDrop     []string          `json:"cap_drop"`
		SecurityOpt []string          `json:"security_opt"`
		Environment map[string]string `json:"environment"`
		Volumes     []string          `json:"volumes"`
		DependsOn   []string          `json:"depends_on"`
		Restart     string            `json:"restart"`
	} `json:"services"`
	Volumes map[string]any `json:"volumes"`
}

const composeDir = "compose"

func loadCompose(t *testing.T) composeFile {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(composeDir, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.UnmarshalStrict(text, &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	return c
}

// bindMounts returns a service's bind mounts, target by source relative to deploy/compose.
func bindMounts(t *testing.T, c composeFile, service string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, v := range c.Services[service].Volumes {
		parts := strings.Split(v, ":")
		if len(parts) < 2 {
			t.Fatalf("service %s volume %q: want source:target[:mode]", service, v)
		}
		if strings.HasPrefix(parts[0], ".") {
			out[parts[1]] = filepath.Join(composeDir, parts[0])
		} else if _, ok := c.Volumes[parts[0]]; !ok {
			t.Errorf("service %s: named volume %s is not declared", service, parts[0])
		}
	}
	return out
}

func TestComposeStack(t *testing.T) {
	c := loadCompose(t)
	for name, s := range c.Services {
		for target, source := range bindMounts(t, c, name) {
			if _, err := os.Stat(source); err != nil {
				t.Errorf("service %s: the source of %s: %v", name, target, err)
			}
		}
		for _, dep := range s.DependsOn {
			if _, ok := c.Services[dep]; !ok {
				t.Errorf("service %s depends on %s, which is no service", name, dep)
			}
		}
	}
	agent := c.Services["apimwatch"]
	if agent.Build == nil || !slices.Equal(agent.Command, []string{"demo"}) {
		t.Fatalf("service apimwatch: want it built from the repository and running demo")
	}
	if _, err := os.Stat(filepath.Join(composeDir, agent.Build.Context, "Dockerfile")); err != nil {
		t.Errorf("service apimwatch: build context: %v", err)
	}

	// Grafana's provisioning must find Prometheus under its service name and the dashboards
	// where compose mounts them.
	grafana := bindMounts(t, c, "grafana")
	provisioning, ok := grafana["/etc/grafana/provisioning"]
	if !ok {
		t.Fatal("service grafana: deploy/grafana/provisioning is not mounted at /etc/grafana/provisioning")
	}
	var datasources struct {
		Datasources []struct {
			URL string `json:"url"`
		} `json:"datasources"`
	}
	readYAML(t, filepath.Join(provisioning, "datasources", "prometheus.yml"), &datasources)
	for _, ds := range datasources.Datasources {
		if _, ok := c.Services["prometheus"]; !ok || ds.URL != "http://prometheus:9090" {
			t.Errorf("grafana data source %s: want http://prometheus:9090, the prometheus service", ds.URL)
		}
	}
	var dashboards struct {
		Providers []struct {
			Options struct {
				Path string `json:"path"`
			} `json:"options"`
		} `json:"providers"`
	}
	readYAML(t, filepath.Join(provisioning, "dashboards", "apimwatch.yml"), &dashboards)
	for _, p := range dashboards.Providers {
		source, ok := grafana[p.Options.Path]
		if !ok {
			t.Errorf("grafana dashboards provider reads %s, which compose does not mount", p.Options.Path)
			continue
		}
		if json, _ := filepath.Glob(filepath.Join(source, "*.json")); len(json) == 0 {
			t.Errorf("grafana dashboards: no *.json in %s, mounted at %s", source, p.Options.Path)
		}
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(text, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestComposePrometheusConfig lays out the prometheus service's bind mounts as the container
// sees them and runs promtool check config, which also loads the mounted rules file; and checks
// that the scrape targets are the demo's two agents with the environment each one serves.
func TestComposePrometheusConfig(t *testing.T) {
	promtool := testtool.Path(t, "promtool", "prometheus")
	c := loadCompose(t)
	svc := c.Services["prometheus"]
	config, ok := flagValue(svc.Command, "config.file")
	if !ok {
		t.Fatal("service prometheus: no --config.file")
	}
	root := t.TempDir()
	for target, source := range bindMounts(t, c, "prometheus") {
		text, err := os.ReadFile(source)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(root, target), string(text))
	}
	out, err := exec.Command(promtool, "check", "config", filepath.Join(root, config)).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check config: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "SUCCESS: 1 rule files found") {
		t.Errorf("promtool loaded no rules file:\n%s", out)
	}

	var prom struct {
		ScrapeConfigs []struct {
			JobName       string `json:"job_name"`
			HonorLabels   bool   `json:"honor_labels"`
			StaticConfigs []struct {
				Targets []string          `json:"targets"`
				Labels  map[string]string `json:"labels"`
			} `json:"static_configs"`
		} `json:"scrape_configs"`
	}
	readYAML(t, filepath.Join(root, config), &prom)
	targets := map[string]string{}
	for _, sc := range prom.ScrapeConfigs {
		if !strings.Contains(sc.JobName, "apimwatch") || !sc.HonorLabels {
			t.Errorf("job %s: want a name containing apimwatch (ApimwatchAgentDown) and honor_labels", sc.JobName)
		}
		for _, st := range sc.StaticConfigs {
			for _, target := range st.Targets {
				targets[target] = st.Labels["environment"]
			}
		}
	}
	want := map[string]string{"apimwatch:9247": "new", "apimwatch:9248": "old"}
	if !maps.Equal(targets, want) {
		t.Errorf("scrape targets %v, want %v (apimwatch demo: new on 9247, old on 9248)", targets, want)
	}
}
