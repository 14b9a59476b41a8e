#!/usr/bin/env bash
# Runs a command against a live cancela: the real sandbox and server binaries on ephemeral
# loopback ports, a fresh SQLite file, and config/sandbox.json pointed at them. Ends both after.
# Usage: live_server.sh SOURCE_DIR BUILD_DIR COMMAND [ARG...]
#
# The command sees:
#   CANCELA_TARGET          127.0.0.1:PORT of the server
#   CANCELA_TOKEN           a demo tenant's bearer token (acme)
#   CANCELA_ACCOUNT         that tenant's provider account
#   CANCELA_SALE            a seeded Pix sale (its refunds are scheduled, then settle) ...
#   CANCELA_SALE_AMOUNT     ... and its amount in centavos
#   CANCELA_SANDBOX_ADMIN   the sandbox's admin API (ledger, faults, clock)
#   CANCELA_SERVER_PID      the server's process id
set -euo pipefail
src=$1
build=$2
shift 2
export PATH="$(go env GOPATH)/bin:$PATH"
work=$(mktemp -d)
sandbox_pid=""
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null || true
  [ -n "$sandbox_pid" ] && kill -TERM "$sandbox_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "live_server: $*" >&2
  for log in "$work"/*.log; do echo "--- $log" >&2; tail -20 "$log" >&2; done
  exit 1
}

# The first JSON log line with message $2 in file $1, once it appears (the process may still be
# starting); prints field $3 of it.
log_field() {
  local file=$1 msg=$2 field=$3
  for _ in $(seq 1 600); do   # 30 s: a loaded CI machine starts slowly
    local value
    value=$(jq -rR --arg m "$msg" --arg f "$field" 'fromjson? | select(.msg == $m) | .[$f]' "$file" 2>/dev/null | head -1)
    if [ -n "$value" ] && [ "$value" != null ]; then echo "$value"; return 0; fi
    sleep 0.05
  done
  return 1
}

# Pix refunds settle one sandbox second after they are scheduled, so WatchStatus has a change to
# stream without a long wait.
# Every simulator on an ephemeral port (tests run side by side); the examples use Cielo E-commerce.
"$src/scripts/make-tls-files.sh" "$work/tls" >/dev/null 2>&1 || fail "cannot make the sandbox's TLS files"
"$build/providers/sandbox/cancela_sandbox" --cielo_ecommerce_port=0 --cielo_ecommerce_query_port=0 \
  --cielo_unica_port=0 --cielo_unica_admin_port=0 --cielo_unica_tls_dir="$work/tls" \
  --cielo_checkout_port=0 --payu_port=0 --zoop_port=0 \
  --pix_settle_seconds=1 2>"$work/sandbox.log" &
sandbox_pid=$!
transactional=$(log_field "$work/sandbox.log" "sandbox serving" transactional_url) ||
  fail "the sandbox did not start"
query=$(log_field "$work/sandbox.log" "sandbox serving" query_url) || fail "no query url"

# The demo configuration, on ephemeral ports, with a poller that checks pending operations often.
jq --arg t "$transactional" --arg q "$query" '
  .listen = "127.0.0.1:0"
  | .metrics = {"listen": ""}
  | .engine = {"poll_interval_ms": 100, "check_backoff_ms": [200]}
  | .webhooks = {"listen": ""}
  | .provider_accounts |= map(select(.provider == "cielo_ecommerce")
                              | .settings.transactional_url = $t | .settings.query_url = $q)' \
  "$src/config/sandbox.json" >"$work/config.json"

"$build/service/server/cancela_server" --config="$work/config.json" \
  --sqlite_path="$work/cancela.db" 2>"$work/server.log" &
server_pid=$!
port=$(log_field "$work/server.log" serving port) || fail "the server did not start"

export CANCELA_TARGET="127.0.0.1:$port"
# Ready the way Kubernetes' readiness probe sees it.
ready=false
for _ in $(seq 1 300); do
  if grpc-health-probe -addr="$CANCELA_TARGET" -service=readiness >/dev/null 2>&1; then
    ready=true
    break
  fi
  sleep 0.1
done
$ready || fail "the server never became ready"

export CANCELA_TOKEN=demo-token-acme
export CANCELA_ACCOUNT=cielo-ecommerce/loja-centro
export CANCELA_SALE=5eed0000-0000-4000-8000-000000000007
export CANCELA_SALE_AMOUNT=12000
export CANCELA_SANDBOX_ADMIN="$transactional/__sandbox"
export CANCELA_SERVER_PID=$server_pid

status=0
"$@" || status=$?
if ((status)); then
  echo "--- server log (tail)" >&2
  tail -20 "$work/server.log" >&2
fi
exit $status
