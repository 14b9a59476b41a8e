#!/usr/bin/env bash
# Installs everything cancela needs to build, run and test, on Debian 12. Idempotent and quick
# when everything is already there. Used by `make run`, `make test` and .ci/run.
# `setup.sh --build-only`: only what compiling the binaries needs (deploy/Containerfile).
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=false
[ "${1:-}" = "--build-only" ] && build_only=true

APT_PACKAGES=(
  cmake ninja-build g++ make pkg-config git ca-certificates ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev grpc-proto
  libcurl4-openssl-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libgtest-dev libgmock-dev prometheus-cpp-dev
  libmicrohttpd-dev
  libssl-dev libzip-dev openssl
  python3 python3-pip python3-venv golang-go curl jq
  libcairo2-dev libpango1.0-dev fonts-dejavu-core libzip-dev poppler-utils tzdata
  postgresql   # a throwaway server on loopback for the PostgreSQL store tests (never port 5432)
  maven default-jdk-headless
  linux-perf   # `make bench` profiles one saturation run (scripts/bench.sh)
  clang libclang-rt-14-dev llvm   # the fuzz preset: clang++, libFuzzer + sanitizer runtimes, llvm-symbolizer
)
GOOGLEAPIS_PROTOS_VERSION=1.76.0   # PyPI googleapis-common-protos: source of google/rpc/*.proto
GO_TOOLS=(
  github.com/bufbuild/buf/cmd/buf@v1.75.0
  github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4
  github.com/grpc-ecosystem/grpc-health-probe@v0.4.62
  google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
  google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.0
  sigs.k8s.io/kustomize/kustomize/v5@v5.8.1
  github.com/bojand/ghz/cmd/ghz@v0.120.0   # the gRPC load generator of `make bench`
)
# The Python client's toolchain and runtime (.deps/venv): grpcio-tools' protoc generates the Go and
# Python clients (scripts/gen-clients.sh), pytest runs the Python example.
PYTHON_PACKAGES=(
  grpcio-tools==1.85.1 grpcio==1.85.1 grpcio-status==1.85.1 googleapis-common-protos==1.76.0
  protobuf==7.36.2 pytest==9.2.0
)

# Needed by tests and clients, not by the compile of the binaries.
NOT_FOR_BUILD=" golang-go maven default-jdk-headless python3-venv libgtest-dev libgmock-dev curl jq clang libclang-rt-14-dev llvm "

log() { printf 'setup: %s\n' "$*" >&2; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if $build_only && [[ "$NOT_FOR_BUILD" == *" $p "* ]]; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# golang-go and the JDK are only needed when no such toolchain is on PATH already.
if command -v go >/dev/null 2>&1; then
  missing=("${missing[@]/golang-go}")
fi
if command -v javac >/dev/null 2>&1; then
  missing=("${missing[@]/default-jdk-headless}")
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
if $build_only; then
  log "ready (build only)"
  exit 0
fi

GOBIN_DIR="$(go env GOPATH)/bin"
for tool in "${GO_TOOLS[@]}"; do
  path=${tool%@*}
  path=${path%/v[0-9]*}   # a major-version suffix (…/kustomize/v5) is not the binary's name
  name=$(basename "$path")
  if [ ! -x "$GOBIN_DIR/$name" ]; then
    log "go install $tool"
    GOFLAGS=-mod=mod go install "$tool"
  fi
done

# Python: a venv with pinned packages and the client installed from the tree (editable).
venv=$deps/venv
want="${PYTHON_PACKAGES[*]} $(sha256sum clients/python/pyproject.toml | cut -c1-16)"
if [ "$(cat "$venv/.cancela-stamp" 2>/dev/null)" != "$want" ]; then
  log "python venv $venv: ${PYTHON_PACKAGES[*]}"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -e clients/python
  echo "$want" >"$venv/.cancela-stamp"
fi

# Go modules of the client and the manifest validator, and everything Maven needs for the Java
# client (plugins, protoc, protoc-gen-grpc-java), fetched once so that tests do not download.
for mod in clients/go deploy/validate; do
  [ -f "$mod/go.mod" ] && (cd "$mod" && go mod download)
done
java_stamp=$deps/java-stamp
want="$(sha256sum clients/java/pom.xml | cut -c1-16)"
if [ "$(cat "$java_stamp" 2>/dev/null)" != "$want" ]; then
  log "maven: resolving the Java client's build"
  mvn -B -q --no-transfer-progress -f clients/java/pom.xml -DskipTests package dependency:go-offline
  echo "$want" >"$java_stamp"
fi
log "ready"
