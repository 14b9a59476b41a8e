#!/usr/bin/env bash
# `make run`: the sandbox providers and the cancela server, with the embedded SQLite store.
# Ctrl-C stops both. Ports: gRPC localhost:50051, sandbox Cielo E-commerce 8101 (transactional)
# and 8102 (query), Cielo API Única 8111 (mutual TLS) and 8112 (admin), Cielo Checkout 8121,
# PayU 8131, Zoop 8141.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}

mkdir -p var/run
# The sandbox keeps its ledger in memory and starts from its seed every time, so the store starts
# clean too: otherwise the store would remember refunds of sales the sandbox has forgotten.
rm -f var/run/cancela.db var/run/cancela.db-wal var/run/cancela.db-shm

# Throwaway CA and certificates for the Cielo API Única's mutual TLS (config/sandbox.json names them).
scripts/make-tls-files.sh /tmp/cancela-sandbox-tls
"$build/providers/sandbox/cancela_sandbox" &
sandbox=$!
trap 'kill -TERM $sandbox $server 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
server=""
"$build/service/server/cancela_server" --config=config/sandbox.json \
  --sqlite_path=var/run/cancela.db &
server=$!
cat >&2 <<MSG

  cancela is serving on localhost:50051 against the sandbox (no credentials, no network).
  Demo tokens: tenant acme = demo-token-acme, tenant globex = demo-token-globex.
  Metrics: http://localhost:9464/metrics. Sandbox admin: http://127.0.0.1:8101/__sandbox/ledger
  (Cielo E-commerce), http://127.0.0.1:8112/__sandbox/ledger (Cielo API Única, mTLS on 8111),
  and likewise on 8121 (Cielo Checkout), 8131 (PayU) and 8141 (Zoop).
  Try the README's grpcurl walkthrough in another terminal. Ctrl-C stops everything.

MSG
wait -n $sandbox $server
