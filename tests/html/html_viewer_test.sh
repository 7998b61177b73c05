#!/usr/bin/env bash
# `stsmc show --format html` in a real browser: headless chromium loads the page (file://, no
# network) and dumps the DOM after its script ran; the rendered page must have one section and
# one list entry per step, the violation marker at the trace's violation step, the summary line
# the script writes, and the diagram. Traces: a lasso from the corpus and a safety violation that
# `stsmc check` finds now. Exits 77 (skipped) when chromium is not installed
# (scripts/install-deps.sh installs it). Usage: html_viewer_test.sh STSMC SOURCE_DIR
set -euo pipefail
stsmc=$1
src=$2
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "SKIP: chromium not installed (scripts/install-deps.sh installs it)"; exit 77; }

work=$(mktemp -d /tmp/stsmc-html-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

rc=0
"$stsmc" check "$src/spec/examples/db-canary.yaml" --mutant update-below-partition --property partition-semantics \
  --out "$work/out" --quiet --threads 1 >"$work/check.txt" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { cat "$work/check.txt"; fail "check with the mutant exited $rc, expected 1"; }

n=0
for trace in "$src/counterexamples/corpus/mutant-ignore-stale-claims.json" "$work"/out/*.json; do
  [ -e "$trace" ] || fail "no trace written under $work/out"
  n=$((n + 1))
  page="$work/page$n.html"
  "$stsmc" show "$trace" --format html >"$page" || fail "show --format html failed on $trace"
  # The expectations, from the text rendering's header: "trace P (kind), ..., N steps, from ..."
  "$stsmc" show "$trace" >"$work/text$n.txt"
  header=$(sed -n 1p "$work/text$n.txt")
  steps=$(sed -E 's/.* ([0-9]+) steps.*/\1/' <<<"$header")
  property=$(sed -E 's/^trace ([^ ]+) .*/\1/' <<<"$header")
  violation=$(awk '/^step [0-9]+ / { k = $2 } /^<<< violates/ { print k; exit }' "$work/text$n.txt")

  # --host-resolver-rules: any name lookup fails, so a page that fetched anything would show it.
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --host-resolver-rules="MAP * ~NOTFOUND" \
    --dump-dom "file://$page" >"$work/dom$n.html" 2>"$work/chromium$n.log" \
    || { tail -20 "$work/chromium$n.log"; fail "chromium failed"; }
  dom="$work/dom$n.html"
  grep -q 'data-rendered="yes"' "$dom" || fail "$trace: the page's script did not run"
  sections=$(grep -o '<section class="step[^"]*" id="step-[0-9]*"' "$dom" | wc -l)
  [ "$sections" -eq "$steps" ] || fail "$trace: $sections step sections, the trace has $steps steps"
  items=$(grep -o '<li class="step-link' "$dom" | wc -l)
  [ "$items" -eq "$steps" ] || fail "$trace: $items entries in the steps list, expected $steps"
  grep -q "<p id=\"summary\">$steps steps; $property violated at step $violation</p>" "$dom" \
    || fail "$trace: summary line missing or wrong (expected $steps steps, $property at step $violation)"
  grep -q "<section class=\"step violation-step[^\"]*\" id=\"step-$violation\"" "$dom" \
    || fail "$trace: step $violation is not marked as the violation"
  grep -q "class=\"violation-marker\" id=\"violation\" data-property=\"$property\" data-step=\"$violation\"" "$dom" \
    || fail "$trace: no violation marker for $property"
  grep -q '<svg[^>]*class="sequence"' "$dom" || fail "$trace: no sequence diagram"
  echo "ok: $(basename "$trace"): $steps steps, $property violated at step $violation"
done
[ "$n" -ge 2 ] || fail "expected the corpus trace and a fresh one"
