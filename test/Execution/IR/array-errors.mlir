// RUN: clef-opt %s --clef-to-llvm | mlir-translate --mlir-to-llvmir -o %t.ll
// RUN: %clang -O2 -Wno-override-module %t.ll %clef_runtime -o %t
// RUN: not %t index 2> %t.err
// RUN: FileCheck %s --check-prefix=INDEX < %t.err
// RUN: not %t 2> %t.err
// RUN: FileCheck %s --check-prefix=COUNT < %t.err

// Out-of-range indices raise IndexOutOfRangeException; negative sizes raise
// FSharp.Core's ArgumentException.

// INDEX: Unhandled exception. System.IndexOutOfRangeException: Index was outside the bounds of the array.
// COUNT: Unhandled exception. System.ArgumentException: The input must be non-negative.
// COUNT-NEXT: count = -1 (Parameter 'count')

func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  %argv = clef.argv : !clef.array<!clef.string>
  %argc = clef.array_length %argv : !clef.array<!clef.string>
  %minus = clef.constant -1 : i32
  // With an argument: an array of one element read at index 1; without:
  // an array of -1 elements.
  %n = clef.add %argc, %minus : i32
  %x = clef.constant 2.0 : f64
  %a = clef.array_create %n, %x : !clef.array<f64>
  %one = clef.constant 1 : i32
  %a1 = clef.array_get %argv[%argc] : !clef.array<!clef.string>
  clef.printf "%s"(%a1 : !clef.string) {newline}
  %zero = clef.constant 0 : i32
  return %zero : i32
}
