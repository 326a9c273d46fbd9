#!/usr/bin/env bash
# The actor runtime's unit and stress tests under ThreadSanitizer
# (docs/Actors.md): configures build-tsan/ with CLEF_ACTOR_TSAN=ON, builds
# only ClefActorTsanTests (the runtime sources and the tests, instrumented)
# and runs it. Any data race or lock-order report fails the run. The stress
# sizes are divided by CLEF_STRESS_SCALE (default 10 here: TSan is ~10x
# slower). Run by scripts/run-tests-sanitized.sh.
#
#   CLEF_TSAN_BUILD_DIR=build-tsan   where to build
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CLEF_TSAN_BUILD_DIR:-$ROOT/build-tsan}"
if [ ! -f "$BUILD/build.ninja" ]; then
  "$ROOT/scripts/configure.sh" "$BUILD" -DCLEF_ACTOR_TSAN=ON >/dev/null
fi
ninja -C "$BUILD" -j2 ClefActorTsanTests
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"
export CLEF_STRESS_SCALE="${CLEF_STRESS_SCALE:-10}"
exec "$BUILD/unittests-tsan/ClefActorTsanTests" --gtest_brief=1
