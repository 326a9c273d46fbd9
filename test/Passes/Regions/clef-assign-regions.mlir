// RUN: clef-opt %s --clef-assign-regions --clef-check-regions | FileCheck %s

// Returns a fresh pair: allocates in the caller's region.
// CHECK-LABEL: func.func @pair(%arg0: i32, %arg1: !region.handle)
// CHECK: clef.tuple %arg0, %arg0 : i32, i32 in %arg1
func.func @pair(%a: i32) -> !clef.tuple<i32, i32> {
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

// Reads only: no region parameter.
// CHECK-LABEL: func.func @first(%arg0: !clef.tuple<i32, i32>) -> i32
// CHECK-NOT: region
// CHECK: return
func.func @first(%t: !clef.tuple<i32, i32>) -> i32 {
  %x = clef.tuple_get %t[0] : !clef.tuple<i32, i32> -> i32
  return %x : i32
}

// Each iteration's pair dies in its iteration.
// CHECK-LABEL: func.func @loop
// CHECK: scf.for
// CHECK-NEXT: %[[R:.*]] = region.create {name = "r{{[0-9]+}}"}
// CHECK-NEXT: %[[P:.*]] = func.call @pair(%arg1, %[[R]])
// CHECK-NEXT: func.call @first(%[[P]])
// CHECK-NEXT: region.release %[[R]]
// CHECK-NEXT: clef.add
// CHECK-NEXT: scf.yield
func.func @loop(%n: i32) -> i32 {
  %c0 = clef.constant 0 : i32
  %c1 = clef.constant 1 : i32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %c0) -> (i32) : i32 {
    %p = func.call @pair(%i) : (i32) -> !clef.tuple<i32, i32>
    %x = func.call @first(%p) : (!clef.tuple<i32, i32>) -> i32
    %s = clef.add %acc, %x : i32
    scf.yield %s : i32
  }
  return %r : i32
}

// A region used in one branch only is created and released there.
// CHECK-LABEL: func.func @branch
// CHECK: scf.if
// CHECK-NEXT: %[[R:.*]] = region.create
// CHECK-NEXT: func.call @pair(%arg1, %[[R]])
// CHECK-NEXT: func.call @first
// CHECK-NEXT: region.release %[[R]]
// CHECK-NEXT: scf.yield
// CHECK-NEXT: } else {
// CHECK-NEXT: scf.yield %arg1
func.func @branch(%c: i1, %a: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    %p = func.call @pair(%a) : (i32) -> !clef.tuple<i32, i32>
    %x = func.call @first(%p) : (!clef.tuple<i32, i32>) -> i32
    scf.yield %x : i32
  } else {
    scf.yield %a : i32
  }
  return %r : i32
}

clef.global @g : !clef.list<i32>

// Stored into a global: the process region.
// CHECK-LABEL: func.func @keep
// CHECK: %[[G:.*]] = region.global
// CHECK: clef.cons %arg0, %{{.*}} in %[[G]]
// CHECK-NOT: region.release
// CHECK: return
func.func @keep(%a: i32) {
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %a, %nil : !clef.list<i32>
  clef.global_store @g, %l : !clef.list<i32>
  return
}

// Closure code builds a pair from its argument and capture: it allocates in
// the region its application names.
// CHECK-LABEL: func.func private @mk$code(
// CHECK-SAME: %arg2: !region.handle)
// CHECK: clef.tuple %arg1, %{{.*}} in %arg2
func.func private @mk$code(%self: !clef.closure<(i32) -> !clef.tuple<i32, i32>>, %x: i32) -> !clef.tuple<i32, i32> {
  %k = clef.closure_capture %self[0] : !clef.closure<(i32) -> !clef.tuple<i32, i32>> -> i32
  %t = clef.tuple %x, %k : i32, i32 -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

// The closure lives across the loop; what each application returns dies in
// its iteration.
// CHECK-LABEL: func.func @apply_in_loop
// CHECK: %[[C:.*]] = region.create
// CHECK-NEXT: %[[F:.*]] = clef.closure_new @mk$code(%arg0 : i32) in %[[C]]
// CHECK-NEXT: scf.for
// CHECK-NEXT: %[[R:.*]] = region.create
// CHECK-NEXT: clef.apply %[[F]](%arg1) in %[[R]]
// CHECK-NEXT: clef.tuple_get
// CHECK-NEXT: region.release %[[R]]
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: region.release %[[C]]
func.func @apply_in_loop(%n: i32) -> i32 {
  %c0 = clef.constant 0 : i32
  %c1 = clef.constant 1 : i32
  %f = clef.closure_new @mk$code(%n : i32) : !clef.closure<(i32) -> !clef.tuple<i32, i32>>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %c0) -> (i32) : i32 {
    %p = clef.apply %f(%i) : !clef.closure<(i32) -> !clef.tuple<i32, i32>>
    %x = clef.tuple_get %p[1] : !clef.tuple<i32, i32> -> i32
    %s = clef.add %acc, %x : i32
    scf.yield %s : i32
  }
  return %r : i32
}

func.func @inc(%x: i32) -> i32 {
  %c1 = clef.constant 1 : i32
  %y = clef.add %x, %c1 : i32
  return %y : i32
}

// A function value is a static cell over wrapper code.
// CHECK-LABEL: func.func private @inc$ref(%arg0: !clef.closure<(i32) -> i32>, %arg1: i32, %arg2: !region.handle) -> i32
// CHECK-NEXT: call @inc(%arg1)
// CHECK-LABEL: func.func @use_ref
// CHECK: clef.func_ref @inc$ref
// CHECK: clef.apply
func.func @use_ref(%a: i32) -> i32 {
  %f = clef.func_ref @inc : !clef.closure<(i32) -> i32>
  %y = clef.apply %f(%a) : !clef.closure<(i32) -> i32>
  return %y : i32
}
