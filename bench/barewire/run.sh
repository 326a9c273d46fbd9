#!/usr/bin/env bash
# BAREWire benchmarks (not part of CI): encode and decode of a small struct,
# a struct with strings and lists, and a 1 MB data payload, for BAREWire
# (runtime/barewire), Cap'n Proto, FlatBuffers and bare-ts on Node, in one
# run; then the shared-memory handoff between two processes against memcpy.
# Writes the table to bench/barewire/RESULTS.md (bench/RESULTS.md and
# docs/BAREWire.md quote it).
#
#   bench/barewire/run.sh [SECONDS_PER_CASE]     (default 0.5)
#
# Needs the packages bench/barewire/setup.sh installs, and the project built
# in build/ (CLEF_BUILD_DIR to change it) for libClefBareWire.a.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/barewire"
BUILD="${CLEF_BUILD_DIR:-$ROOT/build}"
SECS="${1:-0.5}"
OUT="$ROOT/bench/out/barewire"
mkdir -p "$OUT"
"$HERE/setup.sh"
ninja -C "$BUILD" ClefBareWire >/dev/null

capnp compile -oc++:"$OUT" --src-prefix="$HERE" "$HERE/messages.capnp"
flatc --cpp -o "$OUT" "$HERE/messages.fbs"
g++ -O2 -std=c++17 -I"$OUT" -I"$ROOT/runtime" -I"$ROOT/runtime/barewire" \
  "$HERE/bench.cpp" "$OUT/messages.capnp.c++" \
  "$BUILD/lib/libClefBareWire.a" "$BUILD/lib/libClefRuntime.a" \
  $(pkg-config --cflags --libs capnp) -lrt -o "$OUT/bench"

raw="$OUT/raw.txt"
"$OUT/bench" "$SECS" > "$raw"
if command -v node >/dev/null && [ -d "$ROOT/test/BAREWire/peer/node_modules/@bare-ts" ]; then
  node "$HERE/bare-ts.mjs" "$ROOT/test/BAREWire/peer" "$SECS" >> "$raw"
fi
handoff="$OUT/handoff.txt"
"$OUT/bench" --handoff "$SECS" > "$handoff"

python3 - "$raw" "$handoff" "$HERE/RESULTS.md" "$SECS" <<'PY'
import platform, subprocess, sys
raw, handoff, out, secs = sys.argv[1:5]
rows = [l.split() for l in open(raw) if l.strip()]
libs = ["barewire", "barewire-borrow", "capnp", "flatbuffers", "bare-ts"]
msgs = [("small", "small struct (u32, 2 f64, bool)"),
        ("rich", "struct with 2 strings, 5 strings list, 32 i32 list"),
        ("blob", "1 MB data payload")]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
lines = ["# BAREWire benchmark results", "",
         f"`bench/barewire/run.sh {secs}` on {cpu}, 2 cores, load average {open('/proc/loadavg').read().split()[0]} when it ran",
         "(the machine is shared: figures are indicative).",
         "Bytes is the encoded size; ns per message and MB/s of encoded bytes.",
         "Decode reads every field: BAREWire decodes into a region (strings and data copied, the region",
         "released per message; barewire-borrow: str and data as slices of the input), Cap'n Proto reads in place, FlatBuffers verifies the buffer and then reads",
         "in place, bare-ts builds JavaScript values.", ""]
for m, desc in msgs:
    lines += [f"## {m}: {desc}", "", "| library | bytes | encode ns | encode MB/s | decode ns | decode MB/s |",
              "|---|---:|---:|---:|---:|---:|"]
    for lib in libs:
        enc = next((r for r in rows if r[0] == lib and r[1] == m and r[2] == "encode"), None)
        dec = next((r for r in rows if r[0] == lib and r[1] == m and r[2] == "decode"), None)
        if not dec:
            continue
        e = (f"{float(enc[4]):.1f} | {float(enc[5]):.1f}") if enc else "(as barewire) | "
        lines.append(f"| {lib} | {dec[3]} | {e} | {float(dec[4]):.1f} | {float(dec[5]):.1f} |")
    lines.append("")
lines += ["## Shared-memory handoff (1 MB payload, two processes)", "", "```"] + [l.rstrip() for l in open(handoff)] + ["```", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
PY
