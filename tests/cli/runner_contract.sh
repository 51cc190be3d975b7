#!/usr/bin/env bash
# The runner's contract with its users: bad input is a one-line error and exit 2, never a crash;
# good input gives a stable JSON summary; --trace writes one JSON line per trace entry.
set -u
runner=$1 root=$2
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

expect_exit() { # code, description, command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  [ "$got" = "$want" ] || fail "$what: exit $got, wanted $want ($(head -c 300 "$tmp/err"))"
}

scenario="$root/scenarios/first_log.json"
expect_exit 0 "run --json" "$runner" run "$scenario" --json
grep -Eq '"trace_hash":"[0-9a-f]{16}"' "$tmp/out" || fail "run --json has no 16-hex-digit trace_hash: $(cat "$tmp/out")"
for key in ticks events log_end_offset; do grep -q "\"$key\":" "$tmp/out" || fail "run --json lacks $key"; done
first=$(cat "$tmp/out")
expect_exit 0 "run --json again" "$runner" run "$scenario" --json
[ "$first" = "$(cat "$tmp/out")" ] || fail "two runs printed different summaries"
expect_exit 0 "run --seed 5" "$runner" run "$scenario" --seed 5 --json
[ "$first" != "$(cat "$tmp/out")" ] || fail "--seed 5 printed the same summary as the default seed"
expect_exit 0 "run --until" "$runner" run "$scenario" --until 100 --json
grep -q '"ticks":100,' "$tmp/out" || fail "--until 100 did not stop at tick 100: $(cat "$tmp/out")"

expect_exit 0 "run --trace" "$runner" run "$scenario" --until 300 --trace "$tmp/trace.jsonl" --json
entries=$(grep -o '"trace_entries":[0-9]*' "$tmp/out" | cut -d: -f2)
lines=$(wc -l <"$tmp/trace.jsonl")
[ "$entries" = "$lines" ] || fail "--trace wrote $lines lines for $entries entries"
head -1 "$tmp/trace.jsonl" | grep -q '"kind":"record_appended"' || fail "trace line lacks a kind: $(head -1 "$tmp/trace.jsonl")"

# A browser's share link: its commands replayed, its tick reached; a link to another scenario, or
# one whose command the scenario refuses, is an error that says so.
crash="$root/scenarios/deriver_crash.json"
link='http://127.0.0.1:8080/#v=1&s=deriver_crash%2Ejson&seed=4&t=100&c=0.script_continue.0.0.0.1.,104.script_continue.1.0.0.1.,120.crash_deriver.0.0.0.1.'
expect_exit 0 "run --link" "$runner" run "$crash" --link "$link" --json
grep -q '"ticks":100,' "$tmp/out" || fail "--link did not stop at the link's tick 100: $(cat "$tmp/out")"
at_link=$(grep -o '"trace_hash":"[0-9a-f]*"' "$tmp/out")
expect_exit 0 "run --link --until" "$runner" run "$crash" --link "$link" --until 150 --json
grep -q '"ticks":150,' "$tmp/out" || fail "--link --until 150 did not reach tick 150: $(cat "$tmp/out")"
[ "$at_link" != "$(grep -o '"trace_hash":"[0-9a-f]*"' "$tmp/out")" ] || fail "--until 150 printed the hash of tick 100"
expect_exit 2 "run --link to another scenario" "$runner" run "$scenario" --link "$link"
grep -q 'is a link to deriver_crash.json, not to first_log.json' "$tmp/err" || fail "--link mismatch message: $(cat "$tmp/err")"
expect_exit 2 "run --link refused command" "$runner" run "$crash" --link 'v=1&s=deriver_crash.json&seed=4&t=5&c=0.crash_deriver.7.0.0.1.'
grep -q 'c\[0\] (crash_deriver at tick 0): refused' "$tmp/err" || fail "--link refused-command message: $(cat "$tmp/err")"
expect_exit 2 "run --link broken" "$runner" run "$crash" --link 'v=1&s=deriver_crash.json&seed=x&t=5'
grep -q -- '--link: seed: expected a whole number' "$tmp/err" || fail "--link broken message: $(cat "$tmp/err")"
expect_exit 2 "run --link with --seed" "$runner" run "$crash" --link "$link" --seed 3

expect_exit 0 "validate a good file" "$runner" validate "$scenario"
expect_exit 2 "no command" "$runner"
expect_exit 2 "unknown command" "$runner" frobnicate
expect_exit 2 "unknown flag" "$runner" run "$scenario" --frobnicate
grep -q 'unknown flag --frobnicate' "$tmp/err" || fail "unknown flag message: $(cat "$tmp/err")"
expect_exit 2 "bad seed" "$runner" run "$scenario" --seed minus-one
expect_exit 2 "missing file" "$runner" run "$tmp/missing.json"
grep -q "missing.json: cannot open the file" "$tmp/err" || fail "missing file message: $(cat "$tmp/err")"
printf '{"title": ' >"$tmp/broken.json"
expect_exit 2 "unreadable JSON" "$runner" validate "$tmp/broken.json"
grep -q "broken.json: not valid JSON" "$tmp/err" || fail "broken JSON message: $(cat "$tmp/err")"
printf '{"format_version": 1, "title": "t", "ticks": "x", "accounts": [{"name": "a"}, {"name": "b"}], "clients": []}' >"$tmp/invalid.json"
expect_exit 2 "invalid scenario" "$runner" validate "$tmp/invalid.json"
grep -q 'invalid.json: at /ticks: expected an integer' "$tmp/err" || fail "invalid scenario message: $(cat "$tmp/err")"
[ "$(grep -c . "$tmp/err")" = 2 ] || fail "wanted 2 error lines (ticks, clients): $(cat "$tmp/err")"

# Every bad file of tests/scenario/bad/ (one per class of mistake): exit 2, nothing on stdout, and
# only "FILE: at POINTER: MESSAGE" lines (or "FILE: MESSAGE" for the whole document) on stderr.
bad="$root/tests/scenario/bad"
for f in "$bad"/*.json; do
  expect_exit 2 "validate $(basename "$f")" "$runner" validate "$f"
  [ -s "$tmp/out" ] && fail "validate $(basename "$f") printed on stdout: $(cat "$tmp/out")"
  [ -s "$tmp/err" ] || fail "validate $(basename "$f") printed no error"
  grep -v "^$f: \(at /[^ ]*: \)\?[a-z]" "$tmp/err" && fail "validate $(basename "$f"): lines not in the form FILE: at POINTER: MESSAGE"
done
expect_exit 2 "validate several_errors.json" "$runner" validate "$bad/several_errors.json"
[ "$(grep -c . "$tmp/err")" = 8 ] || fail "several_errors.json: wanted all 8 errors: $(cat "$tmp/err")"
grep -qxF "$bad/several_errors.json: at /clients/0/to/0: no account named \"shopp\" in /accounts; did you mean \"shop\"?" "$tmp/err" \
  || fail "several_errors.json: no unknown-reference line: $(cat "$tmp/err")"
expect_exit 2 "validate duplicate_key.json" "$runner" validate "$bad/duplicate_key.json"
grep -qF "$bad/duplicate_key.json: at /ticks: duplicate key \"ticks\" at line 7, column 9 (first at line 4, column 9)" "$tmp/err" \
  || fail "duplicate_key.json: no duplicate-key line: $(cat "$tmp/err")"

if [ "$failures" -gt 0 ]; then echo "$failures failures"; exit 1; fi
echo "runner contract: all checks passed"
