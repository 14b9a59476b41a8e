#!/usr/bin/env bash
# Writes fuzz seeds from the provider wire-protocol reference (../shared/providers.md, issue 10):
# every reply example (JSON bodies, the form notification) of each provider's section becomes
# fuzz/corpus/<target>/doc-<n>, as "<selector><HTTP status>\n<body>" (fuzz/fuzz_input.h), the body
# byte for byte as the document shows it, placeholders and "…" included: a sketch the parsers
# must refuse is as good a seed as a verbatim reply. Requests are left out. An example no rule
# below recognises stops the script, so a new example in the document is never skipped silently.
#
#   scripts/fuzz-seeds.sh [providers.md]           rewrite the doc-* seeds (CI has no ../shared)
#   scripts/fuzz-seeds.sh --check [providers.md]   exit 1 if the committed seeds differ
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
check=false
if [ "${1:-}" = --check ]; then check=true; shift; fi
doc=${1:-$root/../shared/providers.md}
[ -f "$doc" ] || { echo "fuzz-seeds: no $doc (pass the path of providers.md)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Cut the examples out: fenced blocks, and inline code spans that open with a quoted key
# ({"…, [{"…; field lists such as {access_token, expires_in} are not examples), each into its own
# file, listed in $work/index as "<file> <target> <line>". Sections are told by their "## " title.
awk -v out="$work" '
  function keep(text, line) {
    n++
    file = sprintf("%s/example-%03d", out, n)
    printf "%s", text > file
    close(file)
    print file, target, line > (out "/index")
  }
  /^## / {
    target = ""
    if ($0 ~ /API Única/) target = "cielo_unica"
    else if ($0 ~ /E-commerce/) target = "cielo_ecommerce"
    else if ($0 ~ /PayU/) target = "payu"
    else if ($0 ~ /Checkout/) target = "cielo_checkout"
    else if ($0 ~ /Zoop/) target = "zoop"
  }
  /^```/ {
    if (fenced && target != "") keep(block, start)
    fenced = !fenced; block = ""; first = 1; start = NR + 1
    next
  }
  fenced { block = first ? $0 : block "\n" $0; first = 0; next }
  target != "" {
    rest = $0
    while (match(rest, /`[[{][^`]*[]}]`/)) {
      span = substr(rest, RSTART + 1, RLENGTH - 2)
      if (span ~ /^[[]?[{] *"/) keep(span, NR)
      rest = substr(rest, RSTART + RLENGTH)
    }
  }
' "$doc"

# 2. What each example is, from its text. `rule TARGET PATTERN SEEDS...` : the first rule of the
# target whose extended regex matches the example decides; SEEDS are selector+status pairs
# (the same reply read by two parsers gives two seeds), or "skip:<why>".
rules=()
rule() { rules+=("$1"$'\t'"$2"$'\t'"${*:3}"); }
requests='^(PUT|POST|GET) |"command":'
for t in cielo_unica cielo_ecommerce payu cielo_checkout zoop; do rule "$t" "$requests" skip:request; done
# API Única: a batch (the unit query; the list query answers "the same structure", and
# ParseBatchList takes a single batch too), the error envelope; requests (letters, and the
# cancellation's envelope, which has no refundID).
rule cielo_unica '"cancellationId"|"cancellations"' skip:letter-request
rule cielo_unica '"refundID"' b200 l200
rule cielo_unica '"errorCode"' e400
rule cielo_unica '"transactions"' skip:request
# E-commerce: notification post, sale query, the error list (HTTP 400), void/refund answers.
rule cielo_ecommerce '"ChangeType"' n200
rule cielo_ecommerce '"Payment"' s200
rule cielo_ecommerce '^\[\{ *"Code"' v400
rule cielo_ecommerce '"Status"' v200
# PayU: Queries API replies (ORDER_DETAIL; cancela sends no TRANSACTION_RESPONSE_DETAIL), query
# details (requests), and SUBMIT_TRANSACTION answers, read as a refund's and as a void's.
rule payu '"payload":\{"state"' skip:transaction-response-detail-not-read
rule payu '"result"' o200
rule payu '^\{"(orderId|referenceCode|transactionId)"' skip:request
rule payu '"transactionResponse"' r200 v200
# Checkout: form notification, OAuth token, order list, void answer, order query.
rule cielo_checkout 'checkout_cielo_order_number=' f200
rule cielo_checkout '"access_token"' t200
rule cielo_checkout '^\[' l200
rule cielo_checkout '"success"' v200
rule cielo_checkout '"payment"' o200
# Zoop: webhook registration (not read), void body (a request), events, the error object (with
# its 400, and in a 200 body, which the document warns of), the transaction a void returns.
rule zoop '"resource":"webhook"' skip:webhook-registration-not-read
rule zoop '^\{ *"(amount|on_behalf_of|method)"' skip:request
rule zoop '"resource": *"event"' w200
rule zoop '^\{ *"error"' v400 p400 v200
rule zoop '"resource":"transaction"' v200 p200 t200

seeds="$work/seeds"
mkdir -p "$seeds"
declare -A count=() seen=()
written=0
skipped=0
while read -r file target line; do
  decided=""
  for r in "${rules[@]}"; do
    IFS=$'\t' read -r rule_target pattern outcomes <<<"$r"
    [ "$rule_target" = "$target" ] || continue
    if grep -Eq -- "$pattern" "$file"; then decided=$outcomes; break; fi
  done
  if [ -z "$decided" ]; then
    echo "fuzz-seeds: $doc:$line ($target): no rule says what this example is:" >&2
    head -c 300 "$file" >&2
    echo >&2
    exit 1
  fi
  for outcome in $decided; do
    if [[ $outcome == skip:* ]]; then skipped=$((skipped + 1)); continue; fi
    # The same example twice (in a table and among the examples) is one seed.
    key="$target $outcome $(cksum <"$file")"
    [ -z "${seen[$key]:-}" ] || continue
    seen[$key]=1
    count[$target]=$((${count[$target]:-0} + 1))
    mkdir -p "$seeds/$target"
    { printf '%s\n' "$outcome"; cat "$file"; } >"$seeds/$target/doc-${count[$target]}"
    written=$((written + 1))
  done
done <"$work/index"

if $check; then
  committed=$(cd "$root/fuzz/corpus" && ls -- */doc-* 2>/dev/null | sort || true)
  generated=$(cd "$seeds" && ls -- */doc-* 2>/dev/null | sort || true)
  same=$([ "$committed" = "$generated" ] && echo true || echo false)
  for f in $generated; do cmp -s "$seeds/$f" "$root/fuzz/corpus/$f" || same=false; done
  if ! $same; then
    echo "fuzz-seeds: fuzz/corpus/*/doc-* differ from $doc: run scripts/fuzz-seeds.sh" >&2
    exit 1
  fi
  echo "fuzz-seeds: the committed doc-* seeds match $doc"
  exit 0
fi

rm -f "$root"/fuzz/corpus/*/doc-*
for dir in "$seeds"/*/; do cp "$dir"doc-* "$root/fuzz/corpus/$(basename "$dir")/"; done
summary=$(for target in "${!count[@]}"; do echo "$target=${count[$target]}"; done | sort | tr '\n' ' ')
echo "fuzz-seeds: $written seeds from $doc ($skipped requests and unread replies left out): $summary"
