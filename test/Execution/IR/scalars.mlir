// RUN: clef-opt %s --clef-to-llvm | mlir-translate --mlir-to-llvmir -o %t.ll
// RUN: %clang -O2 -Wno-override-module %t.ll %clef_runtime -o %t
// RUN: %t | FileCheck %s

func.func @fact(%n: i32) -> i32 {
  %zero = clef.constant 0 : i32
  %one = clef.constant 1 : i32
  %done = clef.cmp le, %n, %zero : i32
  %r = scf.if %done -> i32 {
    scf.yield %one : i32
  } else {
    %m = clef.sub %n, %one : i32
    %f = func.call @fact(%m) : (i32) -> i32
    %p = clef.mul %n, %f : (i32, i32) -> i32
    scf.yield %p : i32
  }
  return %r : i32
}

func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  %ten = clef.constant 10 : i32
  %f = func.call @fact(%ten) : (i32) -> i32
  // CHECK: fact 10 = 3628800
  clef.printf "fact %d = %d"(%ten, %f : i32, i32) {newline}
  // Ints wrap like F#'s.
  %thirteen = clef.constant 13 : i32
  %big = func.call @fact(%thirteen) : (i32) -> i32
  // CHECK-NEXT: fact 13 = 1932053504
  clef.printf "fact %d = %d"(%thirteen, %big : i32, i32) {newline}
  %x = clef.constant 2.0 : f64
  %s = clef.math sqrt %x : f64 -> f64
  // CHECK-NEXT: sqrt 2 = 1.414214 1.41
  clef.printf "sqrt 2 = %f %.2f"(%s, %s : f64, f64) {newline}
  %m = clef.constant -7 : i32
  %three = clef.constant 3 : i32
  %q = clef.div %m, %three : (i32, i32) -> i32
  %rem = clef.rem %m, %three : i32
  // Division truncates toward zero, the remainder has the dividend's sign.
  // CHECK-NEXT: -7 / 3 = -2, -7 % 3 = -1
  clef.printf "%d / %d = %d, %d %% %d = %d"(%m, %three, %q, %m, %three, %rem : i32, i32, i32, i32, i32, i32) {newline}
  %name = clef.string "Clef"
  %t = clef.constant true
  %c = clef.char 65
  // CHECK-NEXT: [Clef] true A
  clef.printf "[%s] %b %c"(%name, %t, %c : !clef.string, i1, !clef.char) {newline}
  %z = clef.constant 0 : i32
  return %z : i32
}
