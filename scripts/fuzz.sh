#!/usr/bin/env bash
# Fuzzing: runs the parsers' proptest properties with many more cases than `cargo test` does,
# one target at a time, and prints the cases and seconds of each. Fails if any property fails
# (its output, with the minimal failing input, is printed), is missing, or runs out of time.
#
#   bash scripts/fuzz.sh                              # 20,000 cases per property, 300 s in all
#   BRIEFING_FUZZ_CASES=100000 BRIEFING_FUZZ_TIMEOUT=1800 bash scripts/fuzz.sh
#
# Each run draws new random inputs. A failure found here becomes a plain #[test] with the
# minimal input beside the property (see tests/fuzz_bytes.rs). The test binaries are built
# first (not counted in the time budget), with the normal test profile: dependencies are
# optimised already (profile.dev.package."*"), so a faster profile would buy little.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export BRIEFING_FUZZ_CASES="${BRIEFING_FUZZ_CASES:-20000}"
# Properties on proptest's default configuration read this one.
export PROPTEST_CASES="$BRIEFING_FUZZ_CASES"
budget="${BRIEFING_FUZZ_TIMEOUT:-300}"

case "$BRIEFING_FUZZ_CASES$budget" in
  *[!0-9]*) echo "fuzz.sh: BRIEFING_FUZZ_CASES and BRIEFING_FUZZ_TIMEOUT must be whole numbers" >&2; exit 2 ;;
esac

# The path of a test executable: `test_binary PATTERN CARGO-ARGS…` builds with `cargo test
# CARGO-ARGS --no-run` and picks the artifact whose JSON line matches PATTERN (integration
# tests also build the `briefing` binary, which must not be picked).
test_binary() {
  local pattern=$1
  shift
  cargo test --locked "$@" --no-run --message-format=json-render-diagnostics \
    | { grep -F "$pattern" || true; } | grep -o '"executable":"[^"]*"' | tail -n 1 \
    | sed 's/^"executable":"//; s/"$//' || true
}

echo "Building the test binaries..."
lib=$(test_binary '"kind":["lib"]' --lib)
bytes=$(test_binary '"name":"fuzz_bytes"' --test fuzz_bytes)
[ -x "$lib" ] && [ -x "$bytes" ] || { echo "fuzz.sh: could not find the test binaries" >&2; exit 1; }

# binary  property (exact test name)
targets=(
  "$lib frontmatter::tests::never_panics"
  "$lib markdown::tests::output_is_never_live"
  "$lib extract::tests::extract_never_panics"
  "$lib extract::tests::extract_never_panics_on_page_like_text"
  "$lib extract::tests::markdown_renders_back_to_the_text"
  "$lib classify::tests::never_panics_on_arbitrary_text"
  "$bytes source_like_bytes"
  "$bytes any_bytes"
)

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
start=$(now)
failed=0
echo "Fuzzing: $BRIEFING_FUZZ_CASES cases per property, $budget s in all"
printf '%-55s %8s %8s  %s\n' target cases seconds result
for entry in "${targets[@]}"; do
  bin=${entry%% *}
  name=${entry#* }
  label="$name"
  [ "$bin" = "$bytes" ] && label="fuzz_bytes::$name"
  log="$logs/${label//:/_}.log"
  left=$(awk -v a="$start" -v b="$(now)" -v t="$budget" 'BEGIN { l = t - (b - a); printf "%d", (l > 0 ? l : 0) }')
  if [ "$left" -le 0 ]; then
    printf '%-55s %8s %8s  %s\n' "$label" - - "not run: the $budget s budget is spent"
    failed=1
    continue
  fi
  t0=$(now)
  rc=0
  timeout --kill-after=5 "$left" "$bin" --exact "$name" --test-threads=1 >"$log" 2>&1 || rc=$?
  secs=$(since "$t0")
  # On success proptest has run exactly the configured number of cases: these strategies
  # have no filters, so no case is rejected and none is skipped.
  if [ "$rc" -eq 0 ] && grep -q '^test result: ok\. 1 passed' "$log"; then
    result=ok
  elif [ "$rc" -eq 0 ]; then
    result="MISSING: no test of this name ran"
  elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    result="TIMED OUT: the $budget s budget ran out (lower BRIEFING_FUZZ_CASES or raise BRIEFING_FUZZ_TIMEOUT)"
  else
    result="FAILED (exit $rc)"
  fi
  cases=$BRIEFING_FUZZ_CASES
  [ "$result" = ok ] || cases=-
  printf '%-55s %8s %8s  %s\n' "$label" "$cases" "$secs" "$result"
  if [ "$result" != ok ]; then
    failed=1
    echo "---- output of $label (last 60 lines) ----"
    tail -n 60 "$log"
    echo "----"
  fi
done
printf '%-55s %8s %8s\n' total "" "$(since "$start")"

if [ "$failed" -ne 0 ]; then
  echo "fuzz.sh: failed (see above); a property's minimal failing input belongs in a plain #[test]" >&2
  exit 1
fi
echo "fuzz.sh: all properties passed"
