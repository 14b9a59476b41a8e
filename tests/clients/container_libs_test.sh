#!/usr/bin/env bash
# The container's runtime stage installs every Debian package that the binaries `make test` built
# link against directly (their ELF NEEDED entries), so the image cannot miss a library that the
# build gained. Usage: container_libs_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
# The runtime stage's `apt-get install` list.
listed=$(awk '/^FROM .* AS runtime/{on=1} on' "$src/deploy/Containerfile" \
  | sed -n '/apt-get install/,/rm -rf/p' | tr ' \\' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' | sort -u)
passed=0
failed=0
for binary in "$build/service/server/cancela_server" "$build/providers/sandbox/cancela_sandbox"; do
  for lib in $(readelf -d "$binary" | awk '/NEEDED/{gsub(/[][]/, "", $5); print $5}'); do
    # awk reads to the end (no early exit), so ldconfig never writes into a closed pipe.
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && !found {print $NF; found = 1}')
    real=$(readlink -f "$path")
    # dpkg may know the file under /lib rather than /usr/lib (merged /usr).
    package=$( (dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null || true) | cut -d: -f1 | head -1)
    case $package in libc6 | libstdc++6 | libgcc-s1) continue ;; esac  # in every Debian image
    if grep -qx -- "$package" <<<"$listed"; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL: $(basename "$binary") needs $lib (package ${package:-unknown}), not installed by deploy/Containerfile's runtime stage" >&2
    fi
  done
done
echo "libraries: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
