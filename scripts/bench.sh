#!/usr/bin/env bash
# `make bench`: the gateway's benchmark (docs/benchmarks/README.md). Starts the sandbox (no
# injected latency) and the server on ephemeral loopback ports, seeds one fresh card sale per
# refund through the sandbox admin API (the gateway and Cielo both space cancellations of one
# sale, so every request gets its own), then measures, per store (SQLite, PostgreSQL):
#   saturation   ghz, unbounded rate: refunds/s
#   fixed        ghz at a fixed 1,000 refunds/s: p50/p99
#   floor        bench/httpload, the same GET + PUT the gateway sends Cielo, straight at the
#                sandbox at 1,000/s: what the gateway adds is fixed minus floor
#   memory       the server's VmRSS before and VmHWM after the saturation run
# Prints a markdown table; raw ghz/httpload JSON goes to the results directory.
# Usage: scripts/bench.sh [--smoke] [--no-build] [--perf] [--stores "sqlite postgres"] [--out DIR] [--bin BUILD_DIR]
#   --smoke  a few hundred requests on SQLite, no timing; fails unless every refund succeeded
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
smoke=false build=true perf=false stores="sqlite postgres" out="" bin=build/ci
while (($#)); do
  case $1 in
    --smoke) smoke=true; stores=sqlite ;;
    --no-build) build=false ;;
    --perf) perf=true ;;
    --stores) stores=$2; shift ;;
    --out) out=$2; shift ;;
    --bin) bin=$2; build=false; shift ;;   # an already built tree (the ctest smoke)
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
export PATH="$(go env GOPATH)/bin:$PATH"
command -v ghz >/dev/null || GOFLAGS=-mod=mod go install github.com/bojand/ghz/cmd/ghz@v0.120.0
if $build; then
  cmake --preset ci >/dev/null
  cmake --build --preset ci -j2 >/dev/null
fi
work=$(mktemp -d)
out=${out:-$work/results}
mkdir -p "$out"
(cd bench/httpload && go build -o "$work/httpload" .)

if $smoke; then sat_n=300 fixed_n=200 fixed_rps=100 floor_n=200; else
  sat_n=20000 fixed_n=10000 fixed_rps=1000 floor_n=10000; fi

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${pg_dir:-}" ] && "$bin/tests/support/cancela_test_postgres_ctl" stop "$pg_dir" >/dev/null 2>&1
  rm -rf "${work:?}/run"
}
trap cleanup EXIT
fail() { echo "bench: $*" >&2; for l in "$work"/run/*.log; do echo "--- $l" >&2; tail -20 "$l" >&2; done; exit 1; }

# Field $3 of the first JSON log line of file $1 whose msg is $2, once it appears.
log_field() {
  for _ in $(seq 1 600); do
    local v
    v=$(jq -rR --arg m "$2" --arg f "$3" 'fromjson? | select(.msg == $m) | .[$f]' "$1" 2>/dev/null | head -1)
    if [ -n "$v" ] && [ "$v" != null ]; then echo "$v"; return 0; fi
    sleep 0.05
  done
  return 1
}

# Starts the sandbox and a server on store $1; sets target, trans, query, server_pid.
start_stack() {
  local store=$1
  rm -rf "$work/run"; mkdir -p "$work/run"
  "$src/scripts/make-tls-files.sh" "$work/run/tls" >/dev/null 2>&1
  "$bin/providers/sandbox/cancela_sandbox" --cielo_ecommerce_port=0 --cielo_ecommerce_query_port=0 \
    --cielo_unica_port=0 --cielo_unica_admin_port=0 --cielo_unica_tls_dir="$work/run/tls" \
    --cielo_checkout_port=0 --payu_port=0 --zoop_port=0 --log_requests=false \
    2>"$work/run/sandbox.log" &
  pids+=($!)
  trans=$(log_field "$work/run/sandbox.log" "sandbox serving" transactional_url) || fail "no sandbox"
  query=$(log_field "$work/run/sandbox.log" "sandbox serving" query_url) || fail "no query url"
  local store_json
  if [ "$store" = postgres ]; then
    # Under the build tree like the ctest fixture: initdb runs as the postgres user, who cannot
    # enter a mktemp directory of root's.
    pg_dir=$(cd "$bin" && pwd)/tests/postgres-bench
    port=$("$bin/tests/support/cancela_test_postgres_ctl" start "$pg_dir" | sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p')
    store_json=$(jq -n --arg d "host=127.0.0.1 port=$port user=cancela dbname=postgres" \
      '{"kind": "postgres", "postgres": {"dsn": {"value": $d}}}')
  else
    store_json=$(jq -n --arg p "$work/run/cancela.db" '{"sqlite_path": $p}')
  fi
  # log_level warn: a log line per request would measure the logger, not the gateway. It also
  # hides the "serving" line that names an ephemeral port, so the harness picks a free one.
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  jq --arg t "$trans" --arg q "$query" --argjson s "$store_json" --arg l "127.0.0.1:$port" '
    .listen = $l | .metrics = {"listen": ""} | .webhooks = {"listen": ""}
    | .log_level = "warn" | .store = $s
    # The gateway is measured, not the per-tenant and per-account limits that protect it.
    | .server.rate_limit = {"per_second": 1000000, "burst": 1000000}
    | .provider_accounts |= map(select(.provider == "cielo_ecommerce")
                                | .settings.transactional_url = $t | .settings.query_url = $q
                                | .max_concurrent_calls = 10000)' \
    "$src/config/sandbox.json" >"$work/run/config.json"
  "$bin/service/server/cancela_server" --config="$work/run/config.json" 2>"$work/run/server.log" &
  server_pid=$!
  pids+=($server_pid)
  target=127.0.0.1:$port
  local ready=false
  for _ in $(seq 1 300); do
    if grpc-health-probe -addr="$target" -service=readiness >/dev/null 2>&1; then ready=true; break; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  $ready || fail "the server did not become ready"
}

# One captured Visa sale per request number, named with prefix $1 (8 hex digits).
seed() {
  "$work/httpload" -c 16 -n "$2" -step "POST $trans/__sandbox/sales" \
    -body "{\"payment_id\": \"$1-0000-4000-8000-{n}\", \"merchant\": \"loja-centro\", \"type\": \"CreditCard\", \"status\": \"captured\", \"amount\": 10000, \"received_days_ago\": 10}" \
    >"$work/run/seed-$1.json"
  [ "$(jq .ok "$work/run/seed-$1.json")" = "$2" ] || fail "seeding $1: $(cat "$work/run/seed-$1.json")"
}

# ghz against Refund, one fresh sale (prefix $1) and a fresh idempotency key per request.
refunds() {
  local prefix=$1 file=$2; shift 2
  ghz --insecure --proto proto/cancela/v1/refund_service.proto --import-paths proto,.deps/googleapis \
    --call cancela.v1.RefundService.Refund -m '{"authorization": "Bearer demo-token-acme"}' \
    -d "{\"provider_account\": \"cielo-ecommerce/loja-centro\", \"sale\": {\"cielo_ecommerce\": {\"payment_id\": \"$prefix-0000-4000-8000-{{printf \`%012d\` .RequestNumber}}\"}}, \"idempotency_key\": \"{{newUUID}}\", \"reason\": \"bench\"}" \
    --format json --output "$out/$file" "$@" "$target" >"$work/run/ghz.log" 2>&1 || true
  [ -s "$out/$file" ] || fail "ghz wrote nothing to $file: $(tail -5 "$work/run/ghz.log")"
}
ok_count() { jq '[.statusCodeDistribution.OK // 0] | add' "$out/$1"; }
ms() { jq -r --arg p "$2" '(.latencyDistribution // [])[] | select(.percentage == ($p|tonumber)) | .latency / 1e6 | . * 1000 | round / 1000' "$out/$1"; }
kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

rows=()
for store in $stores; do
  start_stack "$store"
  seed be4c0001 "$sat_n"; seed be4c0002 "$fixed_n"; seed be4c0003 "$floor_n"
  rss_before=$(kb "$server_pid" VmRSS)
  if $perf; then
    perf record -F 499 -g -p "$server_pid" -o "$work/perf-$store.data" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  refunds be4c0001 "saturation-$store.json" -c 64 -n "$sat_n"
  if $perf; then
    kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true
    perf report -i "$work/perf-$store.data" --no-children -g none --percent-limit 1 --stdio 2>/dev/null |
      grep -v '^$' | head -60 >"$out/perf-$store.txt" || true
  fi
  rss_peak=$(kb "$server_pid" VmHWM)
  refunds be4c0002 "fixed-$store.json" -c 64 --rps "$fixed_rps" -n "$fixed_n"
  "$work/httpload" -c 64 -rate "$fixed_rps" -n "$floor_n" \
    -H "MerchantId: a1b2c3d4-0000-4000-8000-000000000001" \
    -H "MerchantKey: LOJACENTROSANDBOXKEY00000000000000000001" \
    -step "GET $query/1/sales/be4c0003-0000-4000-8000-{n}" \
    -step "PUT $trans/1/sales/be4c0003-0000-4000-8000-{n}/void" >"$out/floor-$store.json"
  for f in saturation fixed; do
    got=$(ok_count "$f-$store.json")
    want=$([ $f = saturation ] && echo "$sat_n" || echo "$fixed_n")
    [ "$got" = "$want" ] || fail "$f ($store): $got of $want refunds succeeded: $(jq -c .errorDistribution "$out/$f-$store.json")"
  done
  [ "$(jq .failed "$out/floor-$store.json")" = 0 ] || fail "floor ($store): $(cat "$out/floor-$store.json")"
  # Every refund the gateway reported reached the sandbox as an executed void.
  executed=$(curl -fsS "$trans/__sandbox/sales" | jq '[.sales[] | select(.payment_id | startswith("be4c000")) | select(.voided_amount > 0)] | length')
  [ "$executed" = $((sat_n + fixed_n + floor_n)) ] || fail "sandbox executed $executed voids"
  p50=$(ms "fixed-$store.json" 50) p99=$(ms "fixed-$store.json" 99)
  f50=$(jq .p50_ms "$out/floor-$store.json") f99=$(jq .p99_ms "$out/floor-$store.json")
  rows+=("| $store | $(jq '.rps | round' "$out/saturation-$store.json") | $p50 / $p99 | $f50 / $f99 | $(awk -v a="$p50" -v b="$f50" 'BEGIN{printf "%.3f", a-b}') / $(awk -v a="$p99" -v b="$f99" 'BEGIN{printf "%.3f", a-b}') | $((rss_before / 1024)) → $((rss_peak / 1024)) |")
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
  if [ "$store" = postgres ]; then "$bin/tests/support/cancela_test_postgres_ctl" stop "$pg_dir" >/dev/null; pg_dir=""; fi
done

echo "| store | saturation refunds/s | gateway p50 / p99 ms @ ${fixed_rps}/s | sandbox floor p50 / p99 ms | added p50 / p99 ms | server RSS MB before → peak (VmHWM) |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "load: $(uptime)"
echo "raw results: $out"
