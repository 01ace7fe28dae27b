#!/usr/bin/env bash
# Runs every workload on both sides, alternating JS, C#, JS, C#, … (RUNS times each, default 3),
# then the whole-process rows (bench/process.sh: the kappa tool, installed from its packages by
# bench/install-tool.sh, beside bench/js/cli.js), then
# writes bench/results/latest.md and bench/results/ratios.png from the medians.
# Usage: bench/compare.sh [--quick] [--runs N] [--out DIR]
# --quick: tiny counts (CI smoke: proves the harness runs and checks results, not speed).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3; quick=0; out=bench/results
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --runs) runs="$2"; shift ;;
    --out) out="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -d bench/js/node_modules/kappa-core ] || (cd bench/js && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$out/raw"
raw="$out/raw/$(date -u +%Y%m%dT%H%M%S).jsonl"
bin="$(mktemp -d)"
dotnet build -c Release bench/Kappa.Bench -o "$bin" --verbosity quiet >/dev/null

if [ "$quick" = 1 ]; then
  workloads=(
    "append --count 200 --size 32 --mode single"
    "append --count 2000 --size 32 --mode batch"
    "read --count 2000 --size 32"
    "index --count 4000 --feeds 4 --store memory"
    "index --count 4000 --feeds 4 --store rocksdb"
    "replicate --count 500 --size 32 --feeds 1"
    "replicate-js --count 500 --size 32 --feeds 1 --mode from-js"
    "replicate-js --count 500 --size 32 --feeds 1 --mode to-js"
    "memory --count 4000 --feeds 4 --store memory"
    "kv --count 4000 --feeds 4 --store rocksdb"
    "list-page --count 4000 --feeds 4"
    "list-tail --count 4000 --feeds 4"
  )
else
  workloads=(
    "append --count 20000 --size 32 --mode single"
    "append --count 1000000 --size 32 --mode batch"
    "append --count 200000 --size 1024 --mode batch"
    "read --count 300000 --size 32"
    "index --count 1000000 --feeds 4 --store memory"
    "index --count 1000000 --feeds 4 --store rocksdb"
    "replicate --count 100000 --size 32 --feeds 1"
    "replicate --count 100000 --size 32 --feeds 10"
    "replicate --count 100000 --size 1024 --feeds 1"
    "replicate --count 100000 --size 1024 --feeds 10"
    "replicate-js --count 20000 --size 32 --feeds 1 --mode from-js"
    "replicate-js --count 20000 --size 32 --feeds 1 --mode to-js"
    "memory --count 1000000 --feeds 4 --store memory"
    "kv --count 1000000 --feeds 4 --store rocksdb"
    "list-page --count 1000000 --feeds 4"
    "list-tail --count 1000000 --feeds 4"
    "spatial-index --count 10000 --feeds 4"
  )
fi

status=0
for w in "${workloads[@]}"; do
  for i in $(seq 1 "$runs"); do
    for side in js cs; do
      if [ "$side" = js ]; then line=$(node bench/js/bench.js $w) || status=1
      else line=$(dotnet "$bin/Kappa.Bench.dll" $w) || status=1; fi
      echo "$line" | tee -a "$raw"
    done
  done
done
# Whole processes: the `kappa` tool as users install it (bench/install-tool.sh: packed, installed
# from a private feed; on linux-x64 the ReadyToRun package) beside bench/js/cli.js (bench/process.sh).
kappa="$(bench/install-tool.sh "$bin/tool")"
# Which package the SDK installed (for latest.md): .store/kappa.cli/VERSION/PACKAGE/VERSION/tools/…
tool_package="$(readlink -f "$kappa" | sed -n 's#.*/\.store/kappa\.cli/[^/]*/\([^/]*\)/\([^/]*\)/.*#\1 \2#p')"
case "$tool_package" in ""|kappa.cli.any*) ;; *) tool_package="$tool_package, ReadyToRun" ;; esac
process_args=(--kappa "$kappa" --runs "$runs")
[ "$quick" = 1 ] && process_args+=(--quick)
bench/process.sh "${process_args[@]}" | tee -a "$raw" || status=1
BENCH_NODE_VERSION="$(node --version)" BENCH_KAPPA_TOOL="$tool_package" dotnet "$bin/Kappa.Bench.dll" report "$raw" "$out/latest.md" "$out/ratios.png"
rm -rf "$bin"
exit $status
