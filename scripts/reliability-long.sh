#!/usr/bin/env bash
# The long version of the reliability suites: thousands of power-loss seeds and model sequences,
# more network-simulation seeds, a 2000-cycle soak and 100k fuzz mutations per target.
# CI runs the same tests with bounded counts. Each test prints what it ran (seeds, cycles, faults).
set -euo pipefail
cd "$(dirname "$0")/.."
export KAPPA_LONG_SEEDS="${KAPPA_LONG_SEEDS:-3000}" KAPPA_SOAK_CYCLES="${KAPPA_SOAK_CYCLES:-2000}" KAPPA_FUZZ_MUTATIONS="${KAPPA_FUZZ_MUTATIONS:-100000}"
exec dotnet test tests/Kappa.Reliability.Tests --logger "console;verbosity=detailed" "$@"
