#!/usr/bin/env bash
# Determinism across platforms: the runner built natively (g++, libstdc++) and to WebAssembly
# (clang, libc++, run by Node) must print the same summary, trace hash included, for every seed.
set -u
native=$1 wasm=$2 root=$3
[ -f "$wasm" ] || { echo "FAIL: $wasm is missing (build the web preset first)"; exit 1; }
failures=0 compared=0
for scenario in "$root"/scenarios/*.json; do
  case "$scenario" in */schema.json|*/course.json) continue ;; esac
  # The scenario's own seed, then three others. A lesson's expectations are written for its own
  # seed, so under another seed `run` may exit 1 (a complete run whose checks did not all hold):
  # both builds must then agree on that too. Any other status is a failed run.
  for seed in default 1 2 3; do
    flags=(--json)
    [ "$seed" = default ] || flags+=(--seed "$seed")
    a=$("$native" run "$scenario" "${flags[@]}"); sa=$?
    b=$(node "$wasm" run "$scenario" "${flags[@]}"); sb=$?
    if [ "$sa" -gt 1 ] || [ "$sb" -gt 1 ] || { [ "$seed" = default ] && [ "$sa" != 0 ]; }; then
      echo "FAIL: run $scenario seed $seed: native exit $sa, wasm exit $sb"
      failures=$((failures + 1))
      continue
    fi
    if [ "$sa" != "$sb" ]; then
      echo "FAIL: $scenario seed $seed: native exit $sa, wasm exit $sb"
      failures=$((failures + 1))
      continue
    fi
    compared=$((compared + 1))
    if [ "$a" != "$b" ]; then
      echo "FAIL: $scenario seed $seed differs"
      echo "  native: $a"
      echo "  wasm:   $b"
      echo "  reproduce with: build/native/insideout run $scenario --seed $seed --json"
      failures=$((failures + 1))
    else
      echo "same: $(basename "$scenario") seed $seed $(grep -o '"trace_hash":"[0-9a-f]*"' <<<"$a")"
    fi
  done
done
[ "$compared" -ge 3 ] || { echo "FAIL: compared only $compared runs"; exit 1; }
[ "$failures" = 0 ] || exit 1
