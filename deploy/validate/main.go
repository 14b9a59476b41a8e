// Command validate checks cancela's Kubernetes manifests offline: it renders each overlay with
// `kustomize build`, decodes every object strictly into the Kubernetes API types (k8s.io/api), and
// applies the deployment's own rules (probes, drain timing, security, secrets, the store: SQLite
// or PostgreSQL, the webhook listener).
//
//	go run ./deploy/validate deploy/k8s/overlays/local deploy/k8s/overlays/production \
//	  deploy/k8s/overlays/production-postgres deploy/k8s/overlays/production-mtls
//
// With -config it prints instead the server configuration one overlay's pod assembles (config.json
// with the components' parts merged in; the tenants come from a Secret), for tests that boot it:
//
//	go run ./deploy/validate -config deploy/k8s/overlays/production
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-config" {
		if err := PrintConfig(os.Args[2], os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", os.Args[2], err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: validate OVERLAY_DIR... | validate -config OVERLAY_DIR")
		os.Exit(2)
	}
	failed := 0
	for _, dir := range os.Args[1:] {
		if err := ValidateOverlay(dir, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", dir, err)
			failed++
		}
	}
	fmt.Printf("overlays: %d passed, %d failed\n", len(os.Args)-1-failed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

// ValidateOverlay renders and checks one kustomize overlay.
func ValidateOverlay(dir string, out *os.File) error {
	rendered, err := Build(dir)
	if err != nil {
		return err
	}
	objects, errs := Decode(rendered)
	external, checkErrs := Check(objects)
	errs = append(errs, checkErrs...)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	note := ""
	if len(external) > 0 {
		note = "; Secrets to create outside git: " + strings.Join(external, ", ")
	}
	fmt.Fprintf(out, "%s: %d objects valid%s\n", dir, objects.Count, note)
	return nil
}

// PrintConfig writes the assembled configuration of the overlay's server Deployment as JSON.
func PrintConfig(dir string, out *os.File) error {
	rendered, err := Build(dir)
	if err != nil {
		return err
	}
	objects, errs := Decode(rendered)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for _, d := range objects.Deployments {
		if container(&d.Spec.Template.Spec, serverContainer) == nil {
			continue
		}
		config, err := AssembledConfig(d, objects)
		if err != nil {
			return err
		}
		encoder := json.NewEncoder(out)
		encoder.SetIndent("", "  ")
		return encoder.Encode(config)
	}
	return fmt.Errorf("no Deployment with a %q container", serverContainer)
}

// Build runs `kustomize build` (from PATH, or `go env GOPATH`/bin where scripts/setup.sh puts it).
func Build(dir string) ([]byte, error) {
	kustomize, err := exec.LookPath("kustomize")
	if err != nil {
		gopath, goErr := exec.Command("go", "env", "GOPATH").Output()
		if goErr != nil {
			return nil, fmt.Errorf("kustomize not found: %v", err)
		}
		kustomize = filepath.Join(strings.TrimSpace(string(gopath)), "bin", "kustomize")
	}
	cmd := exec.Command(kustomize, "build", dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	rendered, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("kustomize build %s: %v: %s", dir, err, stderr.String())
	}
	return rendered, nil
}
