#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (docs/Fuzzing.md): configures build-asan/ with CLEF_SANITIZE=address;undefined
# (the project's C++ code: dialects, passes, front end, tools, C API), builds
# everything and runs scripts/run-tests.sh there. Any sanitizer report fails
# the test that triggered it. First, the actor runtime's tests run under
# ThreadSanitizer (scripts/run-tests-tsan.sh, a build of its own). Not part
# of CI: a full instrumented build takes about twice as long as a normal one.
#
#   CLEF_ASAN_BUILD_DIR=build-asan   where to build
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CLEF_ASAN_BUILD_DIR:-$ROOT/build-asan}"
"$ROOT/scripts/setup-deps.sh"
"$ROOT/scripts/run-tests-tsan.sh"
if [ ! -f "$BUILD/build.ninja" ]; then
  "$ROOT/scripts/configure.sh" "$BUILD" '-DCLEF_SANITIZE=address;undefined' >/dev/null
fi

# The ASan runtime is a shared library (-shared-libasan) so that the tools,
# libClefCAPI.so and the C test program share one. Python is not
# instrumented: preloading the runtime lets it load libClefCAPI.so, and is
# harmless in the other processes the tests start.
asan_rt=$(/usr/lib/llvm-22/bin/clang -print-file-name=libclang_rt.asan-x86_64.so)
export LD_PRELOAD="$asan_rt${LD_PRELOAD:+:$LD_PRELOAD}"
# Leaks: the Python interpreter and the JIT-free tools exit without freeing
# what lives to the end of the process; use-after-free, overflows and UB are
# what this run is for. scripts/fuzz.sh checks leaks per input instead.
# allow_user_poisoning=0: see docs/Fuzzing.md (LLVM's allocator poisons
# slabs in our instrumented copy of it, libMLIR.so's never unpoisons).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=0:allow_user_poisoning=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export CLEF_BUILD_DIR="$BUILD"
exec "$ROOT/scripts/run-tests.sh"
