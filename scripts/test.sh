#!/usr/bin/env bash
# `make test`: every test. The build (warnings are errors) already ran via `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}

echo "== buf lint"
"$(go env GOPATH)/bin/buf" lint

echo "== ctest"
ctest --test-dir "$build" --output-on-failure -j2 --timeout 300
