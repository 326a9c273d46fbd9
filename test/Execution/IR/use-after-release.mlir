// RUN: clef-opt %s --convert-scf-to-cf --convert-clef-to-llvm | mlir-translate --mlir-to-llvmir -o %t.ll
// RUN: %clang -O0 -Wno-override-module %t.ll %clef_runtime_checked -o %t.checked
// RUN: not --crash %t.checked > %t.out 2>&1
// RUN: FileCheck %s --check-prefix=CHECKED < %t.out
// RUN: %clang -O0 -Wno-override-module %t.ll %clef_runtime -o %t.normal
// RUN: %t.normal 2>&1 | FileCheck %s --check-prefix=NORMAL

// A tuple read after its region is released. With the checking runtime the
// released page is inaccessible, so the read faults (SIGSEGV) right after
// the release; the normal runtime keeps the page mapped, so the stale read
// goes unnoticed. Region inference must never produce such code.

func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  %r = region.create
  %one = clef.constant 1 : i32
  %two = clef.constant 2 : i32
  %t = clef.tuple %one, %two : i32, i32 in %r -> !clef.tuple<i32, i32>
  %a = clef.tuple_get %t[1] : !clef.tuple<i32, i32> -> i32
  // Unbuffered, so it is out before the fault.
  // CHECKED: before 2
  // NORMAL: before 2
  clef.printf "before %d"(%a : i32) {newline, stderr}
  region.release %r
  %b = clef.tuple_get %t[1] : !clef.tuple<i32, i32> -> i32
  // CHECKED-NOT: {{^}}after
  // NORMAL-NEXT: after
  clef.printf "after %d"(%b : i32) {newline}
  %zero = clef.constant 0 : i32
  return %zero : i32
}
