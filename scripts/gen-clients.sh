#!/usr/bin/env bash
# `make clients`: regenerates the committed Go and Python clients from proto/.
# `scripts/gen-clients.sh --check`: exits 1 (and shows the difference) when the committed code is
# stale. Java generates at build time (Maven's protobuf plugin), so nothing of it is committed.
#
# One protoc for both languages, pinned through PyPI's grpcio-tools (in .deps/venv, installed by
# scripts/setup.sh), and pinned plugins (scripts/setup.sh GO_TOOLS): the output depends only on
# proto/, never on the machine's own protoc.
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
[ "${1:-}" = "--check" ] && check=true

venv=.deps/venv
gobin="$(go env GOPATH)/bin"
for tool in "$venv/bin/python" "$gobin/protoc-gen-go" "$gobin/protoc-gen-go-grpc"; do
  [ -x "$tool" ] || { echo "gen-clients: $tool missing; run scripts/setup.sh" >&2; exit 2; }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/go" "$out/python"

# Sorted, relative names: protoc records them in the output, so they must not vary.
protos=$(cd proto && find cancela -name '*.proto' | LC_ALL=C sort)
go_module=github.com/cancela/cancela/clients/go
(cd proto && "../$venv/bin/python" -m grpc_tools.protoc -I. \
  --plugin=protoc-gen-go="$gobin/protoc-gen-go" \
  --plugin=protoc-gen-go-grpc="$gobin/protoc-gen-go-grpc" \
  --go_out="$out/go" --go_opt=module=$go_module \
  --go-grpc_out="$out/go" --go-grpc_opt=module=$go_module \
  --python_out="$out/python" --pyi_out="$out/python" --grpc_python_out="$out/python" \
  $protos)

# What is generated, and where it is committed. Hand-written files beside them are left alone.
go_gen=clients/go/cancelav1
py_gen=clients/python/src/cancela/v1
committed() { find "$1" -maxdepth 1 -type f \( -name '*.pb.go' -o -name '*_pb2*.py' -o -name '*_pb2.pyi' \) 2>/dev/null; }

if $check; then
  stale=0
  # The same set of generated files (none missing, none left over from a removed proto) ...
  names() { xargs -r -n1 basename | LC_ALL=C sort; }
  diff -u <(committed "$go_gen" | names) <(ls "$out/go/cancelav1" | names) || stale=1
  diff -u <(committed "$py_gen" | names) <(ls "$out/python/cancela/v1" | names) || stale=1
  # ... with the same content.
  for f in "$out"/go/cancelav1/*; do diff -u "$go_gen/$(basename "$f")" "$f" || stale=1; done
  for f in "$out"/python/cancela/v1/*; do diff -u "$py_gen/$(basename "$f")" "$f" || stale=1; done
  if ((stale)); then
    echo "gen-clients: committed client code is stale; run 'make clients' and commit" >&2
    exit 1
  fi
  echo "gen-clients: committed client code matches proto/"
  exit 0
fi

mkdir -p "$go_gen" "$py_gen"
committed "$go_gen" | xargs -r rm -f
committed "$py_gen" | xargs -r rm -f
cp "$out"/go/cancelav1/* "$go_gen/"
cp "$out"/python/cancela/v1/* "$py_gen/"
echo "gen-clients: regenerated $go_gen and $py_gen"
