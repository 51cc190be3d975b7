#!/usr/bin/env bash
# bench.smoke: `insideout bench --quick --json` runs to the end and prints every figure, so the
# benchmark cannot rot between runs of scripts/bench. It never judges a timing: only that the
# command exits 0 and its JSON has the keys scripts/bench reads, with numbers where numbers go.
#   bench_smoke.sh RUNNER...   e.g. build/native/insideout, or node build/web/insideout.js
set -u
[ $# -ge 1 ] || { echo "usage: bench_smoke.sh RUNNER..."; exit 2; }
out=$("$@" bench --quick --json) || { echo "FAIL: $* bench --quick --json exited $?"; exit 1; }
node -e '
const out = JSON.parse(process.argv[1]);
const need = {
  "": ["runtime"],
  auditor: ["enabled", "interval_ticks"],
  heavy: ["events", "ticks", "trace_hash", "audits", "seconds", "events_per_second", "thread_cpu_seconds",
          "thread_cpu_seconds_best"],
  bare_loop: ["events", "seconds", "events_per_second"],
  seek: ["run_events", "snapshots", "seeks", "median_ms", "worst_ms", "reproduces_run"],
  memory: ["log_records", "overhead_bytes_per_record", "payload_bytes_per_record", "peak_bytes",
           "snapshot_bytes", "snapshot_copy_ms", "timeline_heap_bytes"],
};
const missing = [];
for (const [group, keys] of Object.entries(need)) {
  const where = group === "" ? out : out[group];
  for (const k of keys) if (where === undefined || where[k] === undefined) missing.push(group ? `${group}.${k}` : k);
}
if (typeof out.ratio_to_bare !== "number") missing.push("ratio_to_bare");
if (missing.length) { console.log(`FAIL: missing keys: ${missing.join(", ")}`); process.exit(1); }
if (!(out.heavy.events > 0 && out.seek.seeks > 0 && out.memory.log_records > 0)) {
  console.log("FAIL: the quick run measured nothing"); process.exit(1);
}
if (out.seek.reproduces_run !== true) { console.log("FAIL: a seek did not reproduce the run"); process.exit(1); }
console.log(`bench.smoke (${out.runtime}): ${out.heavy.events} events, ${out.seek.seeks} seeks, every key present`);
' "$out"
