#!/usr/bin/env bash
# The main job: set up, build, compile an example with clefc, print the
# summary of its checked certificate (docs/Certificate.md) and run it.
#   scripts/run-example.sh [examples/hello.clef]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CLEF_BUILD_DIR:-$ROOT/build}"
SRC="${1:-$ROOT/examples/hello.clef}"
"$ROOT/scripts/build.sh"
OUT="$BUILD/examples/$(basename "${SRC%.clef}")"
mkdir -p "$(dirname "$OUT")"
echo "== clefc $SRC -o $OUT" >&2
"$BUILD/bin/clefc" "$SRC" -o "$OUT" --verify-certificate --certificate-summary
echo "== $OUT" >&2
"$OUT"
