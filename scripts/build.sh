#!/usr/bin/env bash
# Installs missing dependencies, configures build/ if needed and builds
# everything. Used by the two commands of the README.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CLEF_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup-deps.sh"
if [ ! -f "$BUILD/build.ninja" ]; then
  "$ROOT/scripts/configure.sh" "$BUILD" >/dev/null
fi
# Two jobs: one MLIR translation unit takes 250-400 MB and the machines
# have two cores.
ninja -C "$BUILD" -j "${CLEF_JOBS:-2}" all
