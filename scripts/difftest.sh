#!/usr/bin/env bash
# Differential testing: random well-typed programs, compiled with clefc
# (checking runtime) and run, against the reference interpreter clef-interp.
#
#   scripts/difftest.sh [--count N] [--seed S] [--jobs J] [--batch K]
#                       [--size F] [--findings DIR]
#
# Builds clefc and clef-interp first (CLEF_BUILD_DIR, default build/).
# Programs that differ are saved under the findings directory (default
# difftest-findings/); the exit code is non-zero if any did.
# See docs/DifferentialTesting.md.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CLEF_BUILD_DIR:-$ROOT/build}"
if [ ! -f "$BUILD/build.ninja" ]; then
  "$ROOT/scripts/configure.sh" "$BUILD" || exit 1
fi
ninja -C "$BUILD" -j2 clefc clef-interp ClefRuntimeChecked \
  >/dev/null || { echo "difftest: build failed" >&2; exit 1; }
exec python3 "$ROOT/test/difftest/difftest.py" --bin "$BUILD/bin" "$@"
