#!/usr/bin/env bash
# Whole-process rows of bench/compare.sh: the `kappa` tool beside its JS partner (bench/js/cli.js,
# kappa-core 6), each command timed from exec to exit — runtime start, JIT, store open, work and
# teardown — JS and C# alternating, RUNS times each. Prints one JSON line per run in Kappa.Bench's
# shape (workload "process"); a run whose output is not the expected one is not timed (check ≠ ok).
# Usage: bench/process.sh --kappa PATH/kappa [--runs N] [--quick]
# PATH/kappa is the tool to time. compare.sh times the installed tool, as users run it (on linux-x64
# the ReadyToRun package): `kappa=$(bench/install-tool.sh DIR)` packs and installs it into DIR.
# A plain `dotnet build src/Kappa.Cli` output is IL only (JIT-compiled: more CPU per process).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3; quick=0; kappa=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --runs) runs="$2"; shift ;;
    --kappa) kappa="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x "$kappa" ] || { echo "--kappa PATH: the kappa tool to time (bench/install-tool.sh DIR installs it)" >&2; exit 2; }
js="node bench/js/cli.js"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ "$quick" = 1 ]; then lines=2000; entries=4000; repl=500; else lines=1000000; entries=1000000; repl=20000; fi
feeds=4; per=$((entries / feeds))
seq 1 "$lines" > "$work/lines"
seq 1 "$per" > "$work/per-feed"

# record SIDE PARAMS COUNT NANOSECONDS RSS_KB CHECK: one result line, as bench.js and Kappa.Bench print them.
record() {
  awk -v w=process -v p="$2" -v s="$1" -v n="$3" -v ns="$4" -v rss="$5" -v c="$6" \
    'BEGIN { sec = ns / 1e9; gsub(/"/, "\\\"", c); printf "{\"workload\":\"%s\",\"params\":\"%s\",\"side\":\"%s\",\"count\":%d,\"seconds\":%.6f,\"rate\":%.1f,\"mbps\":0,\"peakRssMb\":%.1f,\"check\":\"%s\"}\n", w, p, s, n, sec, n / sec, rss / 1024, c }'
}

# timed SIDE PARAMS COUNT EXPECTED STDIN CMD...: one run; EXPECTED is a substring its stdout must hold.
timed() {
  local side=$1 params=$2 count=$3 expected=$4 stdin=$5; shift 5
  local start end out check
  start=$(date +%s%N)
  out=$(/usr/bin/time -f '%M' -o "$work/rss" "$@" < "$stdin" 2>"$work/err") || true
  end=$(date +%s%N)
  case "$out" in *"$expected"*) check=ok ;; *) check="unexpected output: $(echo "$out" | head -c 120) $(head -c 200 "$work/err")" ;; esac
  record "$side" "$params" "$count" $((end - start)) "$(tail -n1 "$work/rss")" "$check"
}

# 1. `kappa append -` of LINES numbers into a new store.
for i in $(seq 1 "$runs"); do
  for side in js cs; do
    rm -rf "$work/append"
    if [ $side = js ]; then timed js "append $lines lines" "$lines" "\"length\":$lines}" "$work/lines" $js append "$work/append"
    else timed cs "append $lines lines" "$lines" "\"length\":$lines}" "$work/lines" "$kappa" append -s "$work/append" -; fi
  done
done

# 2. `kappa sum` building its view from scratch over ENTRIES entries in 4 feeds (one store, both sides
#    read it: kappa-core 6 and Kappa.NET share the format; each side's view is deleted before each run).
for f in $(seq 0 $((feeds - 1))); do "$kappa" append -s "$work/store" -w "w$f" - < "$work/per-feed" > /dev/null; done
sum=$((feeds * per * (per + 1) / 2))
for i in $(seq 1 "$runs"); do
  for side in js cs; do
    rm -rf "$work/store/.kappa/views/sum" "$work/js-view"
    if [ $side = js ]; then timed js "sum $entries entries $feeds feeds" "$entries" "$sum" /dev/null $js sum "$work/store" "$work/js-view"
    else timed cs "sum $entries entries $feeds feeds" "$entries" "$sum" /dev/null "$kappa" sum -s "$work/store"; fi
  done
done

# 3. Start-up: `kappa sum` on a 10-entry store whose view is up to date (count 1: the rate is runs/s).
seq 1 10 | "$kappa" append -s "$work/small" - > /dev/null
"$kappa" sum -s "$work/small" > /dev/null
$js sum "$work/small" "$work/small-js-view" > /dev/null
for i in $(seq 1 "$runs"); do
  for side in js cs; do
    if [ $side = js ]; then timed js "sum 10 entries (start-up)" 1 55 /dev/null $js sum "$work/small" "$work/small-js-view"
    else timed cs "sum 10 entries (start-up)" 1 55 /dev/null "$kappa" sum -s "$work/small"; fi
  done
done

# 4. `kappa replicate` of REPL entries between two processes over TCP on 127.0.0.1: a listener on
#    the source store (port 0, printed on its first line) and a connector on a store holding one
#    entry of its own (JS multifeed 5 sometimes ends a non-live session with an empty side before
#    any data moves: tests/interop/README.md, "Known JS quirks"), timed from starting the listener
#    until both exited. Both stores are fresh copies each run (untimed); checked (untimed) with
#    `kappa feeds` on the copy.
seq 1 "$repl" | "$kappa" append -s "$work/repl-src0" - > /dev/null
echo 0 | "$kappa" append -s "$work/repl-dst0" -w own - > /dev/null
pair() {
  local side=$1 start end port="" line="" check
  rm -rf "$work/repl-src" "$work/repl-dst" "$work/port"
  cp -r "$work/repl-src0" "$work/repl-src"
  cp -r "$work/repl-dst0" "$work/repl-dst"
  # The listener's first line is read as it is written, from a FIFO (a blocking read, no CPU).
  # Polling a file for it instead forked grep and sleep every 5 ms beside the listener starting
  # up on this 2-core machine: the C# pair measured 0.64 s that way against 0.59 s (JS 5.0 s
  # either way; bench/results/limits.md, "A fifth look").
  mkfifo "$work/port"
  start=$(date +%s%N)
  if [ $side = js ]; then $js replicate "$work/repl-src" listen > "$work/port" 2>"$work/err-listen" &
  else "$kappa" replicate -s "$work/repl-src" --listen 127.0.0.1:0 --json > "$work/port" 2>"$work/err-listen" & fi
  local listener=$!
  # Held open until the listener exits, so its later output (one summary line) stays in the pipe.
  exec 3< "$work/port"
  read -r -t 60 line <&3 || true
  [[ $line =~ \"port\":([0-9]+) ]] && port=${BASH_REMATCH[1]}
  if [ -n "$port" ]; then
    if [ $side = js ]; then /usr/bin/time -f '%M' -o "$work/rss" $js replicate "$work/repl-dst" connect "$port" > /dev/null 2>"$work/err" || true
    else /usr/bin/time -f '%M' -o "$work/rss" "$kappa" replicate -s "$work/repl-dst" --connect "127.0.0.1:$port" --json > /dev/null 2>"$work/err" || true; fi
  else kill $listener 2>/dev/null || true; fi
  wait $listener || true
  end=$(date +%s%N)
  exec 3<&-
  case "$("$kappa" feeds -s "$work/repl-dst" 2>/dev/null)" in
    *"\"length\":$repl,\"writable\":false"*) check=ok ;;
    *) check="copy incomplete: $(head -c 200 "$work/err") $(head -c 200 "$work/err-listen")" ;;
  esac
  record "$side" "replicate $repl entries (2 processes)" "$repl" $((end - start)) "$(tail -n1 "$work/rss" 2>/dev/null || echo 0)" "$check"
}
for i in $(seq 1 "$runs"); do
  for side in js cs; do pair $side; done
done
