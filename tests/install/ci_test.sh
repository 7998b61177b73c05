#!/usr/bin/env bash
# Runs the check and corpus steps of examples/ci/github-actions.yml and examples/ci/gitlab-ci.yml
# as written (the command lines are read out of each file) in a workspace shaped like a user's
# repository: deploy/*.yaml, ci/stsmc-corpus/, stsmc's checkout in .stsmc-src, `stsmc` on PATH.
# Then checks the results the files upload: JUnit and SARIF per manifest, traces with HTML pages
# for a violation, annotations at the manifest line of the cause on GitHub, the exit status for
# holding, violated and broken manifests, and the regression corpus re-checked against a fixed
# and an unfixed manifest (docs/checking.md's workflow). The install step (apt, root) is not run
# here; install_deb builds the same package.
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

# The check (or corpus) command of a CI file: its one line that calls `stsmc-ci.sh check`.
check_line() {
  local lines what=${2:-check}
  lines=$(grep -E "stsmc-ci\.sh $what " "$1" | sed -E 's/^[[:space:]]*(- |run: )*//')
  [ "$(wc -l <<<"$lines")" -eq 1 ] || fail "$1: expected one stsmc-ci.sh $what line, got: $lines"
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
grep -q -- '--time-budget' <<<"$args" || fail "github-actions.yml does not use the CI mode (--time-budget): $args"

# A workspace like the user's repository.
workspace() {
  rm -rf "$work/ws"
  mkdir -p "$work/ws/deploy"
  ln -s "$src" "$work/ws/.stsmc-src"
  [ $# -eq 0 ] || cp "$@" "$work/ws/deploy/"
}
run_ci() {  # CI file, extra environment...
  local line
  line=$(check_line "$src/examples/ci/$1" "${WHAT:-check}")
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
  [ "$(grep -o '<testcase' "$junit" | wc -l)" -eq 10 ] || fail "$junit: expected 10 testcases"
  grep -q '<failure' "$junit" && fail "$junit: a failure for a holding manifest"
  [ -s "$work/ws/stsmc-results/deploy_$m.txt" ] || fail "no report for $m"
  grep -q 'exhaustive within the bounds' "$work/ws/stsmc-results/deploy_$m.txt" || fail "$m: the CI mode did not say how the verdicts were established"
  sarif="$work/ws/stsmc-results/sarif/deploy_$m.sarif"
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["version"] == "2.1.0" and d["runs"][0]["results"] == []' "$sarif" \
    || fail "$sarif: not an empty SARIF 2.1.0 log"
done
echo "ok: holding manifests"

# A violation (a mutant stands in for a faulty manifest): exit 1, trace + HTML page, annotation.
workspace "$src/spec/examples/db-canary.yaml"
rc=0; run_ci github-actions.yml GITHUB_ACTIONS=true \
  STSMC_CHECK_ARGS="$args --mutant update-below-partition --property partition-semantics" || rc=$?
[ "$rc" -eq 1 ] || { cat "$work/ci.out"; fail "violated manifest: exit $rc, expected 1"; }
line=$(grep -n 'partition:' "$work/ws/deploy/db-canary.yaml" | head -1 | cut -d: -f1)
grep -q "^::error file=deploy/db-canary.yaml,line=$line,col=[0-9]*,title=stsmc partition-semantics violated::" "$work/ci.out" \
  || { cat "$work/ci.out"; fail "no GitHub annotation at the partition line ($line) of the violated manifest"; }
python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["runs"][0]["results"]; assert len(r) == 1 and r[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == int(sys.argv[2])' \
  "$work/ws/stsmc-results/sarif/deploy_db-canary.sarif" "$line" || fail "the SARIF log does not point at line $line"
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

# The regression corpus (docs/checking.md): a trace of the stall of an OrderedReady set with a
# broken template (kubernetes#67250), kept in must-hold/ once the manifest is fixed (Parallel).
stall="--max-replicas 2 --broken-template --budget update-template=2 --budget pod-failed=0 --budget delete-pod=0"
workspace
sed 's/^  replicas: 2$/&\n  podManagementPolicy: Parallel/' "$src/spec/examples/myapp.yaml" >"$work/ws/deploy/my-sts.yaml"
grep -q 'podManagementPolicy: Parallel' "$work/ws/deploy/my-sts.yaml" || fail "could not write the fixed manifest"
# shellcheck disable=SC2086  # the options are words
stsmc check "$src/spec/examples/myapp.yaml" $stall --quiet --out "$work/stall" >/dev/null || fail "the stall trace was not written"
mkdir -p "$work/ws/ci/stsmc-corpus/my-sts/must-hold"
cp "$work/stall/myapp.myapp.convergence.json" "$work/ws/ci/stsmc-corpus/my-sts/must-hold/stall.json"
for f in github-actions.yml gitlab-ci.yml; do
  rc=0; WHAT=corpus run_ci "$f" || rc=$?
  [ "$rc" -eq 0 ] || { cat "$work/ci.out"; fail "$f: the fixed manifest's must-hold trace: exit $rc"; }
  grep -q 'holds against deploy/my-sts.yaml, as expected' "$work/ci.out" || { cat "$work/ci.out"; fail "$f: no holds"; }
done
# The same trace against the unfixed manifest: violated, so must-hold fails and must-violate passes.
cp "$src/spec/examples/myapp.yaml" "$work/ws/deploy/my-sts.yaml"
rc=0; WHAT=corpus run_ci github-actions.yml GITHUB_ACTIONS=true || rc=$?
[ "$rc" -eq 1 ] || { cat "$work/ci.out"; fail "a must-hold trace that is violated: exit $rc, expected 1"; }
grep -q '^::error file=deploy/my-sts.yaml::' "$work/ci.out" || fail "no annotation for the failing corpus trace"
mv "$work/ws/ci/stsmc-corpus/my-sts/must-hold" "$work/ws/ci/stsmc-corpus/my-sts/must-violate"
rc=0; WHAT=corpus run_ci gitlab-ci.yml || rc=$?
[ "$rc" -eq 0 ] || { cat "$work/ci.out"; fail "a must-violate trace that is violated: exit $rc"; }
echo "ok: regression corpus"
