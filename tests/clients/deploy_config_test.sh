#!/usr/bin/env bash
# The configuration each Kubernetes overlay ships is accepted by the real server: assembled the
# way the pod's init container does it (config.json + the tenants Secret), with the Secret
# mounts pointed at local files, the server must start and report ready.
# Usage: deploy_config_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
export PATH="$(go env GOPATH)/bin:$PATH"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
passed=0
failed=0

check_overlay() {
  local overlay=$1 secrets=$2 dir="$work/$1"
  mkdir -p "$dir"
  # As in deploy/k8s/base/deployment.yaml's assemble-config init container.
  jq --slurpfile tenants "$secrets/tenants.json" '.tenants = $tenants[0]' \
    "$src/deploy/k8s/overlays/$overlay/config.json" >"$dir/pod-config.json"
  # Off the pod: loopback, ephemeral port, a scratch store, no metrics, local secret files.
  jq --arg s "$secrets" '.listen = "127.0.0.1:0" | .metrics.listen = ""
      | (.. | objects | select(has("file")) | .file) |= sub("^/run/secrets/cancela/providers"; $s)' \
    "$dir/pod-config.json" >"$dir/config.json"
  "$build/service/server/cancela_server" --config="$dir/config.json" \
    --sqlite_path="$dir/cancela.db" 2>"$dir/server.log" &
  local pid=$! port="" ok=false
  for _ in $(seq 1 100); do
    port=$(jq -rR 'fromjson? | select(.msg == "serving") | .port' "$dir/server.log" | head -1)
    if [ -n "$port" ] && grpc-health-probe -addr="127.0.0.1:$port" -service=readiness >/dev/null 2>&1; then
      ok=true
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if $ok; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: overlay $overlay: the server did not start with its configuration" >&2
    cat "$dir/server.log" >&2
  fi
}

check_overlay local "$src/deploy/k8s/overlays/local/secrets"

# Production's Secrets live outside git: stand-ins with the keys its config names.
prod_secrets="$work/production-secrets"
mkdir -p "$prod_secrets"
jq '.tenants' "$src/config/sandbox.json" >"$prod_secrets/tenants.json"
for f in $(jq -r '.. | objects | select(has("file")) | .file' "$src/deploy/k8s/overlays/production/config.json"); do
  printf 'stand-in-%s' "$(basename "$f")" >"$prod_secrets/$(basename "$f")"
done
check_overlay production "$prod_secrets"

echo "configs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
