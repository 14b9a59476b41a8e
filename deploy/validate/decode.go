package main

import (
	"bytes"
	"fmt"
	"regexp"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// Objects are the manifests of one overlay, decoded into the Kubernetes API types.
type Objects struct {
	Deployments []*appsv1.Deployment
	Services    []*corev1.Service
	ConfigMaps  []*corev1.ConfigMap
	Secrets     []*corev1.Secret
	PVCs        []*corev1.PersistentVolumeClaim
	PDBs        []*policyv1.PodDisruptionBudget
	Count       int
}

// The kinds the manifests may use; anything else is an error, so a typo in a kind is caught too.
func (o *Objects) target(gvk string) (any, func()) {
	switch gvk {
	case "apps/v1/Deployment":
		d := &appsv1.Deployment{}
		return d, func() { o.Deployments = append(o.Deployments, d) }
	case "v1/Service":
		s := &corev1.Service{}
		return s, func() { o.Services = append(o.Services, s) }
	case "v1/ConfigMap":
		c := &corev1.ConfigMap{}
		return c, func() { o.ConfigMaps = append(o.ConfigMaps, c) }
	case "v1/Secret":
		s := &corev1.Secret{}
		return s, func() { o.Secrets = append(o.Secrets, s) }
	case "v1/PersistentVolumeClaim":
		p := &corev1.PersistentVolumeClaim{}
		return p, func() { o.PVCs = append(o.PVCs, p) }
	case "policy/v1/PodDisruptionBudget":
		p := &policyv1.PodDisruptionBudget{}
		return p, func() { o.PDBs = append(o.PDBs, p) }
	case "v1/ServiceAccount":
		return &corev1.ServiceAccount{}, func() {}
	case "v1/Namespace":
		return &corev1.Namespace{}, func() {}
	case "networking.k8s.io/v1/NetworkPolicy":
		return &networkingv1.NetworkPolicy{}, func() {}
	}
	return nil, nil
}

var documentSeparator = regexp.MustCompile(`(?m)^---\s*$`)

// Decode splits a multi-document YAML stream and decodes each object strictly: an unknown or
// duplicated field, or a value of the wrong type, is an error (what `kubectl apply` would only
// find out against a live API server).
func Decode(stream []byte) (*Objects, []error) {
	objects := &Objects{}
	var errs []error
	for i, doc := range documentSeparator.Split(string(stream), -1) {
		if len(bytes.TrimSpace([]byte(doc))) == 0 {
			continue
		}
		var meta metav1.TypeMeta
		if err := yaml.Unmarshal([]byte(doc), &meta); err != nil {
			errs = append(errs, fmt.Errorf("document %d: %v", i, err))
			continue
		}
		gvk := meta.APIVersion + "/" + meta.Kind
		into, keep := objects.target(gvk)
		if into == nil {
			errs = append(errs, fmt.Errorf("document %d: kind %s is not one the validator knows", i, gvk))
			continue
		}
		if err := yaml.UnmarshalStrict([]byte(doc), into); err != nil {
			errs = append(errs, fmt.Errorf("document %d (%s): %v", i, gvk, err))
			continue
		}
		keep()
		objects.Count++
	}
	return objects, errs
}
