#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan) and runs them.
#
#   scripts/fuzz.sh smoke                 every target for a few seconds (make test runs this)
#   scripts/fuzz.sh <target> [seconds]    one target, default 3600 s, e.g. scripts/fuzz.sh payu 3600
#   scripts/fuzz.sh list                  the target names
#
# Long runs keep what they learn in build/fuzz/corpus/<target> (not committed); the seeds in
# fuzz/corpus/<target> are read-only inputs. A crash leaves crash-* in build/fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(cielo_ecommerce cielo_checkout cielo_unica payu zoop request_validation)
SMOKE_SECONDS=${CANCELA_FUZZ_SMOKE_SECONDS:-12}

build() {
  # From scratch on a fresh machine too: configure once, then an incremental build.
  [ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
  # Quiet when it works; the whole log when it does not (a smoke failure must say why).
  local log
  log=$(mktemp)
  if ! cmake --build --preset fuzz -j"${CANCELA_FUZZ_JOBS:-2}" >"$log" 2>&1; then
    grep -E 'error|FAILED|undefined reference' "$log" | head -40 >&2
    rm -f "$log"
    echo "fuzz: the fuzz preset did not build" >&2
    return 1
  fi
  rm -f "$log"
}

run() {
  local target=$1 seconds=$2
  local work=build/fuzz/corpus/$target artifacts=build/fuzz/artifacts/$target
  mkdir -p "$work" "$artifacts"
  echo "fuzz: $target for ${seconds}s" >&2
  # -max_len bounds inputs near the size of real replies; rss limit keeps the runner honest.
  build/fuzz/fuzz/${target}_fuzz -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "fuzz/corpus/$target" \
    2> >(grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|fuzz invariant|#[0-9]+ +DONE)' >&2 || true)
}

case "${1:-}" in
  list) printf '%s\n' "${TARGETS[@]}" ;;
  smoke)
    build
    for t in "${TARGETS[@]}"; do run "$t" "$SMOKE_SECONDS"; done ;;
  "") sed -n '2,10p' "$0"; exit 2 ;;
  *)
    [[ " ${TARGETS[*]} " == *" $1 "* ]] || { echo "fuzz: unknown target $1" >&2; exit 2; }
    build
    run "$1" "${2:-3600}" ;;
esac
