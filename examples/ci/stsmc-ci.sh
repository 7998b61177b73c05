#!/usr/bin/env bash
# The commands the CI examples run (github-actions.yml, gitlab-ci.yml), in one place so that
# tests/install/ci_test.sh exercises exactly them.
#
#   stsmc-ci.sh install SOURCE_DIR [DEB_DIR]
#       Debian bookworm, as root: install the build packages, build the stsmc .deb from a
#       checkout of stsmc (reusing DEB_DIR/stsmc_*.deb when a cache restored one) and install it.
#   stsmc-ci.sh check MANIFEST...
#       `stsmc check` on each manifest with --junit and --out under $STSMC_RESULTS (default
#       stsmc-results/): junit/NAME.xml, traces/NAME/*.json with an HTML page beside each trace,
#       NAME.txt (the report). Extra options for check: $STSMC_CHECK_ARGS (e.g. "--time-limit 900").
#       On GitHub Actions a violated manifest gets an ::error annotation. Exit status: 0 when
#       every manifest holds (a limit, exit 3, is a warning), else the worst of check's (1 < 2 < 4).
set -euo pipefail

usage() { sed -n '2,15p' "$0" >&2; exit 2; }

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
  mkdir -p "$results/junit" "$results/traces"
  for manifest in "$@"; do
    local name=${manifest%.*}
    name=${name//\//_}
    local rc=0
    "$stsmc" check "$manifest" --junit "$results/junit/$name.xml" --out "$results/traces/$name" \
      --quiet "${extra[@]}" >"$results/$name.txt" || rc=$?
    cat "$results/$name.txt"
    for trace in "$results/traces/$name"/*.json; do
      [ -e "$trace" ] || continue
      "$stsmc" show "$trace" --format html >"${trace%.json}.html" || true
    done
    case $rc in
      0) echo "stsmc-ci: $manifest: every property holds within the bounds" ;;
      1) echo "stsmc-ci: $manifest: a property is violated; traces in $results/traces/$name"
         [ -z "${GITHUB_ACTIONS:-}" ] || echo "::error file=$manifest::stsmc: a property is violated (see $results/$name.txt and the traces artifact)" ;;
      3) echo "stsmc-ci: $manifest: stopped by a limit before the bounds were exhausted (warning)"
         [ -z "${GITHUB_ACTIONS:-}" ] || echo "::warning file=$manifest::stsmc stopped by a limit before exhausting the bounds"
         rc=0 ;;
      *) echo "stsmc-ci: $manifest: stsmc check exited $rc"
         [ -z "${GITHUB_ACTIONS:-}" ] || echo "::error file=$manifest::stsmc check exited $rc (see $results/$name.txt)" ;;
    esac
    [ "$rc" -le "$worst" ] || worst=$rc
  done
  return "$worst"
}

case ${1:-} in
  install) shift; [ $# -ge 1 ] || usage; install_stsmc "$@" ;;
  check) shift; check_manifests "$@" ;;
  *) usage ;;
esac
