// RUN: clef-opt %s | clef-opt | FileCheck %s
// RUN: clef-opt %s --mlir-print-op-generic | clef-opt | FileCheck %s

// CHECK-LABEL: func.func @lifecycle
func.func @lifecycle(%n: i64) -> !llvm.ptr {
  // CHECK: %[[G:.*]] = region.global
  %g = region.global
  // CHECK: %[[R:.*]] = region.create {name = "r1"}
  %r = region.create {name = "r1"}
  // CHECK: region.alloc %[[R]], %{{.*}} {alignment = 8 : i64} : i64
  %p = region.alloc %r, %n {alignment = 8 : i64} : i64
  // CHECK: region.alloc %[[G]], %{{.*}} {alignment = 16 : i64} : i64
  %q = region.alloc %g, %n {alignment = 16 : i64} : i64
  // CHECK: region.release %[[R]]
  region.release %r
  return %q : !llvm.ptr
}

// Region handles are values: functions take and return them.
// CHECK-LABEL: func.func @passing
// CHECK-SAME: (%{{.*}}: !region.handle) -> !region.handle
func.func @passing(%r: !region.handle) -> !region.handle {
  return %r : !region.handle
}
