package main

import (
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
	for _, overlay := range []string{"local", "production"} {
		t.Run(overlay, func(t *testing.T) {
			external, errs := Check(render(t, overlay))
			for _, err := range errs {
				t.Error(err)
			}
			// Local generates its (sandbox) Secrets; production's come from outside git.
			slices.Sort(external)
			want := []string{"cancela-callers", "cancela-provider-credentials"}
			if overlay == "local" {
				want = nil
			}
			if !slices.Equal(external, want) {
				t.Errorf("external Secrets %v, want %v", external, want)
			}
		})
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

func TestRulesCatchBrokenManifests(t *testing.T) {
	cases := map[string]struct {
		breakIt func(o *Objects)
		want    string
	}{
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
			cm := o.ConfigMaps[0]
			cm.Data[configKey] = strings.Replace(cm.Data[configKey],
				`{"file": "/run/secrets/cancela/providers/loja-centro-merchant-key"}`, `{"value": "hunter2"}`, 1)
		}, "inline in the ConfigMap"},
		"credential file of no Secret": {func(o *Objects) {
			cm := o.ConfigMaps[0]
			cm.Data[configKey] = strings.Replace(cm.Data[configKey],
				"/run/secrets/cancela/providers/loja-centro-merchant-key", "/etc/cancela/key", 1)
		}, "which no Secret volume provides"},
		"credential key missing from the Secret": {func(o *Objects) {
			for _, s := range o.Secrets {
				delete(s.Data, "globex-merchant-key")
			}
		}, `has no key "globex-merchant-key"`},
		"token hashes in the ConfigMap": {func(o *Objects) {
			cm := o.ConfigMaps[0]
			cm.Data[configKey] = strings.Replace(cm.Data[configKey], `"listen"`, `"tenants": [], "listen"`, 1)
		}, "belong in the cancela-callers Secret"},
		"service to a missing port": {func(o *Objects) {
			o.Services[0].Spec.Ports[0].TargetPort = intstr.FromString("grcp")
		}, `targetPort "grcp"`},
		"no PodDisruptionBudget": {func(o *Objects) { o.PDBs = nil }, "no PodDisruptionBudget"},
		"latest image": {func(o *Objects) {
			_, c := server(o)
			c.Image = "cancela:latest"
		}, "must name a fixed tag"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			objects := render(t, "local")
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
