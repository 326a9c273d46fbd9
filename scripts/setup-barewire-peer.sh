#!/usr/bin/env bash
# Installs the BARE peer implementation (@bare-ts/lib, @bare-ts/tools) that
# the BAREWire interop tests and benchmarks run against, into the
# project-local test/BAREWire/peer/node_modules (never globally).
# Without node and npm it does nothing: those tests then report that they
# skip and why.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="$ROOT/test/BAREWire/peer"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: node/npm not found; the BARE interop tests will skip" >&2
  exit 0
fi
if [ -f "$PEER/node_modules/@bare-ts/lib/package.json" ] &&
   [ -f "$PEER/node_modules/@bare-ts/tools/package.json" ]; then
  exit 0
fi
echo "setup: installing @bare-ts/lib and @bare-ts/tools into $PEER" >&2
(cd "$PEER" && npm install --no-audit --no-fund --loglevel=error >/dev/null) || {
  echo "setup: npm install failed; the BARE interop tests will skip" >&2
  exit 0
}
