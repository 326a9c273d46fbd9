// RUN: clef-opt %s --clef-check-regions -split-input-file -verify-diagnostics

// A state-passing loop: the iteration builds the next state in a region of
// its own, releases the previous one and passes the new handle on; the loop
// returns the last one.
func.func @ok(%n: i64, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = region.create {name = "r0"}
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %x, %nil in %r : !clef.list<i32>
  %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init, %h = %r) -> (!clef.list<i32>, !region.handle) : i64 {
    %rn = region.create {name = "next"}
    %v = clef.list_head %s : !clef.list<i32>
    %t = clef.cons %v, %nil in %rn : !clef.list<i32>
    region.release %h
    scf.yield %t, %rn : !clef.list<i32>, !region.handle
  }
  %v = clef.list_head %res#0 : !clef.list<i32>
  region.release %res#1
  return %v : i32
}

// -----

// The loop takes the initial region: the initial state is gone after it.
func.func @init_used_after(%n: i64, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = region.create {name = "r0"}
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %x, %nil in %r : !clef.list<i32>
  // expected-note @+1 {{released here}}
  %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init, %h = %r) -> (!clef.list<i32>, !region.handle) : i64 {
    %rn = region.create {name = "next"}
    %v = clef.list_head %s : !clef.list<i32>
    %t = clef.cons %v, %nil in %rn : !clef.list<i32>
    region.release %h
    scf.yield %t, %rn : !clef.list<i32>, !region.handle
  }
  // expected-error @+1 {{op uses a value of region 'r0' after it was released}}
  %v = clef.list_head %init : !clef.list<i32>
  region.release %res#1
  return %v : i32
}

// -----

// A region of the caller cannot be handed to a loop that releases it.
func.func @borrowed(%n: i64, %x: i32, %r: !region.handle) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %x, %nil in %r : !clef.list<i32>
  // expected-error @+1 {{passes region parameter #2, which it does not own, to a loop that releases it}}
  %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init, %h = %r) -> (!clef.list<i32>, !region.handle) : i64 {
    %rn = region.create {name = "next"}
    %v = clef.list_head %s : !clef.list<i32>
    %t = clef.cons %v, %nil in %rn : !clef.list<i32>
    region.release %h
    scf.yield %t, %rn : !clef.list<i32>, !region.handle
  }
  %v = clef.list_head %res#0 : !clef.list<i32>
  region.release %res#1
  return %v : i32
}

// -----

// Each iteration owns the region it receives: dropping it leaks.
func.func @dropped(%n: i64, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = region.create {name = "r0"}
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %x, %nil in %r : !clef.list<i32>
  // expected-error @+1 {{received from the previous iteration is neither released nor passed on}}
  %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init, %h = %r) -> (!clef.list<i32>, !region.handle) : i64 {
    %rn = region.create {name = "next"}
    %v = clef.list_head %s : !clef.list<i32>
    %t = clef.cons %v, %nil in %rn : !clef.list<i32>
    scf.yield %t, %rn : !clef.list<i32>, !region.handle
  }
  %v = clef.list_head %res#0 : !clef.list<i32>
  region.release %res#1
  return %v : i32
}

// -----

// The next state must not live in the region the iteration releases.
func.func @next_in_released(%n: i64, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = region.create {name = "r0"}
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %x, %nil in %r : !clef.list<i32>
  %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init, %h = %r) -> (!clef.list<i32>, !region.handle) : i64 {
    %rn = region.create {name = "next"}
    %v = clef.list_head %s : !clef.list<i32>
    %t = clef.cons %v, %nil in %h : !clef.list<i32>
    // expected-note @+1 {{released here}}
    region.release %h
    // expected-error @+1 {{op uses a value of region carried by the loop}}
    scf.yield %t, %rn : !clef.list<i32>, !region.handle
  }
  %v = clef.list_head %res#0 : !clef.list<i32>
  region.release %res#1
  return %v : i32
}

// -----

// The new state still points into the previous one: releasing it is wrong.
func.func @shares_previous(%n: i64, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = region.create {name = "r0"}
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %x, %nil in %r : !clef.list<i32>
  %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init, %h = %r) -> (!clef.list<i32>, !region.handle) : i64 {
    %rn = region.create {name = "next"}
    %t = clef.cons %x, %s in %rn : !clef.list<i32>
    // expected-error @+1 {{is released while region 'next' still holds values allocated in it}}
    region.release %h
    scf.yield %t, %rn : !clef.list<i32>, !region.handle
  }
  %v = clef.list_head %res#0 : !clef.list<i32>
  region.release %res#1
  return %v : i32
}

// -----

// Only a region the iteration owns can go to the next iteration.
func.func @outer_passed_on(%n: i64, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = region.create {name = "r0"}
  %o = region.create {name = "outer"}
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %x, %nil in %r : !clef.list<i32>
  // expected-error @+1 {{passes region 'outer', which the iteration does not own, to the next iteration}}
  %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init, %h = %r) -> (!clef.list<i32>, !region.handle) : i64 {
    %v = clef.list_head %s : !clef.list<i32>
    %t = clef.cons %v, %nil in %o : !clef.list<i32>
    region.release %h
    scf.yield %t, %o : !clef.list<i32>, !region.handle
  }
  %v = clef.list_head %res#0 : !clef.list<i32>
  region.release %res#1
  region.release %o
  return %v : i32
}

// -----

// The loop's last region is the function's to release.
func.func @result_not_released(%n: i64, %x: i32) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = region.create {name = "r0"}
  %nil = clef.nil : !clef.list<i32>
  %init = clef.cons %x, %nil in %r : !clef.list<i32>
  %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init, %h = %r) -> (!clef.list<i32>, !region.handle) : i64 {
    %rn = region.create {name = "next"}
    %v = clef.list_head %s : !clef.list<i32>
    %t = clef.cons %v, %nil in %rn : !clef.list<i32>
    region.release %h
    scf.yield %t, %rn : !clef.list<i32>, !region.handle
  }
  %v = clef.list_head %res#0 : !clef.list<i32>
  // expected-error @+1 {{is not released on this path}}
  return %v : i32
}

// -----

// Code that stores into what its closure captured stores into the
// captures' region, not only the closure's: the cells it allocates in the
// application's region must outlive the captured ref.
func.func private @log_code(%env: !clef.closure<(i32) -> i32>, %x: i32, %h: !region.handle) -> i32 {
  %r = clef.closure_capture %env[0] : !clef.closure<(i32) -> i32> -> !clef.ref<!clef.list<i32>>
  %old = clef.ref_get %r : !clef.ref<!clef.list<i32>>
  %c = clef.cons %x, %old in %h : !clef.list<i32>
  clef.ref_set %r, %c : !clef.ref<!clef.list<i32>>
  return %x : i32
}
func.func @log_through_closure(%x: i32) -> i1 {
  %l = region.create {name = "log"}
  %nil = clef.nil : !clef.list<i32>
  %ref = clef.ref_new %nil in %l : !clef.list<i32>
  %cl = region.create {name = "clo"}
  %f = clef.closure_new @log_code(%ref : !clef.ref<!clef.list<i32>>) in %cl : !clef.closure<(i32) -> i32>
  %y = clef.apply %f(%x) in %cl : !clef.closure<(i32) -> i32>
  // expected-error @+1 {{region 'clo' is released while region 'log' still holds values allocated in it}}
  region.release %cl
  %v = clef.ref_get %ref : !clef.ref<!clef.list<i32>>
  %e = clef.list_is_nil %v : !clef.list<i32>
  region.release %l
  return %e : i1
}
