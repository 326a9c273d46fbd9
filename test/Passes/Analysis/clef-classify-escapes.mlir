// RUN: clef-opt %s -split-input-file -clef-classify-escapes | FileCheck %s
// RUN: clef-opt %s -split-input-file -clef-classify-escapes | clef-opt -split-input-file | FileCheck %s

// Every allocation gets the class and the reason; other ops get nothing.

// CHECK-LABEL: func.func @mk
func.func @mk(%a: i32) -> !clef.tuple<i32, i32> {
  // CHECK: clef.tuple {{.*}} {clef.escape = "returned", clef.escape_reason = "returned from @mk at clef-classify-escapes.mlir:[[@LINE+4]]:3"}
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  // CHECK: clef.tuple {{.*}} {clef.escape = "local", clef.escape_reason = "does not outlive @mk"}
  %u = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

// -----

// CHECK-LABEL: func.func @loop
func.func @loop(%n: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %nil = clef.nil : !clef.list<i32>
  // CHECK-NOT: clef.escape
  // CHECK: scf.for
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %nil) -> (!clef.list<i32>) : i32 {
    // CHECK: clef.string_concat {{.*}} {clef.escape = "iteration-local"
    %s = clef.string "x"
    %t = clef.string_concat %s, %s
    // CHECK: clef.cons {{.*}} {clef.escape = "loop-carried"
    %c = clef.cons %i, %acc : !clef.list<i32>
    scf.yield %c : !clef.list<i32>
  }
  return %c0 : i32
}

// -----

// Nullary union cases are immediates, not allocations.

clef.union_decl @U {A, B(i32)}

// CHECK-LABEL: func.func @unions
func.func @unions(%a: i32) -> !clef.union<@U> {
  // CHECK: clef.union_new "A" -> !clef.union<@U>
  %x = clef.union_new "A" -> !clef.union<@U>
  // CHECK: clef.union_new "B"(%{{.*}} : i32) {clef.escape = "returned"
  %y = clef.union_new "B"(%a : i32) -> !clef.union<@U>
  return %y : !clef.union<@U>
}
