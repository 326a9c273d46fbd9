#!/usr/bin/env bash
# Fuzzing campaigns (docs/Fuzzing.md). Configures build-fuzz/ with libFuzzer
# coverage and ASan+UBSan on all of the project's code, builds the fuzz
# targets, and runs each for a set time:
#
#   scripts/fuzz.sh [TARGET...]        frontend, pipeline, compile, barewire
#                                      (default: all)
#
# Environment:
#   FUZZ_TIME=600      seconds per target
#   FUZZ_JOBS=1        parallel fuzzing processes per target (-fork)
#   CLEF_FUZZ_BUILD_DIR=build-fuzz
#   CLEF_JOBS=2        ninja jobs
#
# Corpora grow in fuzz/work/<target>/corpus (not committed); crashes land in
# fuzz/work/<target>/crashes. Every crash found is minimized, fixed and kept
# under test/Fuzz/regressions/<target>/ (fuzz/README.md says how).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CLEF_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
TIME="${FUZZ_TIME:-600}"
JOBS="${FUZZ_JOBS:-1}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(frontend pipeline compile barewire)

"$ROOT/scripts/setup-deps.sh"
if [ ! -f "$BUILD/build.ninja" ]; then
  "$ROOT/scripts/configure.sh" "$BUILD" \
    -DCLEF_ENABLE_FUZZERS=ON -DCLEF_FUZZ_COVERAGE=ON \
    '-DCLEF_SANITIZE=address;undefined' >/dev/null
fi
bins=()
for t in "${TARGETS[@]}"; do bins+=("bin/clef-fuzz-$t"); done
# clef-translate makes the pipeline target's seeds.
ninja -C "$BUILD" -j "${CLEF_JOBS:-2}" "${bins[@]}" bin/clef-translate

# The compiler's own leaks are findings; libMLIR.so's are not ours to fix
# but there are none on these paths.
# The targets share one ASan runtime with the libraries (-shared-libasan),
# which has to be loaded before libFuzzer's own dependencies.
asan_rt=$(/usr/lib/llvm-22/bin/clang -print-file-name=libclang_rt.asan-x86_64.so)
# allow_user_poisoning=0: see docs/Fuzzing.md.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1:allow_user_poisoning=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

for t in "${TARGETS[@]}"; do
  work="$ROOT/fuzz/work/$t"
  mkdir -p "$work/corpus" "$work/crashes" "$work/seeds"
  "$ROOT/fuzz/make-corpus.sh" "$t" "$work/seeds" "$BUILD/bin/clef-translate"
  dict="-dict=$ROOT/fuzz/clef.dict"
  [ "$t" = pipeline ] && dict="-dict=$ROOT/fuzz/mlir.dict"
  [ "$t" = barewire ] && dict="-max_len=4096"
  echo "== fuzzing $t for ${TIME}s"
  log="$work/fuzz.log"
  set +e
  dirs=("$work/corpus" "$work/seeds")
  [ -d "$ROOT/test/Fuzz/regressions/$t" ] && dirs+=("$ROOT/test/Fuzz/regressions/$t")
  LD_PRELOAD="$asan_rt${LD_PRELOAD:+:$LD_PRELOAD}" \
    "$BUILD/bin/clef-fuzz-$t" "${dirs[@]}" \
    $dict -max_total_time="$TIME" -timeout=20 -rss_limit_mb=4096 \
    -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$work/crashes/" \
    $([ "$JOBS" -gt 1 ] && echo "-fork=$JOBS -ignore_crashes=1") \
    2>&1 | tee "$log" | grep -E '^#[0-9]+.*(pulse|DONE)|ERROR|stat::' 
  set -e
  n=$(ls "$work/crashes" | wc -l)
  echo "== $t: $(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | tail -1), crash/timeout/leak artifacts: $n"
done
