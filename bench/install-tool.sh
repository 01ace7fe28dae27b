#!/usr/bin/env bash
# Installs the `kappa` tool as users get it, for bench/process.sh to time: `dotnet pack` of
# src/Kappa.Cli into a private feed (the RID-specific tool packages: Kappa.Cli, Kappa.Cli.linux-x64
# with ReadyToRun code, Kappa.Cli.any), then `dotnet tool install Kappa.Cli --tool-path DIR/tool
# --add-source DIR/feed` with only that feed as a source and a private NUGET_PACKAGES, so the
# machine's package cache never holds (or serves a stale) Kappa.Cli 1.0.0. The SDK picks the package
# for the machine: linux-x64's precompiled one there, the IL one elsewhere. The build goes to
# DIR/artifacts (--artifacts-path), not to the bin/obj folders of the worktree.
# Usage: bench/install-tool.sh DIR   — prints the installed tool's path (DIR/tool/kappa).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: bench/install-tool.sh DIR" >&2; exit 2; }
dir="$(mkdir -p "$1" && cd "$1" && pwd)"
dotnet pack src/Kappa.Cli -c Release -o "$dir/feed" --artifacts-path "$dir/artifacts" --verbosity quiet >&2
# No other source: only the packed folder (--add-source) may provide the tool.
mkdir -p "$dir/install"
printf '%s\n' '<?xml version="1.0" encoding="utf-8"?>' \
  '<configuration><packageSources><clear /></packageSources></configuration>' > "$dir/install/nuget.config"
(cd "$dir/install" && NUGET_PACKAGES="$dir/nuget-packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
  dotnet tool install Kappa.Cli --tool-path "$dir/tool" --add-source "$dir/feed" >&2)
echo "$dir/tool/kappa"
