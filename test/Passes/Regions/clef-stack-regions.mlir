// RUN: clef-opt %s --clef-stack-regions -split-input-file | FileCheck %s
// RUN: clef-opt %s --clef-stack-regions=max-bytes=16 -split-input-file | FileCheck %s --check-prefix=SMALL

// Every allocation is of a known size and runs once: the region is the sum
// of their sizes, each rounded up to 8 bytes (a 12-byte tuple takes 16).
// CHECK-LABEL: func.func @bounded
// CHECK: region.create {name = "r1", stack_bytes = 24 : i64}
// SMALL-LABEL: func.func @bounded
// SMALL: region.create {name = "r1"}
func.func @bounded(%x: i32, %y: f64) -> f64 {
  %r = region.create {name = "r1"}
  %t = clef.tuple %x, %y : i32, f64 in %r -> !clef.tuple<i32, f64>
  %c = clef.ref_new %t in %r : !clef.tuple<i32, f64>
  %u = clef.ref_get %c : !clef.ref<!clef.tuple<i32, f64>>
  %v = clef.tuple_get %u[1] : !clef.tuple<i32, f64> -> f64
  region.release %r
  return %v : f64
}

// -----

// Both branches of an `scf.if` count: the bound covers either path.
// CHECK-LABEL: func.func @branches
// CHECK: region.create {name = "r1", stack_bytes = 32 : i64}
func.func @branches(%b: i1, %x: i32) -> i32 {
  %r = region.create {name = "r1"}
  %n = scf.if %b -> i32 {
    %nil = clef.nil : !clef.list<i32>
    %l = clef.cons %x, %nil in %r : !clef.list<i32>
    %h = clef.list_head %l : !clef.list<i32>
    scf.yield %h : i32
  } else {
    %t = clef.tuple %x, %x : i32, i32 in %r -> !clef.tuple<i32, i32>
    %c = clef.ref_new %x in %r : i32
    %h = clef.tuple_get %t[0] : !clef.tuple<i32, i32> -> i32
    scf.yield %h : i32
  }
  region.release %r
  return %n : i32
}

// -----

// A region created in a loop body is bounded per iteration; one created
// before the loop whose allocation runs in it is not.
// CHECK-LABEL: func.func @loops
// CHECK: region.create {name = "outer"}
// CHECK: scf.for
// CHECK: region.create {name = "inner", stack_bytes = 8 : i64}
func.func @loops(%n: index, %x: i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %outer = region.create {name = "outer"}
  scf.for %i = %c0 to %n step %c1 {
    %inner = region.create {name = "inner"}
    %t = clef.tuple %x, %x : i32, i32 in %inner -> !clef.tuple<i32, i32>
    %c = clef.ref_new %x in %outer : i32
    region.release %inner
  }
  region.release %outer
  return
}

// -----

// A region whose handle is passed on, or that holds a string or an array of
// a computed length, stays on the heap.
// CHECK-LABEL: func.func @unbounded
// CHECK: region.create {name = "call"}
// CHECK: region.create {name = "string"}
// CHECK: region.create {name = "array"}
// CHECK: region.create {name = "literal", stack_bytes = 24 : i64}
func.func private @fill(%r: !region.handle)

func.func @unbounded(%s: !clef.string, %n: i32) {
  %call = region.create {name = "call"}
  func.call @fill(%call) : (!region.handle) -> ()
  region.release %call
  %string = region.create {name = "string"}
  %cat = clef.string_concat %s, %s in %string
  region.release %string
  %array = region.create {name = "array"}
  %a = clef.array_create %n, %n in %array : !clef.array<i32>
  region.release %array
  %literal = region.create {name = "literal"}
  %l = clef.array_lit %n, %n, %n : i32, i32, i32 in %literal -> !clef.array<i32>
  region.release %literal
  return
}

// -----

// A closure is a code pointer and one 8-byte slot per capture.
// CHECK-LABEL: func.func @closure
// CHECK: region.create {name = "r1", stack_bytes = 24 : i64}
func.func private @code(%c: !clef.closure<(i32) -> i32>, %x: i32, %r: !region.handle) -> i32 {
  return %x : i32
}

func.func @closure(%x: i32, %t: !clef.tuple<i32, i32>) -> i32 {
  %r = region.create {name = "r1"}
  %f = clef.closure_new @code(%x, %t : i32, !clef.tuple<i32, i32>) in %r : !clef.closure<(i32) -> i32>
  region.release %r
  return %x : i32
}
