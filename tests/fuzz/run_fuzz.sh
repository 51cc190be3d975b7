#!/usr/bin/env bash
# fuzz.loader: runs the loader's libFuzzer target (build/fuzz, preset "fuzz") for a bounded time
# on a fresh copy of the seed corpus, so the committed corpus never grows; fails on any crash,
# leak, sanitizer report, timeout or out-of-memory, and says how to reproduce it.
#   run_fuzz.sh FUZZER SOURCE_DIR WORK_DIR [SECONDS]
# A longer campaign by hand (new inputs go to the first folder, the seeds stay as they are):
#   cmake --preset fuzz && cmake --build build/fuzz && mkdir -p /tmp/corpus &&
#   build/fuzz/tests/fuzz/loader_fuzz -dict=tests/fuzz/scenario.dict -max_total_time=600 /tmp/corpus tests/fuzz/corpus
set -u
fuzzer=$1 src=$2 work=$3 seconds=${4:-30}
[ -x "$fuzzer" ] || { echo "FAIL: $fuzzer is missing (build the fuzz preset first: scripts/test does)"; exit 1; }
rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts" || exit 1
cp "$src"/corpus/* "$work/corpus/"
# -timeout: one input taking over 10 s is a hang; -rss_limit_mb: a runaway allocation is a bug.
"$fuzzer" -dict="$src/scenario.dict" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/log" 2>&1
status=$?
tail -25 "$work/log"
if [ "$status" != 0 ] || [ -n "$(ls -A "$work/artifacts")" ]; then
  echo "FAIL: the fuzzer stopped with status $status; reproducers:"
  for a in "$work"/artifacts/*; do
    [ -e "$a" ] || continue
    echo "  $a"
    echo "  reproduce with: $fuzzer $a"
  done
  echo "fix the loader, then add the reproducer to $src/corpus/"
  exit 1
fi
echo "fuzz.loader: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$') inputs in ${seconds}s, no crash"
