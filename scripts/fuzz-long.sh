#!/usr/bin/env bash
# Coverage-guided fuzzing with AFL++ over SharpFuzz-instrumented Kappa assemblies.
# Usage: scripts/fuzz-long.sh [SECONDS_PER_TARGET=600] [TARGET...]
# New corpus entries land in out/fuzz/<target>/default/queue; copy interesting ones (and any
# crash, which then becomes a regression input) into tests/Kappa.Fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"; shift || true
# http-body: POST /api/entries bodies and how the GET endpoints write them back; keys: cursors and keys
# from query strings and command lines (FEEDHEX@SEQ, feed keys, sort values, cabal keys); view-maps:
# a peer's entry through every ready-made view map (a throwing map would fault the view).
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(frames messages noise bitfield multifeed state dht mdns cabal peer-id http-body keys view-maps)
command -v afl-fuzz >/dev/null || { apt-get update -qq && apt-get install -y -qq afl++ >/dev/null; }
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine >/dev/null
export PATH="$PATH:$HOME/.dotnet/tools"
out="out/fuzz"; bin="$out/bin"; mkdir -p "$out"
dotnet publish tests/Kappa.Fuzz -c Release -o "$bin" --verbosity quiet >/dev/null
for dll in Kappa.Hypercore Kappa.Protocol Kappa.Multifeed Kappa.Swarm Kappa.Core Kappa.Views Kappa.Chat Kappa.Server; do sharpfuzz "$bin/$dll.dll"; done
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
for t in "${targets[@]}"; do
  echo "fuzzing $t for $seconds s"
  timeout --preserve-status "$seconds" afl-fuzz -i "tests/Kappa.Fuzz/corpus/$t" -o "$out/$t" -t 5000 -m none -- dotnet "$bin/Kappa.Fuzz.dll" "$t" || true
  stats="$out/$t/default/fuzzer_stats"
  [ -f "$stats" ] && grep -E "^(execs_done|corpus_count|saved_crashes|saved_hangs)" "$stats" | tr '\n' ' ' && echo
done
