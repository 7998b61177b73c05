#!/usr/bin/env bash
# End to end: every bad-* regression input of fuzz/regressions is exit 2 (bad input) for each
# command that builds a model from it: replay and shrink for traces, run for scenarios, lint for
# manifests. `show` (which builds none) answers 0 or 2. Never a crash, 4, a hang, or a raw
# escape character on the terminal.
#   cli_exit_codes.sh STSMC SRC
set -u
stsmc=$1 src=$2 status=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
expect_exit() {  # allowed exit codes ("2" or "0 2"), description, command...
  local allowed=" $1 " what=$2; shift 2
  timeout 60 "$@" >"$out/stdout" 2>"$out/stderr"
  local rc=$?
  if [[ $allowed != *" $rc "* ]]; then
    echo "FAIL: $what: exit $rc, expected${allowed% }: $(head -c 300 "$out/stderr")"
    status=1
  elif grep -q $'\x1b' "$out/stdout" "$out/stderr"; then
    echo "FAIL: $what: a raw escape character reached the terminal"
    status=1
  fi
}
expect2() { expect_exit 2 "$@"; }
for f in "$src"/fuzz/regressions/trace/bad-*; do
  expect2 "replay $f" "$stsmc" replay "$f"
  for fmt in text json mermaid; do expect_exit "0 2" "show --format $fmt $f" "$stsmc" show --format "$fmt" "$f"; done
  expect2 "shrink $f" "$stsmc" shrink "$f" -o "$out/shrunk.json" --shrink-time 5
done
for f in "$src"/fuzz/regressions/scenario/bad-*; do expect2 "run $f" "$stsmc" run "$f"; done
for f in "$src"/fuzz/regressions/manifest/bad-*; do
  [ -e "$f" ] && expect2 "lint $f" "$stsmc" lint "$f"
done
[ $status -eq 0 ] && echo "every bad input is exit 2"
exit $status
