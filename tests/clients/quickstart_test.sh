#!/usr/bin/env bash
# Runs one of the README's five-line client quick starts verbatim against a live server (started
# by live_server.sh), wrapped only in what the language needs to run it, and checks that it
# refunded. Usage: quickstart_test.sh SOURCE_DIR go|java|python
set -euo pipefail
src=$1
lang=$2
: "${CANCELA_TARGET:?run through live_server.sh}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The fenced block between the README's quickstart markers, pointed at the live server.
awk -v start="<!-- quickstart-$lang:start -->" -v end="<!-- quickstart-$lang:end -->" '
  $0 == start {on=1; next} $0 == end {on=0} on && !/^```/' "$src/README.md" \
  | sed "s/localhost:50051/$CANCELA_TARGET/" >"$work/snippet"
[ "$(wc -l <"$work/snippet")" -eq 5 ] || { echo "FAIL: the $lang quick start is not five lines" >&2; cat "$work/snippet" >&2; exit 1; }

case $lang in
  python)
    "$src/.deps/venv/bin/python" "$work/snippet" >"$work/out" 2>&1 || true
    ;;
  go)
    mkdir "$work/quickstart"
    {
      echo 'package main'
      echo 'import ("context"; "crypto/rand"; "fmt"; "google.golang.org/grpc"; "google.golang.org/grpc/credentials/insecure"; "google.golang.org/grpc/metadata"; cancelav1 "github.com/cancela/cancela/clients/go/cancelav1")'
      echo 'func main() {'
      cat "$work/snippet"
      echo '}'
    } >"$work/quickstart/main.go"
    sed "s#^module .*#module quickstart#" "$src/clients/go/go.mod" >"$work/quickstart/go.mod"
    echo "require github.com/cancela/cancela/clients/go v0.0.0" >>"$work/quickstart/go.mod"
    echo "replace github.com/cancela/cancela/clients/go => $src/clients/go" >>"$work/quickstart/go.mod"
    cp "$src/clients/go/go.sum" "$work/quickstart/"
    (cd "$work/quickstart" && go run .) >"$work/out" 2>&1 || true
    ;;
  java)
    (cd "$src/clients/java" && mvn -B -q --no-transfer-progress compile dependency:build-classpath \
      -Dmdep.outputFile="$work/classpath") >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 1; }
    classpath="$src/clients/java/target/classes:$(cat "$work/classpath")"
    mkdir "$work/java"
    {
      echo 'import dev.cancela.v1.*; import io.grpc.*; import io.grpc.stub.MetadataUtils; import java.util.UUID;'
      echo 'public class QuickStart { public static void main(String[] args) throws Exception {'
      cat "$work/snippet"
      echo '} }'
    } >"$work/java/QuickStart.java"
    (javac -d "$work/java" -cp "$classpath" "$work/java/QuickStart.java" &&
      java -cp "$work/java:$classpath" QuickStart) >"$work/out" 2>&1 || true
    ;;
  *) echo "unknown language $lang" >&2; exit 2 ;;
esac

cat "$work/out"
if grep -q "OPERATION_STATUS_SUCCEEDED" "$work/out"; then
  echo "quickstart: 1 passed, 0 failed"
else
  echo "FAIL: the $lang quick start did not print a SUCCEEDED refund" >&2
  echo "quickstart: 0 passed, 1 failed"
  exit 1
fi
