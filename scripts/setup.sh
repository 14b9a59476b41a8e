#!/usr/bin/env bash
# Installs everything cancela needs to build, run and test, on Debian 12. Idempotent and quick
# when everything is already there. Used by `make run`, `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  cmake ninja-build g++ make pkg-config git ca-certificates ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev grpc-proto
  libcurl4-openssl-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libgtest-dev libgmock-dev prometheus-cpp-dev
  libmicrohttpd-dev
  libssl-dev libzip-dev openssl
  python3 python3-pip golang-go curl jq
  libcairo2-dev libpango1.0-dev fonts-dejavu-core libzip-dev poppler-utils tzdata
  postgresql   # a throwaway server on loopback for the PostgreSQL store tests (never port 5432)
)
GOOGLEAPIS_PROTOS_VERSION=1.76.0   # PyPI googleapis-common-protos: source of google/rpc/*.proto
GO_TOOLS=(
  github.com/bufbuild/buf/cmd/buf@v1.75.0
  github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4
)

log() { printf 'setup: %s\n' "$*" >&2; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# golang-go is only needed when no Go toolchain is on PATH already.
if command -v go >/dev/null 2>&1; then
  missing=("${missing[@]/golang-go}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  log "installing apt packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

deps=.deps
if [ ! -f "$deps/googleapis/google/rpc/error_details.proto" ]; then
  log "fetching google/rpc protos (googleapis-common-protos ${GOOGLEAPIS_PROTOS_VERSION} from PyPI)"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --dest "$tmp" \
    "googleapis-common-protos==${GOOGLEAPIS_PROTOS_VERSION}"
  mkdir -p "$deps/googleapis"
  python3 - "$tmp"/googleapis_common_protos-*.whl "$deps/googleapis" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith("google/") and name.endswith(".proto"):
            z.extract(name, dest)
PY
  rm -rf "$tmp"
fi

GOBIN_DIR="$(go env GOPATH)/bin"
for tool in "${GO_TOOLS[@]}"; do
  name=$(basename "${tool%@*}")
  if [ ! -x "$GOBIN_DIR/$name" ]; then
    log "go install $tool"
    GOFLAGS=-mod=mod go install "$tool"
  fi
done
log "ready"
