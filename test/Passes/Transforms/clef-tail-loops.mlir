// RUN: clef-opt %s --clef-tail-loops="inline-single-calls=false" | FileCheck %s
// RUN: clef-opt %s --clef-tail-loops | FileCheck %s --check-prefix=INLINE
// RUN: clef-opt %s --clef-tail-loops --clef-assign-regions --clef-check-regions | FileCheck %s --check-prefix=REGIONS

// A tail call continues the loop with its arguments; any other result ends
// it. Every unused position gets a poison of its own.
// CHECK-LABEL: func.func private @count(%arg0: i32, %arg1: !clef.list<i32>)
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: %[[FALSE:.*]] = arith.constant false
// CHECK: %[[P:.*]] = ub.poison : !clef.list<i32>
// CHECK: %[[L:.*]]:4 = scf.while (%[[GO:.*]] = %[[TRUE]], %{{.*}} = %arg0, %{{.*}} = %arg1, %{{.*}} = %[[P]])
// CHECK: scf.condition(%[[GO]])
// CHECK: ^bb0(%{{.*}}: i1, %[[N:.*]]: i32, %[[ACC:.*]]: !clef.list<i32>, %{{.*}}: !clef.list<i32>):
// CHECK: scf.if %{{.*}} -> (i1, i32, !clef.list<i32>, !clef.list<i32>)
// CHECK: scf.yield %[[FALSE]], %{{.*}}, %{{.*}}, %[[ACC]]
// CHECK: } else {
// CHECK: %[[CELL:.*]] = clef.cons %
// CHECK-NOT: func.call
// CHECK: scf.yield %[[TRUE]], %{{.*}}, %[[CELL]], %{{.*}}
// CHECK: return %[[L]]#3
func.func private @count(%n: i32, %acc: !clef.list<i32>) -> !clef.list<i32> {
  %z = clef.constant 0 : i32
  %c = clef.cmp eq, %n, %z : i32
  %r = scf.if %c -> (!clef.list<i32>) {
    scf.yield %acc : !clef.list<i32>
  } else {
    %one = clef.constant 1 : i32
    %m = clef.sub %n, %one : i32
    %h = clef.list_head %acc : !clef.list<i32>
    %s = clef.add %h, %n : i32
    %nil = clef.nil : !clef.list<i32>
    %cell = clef.cons %s, %nil : !clef.list<i32>
    %t = func.call @count(%m, %cell) : (i32, !clef.list<i32>) -> !clef.list<i32>
    scf.yield %t : !clef.list<i32>
  }
  return %r : !clef.list<i32>
}

// A call that is not in tail position stays a call.
// CHECK-LABEL: func.func @depth
// CHECK-NOT: scf.while
// CHECK: func.call @depth
func.func @depth(%n: i32) -> i32 {
  %z = clef.constant 0 : i32
  %c = clef.cmp eq, %n, %z : i32
  %r = scf.if %c -> (i32) {
    scf.yield %z : i32
  } else {
    %one = clef.constant 1 : i32
    %m = clef.sub %n, %one : i32
    %d = func.call @depth(%m) : (i32) -> i32
    %e = clef.add %d, %one : i32
    scf.yield %e : i32
  }
  return %r : i32
}

// The only caller of @count gets its loop inlined: the initial state is
// then the caller's, and the loop takes over its region. Each state gets a
// region of its own; the result's region is the last state's.
// INLINE-NOT: func.func private @count
// INLINE-LABEL: func.func @main
// INLINE: scf.while
// INLINE-NOT: func.call @count
// REGIONS-LABEL: func.func @main
// REGIONS: %[[R:.*]] = region.create
// REGIONS: scf.while ({{.*}}, %{{.*}} = %[[R]], %{{.*}} = %{{.*}}) : (i1, i32, !clef.list<i32>, !clef.list<i32>, !region.handle, !region.handle)
// REGIONS: region.create
// REGIONS: clef.cons {{.*}} in
// REGIONS: region.release
// REGIONS: scf.yield
func.func @main(%n: i32) -> i1 {
  %z = clef.constant 0 : i32
  %nil = clef.nil : !clef.list<i32>
  %one = clef.cons %z, %nil : !clef.list<i32>
  %l = func.call @count(%n, %one) : (i32, !clef.list<i32>) -> !clef.list<i32>
  %e = clef.list_is_nil %l : !clef.list<i32>
  return %e : i1
}
