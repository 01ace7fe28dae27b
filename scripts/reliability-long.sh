#!/usr/bin/env bash
# The long version of the reliability suites: thousands of power-loss seeds and model sequences,
# more network-simulation seeds, a 2000-cycle soak and 100k fuzz mutations per target.
# CI runs the same tests with bounded counts. Each test prints what it ran (seeds, cycles, faults).
# The swarm chaos test (10 C# and JS peers in network namespaces, kill -9, cut and slowed links)
# runs first for KAPPA_CHAOS_SECONDS (default 600; CI: 40); it needs root for `ip netns`.
set -euo pipefail
cd "$(dirname "$0")/.."
export KAPPA_LONG_SEEDS="${KAPPA_LONG_SEEDS:-3000}" KAPPA_SOAK_CYCLES="${KAPPA_SOAK_CYCLES:-2000}" KAPPA_FUZZ_MUTATIONS="${KAPPA_FUZZ_MUTATIONS:-100000}"
KAPPA_CHAOS_SECONDS="${KAPPA_CHAOS_SECONDS:-600}" dotnet test tests/Kappa.Cli.Tests --filter "FullyQualifiedName~SwarmChaosTests" --logger "console;verbosity=detailed"
exec dotnet test tests/Kappa.Reliability.Tests --logger "console;verbosity=detailed" "$@"
