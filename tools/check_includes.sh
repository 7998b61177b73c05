#!/usr/bin/env bash
# Fails when a folder includes a header from a folder it must not depend on (docs/architecture.md §2):
# spec -> core; model -> spec, core; checker -> core; counterexamples -> checker, core;
# properties -> model, checker (and what they use); instances -> model, checker, counterexamples
# (and what they use); model/rules not -> model/symbolic. Also Z3 only
# in checker/bmc* and model/symbolic*,
# RapidCheck only in checker/fuzz* and tests.
set -u
root=${1:-.}
cd "$root" || exit 2
status=0
check() {  # folder, allowed project folders (space separated)
  local dir=$1; shift
  [ -d "$dir" ] || return 0
  local allowed=" $* "
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -E 's/.*#include[[:space:]]*"([^/"]+)\/.*/\1/' <<<"$line")
    case "$allowed" in *" $inc "*) ;; *) echo "forbidden include in $line"; status=1 ;; esac
  done < <(grep -rnE '#include[[:space:]]*"[a-z_]+/' "$dir" --include='*.h' --include='*.cpp' | grep -v '_test.cpp:')
}
check core core
check spec spec core
check model model spec core
check checker checker core
check counterexamples counterexamples checker core
check instances instances model spec checker counterexamples core
check properties properties model spec checker core
check scenario scenario model spec core
check conformance conformance model spec core
check validate validate model spec core
# The rules are domain-generic: model/rules never reaches into the Z3 encoding.
while IFS= read -r line; do echo "forbidden include in $line (model/rules must not use model/symbolic)"; status=1
done < <(grep -rnE '#include[[:space:]]*"model/symbolic/' model/rules --include='*.h' --include='*.cpp' | grep -v '_test.cpp:')
while IFS= read -r f; do
  case "$f" in checker/bmc*|model/symbolic*|*_test.cpp|tests/*|bench/*) ;; *) echo "Z3 outside the bmc engine: $f"; status=1 ;; esac
done < <(grep -rlE '#include[[:space:]]*<z3' --include='*.h' --include='*.cpp' . 2>/dev/null | grep -v '^./build' | sed 's|^\./||')
while IFS= read -r f; do
  case "$f" in checker/fuzz*|*_test.cpp|tests/*|bench/*) ;; *) echo "RapidCheck outside the fuzz engine and tests: $f"; status=1 ;; esac
done < <(grep -rlE '#include[[:space:]]*<rapidcheck' --include='*.h' --include='*.cpp' . 2>/dev/null | grep -v '^./build' | sed 's|^\./||')
[ $status -eq 0 ] && echo "include graph ok"
exit $status
