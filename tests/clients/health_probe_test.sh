#!/usr/bin/env bash
# Probes a live server (started by live_server.sh) the way Kubernetes does, with the probe
# binary operators use outside Kubernetes (grpc-health-probe) and the deploy/ manifests' services:
# readiness and liveness answer SERVING; an unknown service is an RPC error, not health; after
# SIGTERM the server drains, exits 0, and probes fail.
set -euo pipefail
: "${CANCELA_TARGET:?run through live_server.sh}"
passed=0
failed=0

# probe SERVICE EXPECTED_EXIT: grpc-health-probe's exit codes are 0 serving, 2 connection
# failure, 3 RPC failure, 4 not serving.
probe() {
  local service=$1 want=$2 got=0
  grpc-health-probe -addr="$CANCELA_TARGET" -service="$service" -connect-timeout=1s \
    -rpc-timeout=1s >"$BASH_TMP/probe.out" 2>&1 || got=$?
  if [ "$got" -eq "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: probe -service=$service exited $got, want $want: $(cat "$BASH_TMP/probe.out")" >&2
  fi
}
BASH_TMP=$(mktemp -d)
trap 'rm -rf "$BASH_TMP"' EXIT

probe readiness 0
probe liveness 0
probe "" 0
probe cancela.v1.RefundService 0
probe no.such.Service 3

kill -TERM "$CANCELA_SERVER_PID"
exited=false
for _ in $(seq 1 200); do
  if ! kill -0 "$CANCELA_SERVER_PID" 2>/dev/null; then exited=true; break; fi
  sleep 0.05
done
if $exited; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: no exit after SIGTERM" >&2; fi
probe readiness 2
probe liveness 2

echo "probes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
