#!/usr/bin/env bash
# The configuration each Kubernetes overlay ships is accepted by the real server: assembled the
# way the pod's init container does it (config.json + the tenants Secret), with the Secret
# mounts pointed at local files, the server must start, report ready and take its accounts'
# notifications on the webhook listener. The PostgreSQL overlay's server runs against a
# throwaway PostgreSQL on an ephemeral loopback port.
# Usage: deploy_config_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
export PATH="$(go env GOPATH)/bin:$PATH"
work=$(mktemp -d)
pg_bin=""
pg_ctl=""
pg_data=""
pg_port=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "$pg_ctl" ]; then as_postgres "$pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0

# Each account with a webhook takes notifications on the listener: refused with a wrong token,
# let through with the token of its Secret file.
webhook_fault=""
check_webhooks() {
  local dir=$1 hook account header token_file wrong right
  hook=$(jq -rR 'fromjson? | select(.msg == "serving") | .webhooks_port' "$dir/server.log" | head -1)
  post() {
    curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "$header: $1" \
      --data '{"PaymentId": "00000000-0000-4000-8000-000000000000", "ChangeType": 1}' \
      "http://127.0.0.1:${hook:-0}/webhooks/$account" || true
  }
  while IFS=$'\t' read -r account header token_file; do
    wrong=$(post "not-the-token-0123456789")
    right=$(post "$(cat "$token_file")")
    if [ "$wrong" != 401 ] || [ "${right:0:1}" != 2 ]; then
      webhook_fault="answered $account with $wrong (wrong token, want 401) and $right (its token, want 2xx)"
      return 1
    fi
  done < <(jq -r '.provider_accounts[] | select(.webhook) | [.name, .webhook.header, .webhook.token.file] | @tsv' \
             "$dir/config.json")
}

check_overlay() {
  local overlay=$1 secrets=$2 dir="$work/$1"
  mkdir -p "$dir"
  # As in deploy/k8s/base/deployment.yaml's assemble-config init container.
  jq --slurpfile tenants "$secrets/tenants.json" '.tenants = $tenants[0]' \
    "$src/deploy/k8s/overlays/$overlay/config.json" >"$dir/pod-config.json"
  # Off the pod: loopback, ephemeral ports, a scratch store, no metrics, every Secret file (all
  # under /run/secrets/) read from the one local directory.
  jq --arg s "$secrets" '.listen = "127.0.0.1:0" | .metrics.listen = ""
      | if .webhooks.listen then .webhooks.listen = "127.0.0.1:0" else . end
      | (.. | objects | select(has("file")) | .file) |= sub("^/run/secrets/.*/"; $s + "/")' \
    "$dir/pod-config.json" >"$dir/config.json"
  local store_flag=()
  if [ "$(jq -r '.store.kind // "sqlite"' "$dir/config.json")" = sqlite ]; then
    store_flag=(--sqlite_path="$dir/cancela.db")
  fi
  "$build/service/server/cancela_server" --config="$dir/config.json" "${store_flag[@]}" 2>"$dir/server.log" &
  local pid=$! port="" ok=false why="did not report ready"
  for _ in $(seq 1 300); do  # 30 s: a loaded CI machine starts slowly
    port=$(jq -rR 'fromjson? | select(.msg == "serving") | .port' "$dir/server.log" | head -1)
    if [ -n "$port" ] && grpc-health-probe -addr="127.0.0.1:$port" -service=readiness >/dev/null 2>&1; then
      ok=true
      break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then why="exited"; break; fi
    sleep 0.1
  done
  if $ok && [ "$(jq -r '.webhooks.listen // ""' "$dir/config.json")" != "" ]; then
    check_webhooks "$dir" || { ok=false; why="has a webhook listener that $webhook_fault"; }
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if $ok; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: overlay $overlay: the server with its configuration $why" >&2
    cat "$dir/server.log" >&2
  fi
}

# Stand-ins for Secrets that live outside git: every file the overlay's config names.
stand_in_secrets() {
  local overlay=$1 dir="$work/$1-secrets"
  mkdir -p "$dir"
  jq '.tenants' "$src/config/sandbox.json" >"$dir/tenants.json"
  for f in $(jq -r '.. | objects | select(has("file")) | .file' "$src/deploy/k8s/overlays/$overlay/config.json"); do
    printf 'stand-in-%s-0123456789' "$(basename "$f")" >"$dir/$(basename "$f")"
  done
  echo "$dir"
}

# A throwaway PostgreSQL on an ephemeral loopback port (as tests/support/postgres_server.cc).
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ ! -x "$pg_bin/initdb" ]; then
    echo "FAIL: PostgreSQL is not installed (scripts/setup.sh installs it)" >&2
    return 1
  fi
  pg_data="$work/pg/data"
  mkdir -p "$work/pg"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$work/pg" && chmod 755 "$work"; fi
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U cancela -A trust -E UTF8 --locale=C --no-sync \
    >"$work/pg/initdb.log" 2>&1 || { cat "$work/pg/initdb.log" >&2; return 1; }
  pg_ctl="$pg_bin/pg_ctl"
  for _ in 1 2 3 4 5; do  # the port may be taken between choosing and binding it
    pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if as_postgres "$pg_ctl" -D "$pg_data" -l "$work/pg/server.log" -w -t 60 \
      -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg -c fsync=off" \
      start >>"$work/pg/pg_ctl.log" 2>&1; then
      return 0
    fi
  done
  cat "$work/pg/server.log" >&2
  return 1
}

check_overlay local "$src/deploy/k8s/overlays/local/secrets"
check_overlay production "$(stand_in_secrets production)"

pg_secrets=$(stand_in_secrets production-postgres)
if start_postgres; then
  printf 'host=127.0.0.1 port=%s user=cancela dbname=postgres' "$pg_port" >"$pg_secrets/dsn"
  check_overlay production-postgres "$pg_secrets"
  # The schema the server made at start is in this database: it really ran on it.
  tables=$(as_postgres "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U cancela -d postgres -Atc \
    "select count(*) from information_schema.tables where table_schema = current_schema()" || true)
  if [ "${tables:-0}" -gt 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: overlay production-postgres: no tables in the throwaway database" >&2
  fi
else
  failed=$((failed + 1))
fi

echo "configs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
