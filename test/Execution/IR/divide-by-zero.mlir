// RUN: clef-opt %s --clef-to-llvm | mlir-translate --mlir-to-llvmir -o %t.ll
// RUN: %clang -O2 -Wno-override-module %t.ll %clef_runtime -o %t
// RUN: not %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: FileCheck %s --check-prefix=ERR < %t.err

// Output printed before the error is flushed; the error exits with code 1.
// OUT: before
// ERR: Unhandled exception. System.DivideByZeroException: Attempted to divide by zero.

func.func @divide(%a: i32, %b: i32) -> i32 {
  %q = clef.div %a, %b : (i32, i32) -> i32
  return %q : i32
}

func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  clef.printf "before" {newline}
  %one = clef.constant 1 : i32
  %zero = clef.constant 0 : i32
  %q = func.call @divide(%one, %zero) : (i32, i32) -> i32
  clef.printf "after %d"(%q : i32) {newline}
  return %zero : i32
}
