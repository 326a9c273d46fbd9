// RUN: clef-opt %s --convert-clef-to-llvm -split-input-file | FileCheck %s

// A closure is {code, 8-byte capture slots...}; application loads the code
// pointer and calls it with the closure first.

func.func private @code(%self: !clef.closure<(i32) -> f64>, %x: i32) -> f64 {
  %k = clef.closure_capture %self[1] : !clef.closure<(i32) -> f64> -> f64
  return %k : f64
}

// CHECK-LABEL: llvm.func internal @clef_code
// CHECK-SAME: (%[[SELF:.*]]: !llvm.ptr, %{{.*}}: i32) -> f64
// CHECK: %[[SLOT:.*]] = llvm.getelementptr %[[SELF]][16] : (!llvm.ptr) -> !llvm.ptr, i8
// CHECK: llvm.load %[[SLOT]] : !llvm.ptr -> f64

// CHECK-LABEL: llvm.func internal @clef_make
func.func @make(%n: i32, %k: f64, %r: !region.handle) -> f64 {
  // CHECK: llvm.mlir.constant(24 : i64)
  // CHECK: %[[C:.*]] = llvm.call @__clef_region_alloc
  // CHECK: %[[CODE:.*]] = llvm.mlir.addressof @clef_code : !llvm.ptr
  // CHECK: llvm.store %[[CODE]], %[[C]] : !llvm.ptr, !llvm.ptr
  // CHECK: %[[S0:.*]] = llvm.getelementptr %[[C]][8]
  // CHECK: llvm.store %{{.*}}, %[[S0]] : i32, !llvm.ptr
  // CHECK: %[[S1:.*]] = llvm.getelementptr %[[C]][16]
  // CHECK: llvm.store %{{.*}}, %[[S1]] : f64, !llvm.ptr
  %c = clef.closure_new @code(%n, %k : i32, f64) in %r : !clef.closure<(i32) -> f64>
  // CHECK: %[[FN:.*]] = llvm.load %[[C]] : !llvm.ptr -> !llvm.ptr
  // CHECK: llvm.call tail %[[FN]](%[[C]], %{{.*}}) : !llvm.ptr, (!llvm.ptr, i32) -> f64
  %y = clef.apply %c(%n) : !clef.closure<(i32) -> f64>
  return %y : f64
}

// -----

// Captures too large for a slot are boxed in the closure's region.

func.func private @code(%self: !clef.closure<(i32) -> i32>, %x: i32) -> i32 {
  %o = clef.closure_capture %self[0] : !clef.closure<(i32) -> i32> -> !clef.option<f64>
  return %x : i32
}

// CHECK-LABEL: llvm.func internal @clef_code
// CHECK: %[[SLOT:.*]] = llvm.getelementptr %{{.*}}[8]
// CHECK: %[[BOX:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.load %[[BOX]] : !llvm.ptr -> !llvm.struct<(i1, f64)>

// CHECK-LABEL: llvm.func internal @clef_make
func.func @make(%o: !clef.option<f64>) -> !clef.closure<(i32) -> i32> {
  // CHECK: %[[C:.*]] = llvm.call @__clef_region_alloc
  // CHECK: %[[BOX:.*]] = llvm.call @__clef_region_alloc
  // CHECK: llvm.store %{{.*}}, %[[BOX]] : !llvm.struct<(i1, f64)>, !llvm.ptr
  // CHECK: %[[SLOT:.*]] = llvm.getelementptr %[[C]][8]
  // CHECK: llvm.store %[[BOX]], %[[SLOT]] : !llvm.ptr, !llvm.ptr
  %c = clef.closure_new @code(%o : !clef.option<f64>) : !clef.closure<(i32) -> i32>
  return %c : !clef.closure<(i32) -> i32>
}

// -----

// A function reference is a constant closure whose code drops the closure
// argument.

func.func @add(%a: i32, %b: i32) -> i32 {
  %s = clef.add %a, %b : i32
  return %s : i32
}

// CHECK: llvm.mlir.global internal constant @__clef_fnref_clef_add() {{.*}} : !llvm.struct<(ptr)>
// CHECK:   %[[W:.*]] = llvm.mlir.addressof @__clef_fnwrap_clef_add
// CHECK:   llvm.insertvalue %[[W]]

// CHECK-LABEL: llvm.func internal @clef_ref
func.func @ref() -> !clef.closure<(i32, i32) -> i32> {
  // CHECK: llvm.mlir.addressof @__clef_fnref_clef_add : !llvm.ptr
  %f = clef.func_ref @add : !clef.closure<(i32, i32) -> i32>
  return %f : !clef.closure<(i32, i32) -> i32>
}

// CHECK-LABEL: llvm.func internal @__clef_fnwrap_clef_add
// CHECK-SAME: (%{{.*}}: !llvm.ptr, %[[A:.*]]: i32, %[[B:.*]]: i32) -> i32
// CHECK: %[[R:.*]] = llvm.call tail @clef_add(%[[A]], %[[B]])
// CHECK: llvm.return %[[R]]
