package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const overlays = "../k8s/overlays/"

func render(t *testing.T, overlay string) *Objects {
	t.Helper()
	rendered, err := Build(overlays + overlay)
	if err != nil {
		t.Fatal(err)
	}
	objects, errs := Decode(rendered)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", overlay, errs)
	}
	return objects
}

func TestOverlaysAreValid(t *testing.T) {
	production := []string{"cancela-callers", "cancela-provider-credentials", "cancela-tls", "cancela-webhook-tokens"}
	// Local generates its (sandbox) Secrets; production's come from outside git.
	for overlay, want := range map[string][]string{
		"local":               nil,
		"production":          production,
		"production-postgres": append([]string{"cancela-postgres"}, production...),
		"production-mtls":     append([]string{"cancela-client-ca"}, production...),
	} {
		t.Run(overlay, func(t *testing.T) {
			external, errs := Check(render(t, overlay))
			for _, err := range errs {
				t.Error(err)
			}
			slices.Sort(external)
			slices.Sort(want)
			if !slices.Equal(external, want) {
				t.Errorf("external Secrets %v, want %v", external, want)
			}
		})
	}
}

func assembled(t *testing.T, overlay string) *Config {
	t.Helper()
	objects := render(t, overlay)
	d, _ := server(objects)
	config, err := serverConfig(d, objects)
	if err != nil {
		t.Fatal(err)
	}
	return config
}

// Production serves the API over TLS, probes aside; the local overlay stays plaintext.
func TestProductionServesTLS(t *testing.T) {
	for overlay, clientAuth := range map[string]string{
		"production": "", "production-postgres": "", "production-mtls": "require",
	} {
		t.Run(overlay, func(t *testing.T) {
			config := assembled(t, overlay)
			if config.Server.TLS == nil {
				t.Fatal("no server.tls in the assembled config")
			}
			if config.Server.TLS.ClientAuth != clientAuth || config.Server.HealthListen != "0.0.0.0:50052" {
				t.Errorf("client_auth %q, health_listen %q; want %q, 0.0.0.0:50052",
					config.Server.TLS.ClientAuth, config.Server.HealthListen, clientAuth)
			}
			// The component's part did not replace config.json: its settings are still there.
			if config.Store.SqlitePath == "" && config.Store.Kind != "postgres" {
				t.Error("config.json's store was lost in the merge")
			}
		})
	}
	if config := assembled(t, "local"); config.Server.TLS != nil || config.Server.ShutdownGraceMs == nil {
		t.Errorf("local: want plaintext with config.json's server settings, got %+v", config.Server)
	}
}

func TestDecodingIsStrict(t *testing.T) {
	for name, doc := range map[string]string{
		"unknown field":   "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replica: 2}\n",
		"wrong type":      "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: grpc}]}\n",
		"duplicate key":   "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nmetadata: {name: y}\n",
		"unknown kind":    "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n",
		"not yaml at all": "apiVersion: [\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, errs := Decode([]byte(doc)); len(errs) == 0 {
				t.Errorf("accepted:\n%s", doc)
			}
		})
	}
}

func server(o *Objects) (*appsv1.Deployment, *corev1.Container) {
	for _, d := range o.Deployments {
		if c := container(&d.Spec.Template.Spec, serverContainer); c != nil {
			return d, c
		}
	}
	return nil, nil
}

type brokenCase struct {
	breakIt func(o *Objects)
	want    string
}

// expectErrors renders overlay once per case, breaks it, and wants Check to name the fault.
func expectErrors(t *testing.T, overlay string, cases map[string]brokenCase) {
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			objects := render(t, overlay)
			tc.breakIt(objects)
			_, errs := Check(objects)
			for _, err := range errs {
				if strings.Contains(err.Error(), tc.want) {
					return
				}
			}
			t.Errorf("want an error containing %q, got %v", tc.want, errs)
		})
	}
}

func replaceInConfig(o *Objects, old, new string) { replaceInConfigMap(o, configKey, old, new) }

// replaceInConfigMap edits the ConfigMap key (config.json, or a component's part such as tls.json).
func replaceInConfigMap(o *Objects, key, old, new string) {
	for _, cm := range o.ConfigMaps {
		if text, ok := cm.Data[key]; ok {
			cm.Data[key] = strings.Replace(text, old, new, 1)
		}
	}
}

func mount(c *corev1.Container, name string) *corev1.VolumeMount {
	for i := range c.VolumeMounts {
		if c.VolumeMounts[i].Name == name {
			return &c.VolumeMounts[i]
		}
	}
	return nil
}

func TestRulesCatchBrokenManifests(t *testing.T) {
	expectErrors(t, "local", map[string]brokenCase{
		"http readiness probe": {func(o *Objects) {
			_, c := server(o)
			c.ReadinessProbe.GRPC = nil
			c.ReadinessProbe.HTTPGet = &corev1.HTTPGetAction{Port: intstr.FromInt(9464)}
		}, "readiness probe must be a native gRPC probe"},
		"liveness probe on readiness": {func(o *Objects) {
			_, c := server(o)
			s := "readiness"
			c.LivenessProbe.GRPC.Service = &s
		}, `liveness probe must check service "liveness"`},
		"writable root filesystem": {func(o *Objects) {
			_, c := server(o)
			no := false
			c.SecurityContext.ReadOnlyRootFilesystem = &no
		}, "readOnlyRootFilesystem must be true"},
		"capabilities kept": {func(o *Objects) {
			d, _ := server(o)
			d.Spec.Template.Spec.InitContainers[0].SecurityContext.Capabilities.Drop = nil
		}, "capabilities must drop ALL"},
		"root allowed": {func(o *Objects) {
			d, _ := server(o)
			d.Spec.Template.Spec.SecurityContext.RunAsNonRoot = nil
		}, "runAsNonRoot must be true"},
		"no memory limit": {func(o *Objects) {
			_, c := server(o)
			delete(c.Resources.Limits, corev1.ResourceMemory)
		}, "no memory limit"},
		"grace shorter than the drain": {func(o *Objects) {
			d, _ := server(o)
			short := int64(12)
			d.Spec.Template.Spec.TerminationGracePeriodSeconds = &short
		}, "terminationGracePeriodSeconds must be at least 20"},
		"no preStop": {func(o *Objects) {
			_, c := server(o)
			c.Lifecycle = nil
		}, "no preStop sleep"},
		"two replicas on SQLite": {func(o *Objects) {
			d, _ := server(o)
			two := int32(2)
			d.Spec.Replicas = &two
		}, "exactly one replica"},
		"rolling update on SQLite": {func(o *Objects) {
			d, _ := server(o)
			d.Spec.Strategy.Type = appsv1.RollingUpdateDeploymentStrategyType
		}, "strategy Recreate"},
		"inline credential": {func(o *Objects) {
			replaceInConfig(o, `{"file": "/run/secrets/cancela/providers/loja-centro-merchant-key"}`, `{"value": "hunter2"}`)
		}, "inline in the ConfigMap"},
		"credential file of no Secret": {func(o *Objects) {
			replaceInConfig(o, "/run/secrets/cancela/providers/loja-centro-merchant-key", "/etc/cancela/key")
		}, "which no Secret volume provides"},
		"credential key missing from the Secret": {func(o *Objects) {
			for _, s := range o.Secrets {
				delete(s.Data, "globex-merchant-key")
			}
		}, `has no key "globex-merchant-key"`},
		"token hashes in the ConfigMap": {func(o *Objects) {
			replaceInConfig(o, `"listen"`, `"tenants": [], "listen"`)
		}, "belong in the cancela-callers Secret"},
		"service to a missing port": {func(o *Objects) {
			o.Services[0].Spec.Ports[0].TargetPort = intstr.FromString("grcp")
		}, `targetPort "grcp"`},
		"no PodDisruptionBudget": {func(o *Objects) { o.PDBs = nil }, "no PodDisruptionBudget"},
		"latest image": {func(o *Objects) {
			_, c := server(o)
			c.Image = "cancela:latest"
		}, "must name a fixed tag"},
	})
}

const dsnFile = `{"file": "/run/secrets/cancela-postgres/dsn"}`

func TestPostgresRulesCatchBrokenManifests(t *testing.T) {
	expectErrors(t, "production-postgres", map[string]brokenCase{
		"one replica": {func(o *Objects) {
			d, _ := server(o)
			one := int32(1)
			d.Spec.Replicas = &one
		}, "at least two replicas, has 1"},
		"recreate": {func(o *Objects) {
			d, _ := server(o)
			d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
		}, "wants strategy RollingUpdate"},
		"inline DSN": {func(o *Objects) {
			replaceInConfig(o, dsnFile, `{"value": "host=db password=hunter2"}`)
		}, "store.postgres.dsn must be {\"file\": ...} from a Secret"},
		"DSN from the environment": {func(o *Objects) {
			replaceInConfig(o, dsnFile, `{"env": "CANCELA_DSN"}`)
		}, "never inline or from the environment"},
		"DSN file of no Secret": {func(o *Objects) {
			replaceInConfig(o, "/run/secrets/cancela-postgres/dsn", "/etc/cancela/dsn")
		}, "store.postgres.dsn reads /etc/cancela/dsn, which no Secret volume provides"},
		"no spread across nodes": {func(o *Objects) {
			d, _ := server(o)
			d.Spec.Template.Spec.TopologySpreadConstraints = d.Spec.Template.Spec.TopologySpreadConstraints[1:]
		}, "spread across nodes"},
		"a claim kept": {func(o *Objects) {
			o.PVCs = append(o.PVCs, &corev1.PersistentVolumeClaim{})
			o.PVCs[0].Name = "cancela-data"
		}, "needs no PersistentVolumeClaim"},
		"budget that blocks every drain": {func(o *Objects) {
			three := intstr.FromInt(3)
			o.PDBs[0].Spec.MaxUnavailable = nil
			o.PDBs[0].Spec.MinAvailable = &three
		}, "must keep at least one of 3 replicas serving and let drains proceed (keeps 3)"},
		"budget that keeps none": {func(o *Objects) {
			three := intstr.FromInt(3)
			o.PDBs[0].Spec.MaxUnavailable = &three
		}, "(keeps 0)"},
		"budget in percent": {func(o *Objects) {
			half := intstr.FromString("50%")
			o.PDBs[0].Spec.MaxUnavailable = &half
		}, "not a percentage"},
		"sqlite config on several replicas": {func(o *Objects) {
			replaceInConfig(o, `"kind": "postgres"`, `"kind": "sqlite"`)
		}, "the SQLite store allows exactly one replica"},
	})
}

func TestWebhookRulesCatchBrokenManifests(t *testing.T) {
	expectErrors(t, "local", map[string]brokenCase{
		"no container port": {func(o *Objects) {
			_, c := server(o)
			c.Ports = c.Ports[:2]
		}, `wants container port "webhooks" = 8090, has 0`},
		"listen on another port": {func(o *Objects) {
			replaceInConfig(o, `"0.0.0.0:8090"`, `"0.0.0.0:8091"`)
		}, `wants container port "webhooks" = 8091, has 8090`},
		"no Service": {func(o *Objects) {
			o.Services = slices.DeleteFunc(o.Services, func(s *corev1.Service) bool { return s.Name == "cancela-webhooks" })
		}, `no Service targets port "webhooks"`},
		"webhooks on the gRPC Service": {func(o *Objects) {
			for _, s := range o.Services {
				if s.Name == "cancela" {
					s.Spec.Ports = append(s.Spec.Ports, corev1.ServicePort{Name: "webhooks", Port: 8090, TargetPort: intstr.FromString("webhooks")})
				}
			}
		}, "webhooks need a Service of their own"},
		"inline webhook token": {func(o *Objects) {
			replaceInConfig(o, `{"file": "/run/secrets/cancela/webhooks/loja-centro-token"}`, `{"value": "demo-notification-token-centro"}`)
		}, "provider_accounts[0].webhook.token is inline in the ConfigMap"},
		"token key missing from the Secret": {func(o *Objects) {
			for _, s := range o.Secrets {
				delete(s.Data, "loja-centro-token")
			}
		}, `has no key "loja-centro-token"`},
	})
}

const certDir = "/run/secrets/cancela/tls/"

func TestTLSRulesCatchBrokenManifests(t *testing.T) {
	expectErrors(t, "production", map[string]brokenCase{
		"certificate through subPath": {func(o *Objects) {
			_, c := server(o)
			m := mount(c, "tls")
			m.MountPath = certDir + "tls.crt"
			m.SubPath = "tls.crt"
		}, "through a subPath mount, which the kubelet never updates"},
		"certificate mount writable": {func(o *Objects) {
			_, c := server(o)
			mount(c, "tls").ReadOnly = false
		}, "Secret cancela-tls behind server.tls.cert_file must be mounted read-only"},
		"certificate Secret not mounted": {func(o *Objects) {
			_, c := server(o)
			c.VolumeMounts = slices.DeleteFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool { return m.Name == "tls" })
		}, "server.tls.cert_file reads " + certDir + "tls.crt, which no Secret volume provides"},
		"key path off the mount": {func(o *Objects) {
			replaceInConfigMap(o, "tls.json", certDir+"tls.key", "/etc/cancela/tls.key")
		}, "server.tls.key_file reads /etc/cancela/tls.key, which no Secret volume provides"},
		"certificate not a kubernetes.io/tls key": {func(o *Objects) {
			replaceInConfigMap(o, "tls.json", certDir+"tls.crt", certDir+"server.pem")
		}, "a kubernetes.io/tls Secret's file is tls.crt"},
		"readiness probe on the TLS port": {func(o *Objects) {
			_, c := server(o)
			c.ReadinessProbe.GRPC.Port = 50051
		}, `readiness probe must check service "readiness" on port 50052`},
		"startup probe on the TLS port": {func(o *Objects) {
			_, c := server(o)
			c.StartupProbe.GRPC.Port = 50051
		}, `startup probe must check service "liveness" on port 50052`},
		"health port not declared": {func(o *Objects) {
			_, c := server(o)
			c.Ports = slices.DeleteFunc(c.Ports, func(p corev1.ContainerPort) bool { return p.Name == "health" })
		}, `wants container port "health" = 50052, has 0`},
		"health listener on another port": {func(o *Objects) {
			replaceInConfigMap(o, "tls.json", `"0.0.0.0:50052"`, `"0.0.0.0:50053"`)
		}, `wants container port "health" = 50053, has 50052`},
		"TLS without a health listener": {func(o *Objects) {
			replaceInConfigMap(o, "tls.json", `"health_listen": "0.0.0.0:50052"`, `"log_level": "info"`)
		}, "Kubernetes' gRPC probes cannot speak TLS"},
		"health port on the client Service": {func(o *Objects) {
			s := byName(o.Services, "cancela")
			s.Spec.Ports = append(s.Spec.Ports, corev1.ServicePort{Name: "health", Port: 50052, TargetPort: intstr.FromString("health")})
		}, "Service cancela: exposes the health port"},
		"health port by number on the client Service": {func(o *Objects) {
			s := byName(o.Services, "cancela")
			s.Spec.Ports = append(s.Spec.Ports, corev1.ServicePort{Name: "probe", Port: 50052})
		}, "Service cancela: exposes the health port"},
		"component part not mounted": {func(o *Objects) {
			d, _ := server(o)
			init := initContainer(&d.Spec.Template.Spec, assembleConfig)
			init.VolumeMounts = slices.DeleteFunc(init.VolumeMounts, func(m corev1.VolumeMount) bool { return m.Name == "config-tls" })
			// Without its part the server is plaintext with no health listener: nothing on 50052.
		}, `readiness probe must check service "readiness" on port 50051`},
	})
}

func TestMutualTLSRulesCatchBrokenManifests(t *testing.T) {
	expectErrors(t, "production-mtls", map[string]brokenCase{
		"client CA off the mount": {func(o *Objects) {
			replaceInConfigMap(o, "mtls.json", "/run/secrets/cancela/client-ca/ca.crt", "/run/secrets/cancela/ca/ca.crt")
		}, "server.tls.client_ca_file reads /run/secrets/cancela/ca/ca.crt, which no Secret volume provides"},
		"client CA through subPath": {func(o *Objects) {
			_, c := server(o)
			mount(c, "client-ca").SubPath = "ca.crt"
		}, "server.tls.client_ca_file reads /run/secrets/cancela/client-ca/ca.crt through a subPath mount"},
	})
}

// The init container's own command, run here over the overlay's ConfigMaps, writes what
// AssembledConfig (the validator's reading, and the configs the boot test starts) says it does.
func TestInitContainerAssemblesConfig(t *testing.T) {
	for _, overlay := range []string{"local", "production", "production-mtls"} {
		t.Run(overlay, func(t *testing.T) {
			objects := render(t, overlay)
			d, _ := server(objects)
			init := initContainer(&d.Spec.Template.Spec, assembleConfig)
			root := t.TempDir()
			for _, m := range init.VolumeMounts {
				dir := filepath.Join(root, m.MountPath)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for _, v := range d.Spec.Template.Spec.Volumes {
					if v.Name != m.Name {
						continue
					}
					files := map[string]string{}
					if v.ConfigMap != nil {
						files = configMap(objects, v.ConfigMap.Name).Data
					} else if v.Secret != nil && strings.HasPrefix(v.Secret.SecretName, "cancela-callers") {
						files["tenants.json"] = `[{"name": "acme", "token_sha256": ["00"]}]`
					}
					for name, text := range files {
						if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			// Every path in the command is absolute and follows a space: move them all under root.
			script := strings.ReplaceAll(init.Command[len(init.Command)-1], " /", " "+root+"/")
			if output, err := exec.Command("/bin/sh", "-c", script).CombinedOutput(); err != nil {
				t.Fatalf("%v: %s\n%s", err, output, script)
			}
			var got map[string]any
			text, err := os.ReadFile(filepath.Join(root, "run/cancela", configKey))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(text, &got); err != nil {
				t.Fatalf("the init container wrote no JSON: %v\n%s", err, text)
			}
			want, err := AssembledConfig(d, objects)
			if err != nil {
				t.Fatal(err)
			}
			want["tenants"] = []any{map[string]any{"name": "acme", "token_sha256": []any{"00"}}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("init container wrote\n%s\nwant\n%v", text, want)
			}
		})
	}
}
