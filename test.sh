#!/usr/bin/env bash
# Runs every test: installs the JavaScript reference peers (tests/interop, pinned by its
# package-lock.json) when they are missing, then `dotnet test Kappa.slnx`. Extra arguments go
# to dotnet test (e.g. --filter Interop).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d tests/interop/node_modules/kappa-core ] || [ ! -d bench/js/node_modules/kappa-core ]; then
  if ! command -v autoreconf >/dev/null || ! command -v libtoolize >/dev/null; then
    echo "test.sh: sodium-native 2.x (the JS reference) builds libsodium and needs: apt-get install -y libtool autoconf automake" >&2
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libtool autoconf automake >/dev/null
    else
      exit 1
    fi
  fi
fi
if [ ! -d tests/interop/node_modules/kappa-core ]; then
  echo "test.sh: installing the JS reference peers (about 3 minutes, once)" >&2
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d bench/js/node_modules/kappa-core ]; then
  echo "test.sh: installing the JS side of the benchmarks (once)" >&2
  (cd bench/js && npm ci --no-audit --no-fund --loglevel=error)
fi

exec dotnet test Kappa.slnx "$@"
