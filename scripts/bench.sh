#!/usr/bin/env bash
# `make bench`: the gateway's benchmark (docs/benchmarks/README.md). Starts the sandbox (no
# injected latency) and the server on ephemeral loopback ports, seeds one fresh card sale per
# refund through the sandbox admin API (the gateway and Cielo both space cancellations of one
# sale, so every request gets its own), then measures, per store (SQLite, PostgreSQL):
#   saturation   ghz, unbounded rate: refunds/s
#   fixed        ghz at a fixed 1,000 refunds/s: p50/p99
#   floor        bench/httpload, the same GET + PUT the gateway sends Cielo, straight at the
#                sandbox at 1,000/s: what the gateway adds is fixed minus floor
#   in flight    10,000 refunds held open at once (a sandbox latency on every void, released
#                once the server counts them all in cancela_rpc_in_flight): the server's VmRSS
#                before and while they are open
# Prints a markdown table; raw ghz/httpload JSON goes to the results directory.
# Usage: scripts/bench.sh [--smoke] [--no-build] [--perf] [--callgrind N] [--stores "sqlite postgres"]
#                         [--out DIR] [--bin BUILD_DIR]
#   --smoke        a few hundred requests on SQLite, no timing; fails unless every refund succeeded
#   --callgrind N  instead of the phases above: the server under valgrind's callgrind, counting
#                  only N refunds (after a warm-up), so the cost per refund does not depend on
#                  what else the machine runs; writes instructions per refund and the top functions
#   --log-level L  the server's log_level (default warn; production's default is info, a JSON line
#                  per call)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
smoke=false build=true perf=false callgrind=0 log_level=warn stores="sqlite postgres" out="" bin=build/ci
while (($#)); do
  case $1 in
    --smoke) smoke=true; stores=sqlite ;;
    --no-build) build=false ;;
    --perf) perf=true ;;
    --callgrind) callgrind=$2; stores=sqlite; shift ;;
    --log-level) log_level=$2; shift ;;
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

if $smoke; then sat_n=300 fixed_n=200 fixed_rps=100 floor_n=200 open_n=200; else
  sat_n=20000 fixed_n=10000 fixed_rps=1000 floor_n=10000 open_n=10000; fi
# 50 calls per client connection (10 connections of 1,000 each cost the server the same memory).
open_conns=$(( (open_n + 49) / 50 ))

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

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The server's metric sample named $1 (with its labels), 0 when absent.
metric() {
  { curl -fsS "$metrics_url" || true; } | awk -v n="$1" '$1 == n {v = $2} END {print v + 0}'
}

# Starts the sandbox and a server on store $1; sets target, trans, query, server_pid, metrics_url.
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
  # log_level warn by default: a log line per request would measure the logger, not the gateway.
  # The "serving" line that names the ephemeral ports may be hidden, so the harness picks free ones.
  # Metrics stay on, as in production; the in-flight phase reads them.
  local port
  port=$(free_port) metrics_port=$(free_port)
  metrics_url=http://127.0.0.1:$metrics_port/metrics
  jq --arg t "$trans" --arg q "$query" --argjson s "$store_json" --arg l "127.0.0.1:$port" \
    --arg m "127.0.0.1:$metrics_port" --arg v "$log_level" '
    .listen = $l | .metrics = {"listen": $m} | .webhooks = {"listen": ""}
    | .log_level = $v | .store = $s
    # The in-flight phase holds voids for as long as it takes 10,000 calls to arrive.
    | .engine.provider_timeout_ms = 300000 | .engine.submit_lease_ms = 360000
    # The gateway is measured, not the per-tenant and per-account limits that protect it.
    | .server.rate_limit = {"per_second": 1000000, "burst": 1000000}
    | .provider_accounts |= map(select(.provider == "cielo_ecommerce")
                                | .settings.transactional_url = $t | .settings.query_url = $q
                                | .max_concurrent_calls = 10000)' \
    "$src/config/sandbox.json" >"$work/run/config.json"
  local wrap=()
  if ((callgrind)); then
    wrap=(valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/callgrind-$store.out")
  fi
  "${wrap[@]}" "$bin/service/server/cancela_server" --config="$work/run/config.json" \
    2>"$work/run/server.log" &
  server_pid=$!
  pids+=($server_pid)
  target=127.0.0.1:$port
  local ready=false
  for _ in $(seq 1 1200); do
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
  # The summary is kept; ghz's per-request details would be megabytes per phase.
  jq 'del(.details)' "$out/$file" >"$out/$file.tmp" && mv "$out/$file.tmp" "$out/$file"
}
ok_count() { jq '[.statusCodeDistribution.OK // 0] | add' "$out/$1"; }

# $open_n refunds of sales with prefix $1 open at once: every void waits in the sandbox until the
# server counts all of them in flight; VmRSS then, and the faults cleared to let them finish.
# Sets rss_open (kB).
hold_open() {
  local faults=$trans/__sandbox/faults
  curl -fsS -X POST -d '{"kind": "latency", "method": "PUT", "count": 1000000, "delay_ms": 600000}' \
    "$faults" >/dev/null
  refunds "$1" "in-flight-$store.json" -c "$open_n" -n "$open_n" --connections "$open_conns" \
    --timeout 600s &
  local ghz_pid=$! open=0
  for _ in $(seq 1 1200); do
    open=$(metric 'cancela_rpc_in_flight{method="Refund"}')
    [ "$open" -ge "$open_n" ] && break
    kill -0 "$ghz_pid" 2>/dev/null || break
    sleep 0.1
  done
  rss_open=$(kb "$server_pid" VmRSS)
  curl -fsS -X DELETE "$faults" >/dev/null
  wait "$ghz_pid" || true
  [ "$open" -ge "$open_n" ] || fail "in flight ($store): only $open of $open_n refunds were open at once"
}
ms() { jq -r --arg p "$2" '(.latencyDistribution // [])[] | select(.percentage == ($p|tonumber)) | .latency / 1e6 | . * 1000 | round / 1000' "$out/$1"; }
kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a - b}'; }
times() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1f", a / b; else print "-"}'; }

# The cost of $callgrind refunds on store $1, counted by callgrind in the server alone.
profile() {
  local store=$1 warm=200
  start_stack "$store"
  seed be4c0005 "$warm"; seed be4c0006 "$callgrind"
  refunds be4c0005 "callgrind-warm-$store.json" -c 8 -n "$warm" --timeout 300s
  callgrind_control -i on "$server_pid" >/dev/null
  refunds be4c0006 "callgrind-$store.json" -c 8 -n "$callgrind" --timeout 300s
  callgrind_control -i off "$server_pid" >/dev/null
  [ "$(ok_count "callgrind-$store.json")" = "$callgrind" ] || fail "callgrind ($store): not every refund answered OK"
  kill -TERM "$server_pid"; wait "$server_pid" || true   # callgrind writes its file on exit
  local report=$out/callgrind-$store.txt total
  callgrind_annotate --auto=no --inclusive=no --threshold=99 "$out/callgrind-$store.out" >"$report.self"
  callgrind_annotate --auto=no --inclusive=yes --threshold=99 "$out/callgrind-$store.out" >"$report.inclusive"
  total=$(awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}' "$report.self")
  {
    echo "instructions per refund ($store, $callgrind refunds): $((total / callgrind))"
    echo
    echo "by object (self instructions per refund):"
    # Lines are "N (P%)  file:function [object]"; functions without debug info name no object.
    awk -v n="$callgrind" '/^ *[0-9,]+ \(/ && !/PROGRAM TOTALS/ {ir = $1; gsub(",", "", ir); obj = "(not named)";
        if (match($0, /\[[^]]*\]$/)) { obj = substr($0, RSTART + 1, RLENGTH - 2); sub(/.*\//, "", obj) }
        by[obj] += ir} END {for (o in by) printf "%12d  %s\n", by[o] / n, o}' "$report.self" | sort -rn | head -20
    echo
    echo "top functions, self:"
    grep -E '^ *[0-9,]+ \(' "$report.self" | head -40
    echo
    echo "top functions, inclusive:"
    grep -E '^ *[0-9,]+ \(' "$report.inclusive" | head -60
  } >"$report"
  head -22 "$report"
  echo "full report: $report"
}

if ((callgrind)); then
  for store in $stores; do profile "$store"; done
  exit 0
fi

rows=()
for store in $stores; do
  start_stack "$store"
  seed be4c0001 "$sat_n"; seed be4c0002 "$fixed_n"; seed be4c0003 "$floor_n"; seed be4c0004 "$open_n"
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
  refunds be4c0002 "fixed-$store.json" -c 64 --rps "$fixed_rps" -n "$fixed_n"
  "$work/httpload" -c 64 -rate "$fixed_rps" -n "$floor_n" \
    -H "MerchantId: a1b2c3d4-0000-4000-8000-000000000001" \
    -H "MerchantKey: LOJACENTROSANDBOXKEY00000000000000000001" \
    -step "GET $query/1/sales/be4c0003-0000-4000-8000-{n}" \
    -step "PUT $trans/1/sales/be4c0003-0000-4000-8000-{n}/void" >"$out/floor-$store.json"
  # The baseline is the server after the phases above: warm, idle, nothing in flight.
  rss_before=$(kb "$server_pid" VmRSS)
  hold_open be4c0004
  for f in saturation fixed in-flight; do
    got=$(ok_count "$f-$store.json")
    case $f in saturation) want=$sat_n ;; fixed) want=$fixed_n ;; *) want=$open_n ;; esac
    [ "$got" = "$want" ] || fail "$f ($store): $got of $want refunds answered OK: $(jq -c .errorDistribution "$out/$f-$store.json")"
  done
  [ "$(jq .failed "$out/floor-$store.json")" = 0 ] || fail "floor ($store): $(cat "$out/floor-$store.json")"
  # OK is not enough (a PENDING operation is OK too): every refund must have SUCCEEDED...
  succeeded=$(curl -fsS "$metrics_url" | awk '/^cancela_operation_changes_total\{.*status="SUCCEEDED"/ {n += $2} END {print n + 0}')
  [ "$succeeded" = $((sat_n + fixed_n + open_n)) ] || fail "$succeeded refunds SUCCEEDED, not $((sat_n + fixed_n + open_n))"
  # ...and reached the sandbox as an executed void.
  executed=$(curl -fsS "$trans/__sandbox/sales" | jq '[.sales[] | select(.payment_id | startswith("be4c000")) | select(.voided_amount > 0)] | length')
  [ "$executed" = $((sat_n + fixed_n + floor_n + open_n)) ] || fail "sandbox executed $executed voids"
  p50=$(ms "fixed-$store.json" 50) p99=$(ms "fixed-$store.json" 99)
  f50=$(jq .p50_ms "$out/floor-$store.json") f99=$(jq .p99_ms "$out/floor-$store.json")
  rows+=("| $store | $(jq '.rps | round' "$out/saturation-$store.json") | $p50 / $p99 | $f50 / $f99 | $(minus "$p50" "$f50") / $(minus "$p99" "$f99") | $(times "$p50" "$f50") / $(times "$p99" "$f99") | $((rss_before / 1024)) → $((rss_open / 1024)) (+$(((rss_open - rss_before) / 1024))) |")
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
  if [ "$store" = postgres ]; then "$bin/tests/support/cancela_test_postgres_ctl" stop "$pg_dir" >/dev/null; pg_dir=""; fi
done

echo "| store | saturation refunds/s | gateway p50 / p99 ms @ ${fixed_rps}/s | sandbox floor p50 / p99 ms | added p50 / p99 ms | gateway / floor p50 / p99 | server RSS MB idle → ${open_n} in flight (extra) |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "load: $(uptime)"
echo "raw results: $out"
