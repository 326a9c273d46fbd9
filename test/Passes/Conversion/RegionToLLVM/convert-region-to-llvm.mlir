// RUN: clef-opt %s --convert-region-to-llvm | FileCheck %s

// CHECK-DAG: llvm.func @clef_region_create() -> !llvm.ptr
// CHECK-DAG: llvm.func @clef_region_release(!llvm.ptr)
// CHECK-DAG: llvm.mlir.global external @clef_global_region() {{.*}} : !llvm.struct<(ptr, ptr, i64)>
// CHECK-DAG: llvm.func @clef_region_alloc_slow(!llvm.ptr, i64, i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @clef_region_alloc(!llvm.ptr, i64, i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @clef_region_release_stack(!llvm.ptr)

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

// A stack region is one frame slot in the entry block, the descriptor
// {cur, end, kind} then the buffer, filled in where the region is created
// (in the loop here, so every iteration reuses the slot).
// CHECK-LABEL: func.func @stack
func.func @stack(%n: index) {
  // CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i64)
  // CHECK-NEXT: %[[SLOT:.*]] = llvm.alloca %[[ONE]] x !llvm.array<56 x i8> {alignment = 16 : i64}
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // CHECK: scf.for
  scf.for %i = %c0 to %n step %c1 {
    // CHECK: %[[BUF:.*]] = llvm.getelementptr %[[SLOT]][24] : (!llvm.ptr) -> !llvm.ptr, i8
    // CHECK: %[[END:.*]] = llvm.getelementptr %[[BUF]][32] : (!llvm.ptr) -> !llvm.ptr, i8
    // CHECK: llvm.store %[[BUF]], %[[SLOT]]
    // CHECK: %[[ENDP:.*]] = llvm.getelementptr %[[SLOT]][1]
    // CHECK: llvm.store %[[END]], %[[ENDP]]
    // CHECK: %[[KIND:.*]] = llvm.getelementptr %[[SLOT]][2]
    // CHECK: llvm.store %{{.*}}, %[[KIND]] : i64, !llvm.ptr
    %r = region.create {name = "r2", stack_bytes = 32 : i64}
    // CHECK: llvm.call @__clef_region_alloc(%[[SLOT]]
    %c16 = arith.constant 16 : i64
    %p = region.alloc %r, %c16 {alignment = 8 : i64} : i64
    // CHECK: llvm.call @clef_region_release_stack(%[[SLOT]])
    region.release %r
  }
  return
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
