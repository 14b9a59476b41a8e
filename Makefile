# The two commands: `make run` and `make test`. Each installs what is missing, builds, and acts.
.PHONY: run test build setup lint clients deploy-check bench clean

PRESET ?= ci

setup:
	@scripts/setup.sh

build: setup
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET)

run: PRESET = dev
run: build
	@scripts/run.sh build/$(PRESET)

test: build
	@scripts/test.sh build/$(PRESET)

lint: setup
	@"$$(go env GOPATH)/bin/buf" lint

# Regenerates the Go and Python clients from proto/ (Java generates at build time).
clients: setup
	@scripts/gen-clients.sh

# Renders and checks the Kubernetes overlays offline (also part of `make test`).
deploy-check: setup
	@cd deploy/validate && go run . ../k8s/overlays/local ../k8s/overlays/production \
	  ../k8s/overlays/production-postgres ../k8s/overlays/production-mtls

# The gateway benchmark (docs/benchmarks/README.md): a markdown table on stdout, raw JSON beside it.
bench: setup
	@scripts/bench.sh

clean:
	rm -rf build
