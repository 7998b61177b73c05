#!/usr/bin/env bash
# The libFuzzer targets of docs/fuzzing.md, driven from CTest or by hand.
#   run_fuzzers.sh build SRC DIR                  configure DIR with clang and -DSTSMC_FUZZ=ON, build the targets
#   run_fuzzers.sh smoke SRC DIR TARGET           TARGET (manifest, trace, scenario) for a fixed number of runs
#                                                 and a fixed seed, from its seeds only: the same inputs every time
#   run_fuzzers.sh long SRC DIR TARGET SECONDS [JOBS]  fuzz for SECONDS in JOBS forked processes (default 1),
#                                                 going on after findings; the corpus grows in DIR/corpus/TARGET
# Findings are written to DIR/findings/TARGET/ (crash-*, timeout-*, oom-*) and fail the run.
# Environment: STSMC_FUZZ_JOBS (build jobs, default 2), STSMC_FUZZ_RUNS (smoke runs, default 10000),
# STSMC_FUZZ_SEED (default 16), STSMC_FUZZ_BIN_DIR (where the targets are, default DIR/bin: the
# sanitizer tree builds them in its own bin/).
set -euo pipefail
mode=$1 src=$2 dir=$3

seeds() {  # the seed inputs of target $1, into a fresh directory
  local t=$1 out=$dir/seeds/$1
  rm -rf "$out" && mkdir -p "$out"
  case $t in
    manifest) cp "$src"/spec/examples/*.yaml "$out"/ ;;
    trace) cp "$src"/counterexamples/corpus/*.json "$out"/ ;;
    scenario) cp "$src"/spec/examples/scenarios/*.yaml "$out"/ ;;
    *) echo "unknown target '$t' (manifest, trace, scenario)" >&2; exit 2 ;;
  esac
  cp "$src"/fuzz/regressions/"$t"/* "$out"/
  [ -d "$src/fuzz/seeds/$t" ] && cp "$src"/fuzz/seeds/"$t"/* "$out"/
  echo "$out"
}

run() {  # target, corpus dir, extra libFuzzer flags...
  local t=$1 corpus=$2; shift 2
  local findings=$dir/findings/$t
  mkdir -p "$findings" "$corpus"
  local bin=${STSMC_FUZZ_BIN_DIR:-$dir/bin}/fuzz_$t
  [ -x "$bin" ] || { echo "$bin missing: run '$0 build $src $dir' first" >&2; exit 2; }
  # Leaks are not looked for: yaml-cpp and the model keep caches the process ends with.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$bin" -artifact_prefix="$findings/" -timeout=20 -rss_limit_mb=2048 -max_len=262144 \
      -print_final_stats=1 "$@" "$corpus" "$(seeds "$t")"
}

case $mode in
  build)
    command -v clang++ >/dev/null || { echo "clang++ not found: scripts/install-deps.sh installs it" >&2; exit 1; }
    # A unity build: a third less CPU than separate units, and faster on 2 cores (docs/fuzzing.md).
    CC=clang CXX=clang++ cmake -S "$src" -B "$dir" -G Ninja -DSTSMC_FUZZ=ON -DSTSMC_WERROR=OFF \
      -DCMAKE_BUILD_TYPE= -DCMAKE_UNITY_BUILD=ON >/dev/null
    cmake --build "$dir" -j "${STSMC_FUZZ_JOBS:-2}" --target fuzz_manifest fuzz_trace fuzz_scenario
    ;;
  smoke)
    t=$4
    rm -rf "$dir/work/$t"  # start from the seeds only, so the runs are the same every time
    run "$t" "$dir/work/$t" -runs="${STSMC_FUZZ_RUNS:-10000}" -seed="${STSMC_FUZZ_SEED:-16}"
    ;;
  long)
    t=$4 seconds=$5 jobs=${6:-1}
    # Fork mode keeps going after a finding, so one run collects every distinct one.
    run "$t" "$dir/corpus/$t" -max_total_time="$seconds" -fork="$jobs" -ignore_crashes=1 \
      -ignore_timeouts=1 -ignore_ooms=1
    ls "$dir/findings/$t" | sed "s|^|finding: $dir/findings/$t/|"
    [ -z "$(ls -A "$dir/findings/$t")" ]
    ;;
  *) echo "usage: $0 build|smoke|long SRC DIR [TARGET [SECONDS [JOBS]]]" >&2; exit 2 ;;
esac
