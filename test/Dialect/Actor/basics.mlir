// RUN: clef-opt %s | clef-opt | FileCheck %s
// RUN: clef-opt %s --mlir-print-op-generic | clef-opt | FileCheck %s

// A counter: Count n adds n, Get replies with the total, Stop stops.
// Messages are (tag, n, reply channel) structs.

// CHECK-LABEL: func.func @copy_counter
// CHECK-SAME: (%{{.*}}: !llvm.ptr, %{{.*}}: !region.handle) -> !llvm.ptr
func.func @copy_counter(%state: !llvm.ptr, %to: !region.handle) -> !llvm.ptr {
  %c8 = arith.constant 8 : i64
  %p = region.alloc %to, %c8 {alignment = 8 : i64} : i64
  %v = llvm.load %state : !llvm.ptr -> i64
  llvm.store %v, %p : i64, !llvm.ptr
  return %p : !llvm.ptr
}

// CHECK: actor.receive @Counter copy @copy_counter {
// CHECK: ^bb0(%[[SELF:.*]]: !actor.ref<!llvm.struct<(i32, i64, ptr)>>, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.struct<(i32, i64, ptr)>, %{{.*}}: !region.handle):
actor.receive @Counter copy @copy_counter {
^bb0(%self: !actor.ref<!llvm.struct<(i32, i64, ptr)>>, %state: !llvm.ptr,
     %msg: !llvm.struct<(i32, i64, ptr)>, %r: !region.handle):
  %tag = llvm.extractvalue %msg[0] : !llvm.struct<(i32, i64, ptr)>
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %isGet = arith.cmpi eq, %tag, %c1 : i32
  cf.cond_br %isGet, ^get, ^other
^get:
  %total = llvm.load %state : !llvm.ptr -> i64
  %p = llvm.extractvalue %msg[2] : !llvm.struct<(i32, i64, ptr)>
  %ch = builtin.unrealized_conversion_cast %p : !llvm.ptr to !actor.reply<i64>
  // CHECK: actor.reply %{{.*}}, %{{.*}} : !actor.reply<i64>
  actor.reply %ch, %total : !actor.reply<i64>
  actor.return
^other:
  %isStop = arith.cmpi eq, %tag, %c2 : i32
  cf.cond_br %isStop, ^stop, ^count
^stop:
  // CHECK: actor.stop %[[SELF]] : !actor.ref<!llvm.struct<(i32, i64, ptr)>>
  actor.stop %self : !actor.ref<!llvm.struct<(i32, i64, ptr)>>
  // CHECK: actor.return
  actor.return
^count:
  %n = llvm.extractvalue %msg[1] : !llvm.struct<(i32, i64, ptr)>
  %old = llvm.load %state : !llvm.ptr -> i64
  %new = arith.addi %old, %n : i64
  llvm.store %new, %state : i64, !llvm.ptr
  actor.return
}

// CHECK-LABEL: func.func @main
func.func @main(%init: !llvm.ptr, %m: !llvm.struct<(i32, i64, ptr)>) -> i64 {
  %size = arith.constant 1048576 : i64
  %count = arith.constant 4 : i32
  %s = arith.constant 2 : i32
  %t = arith.constant 0 : i32
  // CHECK: %[[POOL:.*]] = actor.create_pool %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}
  %pool = actor.create_pool %size, %count, %s, %t
  // CHECK: %[[A:.*]] = actor.spawn @Counter(%{{.*}}) size 8 : !actor.ref<!llvm.struct<(i32, i64, ptr)>>
  %a = actor.spawn @Counter(%init) size 8 : !actor.ref<!llvm.struct<(i32, i64, ptr)>>
  // CHECK: actor.spawn @Counter(%{{.*}}) size 8 in %[[POOL]] : !actor.ref<!llvm.struct<(i32, i64, ptr)>>
  %b = actor.spawn @Counter(%init) size 8 in %pool : !actor.ref<!llvm.struct<(i32, i64, ptr)>>
  // CHECK: actor.send %[[A]], %{{.*}} : !actor.ref<!llvm.struct<(i32, i64, ptr)>>
  actor.send %a, %m : !actor.ref<!llvm.struct<(i32, i64, ptr)>>
  // CHECK: actor.post_and_reply %[[A]] : !actor.ref<!llvm.struct<(i32, i64, ptr)>> -> i64 {
  // CHECK: ^bb0(%[[CH:.*]]: !actor.reply<i64>):
  // CHECK: actor.yield %{{.*}} : !llvm.struct<(i32, i64, ptr)>
  %total = actor.post_and_reply %a : !actor.ref<!llvm.struct<(i32, i64, ptr)>> -> i64 {
  ^bb0(%ch: !actor.reply<i64>):
    %p = builtin.unrealized_conversion_cast %ch : !actor.reply<i64> to !llvm.ptr
    %get = llvm.insertvalue %p, %m[2] : !llvm.struct<(i32, i64, ptr)>
    actor.yield %get : !llvm.struct<(i32, i64, ptr)>
  }
  // CHECK: actor.wait_all
  actor.wait_all
  return %total : i64
}

// The types are values: functions take references and channels.
// CHECK-LABEL: func.func @passing
// CHECK-SAME: (%{{.*}}: !actor.ref<i32>, %{{.*}}: !actor.reply<f64>, %{{.*}}: !actor.pool)
func.func @passing(%r: !actor.ref<i32>, %c: !actor.reply<f64>, %p: !actor.pool) {
  return
}
