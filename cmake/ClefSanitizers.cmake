# Sanitizers and fuzzing instrumentation for the project's own code
# (docs/Fuzzing.md).
#
#   CLEF_SANITIZE=address;undefined   (or ON) ASan + UBSan on every C++
#                                     target of the project: the dialects,
#                                     passes, front end and tools. libMLIR.so,
#                                     libLLVM.so and the ANTLR runtime stay
#                                     uninstrumented.
#   CLEF_FUZZ_COVERAGE=ON             -fsanitize=fuzzer-no-link on the same
#                                     code, so libFuzzer sees its coverage.
#   CLEF_ENABLE_FUZZERS=ON            the libFuzzer targets under fuzz/.
#
# Only C++ is instrumented. The C runtime (runtime/) is linked by clefc into
# every generated program with a plain clang command line; an instrumented
# archive would need the sanitizer runtime in each of those links. The C test
# programs linked against the C API are plain executables too.

set(CLEF_SANITIZE "" CACHE STRING
  "Sanitizers for the project's C++ code: address, undefined, address;undefined (ON = both)")
option(CLEF_FUZZ_COVERAGE
  "Instrument the project's C++ code for libFuzzer (-fsanitize=fuzzer-no-link)" OFF)

# libFuzzer comes with clang's compiler-rt (Debian: libclang-rt-22-dev).
include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS "-fsanitize=fuzzer")
check_cxx_source_compiles([[
  #include <cstddef>
  #include <cstdint>
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t *, size_t) { return 0; }
]] CLEF_HAVE_LIBFUZZER)
unset(CMAKE_REQUIRED_FLAGS)
option(CLEF_ENABLE_FUZZERS "Build the libFuzzer targets under fuzz/"
  ${CLEF_HAVE_LIBFUZZER})
if(CLEF_ENABLE_FUZZERS AND NOT CLEF_HAVE_LIBFUZZER)
  message(FATAL_ERROR "CLEF_ENABLE_FUZZERS needs clang with libFuzzer "
    "(compiler-rt: libclang-rt-22-dev)")
endif()

if(CLEF_SANITIZE STREQUAL "ON")
  set(CLEF_SANITIZE "address;undefined")
elseif(CLEF_SANITIZE STREQUAL "OFF")
  set(CLEF_SANITIZE "")
endif()

set(clef_san_compile "")
set(clef_san_link "")
if(CLEF_SANITIZE)
  string(REPLACE ";" "," clef_san_list "${CLEF_SANITIZE}")
  # Stop at the first report: a test passes only if nothing was reported.
  # vptr needs RTTI on every class involved; MLIR's are built without it.
  list(APPEND clef_san_compile -fsanitize=${clef_san_list}
    -fno-sanitize-recover=all -fno-omit-frame-pointer -gline-tables-only)
  list(APPEND clef_san_link -fsanitize=${clef_san_list})
  if("undefined" IN_LIST CLEF_SANITIZE)
    list(APPEND clef_san_compile -fno-sanitize=vptr)
  endif()
  if("address" IN_LIST CLEF_SANITIZE)
    # One shared ASan runtime for the tools and libClefCAPI.so alike, so the
    # C API library links with --no-undefined and loads into the C test
    # program and (with LD_PRELOAD) into Python.
    execute_process(
      COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libclang_rt.asan-x86_64.so
      OUTPUT_VARIABLE CLEF_ASAN_RUNTIME OUTPUT_STRIP_TRAILING_WHITESPACE)
    get_filename_component(clef_asan_dir "${CLEF_ASAN_RUNTIME}" DIRECTORY)
    set(CLEF_ASAN_RUNTIME "${CLEF_ASAN_RUNTIME}" CACHE INTERNAL
      "The shared ASan runtime (LD_PRELOAD for Python)")
    list(APPEND clef_san_link -shared-libasan "-Wl,-rpath,${clef_asan_dir}")
  endif()
  message(STATUS "Clef: sanitizers ${clef_san_list}")
endif()
if(CLEF_FUZZ_COVERAGE)
  list(APPEND clef_san_compile -fsanitize=fuzzer-no-link)
  message(STATUS "Clef: libFuzzer coverage instrumentation")
endif()

if(clef_san_compile)
  string(REPLACE ";" " " clef_flags "${clef_san_compile}")
  set(CMAKE_CXX_FLAGS "${CMAKE_CXX_FLAGS} ${clef_flags}")
endif()
if(clef_san_link)
  string(REPLACE ";" " " clef_flags "${clef_san_link}")
  foreach(kind EXE SHARED MODULE)
    set(CMAKE_${kind}_LINKER_FLAGS "${CMAKE_${kind}_LINKER_FLAGS} ${clef_flags}")
  endforeach()
endif()
