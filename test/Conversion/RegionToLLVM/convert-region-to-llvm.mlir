// RUN: clef-opt %s --convert-region-to-llvm | FileCheck %s

// CHECK-DAG: llvm.func @clef_region_create() -> !llvm.ptr
// CHECK-DAG: llvm.func @clef_region_release(!llvm.ptr)
// CHECK-DAG: llvm.mlir.global external @clef_global_region() {{.*}} : !llvm.struct<(ptr, ptr)>
// CHECK-DAG: llvm.func @clef_region_alloc_slow(!llvm.ptr, i64, i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @clef_region_alloc(!llvm.ptr, i64, i64) -> !llvm.ptr

// CHECK-LABEL: func.func @alloc
func.func @alloc(%n: i64) -> !llvm.ptr {
  // CHECK: %[[R:.*]] = llvm.call @clef_region_create()
  %r = region.create {name = "r1"}
  // Sizes are rounded up to 8 bytes so the bump pointer stays aligned.
  // CHECK: %[[ADD:.*]] = llvm.add %{{.*}}, %{{.*}} : i64
  // CHECK: %[[SIZE:.*]] = llvm.and %[[ADD]]
  // CHECK: llvm.call @__clef_region_alloc(%[[R]], %[[SIZE]])
  %p = region.alloc %r, %n {alignment = 8 : i64} : i64
  // Over-aligned allocations take the general entry point. The process
  // region is the address of the runtime's descriptor: no call.
  // CHECK: %[[G:.*]] = llvm.mlir.addressof @clef_global_region
  // CHECK: llvm.call @clef_region_alloc(%[[G]], %{{.*}}, %{{.*}})
  %g = region.global
  %q = region.alloc %g, %n {alignment = 16 : i64} : i64
  // CHECK: llvm.call @clef_region_release(%[[R]])
  region.release %r
  return %q : !llvm.ptr
}

// The inline bump: load cur and end, compare, store the new cur; the slow
// path asks the runtime for a new page.
// CHECK-LABEL: llvm.func internal @__clef_region_alloc
// CHECK-SAME: always_inline
// CHECK: %[[CUR:.*]] = llvm.load %arg0
// CHECK: %[[ENDP:.*]] = llvm.getelementptr %arg0[1]
// CHECK: %[[END:.*]] = llvm.load %[[ENDP]]
// CHECK: %[[NEXT:.*]] = llvm.getelementptr %[[CUR]][%arg1]
// CHECK: %[[FITS:.*]] = llvm.icmp "ule" %[[NEXT]], %[[END]]
// CHECK: llvm.cond_br %[[FITS]]
// CHECK: llvm.store %[[NEXT]], %arg0
// CHECK: llvm.return %[[CUR]]
// CHECK: llvm.call @clef_region_alloc_slow(%arg0, %arg1
