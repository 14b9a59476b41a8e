package main

import (
	"encoding/json"
	"fmt"
	"net"
	"path"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const (
	serverContainer  = "cancela"
	assembleConfig   = "assemble-config" // the init container that writes the server's config
	grpcPortName     = "grpc"
	healthPortName   = "health"
	webhookPortName  = "webhooks"
	configKey        = "config.json"
	defaultGraceMs   = 10000 // server.shutdown_grace_ms when the config does not say
	terminationSlack = 5     // seconds on top of preStop + grace (the metrics listener's teardown)
)

// Where the init container finds the config parts components add, merged over config.json.
const configPartsDir = "/etc/cancela.d/"

// Check applies the rules every overlay must keep, beyond being valid Kubernetes objects.
// External Secrets (created outside git, as in production) are allowed and listed.
func Check(o *Objects) (external []string, errs []error) {
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	servers := 0
	for _, d := range o.Deployments {
		spec := &d.Spec.Template.Spec
		checkPodSecurity(d, fail)
		for _, c := range append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...) {
			checkContainer(d.Name, c, fail)
		}
		external = append(external, checkVolumes(d, o, fail)...)
		if server := container(spec, serverContainer); server != nil {
			servers++
			checkServer(d, server, o, fail)
		}
	}
	if servers != 1 {
		fail("want exactly one Deployment with a %q container, found %d", serverContainer, servers)
	}
	for _, s := range o.Services {
		checkSelects(o, "Service "+s.Name, labels.SelectorFromSet(s.Spec.Selector), fail, func(d *appsv1.Deployment) {
			for _, p := range s.Spec.Ports {
				if p.TargetPort.StrVal != "" && !hasPort(&d.Spec.Template.Spec, p.TargetPort.StrVal) {
					fail("Service %s: targetPort %q is no container port of Deployment %s", s.Name, p.TargetPort.StrVal, d.Name)
				}
			}
		})
	}
	for _, p := range o.PDBs {
		if p.Spec.Selector == nil {
			fail("PodDisruptionBudget %s: no selector", p.Name)
			continue
		}
		selector, err := metaSelector(p.Spec.Selector.MatchLabels)
		if err != nil {
			fail("PodDisruptionBudget %s: %v", p.Name, err)
			continue
		}
		checkSelects(o, "PodDisruptionBudget "+p.Name, selector, fail, func(*appsv1.Deployment) {})
	}
	if len(o.PDBs) == 0 {
		fail("no PodDisruptionBudget")
	}
	return external, errs
}

func checkPodSecurity(d *appsv1.Deployment, fail func(string, ...any)) {
	spec := &d.Spec.Template.Spec
	sc := spec.SecurityContext
	if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
		fail("Deployment %s: pod securityContext.runAsNonRoot must be true", d.Name)
	}
	if sc == nil || sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		fail("Deployment %s: pod seccompProfile must be RuntimeDefault", d.Name)
	}
	if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
		fail("Deployment %s: automountServiceAccountToken must be false (no Kubernetes API calls)", d.Name)
	}
}

func checkContainer(owner string, c corev1.Container, fail func(string, ...any)) {
	where := fmt.Sprintf("Deployment %s container %s", owner, c.Name)
	sc := c.SecurityContext
	switch {
	case sc == nil:
		fail("%s: no securityContext", where)
		return
	case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
		fail("%s: allowPrivilegeEscalation must be false", where)
	case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
		fail("%s: readOnlyRootFilesystem must be true", where)
	case sc.Privileged != nil && *sc.Privileged:
		fail("%s: privileged", where)
	case sc.Capabilities == nil || !dropsAll(sc.Capabilities.Drop) || len(sc.Capabilities.Add) > 0:
		fail("%s: capabilities must drop ALL and add none", where)
	}
	if _, ok := c.Resources.Requests[corev1.ResourceCPU]; !ok {
		fail("%s: no cpu request", where)
	}
	if _, ok := c.Resources.Requests[corev1.ResourceMemory]; !ok {
		fail("%s: no memory request", where)
	}
	if _, ok := c.Resources.Limits[corev1.ResourceMemory]; !ok {
		fail("%s: no memory limit", where)
	}
	if c.Image == "" || strings.HasSuffix(c.Image, ":latest") {
		fail("%s: image %q must name a fixed tag", where, c.Image)
	}
}

// checkServer: the gateway's probes, drain timing, configuration and store.
func checkServer(d *appsv1.Deployment, c *corev1.Container, o *Objects, fail func(string, ...any)) {
	where := "Deployment " + d.Name
	if containerPort(c, grpcPortName) == 0 {
		fail("%s: container %s has no port named %q", where, c.Name, grpcPortName)
	}
	config, err := serverConfig(d, o)
	if err != nil {
		fail("%s: %v", where, err)
		return
	}
	probePort := probedPort(d, c, config, o, fail)
	checkProbe := func(kind string, p *corev1.Probe, service string) {
		switch {
		case p == nil:
			fail("%s: no %s probe", where, kind)
		case p.GRPC == nil:
			fail("%s: %s probe must be a native gRPC probe", where, kind)
		case p.GRPC.Port != probePort || p.GRPC.Service == nil || *p.GRPC.Service != service:
			fail("%s: %s probe must check service %q on port %d", where, kind, service, probePort)
		}
	}
	checkProbe("startup", c.StartupProbe, "liveness")
	checkProbe("liveness", c.LivenessProbe, "liveness")
	checkProbe("readiness", c.ReadinessProbe, "readiness")
	checkTLS(d, c, config, o, fail)
	preStop := int64(0)
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil {
		fail("%s: no preStop sleep (endpoints must drop the pod before the server drains)", where)
	} else {
		preStop = c.Lifecycle.PreStop.Sleep.Seconds
	}
	graceMs := int64(defaultGraceMs)
	if config.Server.ShutdownGraceMs != nil {
		graceMs = *config.Server.ShutdownGraceMs
	}
	need := preStop + (graceMs+999)/1000 + terminationSlack
	if t := d.Spec.Template.Spec.TerminationGracePeriodSeconds; t == nil || *t < need {
		fail("%s: terminationGracePeriodSeconds must be at least %d (preStop %d s + shutdown_grace_ms %d + %d s)",
			where, need, preStop, graceMs, terminationSlack)
	}
	if config.Store.Kind == "postgres" {
		checkPostgresStore(d, c, config, o, fail)
	} else {
		checkSqliteStore(d, c, config, fail)
	}
	checkWebhooks(d, c, config, o, fail)
	if config.Tenants != nil {
		fail("%s: the ConfigMap's config holds tenants; their token hashes belong in the cancela-callers Secret", where)
	}
	for _, ref := range config.secretRefs() {
		switch {
		case ref.kind == "value":
			fail("%s: %s is inline in the ConfigMap; use {\"file\": ...} from a Secret", where, ref.field)
		case ref.kind == "file" && !mountedFrom(d, c, ref.path, func(v corev1.Volume) bool { return v.Secret != nil }):
			fail("%s: %s reads %s, which no Secret volume provides", where, ref.field, ref.path)
		case ref.kind == "file":
			if s := secretBehind(d, c, ref.path, o); s != nil && !secretHasKey(s, path.Base(ref.path)) {
				fail("%s: %s reads %s, but Secret %s has no key %q", where, ref.field, ref.path, s.Name, path.Base(ref.path))
			}
		}
	}
}

// checkSqliteStore: one SQLite store per pod. A second pod would be a second store, and a retried
// key could refund twice: one replica, and the old pod gone before the new one starts.
func checkSqliteStore(d *appsv1.Deployment, c *corev1.Container, config *Config, fail func(string, ...any)) {
	where := "Deployment " + d.Name
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
		fail("%s: the SQLite store allows exactly one replica", where)
	}
	if d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		fail("%s: the SQLite store needs strategy Recreate", where)
	}
	if config.Store.SqlitePath == "" {
		fail("%s: store.sqlite_path must name the file on the pod's volume", where)
	} else if !mountedFrom(d, c, config.Store.SqlitePath, func(v corev1.Volume) bool { return v.PersistentVolumeClaim != nil }) {
		fail("%s: store.sqlite_path %s is not on a PersistentVolumeClaim", where, config.Store.SqlitePath)
	}
}

// checkPostgresStore: stateless replicas over one database, at least two, spread across nodes,
// replaced one at a time, with the DSN (it holds the password) only from a Secret file.
func checkPostgresStore(d *appsv1.Deployment, c *corev1.Container, config *Config, o *Objects, fail func(string, ...any)) {
	where := "Deployment " + d.Name
	replicas := int32(1)
	if d.Spec.Replicas != nil {
		replicas = *d.Spec.Replicas
	}
	if replicas < 2 {
		fail("%s: the PostgreSQL store wants at least two replicas, has %d", where, replicas)
	}
	if d.Spec.Strategy.Type != appsv1.RollingUpdateDeploymentStrategyType {
		fail("%s: the PostgreSQL store wants strategy RollingUpdate (no downtime on updates)", where)
	}
	if kind, _ := secretSource(config.Store.Postgres.Dsn); kind != "file" {
		fail("%s: store.postgres.dsn must be {\"file\": ...} from a Secret, never inline or from the environment", where)
	}
	for _, m := range c.VolumeMounts {
		for _, v := range d.Spec.Template.Spec.Volumes {
			if v.Name == m.Name && v.PersistentVolumeClaim != nil {
				fail("%s: mounts claim %s; with the PostgreSQL store the pods hold no state", where, v.PersistentVolumeClaim.ClaimName)
			}
		}
	}
	if len(o.PVCs) > 0 {
		fail("%s: the PostgreSQL store needs no PersistentVolumeClaim, found %s", where, o.PVCs[0].Name)
	}
	if !spreadsAcrossNodes(&d.Spec.Template.Spec) {
		fail("%s: replicas must be spread across nodes (topologySpreadConstraints or podAntiAffinity on kubernetes.io/hostname)", where)
	}
	for _, p := range o.PDBs {
		if p.Spec.Selector == nil {
			continue // reported by Check
		}
		selector, err := metaSelector(p.Spec.Selector.MatchLabels)
		if err != nil || !selector.Matches(labels.Set(d.Spec.Template.Labels)) {
			continue
		}
		keeps := replicas
		switch {
		case p.Spec.MinAvailable != nil:
			keeps = int32(p.Spec.MinAvailable.IntValue())
		case p.Spec.MaxUnavailable != nil:
			keeps = replicas - int32(p.Spec.MaxUnavailable.IntValue())
		}
		if isPercent(p.Spec.MinAvailable) || isPercent(p.Spec.MaxUnavailable) {
			fail("PodDisruptionBudget %s: give a number of pods, not a percentage", p.Name)
		} else if keeps < 1 || keeps >= replicas {
			fail("PodDisruptionBudget %s: must keep at least one of %d replicas serving and let drains proceed (keeps %d)", p.Name, replicas, keeps)
		}
	}
}

func isPercent(v *intstr.IntOrString) bool { return v != nil && v.Type == intstr.String }

func spreadsAcrossNodes(spec *corev1.PodSpec) bool {
	for _, t := range spec.TopologySpreadConstraints {
		if t.TopologyKey == corev1.LabelHostname && t.WhenUnsatisfiable == corev1.DoNotSchedule && t.MaxSkew == 1 {
			return true
		}
	}
	if a := spec.Affinity; a != nil && a.PodAntiAffinity != nil {
		for _, term := range a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
			if term.TopologyKey == corev1.LabelHostname {
				return true
			}
		}
		for _, term := range a.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution {
			if term.PodAffinityTerm.TopologyKey == corev1.LabelHostname {
				return true
			}
		}
	}
	return false
}

// checkWebhooks: the listener's port is a named container port, and a Service of its own reaches
// it, so providers can be let in without exposing the gRPC API.
func checkWebhooks(d *appsv1.Deployment, c *corev1.Container, config *Config, o *Objects, fail func(string, ...any)) {
	where := "Deployment " + d.Name
	if config.Webhooks.Listen == "" {
		return
	}
	if _, ok := listenerPort(where, c, "webhooks.listen", config.Webhooks.Listen, webhookPortName, fail); !ok {
		return
	}
	exposed := false
	for _, s := range o.Services {
		names := map[string]bool{}
		for _, p := range s.Spec.Ports {
			names[p.TargetPort.StrVal] = true
		}
		if names[webhookPortName] {
			exposed = true
			if names[grpcPortName] {
				fail("Service %s: exposes both %q and %q; webhooks need a Service of their own", s.Name, webhookPortName, grpcPortName)
			}
		}
	}
	if !exposed {
		fail("%s: no Service targets port %q (webhooks.listen is %s)", where, webhookPortName, config.Webhooks.Listen)
	}
}

// probedPort: where the kubelet's gRPC probes must go. With server.health_listen, its plaintext
// listener on the container port "health", which no Service exposes; with TLS on it is required,
// since Kubernetes' gRPC probes cannot speak TLS. Otherwise the gRPC port itself.
func probedPort(d *appsv1.Deployment, c *corev1.Container, config *Config, o *Objects, fail func(string, ...any)) int32 {
	where := "Deployment " + d.Name
	listen := config.Server.HealthListen
	if listen == "" {
		if config.Server.TLS != nil {
			fail("%s: server.tls is on but server.health_listen is not set: Kubernetes' gRPC probes cannot speak TLS", where)
		}
		return containerPort(c, grpcPortName)
	}
	port, ok := listenerPort(where, c, "server.health_listen", listen, healthPortName, fail)
	if !ok {
		return 0
	}
	for _, s := range o.Services {
		if !labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
			continue
		}
		for _, p := range s.Spec.Ports {
			target := p.TargetPort
			if target.Type == intstr.Int && target.IntVal == 0 {
				target = intstr.FromInt32(p.Port)
			}
			if target.StrVal == healthPortName || (target.Type == intstr.Int && port != 0 && target.IntVal == port) {
				fail("Service %s: exposes the health port (%s): its listener is plaintext and for the kubelet only", s.Name, listen)
			}
		}
	}
	return port
}

// listenerPort: the container port named name, which must be the port of listen (host:port, the
// setting field); ok is false when listen is not host:port.
func listenerPort(where string, c *corev1.Container, field, listen, name string, fail func(string, ...any)) (port int32, ok bool) {
	_, portText, err := net.SplitHostPort(listen)
	if err != nil {
		fail("%s: %s %q is not host:port", where, field, listen)
		return 0, false
	}
	port = containerPort(c, name)
	if fmt.Sprint(port) != portText {
		fail("%s: %s %s wants container port %q = %s, has %d", where, field, listen, name, portText, port)
	}
	return port, true
}

// checkTLS: the certificate files the server reads are those of a kubernetes.io/tls Secret (and
// the client CA of a Secret), mounted read-only as directories: the kubelet renews the files of a
// directory mount when the Secret changes, never those of a subPath mount.
func checkTLS(d *appsv1.Deployment, c *corev1.Container, config *Config, o *Objects, fail func(string, ...any)) {
	tls := config.Server.TLS
	if tls == nil {
		return
	}
	where := "Deployment " + d.Name
	files := []struct{ field, path, want string }{
		{"server.tls.cert_file", tls.CertFile, corev1.TLSCertKey},
		{"server.tls.key_file", tls.KeyFile, corev1.TLSPrivateKeyKey},
		{"server.tls.client_ca_file", tls.ClientCAFile, ""},
	}
	for _, f := range files {
		if f.path == "" {
			continue
		}
		m, v := mountBehind(d, c, f.path, func(v corev1.Volume) bool { return v.Secret != nil })
		switch {
		case v == nil:
			fail("%s: %s reads %s, which no Secret volume provides", where, f.field, f.path)
			continue
		case m.SubPath != "" || m.SubPathExpr != "":
			fail("%s: %s reads %s through a subPath mount, which the kubelet never updates: mount Secret %s as a directory",
				where, f.field, f.path, v.Secret.SecretName)
		case !m.ReadOnly:
			fail("%s: the Secret %s behind %s must be mounted read-only", where, v.Secret.SecretName, f.field)
		}
		if f.want != "" && path.Base(f.path) != f.want {
			fail("%s: %s is %s; a kubernetes.io/tls Secret's file is %s", where, f.field, f.path, f.want)
		}
		if s := secret(o, v.Secret.SecretName); s != nil {
			if f.want != "" && s.Type != corev1.SecretTypeTLS {
				fail("%s: %s comes from Secret %s, which is not of type %s", where, f.field, s.Name, corev1.SecretTypeTLS)
			}
			if !secretHasKey(s, path.Base(f.path)) {
				fail("%s: %s reads %s, but Secret %s has no key %q", where, f.field, f.path, s.Name, path.Base(f.path))
			}
		}
	}
	if path.Dir(tls.CertFile) != path.Dir(tls.KeyFile) {
		fail("%s: server.tls.cert_file and key_file must come from one Secret (one directory), so they change together", where)
	}
}

// checkVolumes: every ConfigMap and claim a pod mounts is in the manifests; Secrets may be
// created outside git, and are returned.
func checkVolumes(d *appsv1.Deployment, o *Objects, fail func(string, ...any)) (external []string) {
	for _, v := range d.Spec.Template.Spec.Volumes {
		switch {
		case v.ConfigMap != nil && configMap(o, v.ConfigMap.Name) == nil:
			fail("Deployment %s: volume %s mounts ConfigMap %s, which is not defined", d.Name, v.Name, v.ConfigMap.Name)
		case v.PersistentVolumeClaim != nil && !hasPVC(o, v.PersistentVolumeClaim.ClaimName):
			fail("Deployment %s: volume %s mounts claim %s, which is not defined", d.Name, v.Name, v.PersistentVolumeClaim.ClaimName)
		case v.Secret != nil && secret(o, v.Secret.SecretName) == nil:
			external = append(external, v.Secret.SecretName)
		}
	}
	return external
}

func checkSelects(o *Objects, what string, selector labels.Selector, fail func(string, ...any), each func(*appsv1.Deployment)) {
	matched := 0
	for _, d := range o.Deployments {
		if selector.Matches(labels.Set(d.Spec.Template.Labels)) {
			matched++
			each(d)
		}
	}
	if matched == 0 || selector.Empty() {
		fail("%s selects no Deployment's pods", what)
	}
}

// The parts of cancela's configuration the rules need (service/server/config.cc has it all).
type Config struct {
	Store struct {
		Kind       string `json:"kind"`
		SqlitePath string `json:"sqlite_path"`
		Postgres   struct {
			Dsn json.RawMessage `json:"dsn"`
		} `json:"postgres"`
	} `json:"store"`
	Webhooks struct {
		Listen string `json:"listen"`
	} `json:"webhooks"`
	Server struct {
		ShutdownGraceMs *int64 `json:"shutdown_grace_ms"`
		HealthListen    string `json:"health_listen"`
		TLS             *struct {
			CertFile     string `json:"cert_file"`
			KeyFile      string `json:"key_file"`
			ClientCAFile string `json:"client_ca_file"`
			ClientAuth   string `json:"client_auth"`
		} `json:"tls"`
	} `json:"server"`
	Tenants          json.RawMessage `json:"tenants"`
	ProviderAccounts []struct {
		Name    string `json:"name"`
		Webhook *struct {
			Token json.RawMessage `json:"token"`
		} `json:"webhook"`
		Settings map[string]json.RawMessage `json:"settings"`
	} `json:"provider_accounts"`
}

type secretRef struct{ field, kind, path string }

// secretRefs: every setting written as a secret source ({"file"|"env"|"value": ...}): provider
// settings, webhook tokens and the PostgreSQL DSN.
func (c *Config) secretRefs() []secretRef {
	var refs []secretRef
	add := func(field string, raw json.RawMessage) {
		if kind, value := secretSource(raw); kind != "" {
			refs = append(refs, secretRef{field, kind, value})
		}
	}
	add("store.postgres.dsn", c.Store.Postgres.Dsn)
	for i, a := range c.ProviderAccounts {
		for key, raw := range a.Settings {
			add(fmt.Sprintf("provider_accounts[%d].settings.%s", i, key), raw)
		}
		if a.Webhook != nil {
			add(fmt.Sprintf("provider_accounts[%d].webhook.token", i), a.Webhook.Token)
		}
	}
	return refs
}

// secretSource reads {"file"|"env"|"value": text}; an empty kind when raw is no secret source.
func secretSource(raw json.RawMessage) (kind, value string) {
	var source map[string]string
	if len(raw) == 0 || json.Unmarshal(raw, &source) != nil || len(source) != 1 {
		return "", ""
	}
	for k, v := range source {
		kind, value = k, v
	}
	return kind, value
}

// serverConfig is the configuration the server reads, minus the tenants the init container adds.
func serverConfig(d *appsv1.Deployment, o *Objects) (*Config, error) {
	merged, err := AssembledConfig(d, o)
	if err != nil {
		return nil, err
	}
	text, err := json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	config := &Config{}
	if err := json.Unmarshal(text, config); err != nil {
		return nil, fmt.Errorf("%s: %v", configKey, err)
	}
	return config, nil
}

// AssembledConfig does what the assemble-config init container does (tenants aside): config.json
// of the ConfigMap the pod mounts, with every *.json part the init container mounts under
// /etc/cancela.d/ merged over it in path order (objects merge key by key, as jq's `*`).
func AssembledConfig(d *appsv1.Deployment, o *Objects) (map[string]any, error) {
	var merged map[string]any
	for _, v := range d.Spec.Template.Spec.Volumes {
		if v.ConfigMap == nil {
			continue
		}
		if cm := configMap(o, v.ConfigMap.Name); cm != nil {
			if text, ok := cm.Data[configKey]; ok {
				if err := json.Unmarshal([]byte(text), &merged); err != nil {
					return nil, fmt.Errorf("ConfigMap %s: %s is not a JSON object: %v", cm.Name, configKey, err)
				}
				break
			}
		}
	}
	if merged == nil {
		return nil, fmt.Errorf("no mounted ConfigMap holds %s", configKey)
	}
	parts := map[string]string{}
	if init := initContainer(&d.Spec.Template.Spec, assembleConfig); init != nil {
		for _, m := range init.VolumeMounts {
			for _, v := range d.Spec.Template.Spec.Volumes {
				if v.Name != m.Name || v.ConfigMap == nil || !strings.HasPrefix(m.MountPath, configPartsDir) {
					continue
				}
				if cm := configMap(o, v.ConfigMap.Name); cm != nil {
					for key, text := range cm.Data {
						if strings.HasSuffix(key, ".json") {
							parts[path.Join(m.MountPath, key)] = text
						}
					}
				}
			}
		}
	}
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		var part map[string]any
		if err := json.Unmarshal([]byte(parts[name]), &part); err != nil {
			return nil, fmt.Errorf("%s is not a JSON object: %v", name, err)
		}
		merged = mergeJSON(merged, part)
	}
	return merged, nil
}

// mergeJSON merges over into base: objects key by key, anything else replaced.
func mergeJSON(base, over map[string]any) map[string]any {
	for key, value := range over {
		inner, isObject := value.(map[string]any)
		if baseInner, baseIsObject := base[key].(map[string]any); isObject && baseIsObject {
			base[key] = mergeJSON(baseInner, inner)
		} else {
			base[key] = value
		}
	}
	return base
}

// mountedFrom: whether file lies in a volume (of the pod, mounted by c or by an init container
// that assembles it) that satisfies want.
func mountedFrom(d *appsv1.Deployment, c *corev1.Container, file string, want func(corev1.Volume) bool) bool {
	return volumeBehind(d, c, file, want) != nil
}

func volumeBehind(d *appsv1.Deployment, c *corev1.Container, file string, want func(corev1.Volume) bool) *corev1.Volume {
	_, v := mountBehind(d, c, file, want)
	return v
}

// mountBehind: the mount of c that file lies in, and its volume, when that volume satisfies want.
func mountBehind(d *appsv1.Deployment, c *corev1.Container, file string, want func(corev1.Volume) bool) (*corev1.VolumeMount, *corev1.Volume) {
	for i, m := range c.VolumeMounts {
		if file != m.MountPath && !strings.HasPrefix(file, strings.TrimSuffix(m.MountPath, "/")+"/") {
			continue
		}
		for j, v := range d.Spec.Template.Spec.Volumes {
			if v.Name == m.Name && want(v) {
				return &c.VolumeMounts[i], &d.Spec.Template.Spec.Volumes[j]
			}
		}
	}
	return nil, nil
}

func secretBehind(d *appsv1.Deployment, c *corev1.Container, file string, o *Objects) *corev1.Secret {
	v := volumeBehind(d, c, file, func(v corev1.Volume) bool { return v.Secret != nil })
	if v == nil {
		return nil
	}
	return secret(o, v.Secret.SecretName)
}

func secretHasKey(s *corev1.Secret, key string) bool {
	_, inData := s.Data[key]
	_, inString := s.StringData[key]
	return inData || inString
}

func container(spec *corev1.PodSpec, name string) *corev1.Container {
	return named(spec.Containers, name)
}

func initContainer(spec *corev1.PodSpec, name string) *corev1.Container {
	return named(spec.InitContainers, name)
}

func named(containers []corev1.Container, name string) *corev1.Container {
	for i := range containers {
		if containers[i].Name == name {
			return &containers[i]
		}
	}
	return nil
}

func containerPort(c *corev1.Container, name string) int32 {
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	return 0
}

func hasPort(spec *corev1.PodSpec, name string) bool {
	for i := range spec.Containers {
		if containerPort(&spec.Containers[i], name) != 0 {
			return true
		}
	}
	return false
}

func dropsAll(drop []corev1.Capability) bool {
	for _, c := range drop {
		if c == "ALL" {
			return true
		}
	}
	return false
}

func configMap(o *Objects, name string) *corev1.ConfigMap { return byName(o.ConfigMaps, name) }

func secret(o *Objects, name string) *corev1.Secret { return byName(o.Secrets, name) }

// byName: the object of that name in list, or nil.
func byName[T interface{ GetName() string }](list []T, name string) T {
	for _, object := range list {
		if object.GetName() == name {
			return object
		}
	}
	var none T
	return none
}

func hasPVC(o *Objects, name string) bool {
	for _, p := range o.PVCs {
		if p.Name == name {
			return true
		}
	}
	return false
}

func metaSelector(match map[string]string) (labels.Selector, error) {
	if len(match) == 0 {
		return nil, fmt.Errorf("empty matchLabels")
	}
	return labels.SelectorFromSet(match), nil
}
