#!/usr/bin/env bash
# Runs every test: the lit suite (dialects, passes, front end, execution,
# C API), the C++ unit tests and the Python tests. Builds first.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CLEF_BUILD_DIR:-$ROOT/build}"
export CLEF_BUILD_DIR="$BUILD"
"$ROOT/scripts/build.sh" || exit 1

passed=0
failed=0
# Adds up the numbers on standard input.
sum() { local t=0 n; while read -r n; do t=$((t + n)); done; echo "$t"; }
status=0

echo "== lit"
lit_out=$(mktemp)
/usr/lib/llvm-22/bin/lit -sv "$BUILD/test" | tee "$lit_out"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
p=$(grep -Eo '^ *Passed *: *[0-9]+' "$lit_out" | grep -Eo '[0-9]+$' || true)
f=$(grep -Eo '^ *(Failed|Unresolved|Timed Out) *: *[0-9]+' "$lit_out" | grep -Eo '[0-9]+$' | sum)
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
rm -f "$lit_out"

echo "== unit tests"
for t in "$BUILD"/unittests/*Tests; do
  [ -x "$t" ] || continue
  out=$("$t" --gtest_brief=1 2>&1)
  rc=$?
  echo "$out" | tail -3
  p=$(echo "$out" | grep -Eo '\[  PASSED  \] [0-9]+' | grep -Eo '[0-9]+$' || true)
  f=$(echo "$out" | grep -Eo '\[  FAILED  \] [0-9]+ test' | grep -Eo '[0-9]+' | head -1 || true)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  [ $rc -eq 0 ] || { status=1; [ -n "$f" ] || failed=$((failed + 1)); }
done

if [ -d "$ROOT/test/python" ] && ls "$ROOT"/test/python/test_*.py >/dev/null 2>&1; then
  echo "== python"
  py_out=$(mktemp)
  /usr/bin/python3 -m pytest -q "$ROOT/test/python" 2>&1 | tee "$py_out"
  rc=${PIPESTATUS[0]}
  p=$(grep -Eo '[0-9]+ passed' "$py_out" | grep -Eo '[0-9]+' || true)
  f=$(grep -Eo '[0-9]+ (failed|error)' "$py_out" | grep -Eo '[0-9]+' | sum)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  [ $rc -eq 0 ] || status=1
  rm -f "$py_out"
fi

# Whether the execution tests also ran under F# (test/FSharp), and how many
# are marked as outside F#.
summary="$BUILD/test/FSharp/batch/summary.txt"
if [ -f "$summary" ] && read -r state checked outside programs < "$summary" && [ "$state" = ran ]; then
  echo "F# checks: ran: $checked execution tests checked under F# ($programs programs in one assembly), $outside marked outside F#"
else
  echo "F# checks: skipped (no working dotnet)"
fi
echo "tests: $passed passed, $failed failed"
exit $status
