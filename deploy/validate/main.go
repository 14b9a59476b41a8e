// Command validate checks cancela's Kubernetes manifests offline: it renders each overlay with
// `kustomize build`, decodes every object strictly into the Kubernetes API types (k8s.io/api), and
// applies the deployment's own rules (probes, drain timing, security, secrets, the store: SQLite
// or PostgreSQL, the webhook listener).
//
//	go run ./deploy/validate deploy/k8s/overlays/local deploy/k8s/overlays/production \
//	  deploy/k8s/overlays/production-postgres
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: validate OVERLAY_DIR...")
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
