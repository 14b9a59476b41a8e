#!/usr/bin/env bash
# Runs the README's grpcurl walkthrough verbatim against the real binaries (sandbox + server on
# the default ports) and checks what each step printed.
# Usage: readme_walkthrough_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
export PATH="$(go env GOPATH)/bin:$PATH"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; echo "--- walkthrough output" >&2; cat "$work/out" >&2 || true; exit 1; }

"$src/scripts/make-tls-files.sh" /tmp/cancela-sandbox-tls
"$build/providers/sandbox/cancela_sandbox" 2>"$work/sandbox.log" &
"$build/service/server/cancela_server" --config="$src/config/sandbox.json" \
  --sqlite_path="$work/cancela.db" 2>"$work/server.log" &

for _ in $(seq 1 100); do
  if grpcurl -plaintext -d '{"service": "readiness"}' localhost:50051 grpc.health.v1.Health/Check \
      2>/dev/null | grep -q SERVING; then
    break
  fi
  sleep 0.1
done

# The ```bash blocks between the walkthrough markers, in order, as one script.
awk '/<!-- walkthrough:start -->/{on=1} /<!-- walkthrough:end -->/{on=0}
     on && /^```bash$/{block=1; next} block && /^```$/{block=0; print "echo \"--- step\""; next}
     block{print}' "$src/README.md" > "$work/walkthrough.sh"
[ -s "$work/walkthrough.sh" ] || fail "no walkthrough found in README.md"

(cd "$work" && bash -euo pipefail walkthrough.sh) > "$work/out" 2>&1 || fail "a step exited non-zero"

expect() { grep -q -- "$1" "$work/out" || fail "expected output to contain: $1"; }
expect "cancela.v1.RefundService"
expect "grpc.health.v1.Health"
expect "rpc Refund ( .cancela.v1.RefundRequest ) returns ( .cancela.v1.RefundResponse )"
expect '"status": "SERVING"'
expect '"status": "OPERATION_STATUS_SUCCEEDED"'
expect '"idempotent_replay": true'
expect '^op_[0-9A-Z]\{26\}$'
expect "FailedPrecondition"
expect "REFUND_EXCEEDS_BALANCE"
expect "NotFound"
expect "OPERATION_NOT_FOUND"
expect '"zoop_status": "succeeded"'
expect '"zoop_status": "canceled"'
expect '"remaining": "0"'
expect '"refunded": "10000"'
expect "SETTLED_SALE_NEEDS_RELEASE"
expect '"pending_detail": "PENDING_DETAIL_PROVIDER_SCHEDULED"'
expect '"status": "done"'
[ "$(grep -c '"operation_id": "op_' "$work/out")" -ge 2 ] || fail "expected the operation twice"
expect "Carta de Cancelamento"
expect '"file":"cancellation-letter-op_'
expect '"failure":"OPERATION_NOT_FOUND"'

expect '"pending_detail": "PENDING_DETAIL_PROVIDER_REVIEW"'
expect '"reason_code": "PENDING_REVIEW"'
expect "Unimplemented"
expect "OPERATION_NOT_SUPPORTED"
expect '"payu_status": "OPERATION_STATUS_SUCCEEDED"'
# PayU registered the walkthrough's refund once.
payu_ledger=$(curl -sf "http://127.0.0.1:8131/__sandbox/ledger") || fail "PayU sandbox ledger unreachable"
echo "$payu_ledger" > "$work/payu_ledger.json"
python3 - "$work/payu_ledger.json" <<'PY' || fail "the PayU sandbox executed the walkthrough refund more than once"
import json, sys
executions = json.load(open(sys.argv[1])).get("executions", [])
assert len(executions) == 1, executions
PY
# Cielo Checkout: the partial refund succeeded, the debit order was refused before sending.
expect '"checkout_status": "OPERATION_STATUS_SUCCEEDED"'
expect '"checkout_remaining": "11000"'
expect "SALE_NOT_ELIGIBLE"
# The replay made no second execution at the sandbox.
ledger=$(curl -sf "http://127.0.0.1:8101/__sandbox/ledger") || fail "sandbox ledger unreachable"
echo "$ledger" > "$work/ledger.json"
python3 - "$work/ledger.json" <<'PY' || fail "sandbox executed the walkthrough refund more than once"
import json, sys
ledger = json.load(open(sys.argv[1]))
executions = ledger.get("executions", [])
assert len(executions) == 1, executions
PY
# The Checkout sandbox executed exactly the one partial void.
checkout_ledger=$(curl -sf "http://127.0.0.1:8121/__sandbox/ledger") || fail "checkout sandbox ledger unreachable"
echo "$checkout_ledger" > "$work/checkout_ledger.json"
python3 - "$work/checkout_ledger.json" <<'PY' || fail "the Checkout sandbox did not execute exactly one void of 4000"
import json, sys
executions = json.load(open(sys.argv[1])).get("executions", [])
assert len(executions) == 1 and executions[0]["amount"] == 4000, executions
PY
# Zoop executed the two partials once each, and never saw the refused settled-sale refund.
zoop_ledger=$(curl -sf "http://127.0.0.1:8141/__sandbox/ledger") || fail "Zoop sandbox ledger unreachable"
echo "$zoop_ledger" > "$work/zoop_ledger.json"
python3 - "$work/zoop_ledger.json" <<'PY' || fail "Zoop sandbox ledger differs from the walkthrough"
import json, sys
ledger = json.load(open(sys.argv[1]))
executions = ledger.get("executions", [])
assert [e["amount"] for e in executions] == [3000, 7000], executions
assert ledger.get("rejections", []) == [], ledger
PY
# The Cielo API Única cancellation was queued once.
unica=$(curl -sf "http://127.0.0.1:8112/__sandbox/ledger") || fail "Cielo Única ledger unreachable"
echo "$unica" > "$work/unica.json"
python3 - "$work/unica.json" <<'PY' || fail "the Cielo Única cancellation was not queued exactly once"
import json, sys
executions = json.load(open(sys.argv[1])).get("executions", [])
assert len(executions) == 1, executions
PY
echo "walkthrough: 1 passed, 0 failed"
