#!/usr/bin/env bash
# Every spec/examples/*.yaml is compiled into the binary (cmake/BundledExamples.cmake) and loads
# as <bundled>/NAME, run from a directory without a source tree; a name that is not bundled is an
# input error (exit 2) that lists the bundled ones. Usage: bundled_test.sh STSMC SOURCE_DIR
set -euo pipefail
stsmc=$(readlink -f "$1")
src=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/stsmc-bundled-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

n=0
for f in "$src"/spec/examples/*.yaml; do
  name=$(basename "$f")
  rc=0
  "$stsmc" check "<bundled>/$name" --max-states 1 --quiet --out "$work/out" >"$work/out.txt" 2>&1 || rc=$?
  # 0 or 3 (stopped by --max-states): it loaded; 2 would be a load error.
  [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { cat "$work/out.txt"; fail "<bundled>/$name: exit $rc"; }
  grep -q "^stsmc: <bundled>/$name " "$work/out.txt" || fail "<bundled>/$name: the run does not name it"
  n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n examples"

rc=0
"$stsmc" check "<bundled>/no-such.yaml" >"$work/out.txt" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "<bundled>/no-such.yaml: exit $rc, expected 2"
grep -q "<bundled>/no-such.yaml: no such bundled manifest (bundled: .*myapp.yaml" "$work/out.txt" \
  || { cat "$work/out.txt"; fail "no message listing the bundled manifests"; }
echo "bundled ok: $n examples"
