#!/bin/sh
# Runs a command and succeeds only when it exits with exactly the expected code.
# Usage: expect-exit.sh CODE COMMAND [ARGS...]; used by CTest for the mutant runs of the
# e2e-upstream suite, where exit 1 (an expect failed) must not be confused with 2 or 4.
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 CODE COMMAND [ARGS...]" >&2
  exit 2
fi
want=$1
shift
"$@"
got=$?
if [ "$got" -ne "$want" ]; then
  echo "expect-exit.sh: expected exit $want, got $got from: $*" >&2
  exit 1
fi
echo "expect-exit.sh: exit $got as expected"
exit 0
