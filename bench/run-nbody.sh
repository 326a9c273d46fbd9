#!/usr/bin/env bash
# Builds the n-body benchmark in Clef (clefc -O2) and in C (cc -O2), checks
# that both print the same energies, times each RUNS times and prints the
# median wall times and the Clef/C ratio.
#
#   bench/run-nbody.sh                 # clefc from build/bin
#   CLEFC=build-exec/bin/clefc CC=gcc RUNS=7 bench/run-nbody.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLEFC="${CLEFC:-$ROOT/build/bin/clefc}"
CC="${CC:-cc}"
RUNS="${RUNS:-5}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

"$CLEFC" -O2 "$ROOT/bench/nbody/nbody.clef" -o "$OUT/nbody-clef"
"$CC" -O2 "$ROOT/bench/nbody/nbody.c" -o "$OUT/nbody-c" -lm

"$OUT/nbody-clef" > "$OUT/clef.txt"
"$OUT/nbody-c" > "$OUT/c.txt"
if ! cmp -s "$OUT/clef.txt" "$OUT/c.txt"; then
  echo "run-nbody: outputs differ" >&2
  diff "$OUT/clef.txt" "$OUT/c.txt" >&2 || true
  exit 1
fi
cat "$OUT/clef.txt"

# The median of RUNS wall times, in seconds.
median_time() {
  local times=() t
  for ((i = 0; i < RUNS; i++)); do
    local start end
    start=$(date +%s.%N)
    "$1" > /dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ t[NR] = $1 }
    END { if (NR % 2) print t[(NR + 1) / 2]; else print (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

clef=$(median_time "$OUT/nbody-clef")
c=$(median_time "$OUT/nbody-c")
printf 'clef  %.3f s (median of %d)\n' "$clef" "$RUNS"
printf 'c     %.3f s (median of %d, %s -O2)\n' "$c" "$RUNS" "$CC"
printf 'ratio %.3f (Clef/C)\n' "$(echo "$clef / $c" | bc -l)"
