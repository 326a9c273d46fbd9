// RUN: clef-opt %s --clef-assign-regions --clef-check-regions | FileCheck %s

// State-passing loops carry one region per state: each iteration builds the
// next state in a region of its own, passes its handle on and releases the
// previous state's region.

func.func @next(%s: !clef.list<i32>) -> !clef.list<i32> {
  %h = clef.list_head %s : !clef.list<i32>
  %one = clef.constant 1 : i32
  %x = clef.add %h, %one : i32
  %nil = clef.nil : !clef.list<i32>
  %c = clef.cons %x, %nil : !clef.list<i32>
  return %c : !clef.list<i32>
}

// CHECK-LABEL: func.func @for_state
// CHECK: %[[R0:.*]] = region.create
// CHECK: %[[INIT:.*]] = clef.cons {{.*}} in %[[R0]]
// CHECK: %[[L:.*]]:2 = scf.for {{.*}} iter_args(%[[S:.*]] = %[[INIT]], %[[H:.*]] = %[[R0]]) -> (!clef.list<i32>, !region.handle)
// CHECK-NEXT: %[[RN:.*]] = region.create
// CHECK-NEXT: %[[N:.*]] = func.call @next(%[[S]], %[[RN]])
// CHECK-NEXT: region.release %[[H]]
// CHECK-NEXT: scf.yield %[[N]], %[[RN]]
// CHECK: clef.list_head %[[L]]#0
// CHECK-NEXT: region.release %[[L]]#1
func.func @for_state(%n: i64) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %z = clef.constant 0 : i32
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %z, %nil : !clef.list<i32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init) -> (!clef.list<i32>) : i64 {
    %t = func.call @next(%s) : (!clef.list<i32>) -> !clef.list<i32>
    scf.yield %t : !clef.list<i32>
  }
  %v = clef.list_head %r : !clef.list<i32>
  return %v : i32
}

// The same with `scf.while`: the handle goes through the condition.
// CHECK-LABEL: func.func @while_state
// CHECK: scf.while ({{.*}}, %[[H:.*]] = %{{.*}}) : (!clef.list<i32>, i32, !region.handle)
// CHECK: scf.condition(%{{.*}}) %{{.*}}, %{{.*}}, %[[H]]
// CHECK: ^bb0(%[[S:.*]]: !clef.list<i32>, %{{.*}}: i32, %[[HA:.*]]: !region.handle):
// CHECK-NEXT: %[[RN:.*]] = region.create
// CHECK-NEXT: %[[N:.*]] = func.call @next(%[[S]], %[[RN]])
// CHECK: region.release %[[HA]]
// CHECK-NEXT: scf.yield %[[N]], %{{.*}}, %[[RN]]
func.func @while_state(%n: i32) -> i32 {
  %z = clef.constant 0 : i32
  %one = clef.constant 1 : i32
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %z, %nil : !clef.list<i32>
  %r:2 = scf.while (%s = %init, %i = %z) : (!clef.list<i32>, i32) -> (!clef.list<i32>, i32) {
    %c = clef.cmp lt, %i, %n : i32
    scf.condition(%c) %s, %i : !clef.list<i32>, i32
  } do {
  ^bb0(%s: !clef.list<i32>, %i: i32):
    %t = func.call @next(%s) : (!clef.list<i32>) -> !clef.list<i32>
    %j = clef.add %i, %one : i32
    scf.yield %t, %j : !clef.list<i32>, i32
  }
  %v = clef.list_head %r#0 : !clef.list<i32>
  return %v : i32
}

// An accumulator keeps its cells: the handle is passed on unchanged and
// nothing is released inside the loop.
// CHECK-LABEL: func.func @accumulate
// CHECK: scf.for {{.*}} iter_args(%[[S:.*]] = %{{.*}}, %[[H:.*]] = %{{.*}})
// CHECK-NEXT: clef.cons %{{.*}}, %[[S]] in %[[H]]
// CHECK-NOT: region.release
// CHECK: scf.yield %{{.*}}, %[[H]]
func.func @accumulate(%n: i64) -> i1 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %z = clef.constant 0 : i32
  %nil = clef.nil : !clef.list<i32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%s = %nil) -> (!clef.list<i32>) : i64 {
    %t = clef.cons %z, %s : !clef.list<i32>
    scf.yield %t : !clef.list<i32>
  }
  %v = clef.list_is_nil %r : !clef.list<i32>
  return %v : i1
}

// The initial state is the caller's: the loop cannot release its region, so
// the whole loop keeps one region (the parameter's).
// CHECK-LABEL: func.func @from_param(%arg0: !clef.list<i32>, %arg1: i64, %arg2: !region.handle)
// CHECK: scf.for {{.*}} iter_args(%[[S:.*]] = %arg0) -> (!clef.list<i32>)
// CHECK-NEXT: func.call @next(%[[S]], %arg2)
func.func @from_param(%init: !clef.list<i32>, %n: i64) -> !clef.list<i32> {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init) -> (!clef.list<i32>) : i64 {
    %t = func.call @next(%s) : (!clef.list<i32>) -> !clef.list<i32>
    scf.yield %t : !clef.list<i32>
  }
  return %r : !clef.list<i32>
}

// The initial state is used after the loop: it keeps its region and the
// loop one region for all its states.
// CHECK-LABEL: func.func @init_used_after
// CHECK: %[[R:.*]] = region.create
// CHECK: scf.for {{.*}} -> (!clef.list<i32>)
// CHECK-NEXT: func.call @next(%{{.*}}, %[[R]])
func.func @init_used_after(%n: i64) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %z = clef.constant 0 : i32
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %z, %nil : !clef.list<i32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init) -> (!clef.list<i32>) : i64 {
    %t = func.call @next(%s) : (!clef.list<i32>) -> !clef.list<i32>
    scf.yield %t : !clef.list<i32>
  }
  %a = clef.list_head %r : !clef.list<i32>
  %b = clef.list_head %init : !clef.list<i32>
  %v = clef.add %a, %b : i32
  return %v : i32
}

// A closure needs its captures to outlive it, not to share its region: the
// closure dies right after its application, the list after its last use.
// CHECK-LABEL: func.func @closure_outlives
// CHECK: %[[LONG:.*]] = region.create
// CHECK: %[[SHORT:.*]] = region.create
// CHECK: clef.closure_new @code(%{{.*}} : !clef.list<i32>) in %[[SHORT]]
// CHECK-NEXT: clef.apply
// CHECK-NEXT: region.release %[[SHORT]]
// CHECK-NEXT: clef.list_head
// CHECK-NEXT: region.release %[[LONG]]
func.func private @code(%env: !clef.closure<(i32) -> i32>, %x: i32) -> i32 {
  %l = clef.closure_capture %env[0] : !clef.closure<(i32) -> i32> -> !clef.list<i32>
  %h = clef.list_head %l : !clef.list<i32>
  %y = clef.add %h, %x : i32
  return %y : i32
}
func.func @closure_outlives(%x: i32) -> i32 {
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %x, %nil : !clef.list<i32>
  %f = clef.closure_new @code(%l : !clef.list<i32>) : !clef.closure<(i32) -> i32>
  %y = clef.apply %f(%x) : !clef.closure<(i32) -> i32>
  %h = clef.list_head %l : !clef.list<i32>
  %z = clef.add %y, %h : i32
  return %z : i32
}
