#!/usr/bin/env bash
# compare.sh N [THREADS...]: SPIN and stsmc's explorer on the same state space, one after the
# other: sts.pml with N ordinals (pan built -O2 -DSAFETY, as the file's header says) and its C++
# twin (build/bin/peer_sts, run with each thread count, default "1 2"). Prints states, edges,
# seconds, states/s, bytes per stored state, peak RSS, and each stsmc run's ratio to SPIN.
# Installs spin if missing and builds peer_sts if needed. Exit 1 when the counts differ.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:?usage: compare.sh N [THREADS...]}
shift
if [ $# -gt 0 ]; then threads=("$@"); else threads=(1 2); fi

if ! command -v spin >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y spin >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y spin >/dev/null; }
fi
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
[ -x "$root/build/bin/peer_sts" ] || { [ -d "$root/build" ] || cmake --preset default -S "$root" >/dev/null; }
cmake --build "$root/build" --target peer_sts >/dev/null

work="$root/build/peers/spin-N$n"
mkdir -p "$work"
cp "$here/spin/sts.pml" "$work/"
(cd "$work" && spin -a -DN="$n" sts.pml >/dev/null && gcc -O2 -DSAFETY -o pan pan.c)

# Field of /usr/bin/time -v output: peak resident set size in MiB.
peak_mib() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

(cd "$work" && /usr/bin/time -v ./pan -m10000000 >pan.out 2>time.out) || true
spin_states=$(awk '/states, stored/ {print $1; exit}' "$work/pan.out")
spin_trans=$(awk '/transitions \(= stored\+matched\)/ {print $1; exit}' "$work/pan.out")
spin_secs=$(awk '/pan: elapsed time/ {print $4; exit}' "$work/pan.out")
spin_state_mib=$(awk '/actual memory usage for states/ {print $1; exit}' "$work/pan.out")
grep -q "errors: 0" "$work/pan.out" || { echo "compare.sh: SPIN reported errors" >&2; cat "$work/pan.out" >&2; exit 1; }
# SPIN also counts storing the initial state as a transition. Above 1e8 it prints the count with
# 8 significant digits (1.3112166e+08): then stsmc's edges + 1 must round to that.
if [[ $spin_trans == *e* ]]; then
  spin_edges="~$(awk -v t="$spin_trans" 'BEGIN {printf "%.0f", t - 1}')"
else
  spin_edges=$((spin_trans - 1))
fi
spin_rate=$(awk -v s="$spin_states" -v t="$spin_secs" 'BEGIN {printf "%.0f", s / t}')
spin_bps=$(awk -v m="$spin_state_mib" -v s="$spin_states" 'BEGIN {printf "%.1f", m * 1048576 / s}')

printf '%-6s %7s %12s %13s %8s %12s %11s %9s %8s\n' tool threads states edges seconds states/s bytes/state peak-MiB ratio
printf '%-6s %7s %12s %13s %8.2f %12s %11s %9s %8s\n' spin 1 "$spin_states" "$spin_edges" "$spin_secs" \
  "$spin_rate" "$spin_bps" "$(peak_mib "$work/time.out")" 1.00
status=0
for t in "${threads[@]}"; do
  /usr/bin/time -v "$root/build/bin/peer_sts" "$n" --threads "$t" --quiet >"$work/stsmc-$t.out" 2>"$work/stsmc-$t.time" || true
  line=$(grep '^stsmc ' "$work/stsmc-$t.out")
  field() { awk -v k="$1" '{for (i = 1; i < NF; ++i) if ($i == k) {print $(i + 1); exit}}' <<<"$line"; }
  states=$(field states); edges=$(field edges); secs=$(field seconds); rate=$(field states/s)
  ratio=$(awk -v a="$rate" -v b="$spin_rate" 'BEGIN {printf "%.2f", a / b}')
  printf '%-6s %7s %12s %13s %8.2f %12s %11s %9s %8s\n' stsmc "$t" "$states" "$edges" "$secs" "$rate" \
    "$(field bytes/state)" "$(peak_mib "$work/stsmc-$t.time")" "$ratio"
  same_edges=$([ "$edges" = "$spin_edges" ] && echo yes || echo no)
  if [[ $spin_trans == *e* ]] && [ "$(awk -v e="$edges" 'BEGIN {printf "%.7e", e + 1}')" = "$spin_trans" ]; then
    same_edges=yes
  fi
  if [ "$states" != "$spin_states" ] || [ $same_edges = no ]; then
    echo "MISMATCH: stsmc with $t thread(s) found $states states / $edges edges, SPIN $spin_states / $spin_edges"
    status=1
  fi
done
[ $status -eq 0 ] && echo "counts equal: $spin_states states, $edges edges (SPIN's transitions $spin_trans minus the initial store)"
echo "(bytes/state: SPIN's stored state vectors; stsmc's visited set plus parent links. ratio: states/s over SPIN's)"
exit $status
