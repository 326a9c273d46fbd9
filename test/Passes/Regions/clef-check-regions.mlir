// RUN: clef-opt %s --clef-check-regions -split-input-file -verify-diagnostics

// A well-formed function: create, allocate, use, release.
func.func @ok(%x: i32, %y: f64) -> f64 {
  %r = region.create {name = "r1"}
  %t = clef.tuple %x, %y : i32, f64 in %r -> !clef.tuple<i32, f64>
  %v = clef.tuple_get %t[1] : !clef.tuple<i32, f64> -> f64
  region.release %r
  return %v : f64
}

// -----

func.func @use_after_release(%x: i32) -> i32 {
  %r = region.create {name = "r1"}
  %c = clef.ref_new %x in %r : i32
  // expected-note @+1 {{released here}}
  region.release %r
  // expected-error @+1 {{op uses a value of region 'r1' after it was released}}
  %v = clef.ref_get %c : !clef.ref<i32>
  return %v : i32
}

// -----

func.func @alloc_after_release(%x: i32) {
  %r = region.create {name = "r1"}
  // expected-note @+1 {{released here}}
  region.release %r
  // expected-error @+1 {{op allocates in or passes region 'r1' after it was released}}
  %c = clef.ref_new %x in %r : i32
  return
}

// -----

// Values read out of a region's values belong to it too.
func.func @derived_value(%x: i32) -> !clef.list<i32> {
  %r = region.create {name = "r1"}
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %x, %nil in %r : !clef.list<i32>
  %l2 = clef.cons %x, %l in %r : !clef.list<i32>
  %tail = clef.list_tail %l2 : !clef.list<i32>
  // expected-note @+1 {{released here}}
  region.release %r
  // expected-error @+1 {{op uses a value of region 'r1' after it was released}}
  return %tail : !clef.list<i32>
}

// -----

func.func @double_release() {
  %r = region.create {name = "r1"}
  // expected-note @+1 {{released here}}
  region.release %r
  // expected-error @+1 {{region 'r1' is released twice}}
  region.release %r
  return
}

// -----

func.func @leak() {
  %r = region.create {name = "r1"}
  // expected-error @+1 {{region 'r1' is not released on this path}}
  return
}

// -----

// A region returned to the caller is the caller's to release.
func.func @returned() -> !region.handle {
  %r = region.create {name = "r1"}
  return %r : !region.handle
}

// -----

func.func @borrowed(%r: !region.handle) {
  // expected-error @+1 {{releases region parameter #0, which it does not own}}
  region.release %r
  return
}

// -----

func.func @one_branch(%c: i1, %x: i32) {
  %r = region.create {name = "r1"}
  scf.if %c {
    // expected-note @+1 {{released here}}
    region.release %r
  }
  // expected-error @+1 {{op allocates in or passes region 'r1' after it may have been released}}
  %v = clef.ref_new %x in %r : i32
  // expected-error @+1 {{region 'r1' may already have been released}}
  region.release %r
  return
}

// -----

func.func @both_branches(%c: i1) {
  %r = region.create {name = "r1"}
  scf.if %c {
    region.release %r
  } else {
    region.release %r
  }
  return
}

// -----

func.func @some_paths(%c: i1) {
  %r = region.create {name = "r1"}
  scf.if %c {
    region.release %r
  }
  // expected-error @+1 {{region 'r1' is released on some paths to this return only}}
  return
}

// -----

func.func @branch_local(%c: i1, %x: i32) {
  // expected-error @+1 {{region 'r2' created in a branch is not released in it}}
  scf.if %c {
    %r = region.create {name = "r2"}
    %v = clef.ref_new %x in %r : i32
  }
  return
}

// -----

func.func @loop_release(%n: i32, %x: i32) {
  %r = region.create {name = "r1"}
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  // expected-error @+1 {{loop releases region 'r1', which was created outside it}}
  scf.for %i = %zero to %n step %one : i32 {
    region.release %r
  }
  return
}

// -----

// A region per iteration, released at its end: the memory of one iteration
// dies with it.
func.func @per_iteration(%n: i32, %x: i32) {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  scf.for %i = %zero to %n step %one : i32 {
    %r = region.create {name = "it"}
    %v = clef.ref_new %x in %r : i32
    region.release %r
  }
  return
}

// -----

func.func @iteration_leak(%n: i32, %x: i32) {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  // expected-error @+1 {{region 'it' created in a loop iteration is not released in it}}
  scf.for %i = %zero to %n step %one : i32 {
    %r = region.create {name = "it"}
    %v = clef.ref_new %x in %r : i32
  }
  return
}

// -----

// A value of an iteration's region carried into the next iteration.
func.func @carried(%n: i32, %x: i32, %init: !clef.ref<i32>) -> !clef.ref<i32> {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %res = scf.for %i = %zero to %n step %one iter_args(%acc = %init) -> !clef.ref<i32> : i32 {
    %r = region.create {name = "it"}
    %v = clef.ref_new %x in %r : i32
    // expected-note @+1 {{released here}}
    region.release %r
    // expected-error @+1 {{op uses a value of region 'it' after it was released}}
    scf.yield %v : !clef.ref<i32>
  }
  return %res : !clef.ref<i32>
}

// -----

// The outlives order: a container must not outlive what it holds.
func.func @outlives(%x: i32) {
  %outer = region.create {name = "outer"}
  %inner = region.create {name = "inner"}
  %cell = clef.ref_new %x in %inner : i32
  %box = clef.tuple %x, %cell : i32, !clef.ref<i32> in %outer -> !clef.tuple<i32, !clef.ref<i32>>
  // expected-error @+1 {{region 'inner' is released while region 'outer' still holds values allocated in it}}
  region.release %inner
  region.release %outer
  return
}

// -----

func.func @outlives_store(%x: i32, %target: !clef.ref<!clef.ref<i32>>) {
  %inner = region.create {name = "inner"}
  %cell = clef.ref_new %x in %inner : i32
  %r = region.create {name = "holder"}
  %holder = clef.ref_new %cell in %r : !clef.ref<i32>
  clef.ref_set %holder, %cell : !clef.ref<!clef.ref<i32>>
  region.release %r
  region.release %inner
  return
}

// -----

func.func @lambda(%x: i32) {
  // expected-error @+1 {{region checking runs after closure conversion}}
  %f = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%y: i32):
    clef.yield %y : i32
  }
  return
}

// -----

// The summary of @id says its result points where its argument does, so the
// result is dead with the argument's region.
func.func @id(%l: !clef.list<i32>) -> !clef.list<i32> {
  return %l : !clef.list<i32>
}

func.func @through_call(%x: i32) -> i32 {
  %r = region.create {name = "r1"}
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %x, %nil in %r : !clef.list<i32>
  %m = func.call @id(%l) : (!clef.list<i32>) -> !clef.list<i32>
  // expected-note @+1 {{released here}}
  region.release %r
  // expected-error @+1 {{op uses a value of region 'r1' after it was released}}
  %h = clef.list_head %m : !clef.list<i32>
  return %h : i32
}

// -----

// The summary of @store says it stores its second argument into its first:
// the caller's cell then holds the local region.
func.func @store(%cell: !clef.ref<!clef.list<i32>>, %l: !clef.list<i32>) {
  clef.ref_set %cell, %l : !clef.ref<!clef.list<i32>>
  return
}

func.func @stored_by_callee(%cell: !clef.ref<!clef.list<i32>>, %x: i32) {
  %r = region.create {name = "r1"}
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %x, %nil in %r : !clef.list<i32>
  func.call @store(%cell, %l) : (!clef.ref<!clef.list<i32>>, !clef.list<i32>) -> ()
  // expected-error @+1 {{region 'r1' is released while the caller's parameter #0 still holds values allocated in it}}
  region.release %r
  return
}

// -----

// A call whose summary does not reach its argument leaves the result free of
// the argument's region: releasing it before using the result is fine.
func.func @len(%l: !clef.list<i32>, %out: !region.handle) -> !clef.tuple<i32, i32> {
  %n = clef.constant 1 : i32
  %t = clef.tuple %n, %n : i32, i32 in %out -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

func.func @fresh_result(%x: i32) -> i32 {
  %o = region.create {name = "r2"}
  %r = region.create {name = "r1"}
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %x, %nil in %r : !clef.list<i32>
  %t = func.call @len(%l, %o) : (!clef.list<i32>, !region.handle) -> !clef.tuple<i32, i32>
  region.release %r
  %n = clef.tuple_get %t[0] : !clef.tuple<i32, i32> -> i32
  region.release %o
  return %n : i32
}

// -----

// A write through a value read out of a cell lands in the cell that value
// points to, which may be in any region the first cell's region holds: here
// the list goes into the ref in 'r2', not into 'r1'.
func.func @write_through_read(%x: i32) {
  %r2 = region.create {name = "r2"}
  %r1 = region.create {name = "r1"}
  %r3 = region.create {name = "r3"}
  %nil = clef.nil : !clef.list<i32>
  %inner = clef.ref_new %nil in %r2 : !clef.list<i32>
  %outer = clef.ref_new %inner in %r1 : !clef.ref<!clef.list<i32>>
  %l = clef.cons %x, %nil in %r3 : !clef.list<i32>
  %got = clef.ref_get %outer : !clef.ref<!clef.ref<!clef.list<i32>>>
  clef.ref_set %got, %l : !clef.ref<!clef.list<i32>>
  region.release %r1
  // expected-error @+1 {{region 'r3' is released while region 'r2' still holds values allocated in it}}
  region.release %r3
  region.release %r2
  return
}

// -----

// Filling a cell the function itself allocated writes into that cell's
// region only: @fill's array is new in %out, so storing the list in it
// makes the caller's 'r1' hold 'r3' and nothing else, although 'r1' also
// holds 'r2' (a tuple in 'r1' points to a list in 'r2'). Releasing 'r3'
// before 'r2' is fine.
func.func @fill(%l: !clef.list<i32>, %out: !region.handle) -> !clef.array<!clef.list<i32>> {
  %n = clef.constant 1 : i32
  %z = clef.constant 0 : i32
  %nil = clef.nil : !clef.list<i32>
  %a = clef.array_create %n, %nil in %out : !clef.array<!clef.list<i32>>
  clef.array_set %a[%z], %l : !clef.array<!clef.list<i32>>
  return %a : !clef.array<!clef.list<i32>>
}

func.func @fill_own_cell(%x: i32) {
  %r2 = region.create {name = "r2"}
  %r1 = region.create {name = "r1"}
  %r3 = region.create {name = "r3"}
  %nil = clef.nil : !clef.list<i32>
  %m = clef.cons %x, %nil in %r2 : !clef.list<i32>
  %t = clef.tuple %x, %m : i32, !clef.list<i32> in %r1 -> !clef.tuple<i32, !clef.list<i32>>
  %l = clef.cons %x, %nil in %r3 : !clef.list<i32>
  %a = func.call @fill(%l, %r1) : (!clef.list<i32>, !region.handle) -> !clef.array<!clef.list<i32>>
  region.release %r1
  region.release %r3
  region.release %r2
  return
}

// -----

// Cells a callee allocates in a region it is handed only point to what it
// stores in them: they write nothing into the cells that region's values
// already point to. Releasing 'r1' first is fine although a value in 'r1'
// was built from the caller's list, because @wrap only allocates.
func.func @wrap(%l: !clef.list<i32>, %out: !region.handle) -> !clef.tuple<!clef.list<i32>, i32> {
  %z = clef.constant 0 : i32
  %t = clef.tuple %l, %z : !clef.list<i32>, i32 in %out -> !clef.tuple<!clef.list<i32>, i32>
  return %t : !clef.tuple<!clef.list<i32>, i32>
}

func.func @allocation_is_not_a_write(%caller: !clef.list<i32>, %x: i32) -> i32 {
  %r1 = region.create {name = "r1"}
  %held = clef.cons %x, %caller in %r1 : !clef.list<i32>
  %t = func.call @wrap(%held, %r1) : (!clef.list<i32>, !region.handle) -> !clef.tuple<!clef.list<i32>, i32>
  %l = clef.tuple_get %t[0] : !clef.tuple<!clef.list<i32>, i32> -> !clef.list<i32>
  %n = clef.list_head %l : !clef.list<i32>
  region.release %r1
  return %n : i32
}

// -----

// A stack region's buffer must hold everything allocated in it: two 8-byte
// tuples do not fit in 8 bytes.
func.func @stack_too_small(%x: i32) -> i32 {
  // expected-error @+1 {{stack region 'r1' has 8 bytes but 16 are allocated in it}}
  %r = region.create {name = "r1", stack_bytes = 8 : i64}
  %a = clef.tuple %x, %x : i32, i32 in %r -> !clef.tuple<i32, i32>
  %b = clef.tuple %x, %x : i32, i32 in %r -> !clef.tuple<i32, i32>
  %n = clef.tuple_get %b[0] : !clef.tuple<i32, i32> -> i32
  region.release %r
  return %n : i32
}

// -----

// An allocation that may run many times per creation has no bound.
func.func @stack_unbounded(%n: index, %x: i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{stack region 'r1' is not bounded: the 'clef.tuple' may run more than once, in the 'scf.for' at}}
  %r = region.create {name = "r1", stack_bytes = 64 : i64}
  scf.for %i = %c0 to %n step %c1 {
    %t = clef.tuple %x, %x : i32, i32 in %r -> !clef.tuple<i32, i32>
  }
  region.release %r
  return
}

// -----

// A stack region's handle cannot be handed to a callee: what it allocates is
// unknown.
func.func private @fill(%r: !region.handle)

func.func @stack_passed_on() {
  // expected-error @+1 {{stack region 'r1' is not bounded: its handle is passed to 'func.call' at}}
  %r = region.create {name = "r1", stack_bytes = 64 : i64}
  func.call @fill(%r) : (!region.handle) -> ()
  region.release %r
  return
}

// -----

// A region created and released in a branch may hold values of an outer
// region; once the branch is over it holds nothing, and the outer region
// can be released.
func.func @branch_local_holder(%b: i1, %x: i32) -> i32 {
  %outer = region.create {name = "outer"}
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %x, %nil in %outer : !clef.list<i32>
  %n = scf.if %b -> i32 {
    %inner = region.create {name = "inner"}
    %c = clef.ref_new %l in %inner : !clef.list<i32>
    %got = clef.ref_get %c : !clef.ref<!clef.list<i32>>
    %h = clef.list_head %got : !clef.list<i32>
    region.release %inner
    scf.yield %h : i32
  } else {
    scf.yield %x : i32
  }
  region.release %outer
  return %n : i32
}

// -----

// Without an entry function the module may be handed closures built
// elsewhere: applying a closure type that no code of the module builds may
// put what it is given into the result's region.
func.func @apply_unknown(%f: !clef.closure<(!clef.list<i32>) -> !clef.list<i32>>, %x: i32) -> i32 {
  %r = region.create {name = "r1"}
  %o = region.create {name = "r2"}
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %x, %nil in %r : !clef.list<i32>
  %m = clef.apply %f(%l) in %o : !clef.closure<(!clef.list<i32>) -> !clef.list<i32>>
  // expected-error @+1 {{region 'r1' is released while region 'r2' still holds values allocated in it}}
  region.release %r
  %h = clef.list_head %m : !clef.list<i32>
  region.release %o
  return %h : i32
}

// -----

// In a whole program (an entry function, no external function with a
// closure in its signature) every closure is built by the module's own
// code, so the same application can never run: nothing is assumed of it.
func.func @apply_unbuilt(%f: !clef.closure<(!clef.list<i32>) -> !clef.list<i32>>, %x: i32) -> i32 {
  %r = region.create {name = "r1"}
  %o = region.create {name = "r2"}
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %x, %nil in %r : !clef.list<i32>
  %m = clef.apply %f(%l) in %o : !clef.closure<(!clef.list<i32>) -> !clef.list<i32>>
  region.release %r
  %h = clef.list_head %m : !clef.list<i32>
  region.release %o
  return %h : i32
}

func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  %z = clef.constant 0 : i32
  return %z : i32
}
