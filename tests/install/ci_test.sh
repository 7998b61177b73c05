#!/usr/bin/env bash
# Runs the check step of examples/ci/github-actions.yml and examples/ci/gitlab-ci.yml as written
# (the command line is read out of each file) in a workspace shaped like a user's repository:
# deploy/*.yaml, stsmc's checkout in .stsmc-src, `stsmc` on PATH. Then checks the results the
# files upload: JUnit per manifest, traces with HTML pages for a violation, annotations on
# GitHub, and the exit status for holding, violated and broken manifests. The install step
# (apt, root) is not run here; install_deb builds the same package.
# Usage: ci_test.sh STSMC SOURCE_DIR
set -euo pipefail
stsmc=$(readlink -f "$1")
src=$(cd "$2" && pwd)
work=$(mktemp -d /tmp/stsmc-ci-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/bin"
ln -s "$stsmc" "$work/bin/stsmc"
export PATH="$work/bin:$PATH"

# The check command of a CI file: its one line that calls `stsmc-ci.sh check`.
check_line() {
  local lines
  lines=$(grep -E 'stsmc-ci\.sh check ' "$1" | sed -E 's/^[[:space:]]*(- |run: )*//')
  [ "$(wc -l <<<"$lines")" -eq 1 ] || fail "$1: expected one stsmc-ci.sh check line, got: $lines"
  echo "$lines"
}
for f in github-actions.yml gitlab-ci.yml; do
  grep -qE 'stsmc-ci\.sh install \.stsmc-src \.stsmc-deb' "$src/examples/ci/$f" || fail "$f does not install through stsmc-ci.sh"
  grep -q 'stsmc-results/' "$src/examples/ci/$f" || fail "$f does not upload stsmc-results/"
  if python3 -c 'import yaml' 2>/dev/null; then
    python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$src/examples/ci/$f" || fail "$f is not valid YAML"
  fi
done
grep -q 'junit: stsmc-results/junit/\*.xml' "$src/examples/ci/gitlab-ci.yml" || fail "gitlab-ci.yml does not report JUnit"
args=$(sed -nE 's/^[[:space:]]*STSMC_CHECK_ARGS: ([^#]*[^# ]).*/\1/p' "$src/examples/ci/github-actions.yml")
[ -n "$args" ] || fail "github-actions.yml sets no STSMC_CHECK_ARGS"

# A workspace like the user's repository.
workspace() {
  rm -rf "$work/ws"
  mkdir -p "$work/ws/deploy"
  ln -s "$src" "$work/ws/.stsmc-src"
  cp "$@" "$work/ws/deploy/"
}
run_ci() {  # CI file, extra environment...
  local line
  line=$(check_line "$src/examples/ci/$1")
  shift
  (cd "$work/ws" && env "$@" bash -c "$line") >"$work/ci.out" 2>&1
}

# Manifests that hold: exit 0, one JUnit file each with a testcase per property.
workspace "$src/spec/examples/myapp.yaml" "$src/spec/examples/web-parallel.yaml"
rc=0; run_ci gitlab-ci.yml STSMC_CHECK_ARGS="$args" || rc=$?
[ "$rc" -eq 0 ] || { cat "$work/ci.out"; fail "holding manifests: exit $rc"; }
for m in myapp web-parallel; do
  junit="$work/ws/stsmc-results/junit/deploy_$m.xml"
  [ -s "$junit" ] || fail "no JUnit report $junit"
  [ "$(grep -o '<testcase' "$junit" | wc -l)" -eq 7 ] || fail "$junit: expected 7 testcases"
  grep -q '<failure' "$junit" && fail "$junit: a failure for a holding manifest"
  [ -s "$work/ws/stsmc-results/deploy_$m.txt" ] || fail "no report for $m"
done
echo "ok: holding manifests"

# A violation (a mutant stands in for a faulty manifest): exit 1, trace + HTML page, annotation.
workspace "$src/spec/examples/db-canary.yaml"
rc=0; run_ci github-actions.yml GITHUB_ACTIONS=true \
  STSMC_CHECK_ARGS="$args --mutant update-below-partition --property partition-semantics" || rc=$?
[ "$rc" -eq 1 ] || { cat "$work/ci.out"; fail "violated manifest: exit $rc, expected 1"; }
grep -q '^::error file=deploy/db-canary.yaml::' "$work/ci.out" || fail "no GitHub annotation for the violation"
traces="$work/ws/stsmc-results/traces/deploy_db-canary"
ls "$traces"/*.json >/dev/null 2>&1 || fail "no trace under $traces"
for t in "$traces"/*.json; do
  [ -s "${t%.json}.html" ] || fail "no HTML page beside $t"
  grep -q 'class="violation-marker"' "${t%.json}.html" || fail "${t%.json}.html has no violation marker"
done
grep -q '<failure' "$work/ws/stsmc-results/junit/deploy_db-canary.xml" || fail "the JUnit report has no failure"
echo "ok: violated manifest"

# A manifest that does not load: exit 2 with the reason in the report, and an annotation.
workspace "$src/spec/examples/myapp.yaml"
printf 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: broken}\nspec:\n  replicas: -1\n' >"$work/ws/deploy/broken.yaml"
rc=0; run_ci github-actions.yml GITHUB_ACTIONS=true STSMC_CHECK_ARGS="$args" || rc=$?
[ "$rc" -eq 2 ] || { cat "$work/ci.out"; fail "broken manifest: exit $rc, expected 2"; }
grep -q '^::error file=deploy/broken.yaml::' "$work/ci.out" || fail "no annotation for the broken manifest"
[ -s "$work/ws/stsmc-results/junit/deploy_myapp.xml" ] || fail "the good manifest next to a broken one was not checked"
echo "ok: broken manifest"
