#!/usr/bin/env bash
# The commands the CI examples run (github-actions.yml, gitlab-ci.yml), in one place so that
# tests/install/ci_test.sh exercises exactly them.
#
#   stsmc-ci.sh install SOURCE_DIR [DEB_DIR]
#       Debian bookworm, as root: install the build packages, build the stsmc .deb from a
#       checkout of stsmc (reusing DEB_DIR/stsmc_*.deb when a cache restored one) and install it.
#   stsmc-ci.sh check MANIFEST...
#       `stsmc check` on each manifest with --junit, --sarif and --out under $STSMC_RESULTS
#       (default stsmc-results/): junit/NAME.xml, sarif/NAME.sarif, traces/NAME/*.json with an
#       HTML page beside each trace, NAME.txt (the report). Extra options for check:
#       $STSMC_CHECK_ARGS (e.g. "--time-budget 900", the CI mode). On GitHub stsmc annotates the
#       manifest line that causes a violation (--annotations github); a manifest that does not
#       load gets an ::error annotation. Exit status: 0 when every manifest holds (exit 3, a limit
#       or a property only sampled, is a warning), else the worst of check's (1 < 2 < 4).
#   stsmc-ci.sh corpus MANIFEST CORPUS_DIR
#       The regression corpus: every CORPUS_DIR/must-hold/*.json must re-check to holds against
#       MANIFEST, every CORPUS_DIR/must-violate/*.json to violated (`stsmc recheck --expect`). A
#       trace that no longer applies to the manifest (exit 3) fails too: regenerate or drop it.
#       No CORPUS_DIR: nothing to do. Exit status: 0 when every trace agrees, else 1 (2: bad input).
set -euo pipefail

usage() { sed -n '2,22p' "$0" >&2; exit 2; }

install_stsmc() {
  local src=$1 debs=${2:-stsmc-deb}
  mkdir -p "$debs"
  if ! ls "$debs"/stsmc_*.deb >/dev/null 2>&1; then
    bash "$src/scripts/install-deps.sh" --build-only
    cmake -S "$src" -B "$src/build-ci" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTSMC_WERROR=OFF
    cmake --build "$src/build-ci" --target stsmc
    (cd "$src/build-ci" && cpack -G DEB -B "$(cd "$debs" && pwd)")
  fi
  apt-get update -qq   # the package's Depends come from the archive
  apt-get install -y -qq --no-install-recommends "$(cd "$debs" && pwd)"/stsmc_*.deb
  stsmc --version
}

check_manifests() {
  [ $# -gt 0 ] || usage
  local stsmc=${STSMC:-stsmc} results=${STSMC_RESULTS:-stsmc-results} worst=0
  # shellcheck disable=SC2206  # word splitting of the extra options is intended
  local extra=(${STSMC_CHECK_ARGS:-})
  local annotate=()
  [ -z "${GITHUB_ACTIONS:-}" ] || annotate=(--annotations github)
  mkdir -p "$results/junit" "$results/traces" "$results/sarif"
  for manifest in "$@"; do
    local name=${manifest%.*}
    name=${name//\//_}
    local rc=0
    "$stsmc" check "$manifest" --junit "$results/junit/$name.xml" --out "$results/traces/$name" \
      --sarif "$results/sarif/$name.sarif" --quiet "${annotate[@]}" "${extra[@]}" >"$results/$name.txt" || rc=$?
    cat "$results/$name.txt"
    for trace in "$results/traces/$name"/*.json; do
      [ -e "$trace" ] || continue
      "$stsmc" show "$trace" --format html >"${trace%.json}.html" || true
    done
    case $rc in
      0) echo "stsmc-ci: $manifest: every property holds within the bounds" ;;
      1) echo "stsmc-ci: $manifest: a property is violated; traces in $results/traces/$name" ;;
      3) echo "stsmc-ci: $manifest: no violation, but not everything holds exhaustively or is proved (a limit, or only sampled: warning)"
         [ -z "${GITHUB_ACTIONS:-}" ] || echo "::warning file=$manifest::stsmc: no violation found, but some properties were only sampled or stopped by a limit (see $results/$name.txt)"
         rc=0 ;;
      *) echo "stsmc-ci: $manifest: stsmc check exited $rc"
         [ -z "${GITHUB_ACTIONS:-}" ] || echo "::error file=$manifest::stsmc check exited $rc (see $results/$name.txt)" ;;
    esac
    [ "$rc" -le "$worst" ] || worst=$rc
  done
  return "$worst"
}

recheck_corpus() {
  [ $# -eq 2 ] || usage
  local stsmc=${STSMC:-stsmc} manifest=$1 corpus=$2 status=0
  if [ ! -d "$corpus" ]; then
    echo "stsmc-ci: no regression corpus at $corpus"
    return 0
  fi
  local expect dir trace rc
  for expect in holds violated; do
    dir="$corpus/must-hold"
    [ "$expect" = holds ] || dir="$corpus/must-violate"
    for trace in "$dir"/*.json; do
      [ -e "$trace" ] || continue
      rc=0
      "$stsmc" recheck "$trace" --manifest "$manifest" --expect "$expect" || rc=$?
      case $rc in
        0) echo "stsmc-ci: $trace: $expect against $manifest, as expected" ;;
        1) echo "stsmc-ci: $trace: expected $expect against $manifest, got the opposite"
           [ -z "${GITHUB_ACTIONS:-}" ] || echo "::error file=$manifest::stsmc: corpus trace $trace was expected to be $expect against this manifest" ;;
        3) echo "stsmc-ci: $trace: no longer applies to $manifest (regenerate or drop it)"
           [ -z "${GITHUB_ACTIONS:-}" ] || echo "::error file=$trace::stsmc: this corpus trace does not apply to $manifest any more" ;;
        *) echo "stsmc-ci: $trace: stsmc recheck exited $rc" ;;
      esac
      if [ "$rc" -eq 2 ] || [ "$rc" -eq 4 ]; then status=2; elif [ "$rc" -ne 0 ] && [ "$status" -eq 0 ]; then status=1; fi
    done
  done
  return "$status"
}

case ${1:-} in
  install) shift; [ $# -ge 1 ] || usage; install_stsmc "$@" ;;
  check) shift; check_manifests "$@" ;;
  corpus) shift; recheck_corpus "$@" ;;
  *) usage ;;
esac
