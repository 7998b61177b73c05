#!/usr/bin/env bash
# Installs the build into a staging prefix, then checks what a user gets (docs/install.md):
#  - the installed binary, copied anywhere and run from /tmp, checks its bundled default manifest
#    (nothing found through the source tree);
#  - examples, man page and the CMake package are where they belong;
#  - a tiny consumer project (tests/install/consumer) builds against find_package(stsmc) and runs.
# Usage: consumer_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
# Outside the source tree (the build tree is in it): installed headers must not be mistaken for
# sources by tools/check_includes.sh. Kept only when the test fails.
work=$(mktemp -d "${TMPDIR:-/tmp}/stsmc-install-test.XXXXXX")
stage="$work/stage"

fail() { echo "FAIL: $* (files kept in $work)" >&2; exit 1; }

cmake --install "$build" --prefix "$stage" >"$work/install.log"
for f in bin/stsmc lib/cmake/stsmc/stsmcConfig.cmake lib/cmake/stsmc/stsmcConfigVersion.cmake \
         lib/cmake/stsmc/stsmcTargets.cmake share/stsmc/examples/myapp.yaml share/man/man1/stsmc.1 \
         include/stsmc/checker/explore.h include/stsmc/spec/manifest_loader.h share/stsmc/ci/stsmc-ci.sh; do
  [ -e "$stage/$f" ] || fail "not installed: $f"
done
ls "$stage"/lib/libstsmc_*.a >/dev/null 2>&1 || fail "no static libraries under lib/"
if grep -rq -- "$src" "$stage/lib/cmake/stsmc/"; then fail "the CMake package names the source tree"; fi

# The binary stands alone: moved away from the source and build trees, run from /tmp.
elsewhere="$work/elsewhere"
mkdir -p "$elsewhere"
cp "$stage/bin/stsmc" "$elsewhere/stsmc"
(cd /tmp && "$elsewhere/stsmc" check --out "$elsewhere/out" --threads 1) >"$work/standalone.out" 2>&1 \
  || { cat "$work/standalone.out"; fail "stsmc check from /tmp failed"; }
grep -q '<bundled>/myapp.yaml' "$work/standalone.out" || fail "the run does not name <bundled>/myapp.yaml"
if grep -q -- "$src" "$work/standalone.out"; then fail "the run names the source tree"; fi
(cd /tmp && "$elsewhere/stsmc" check '<bundled>/db-canary.yaml' --out "$elsewhere/out" --threads 1 --quiet) \
  >/dev/null 2>&1 || fail "the bundled db-canary.yaml does not check"

# A consumer project against the installed package.
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$src/tests/install/consumer" -B "$work/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$stage" "${launcher[@]}" >"$work/consumer-configure.log" \
  || { cat "$work/consumer-configure.log"; fail "the consumer does not configure"; }
cmake --build "$work/consumer" -j1 >"$work/consumer-build.log" 2>&1 \
  || { tail -50 "$work/consumer-build.log"; fail "the consumer does not build"; }
"$work/consumer/consumer" "$stage/share/stsmc/examples/myapp.yaml" >"$work/consumer.out" \
  || { cat "$work/consumer.out"; fail "the consumer failed"; }
cat "$work/consumer.out"
grep -q '^consumer: myapp, [0-9]* states, complete=yes$' "$work/consumer.out" || fail "unexpected consumer output"
grep -q '^convergence holds$' "$work/consumer.out" || fail "the consumer did not check convergence"
echo "install ok"
rm -rf "$work"
