#!/usr/bin/env bash
# Determinism across platforms: the runner built natively (g++, libstdc++) and to WebAssembly
# (clang, libc++, run by Node) must print the same summary, trace hash included, for every seed.
set -u
native=$1 wasm=$2 root=$3
[ -f "$wasm" ] || { echo "FAIL: $wasm is missing (build the web preset first)"; exit 1; }
failures=0 compared=0
for scenario in "$root"/scenarios/*.json; do
  case "$scenario" in */schema.json|*/course.json) continue ;; esac
  for seed in 1 2 3; do
    a=$("$native" run "$scenario" --seed "$seed" --json) || { echo "FAIL: native run $scenario seed $seed"; failures=$((failures+1)); continue; }
    b=$(node "$wasm" run "$scenario" --seed "$seed" --json) || { echo "FAIL: wasm run $scenario seed $seed"; failures=$((failures+1)); continue; }
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
