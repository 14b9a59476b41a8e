#!/usr/bin/env bash
# The configuration each Kubernetes overlay ships is accepted by the real server: assembled the
# way the pod's init container does it (config.json + the components' parts + the tenants
# Secret), with the Secret mounts pointed at local files, the server must start, report ready
# and take its accounts' notifications on the webhook listener. With TLS on (the production
# overlays) the probes' plaintext health port answers and serves nothing else, the gRPC port
# speaks only TLS with the mounted certificate (made for this run by scripts/make-tls-files.sh),
# and with mutual TLS only to callers with a client certificate. The PostgreSQL overlay's server
# runs against a throwaway PostgreSQL on an ephemeral loopback port.
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

# With TLS on: the API only over TLS (and, when required, only with a client certificate), the
# plaintext health port with the health service and nothing of the API.
tls_fault=""
check_tls() {
  local dir=$1 port=$2 health=$3 with_cert=() listed
  if [ "$(jq -r '.server.tls.client_auth // "none"' "$dir/config.json")" = require ]; then
    with_cert=(-cert "$work/tls/client.pem" -key "$work/tls/client.key")
    if grpcurl -cacert "$work/tls/ca.pem" -d '{"service": "readiness"}' "127.0.0.1:$port" \
         grpc.health.v1.Health/Check >/dev/null 2>&1; then
      tls_fault="answered a caller without a client certificate"; return 1
    fi
  fi
  if ! grpcurl -cacert "$work/tls/ca.pem" "${with_cert[@]}" -d '{"service": "readiness"}' \
       "127.0.0.1:$port" grpc.health.v1.Health/Check 2>&1 | grep -q '"SERVING"'; then
    tls_fault="did not answer grpcurl -cacert on its TLS port"; return 1
  fi
  if grpc-health-probe -addr="127.0.0.1:$port" -service=readiness -connect-timeout=2s >/dev/null 2>&1; then
    tls_fault="answered plaintext on its TLS port"; return 1
  fi
  listed=$(grpcurl -plaintext "127.0.0.1:$health" list 2>&1 || true)
  if [[ "$listed" != *grpc.health.v1.Health* || "$listed" == *cancela.v1* ]]; then
    tls_fault="serves more than health on its plaintext health port: $listed"; return 1
  fi
}

# What the pod's init container writes, tenants aside: config.json with the parts of the overlay's
# components merged over it (deploy/validate reads them from the rendered manifests).
assemble() {
  local overlay=$1
  mkdir -p "$work/$overlay"
  (cd "$src/deploy/validate" && go run . -config "../k8s/overlays/$overlay") >"$work/$overlay/parts.json"
}

check_overlay() {
  local overlay=$1 secrets=$2 dir="$work/$1"
  # The tenants Secret, as in deploy/k8s/base/deployment.yaml's assemble-config init container.
  jq --slurpfile tenants "$secrets/tenants.json" '.tenants = $tenants[0]' \
    "$dir/parts.json" >"$dir/pod-config.json"
  # Off the pod: loopback, ephemeral ports, a scratch store, no metrics, every Secret file (all
  # under /run/secrets/) read from the one local directory.
  jq --arg s "$secrets" '.listen = "127.0.0.1:0" | .metrics.listen = ""
      | if .webhooks.listen then .webhooks.listen = "127.0.0.1:0" else . end
      | if .server.health_listen then .server.health_listen = "127.0.0.1:0" else . end
      | (.. | strings | select(startswith("/run/secrets/"))) |= sub("^/run/secrets/.*/"; $s + "/")' \
    "$dir/pod-config.json" >"$dir/config.json"
  local store_flag=()
  if [ "$(jq -r '.store.kind // "sqlite"' "$dir/config.json")" = sqlite ]; then
    store_flag=(--sqlite_path="$dir/cancela.db")
  fi
  "$build/service/server/cancela_server" --config="$dir/config.json" "${store_flag[@]}" 2>"$dir/server.log" &
  local pid=$! port="" health="" ok=false why="did not report ready"
  for _ in $(seq 1 300); do  # 30 s: a loaded CI machine starts slowly
    port=$(jq -rR 'fromjson? | select(.msg == "serving") | .port' "$dir/server.log" | head -1)
    health=$(jq -rR 'fromjson? | select(.msg == "serving") | .health_port' "$dir/server.log" | head -1)
    # Where the kubelet probes: the health port when there is one (TLS on), else the API's.
    [ "${health:-0}" != 0 ] || health=$port
    if [ -n "$port" ] && grpc-health-probe -addr="127.0.0.1:$health" -service=readiness >/dev/null 2>&1; then
      ok=true
      break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then why="exited"; break; fi
    sleep 0.1
  done
  if $ok && [ "$(jq -r '.webhooks.listen // ""' "$dir/config.json")" != "" ]; then
    check_webhooks "$dir" || { ok=false; why="has a webhook listener that $webhook_fault"; }
  fi
  if $ok && [ "$(jq -r '.server.tls != null' "$dir/config.json")" = true ]; then
    if [ "$health" = "$port" ]; then
      ok=false; why="has TLS on but no health port"
    else
      check_tls "$dir" "$port" "$health" || { ok=false; why="$tls_fault"; }
    fi
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

# Stand-ins for Secrets that live outside git: every file the overlay's config names, and the
# server certificate (tls.crt, tls.key of a kubernetes.io/tls Secret) and client CA made here.
stand_in_secrets() {
  local overlay=$1 dir="$work/$1-secrets"
  mkdir -p "$dir"
  jq '.tenants' "$src/config/sandbox.json" >"$dir/tenants.json"
  for f in $(jq -r '.. | objects | select(has("file")) | .file' "$work/$overlay/parts.json"); do
    printf 'stand-in-%s-0123456789' "$(basename "$f")" >"$dir/$(basename "$f")"
  done
  local cert key ca
  read -r cert key ca < <(jq -r '.server.tls // {} | [.cert_file, .key_file, .client_ca_file] | map(. // "") | @tsv' \
                            "$work/$overlay/parts.json")
  if [ -n "$cert" ]; then
    "$src/scripts/make-tls-files.sh" "$work/tls"
    cp "$work/tls/server.pem" "$dir/$(basename "$cert")"
    cp "$work/tls/server.key" "$dir/$(basename "$key")"
  fi
  if [ -n "$ca" ]; then cp "$work/tls/ca.pem" "$dir/$(basename "$ca")"; fi
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

for overlay in local production production-mtls production-postgres; do assemble "$overlay"; done
check_overlay local "$src/deploy/k8s/overlays/local/secrets"
check_overlay production "$(stand_in_secrets production)"
check_overlay production-mtls "$(stand_in_secrets production-mtls)"

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
